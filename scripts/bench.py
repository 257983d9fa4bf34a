"""Benchmarks: figures the desk's users feel, written to bench-results/.

    make bench     # QT_QPA_PLATFORM=offscreen python -m scripts.bench

Targets (on the 2-core reference machine): program start to a usable main window well
under 3 s; villa search under 50 ms; opening a work order with its slip number under
100 ms; one slip PDF under 100 ms; the work-order list of 3 years under 300 ms.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"


def timed(fn: Callable[[], object], repeat: int = 20) -> dict[str, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return {"median_ms": round(statistics.median(samples), 2),
            "max_ms": round(max(samples), 2), "runs": repeat}


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="villa-bench-"))
    os.environ["VILLA_DESK_HOME"] = str(tmp)
    figures: dict[str, object] = {
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
    }

    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import app.views.application"], check=True,
                   env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    figures["import_gui_modules_ms"] = round((time.perf_counter() - start) * 1000, 1)

    from app.bootstrap import open_database
    from app.demo.build import build_demo
    from app.services import households, numbering
    from app.services.auth import login
    from app.services.work_order_queries import WorkOrderFilter, list_work_orders

    opened = open_database(f"sqlite:///{tmp / 'bench.sqlite3'}")
    start = time.perf_counter()
    summary = build_demo(opened.uow, villas=240, years=3.0)
    figures["demo_3_years_s"] = round(time.perf_counter() - start, 1)
    figures["demo"] = summary.__dict__
    actor = login(opened.uow, "008", "123456")
    uow = opened.uow.as_actor(actor)

    figures["villa_search_by_number"] = timed(lambda: households.search_villas(uow, "B-17"))
    figures["villa_search_by_phone_tail"] = timed(lambda: households.search_villas(uow, "5678"))
    figures["villa_search_by_name"] = timed(lambda: households.search_villas(uow, "王"))
    everything = WorkOrderFilter()
    figures["work_order_list_first_page"] = timed(lambda: list_work_orders(uow, everything))
    figures["work_order_list_overdue"] = timed(
        lambda: list_work_orders(uow, WorkOrderFilter(overdue_only=True)), repeat=5)
    figures["work_order_find_scanned_number"] = timed(
        lambda: list_work_orders(uow, WorkOrderFilter(text="PG2025-000100")))

    from app.models.numbering import DocumentKind

    def allocate() -> None:
        with uow.transaction() as session:
            numbering.allocate(session, DocumentKind.MAIL_NOTICE, record_type="bench",
                               actor=actor, now=dt.datetime.now())

    figures["allocate_number_commit"] = timed(allocate, repeat=50)

    from app.services.printouts import render_printout

    number = list_work_orders(uow, everything).rows[0].number
    figures["render_dispatch_slip"] = timed(
        lambda: render_printout(uow, "dispatch-slip", number), repeat=10)

    tracemalloc.start()
    list_work_orders(uow, WorkOrderFilter(overdue_only=True))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    figures["overdue_list_peak_mib"] = round(peak / 2**20, 1)
    figures["database_mib"] = round((tmp / "bench.sqlite3").stat().st_size / 2**20, 1)

    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"bench-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    text = json.dumps(figures, ensure_ascii=False, indent=2)
    out.write_text(text, encoding="utf-8")
    (RESULTS / "latest.json").write_text(text, encoding="utf-8")
    print(text)
    print("written to", out)
    opened.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
