"""What every benchmark module hands back: named figures, each against its same-run baseline.

``make bench`` (scripts/bench.py) builds the ten-year database once, signs in, and asks each
module (``scripts/bench_lists.py``, ``scripts/bench_search.py``, …) for its figures with
``measure(uow) -> list[Figure]``. Targets are goals reported as met or not, never asserted.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    #: The same-run baseline's value (e.g. OFFSET paging, a naive LIKE), where there is one.
    baseline: float | None
    #: Human-readable goal, e.g. "≤ 30 ms" or "≥ 20× baseline".
    target: str
    met: bool | None
    #: The baseline's unit where it differs from the value's: a ratio (×) against a
    #: baseline measured in ms. Empty: the same unit as the value.
    baseline_unit: str = ""

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def samples_ms(fn: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds per call, after one warm-up call."""
    fn()
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return round(values[0], 2) if values else 0.0
    return round(statistics.quantiles(values, n=20, method="inclusive")[18], 2)


def at_most(name: str, value: float, unit: str, limit: float,
            baseline: float | None = None) -> Figure:
    return Figure(name, round(value, 2), unit, None if baseline is None else round(baseline, 2),
                  f"≤ {limit:g} {unit}", value <= limit)
