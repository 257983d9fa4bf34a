"""The bench table as people read it: each baseline in its own unit."""

from __future__ import annotations

from scripts.bench_figures import Figure
from scripts.bench_report import table


def _results(*figures: Figure) -> dict[str, object]:
    return {"figures": [f.as_json() for f in figures]}


def test_a_ratio_against_a_baseline_in_ms_shows_the_baseline_in_ms() -> None:
    ratio = Figure("search against a naive LIKE", 14.8, "×", 40.8, "≥ 20×", False,
                   baseline_unit="ms")
    row = table(_results(ratio)).splitlines()[-1]
    assert "| 14.8 × | 40.8 ms |" in row
    assert "40.8 ×" not in row


def test_a_time_against_a_time_and_a_figure_without_baseline() -> None:
    search = Figure("search p95", 2.76, "ms", 40.8, "≤ 20 ms", True)
    size = Figure("ten-year database file", 514.0, "MiB", None, "—", None)
    rows = table(_results(search, size)).splitlines()[-2:]
    assert "| 2.76 ms | 40.8 ms |" in rows[0]
    assert "| 514 MiB | — |" in rows[1]


def test_a_ratio_written_before_the_baseline_had_a_unit_shows_it_bare() -> None:
    old = Figure("search against a naive LIKE", 14.8, "×", 40.8, "≥ 20×", False).as_json()
    del old["baseline_unit"]
    assert "| 14.8 × | 40.8 |" in table({"figures": [old]})
