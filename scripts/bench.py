"""``make bench``: the figures the desk's users feel, on ten years of a 400-villa resort.

    make bench                                  # QT_QPA_PLATFORM=offscreen python -m scripts.bench
    python -m scripts.bench --database FILE     # reuse a ten-year database built before

1. Builds the ten-year database with the real command (``villa-desk demo --years 10
   --villas 400``) in its own process and times it (target ≤ 300 s).
2. Signs in as the demo supervisor and asks each register's bench module for its figures,
   ``measure(uow) -> list[Figure]`` (scripts/bench_figures.py): the paged lists
   (scripts/bench_lists.py) and the search (scripts/bench_search.py). A module that is not
   there is reported missing, never as met.
3. The GUI (scripts/bench_gui.py, its own process): the longest GUI-thread stall while
   scrolling 20,000 work orders and switching tabs, and the resident memory with every tab
   open.
4. Start to a signed-in main window (the program's bench hook, app/views/bench_hook.py)
   against a bare PySide6 window, both started as fresh processes in this run.

Targets are goals the results report as met or not. Writes bench-results/latest.json (and
a dated copy), bench-results/latest.md, and the README's Speed block (scripts/bench_report.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from scripts.bench_figures import Figure, at_most
from scripts.bench_report import machine, table, write_results

ROOT = Path(__file__).resolve().parent.parent
YEARS, VILLAS = 10, 400
SUPERVISOR = "002"
#: Each register's bench module; it may not exist yet (then it is reported missing).
MODULES = ("scripts.bench_lists", "scripts.bench_search", "scripts.bench_mail")
START_RUNS = 5
MARK = "villa-desk-bench: main window shown"
BARE_WINDOW = f"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1366, 768)
window.show()
def shown():
    print({MARK!r}, window.isVisible(), flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "VILLA_DESK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("VILLA_DESK_DATABASE_URL", None)
    env.update(extra)
    return env


def build_ten_years(database: Path, home: Path) -> list[Figure]:
    print(f"Building {YEARS} years of a {VILLAS}-villa resort into {database} …", flush=True)
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "app", "--database", f"sqlite:///{database}", "--create",
         "demo", "--years", str(YEARS), "--villas", str(VILLAS)],
        cwd=ROOT, env=_env(home, VILLA_DESK_LOCALE="en"), capture_output=True, text=True,
        check=False)
    seconds = time.perf_counter() - began
    if done.returncode != 0:
        raise SystemExit(f"the demo build failed:\n{done.stdout[-2000:]}\n{done.stderr}")
    print("\n".join(line for line in done.stdout.splitlines() if "%" not in line), flush=True)
    return [at_most(f"ten-year demo build ({VILLAS} villas, {YEARS} years)", seconds, "s",
                    300)]


def size_figures(opened: Any) -> tuple[list[Figure], dict[str, int]]:
    from app.demo.size import demo_size

    size = demo_size(opened.uow, opened.engine)
    rows = dict(size.rows)
    mib = (size.file_bytes or 0) / 2**20
    return [Figure("ten-year database file", round(mib, 1), "MiB", None,
                   "(size, no target)", None),
            Figure("ten-year call records", rows.get("reception_entry", 0), "rows", None,
                   "≈ 200,000", 170_000 <= rows.get("reception_entry", 0) <= 230_000),
            Figure("ten-year work orders", rows.get("work_order", 0), "rows", None,
                   "≈ 80,000", 68_000 <= rows.get("work_order", 0) <= 92_000)], rows


def module_figures(uow: Any) -> tuple[list[Figure], list[str], dict[str, str]]:
    figures: list[Figure] = []
    missing: list[str] = []
    failed: dict[str, str] = {}
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            print(f"{name}: missing", flush=True)
            missing.append(name)
            continue
        print(f"{name}: measuring …", flush=True)
        began = time.perf_counter()
        try:
            figures += module.measure(uow)
        except Exception as exc:  # one module's failure must not hide the others' figures
            failed[name] = f"{type(exc).__name__}: {exc}"[:300]
            print(f"{name}: failed: {exc!r}", flush=True)
        print(f"{name}: {time.perf_counter() - began:.1f} s", flush=True)
    return figures, missing, failed


def gui_figures(database: Path, home: Path) -> list[Figure]:
    print("GUI: scrolling 20,000 work orders and switching tabs …", flush=True)
    done = subprocess.run(
        [sys.executable, "-m", "scripts.bench_gui", "--database", f"sqlite:///{database}",
         "--agent", SUPERVISOR], cwd=ROOT, env=_env(home), capture_output=True, text=True,
        check=False, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"bench_gui failed: {done.stderr[-1500:]}")
    gui = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"GUI: {gui}", flush=True)
    scrolled = int(gui.get("scrolled_rows", 0))
    return [
        at_most("longest GUI-thread stall, scrolling 20k work orders and switching tabs",
                float(gui["longest_stall_ms"]), "ms", 100),
        Figure("work-order rows scrolled in that run", scrolled, "rows", None, "≥ 20,000",
               scrolled >= 20_000),
        at_most("resident memory, every tab open", float(gui["rss_mb"]), "MB", 300),
    ]


def _time_to_window(command: list[str], env: dict[str, str]) -> float:
    """Milliseconds from launching the process to its "window shown" line."""
    began = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None
    elapsed = None
    for line in child.stdout:
        if line.startswith(MARK):
            elapsed = (time.perf_counter() - began) * 1000
            break
    # Measured: stop it here. The desk's exit backup of a 500 MB file (and the day's check
    # running behind it) would only make the bench slow; a killed desk loses nothing.
    child.kill()
    _out, err = child.communicate(timeout=300)
    if elapsed is None:
        raise RuntimeError(f"{command[:3]} never showed its window: {err[-1500:]}")
    return elapsed


def start_figures(database: Path, home: Path) -> list[Figure]:
    print("Start-up: the program signed in vs. a bare PySide6 window …", flush=True)
    from app.demo.resort import DEMO_PASSWORD

    desk_env = _env(home, VILLA_DESK_DATABASE_URL=f"sqlite:///{database}",
                    VILLA_DESK_BENCH_SIGN_IN=f"{SUPERVISOR}:{DEMO_PASSWORD}")
    # Both start from compiled modules, as an installed desk does (the environment may say
    # PYTHONDONTWRITEBYTECODE, and a changed source would otherwise be compiled in the first
    # timed run), and one untimed start of each warms the disk cache.
    subprocess.run([sys.executable, "-m", "compileall", "-q", "app", "scripts"], cwd=ROOT,
                   capture_output=True, check=False)
    _time_to_window([sys.executable, "-c", BARE_WINDOW], _env(home))
    _time_to_window([sys.executable, "-m", "app"], desk_env)
    bare, desk = [], []
    for _run in range(START_RUNS):  # alternate, so both see the same machine
        bare.append(_time_to_window([sys.executable, "-c", BARE_WINDOW], _env(home)))
        desk.append(_time_to_window([sys.executable, "-m", "app"], desk_env))
    print(f"Start-up: bare {[round(b) for b in bare]} ms, desk {[round(d) for d in desk]} ms",
          flush=True)
    bare_ms, desk_ms = statistics.median(bare), statistics.median(desk)
    return [Figure("start to signed-in main window (median of 5)", round(desk_ms), "ms",
                   round(bare_ms), "≤ 3× the bare window", desk_ms <= 3 * bare_ms)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="make bench")
    parser.add_argument("--database", type=Path,
                        help="a ten-year database built before (skips the build figure)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="villa-bench-"))
    home = tmp / "home"
    os.environ["VILLA_DESK_HOME"] = str(home)
    figures: list[Figure] = []
    try:
        if args.database is None:
            database = tmp / "ten-years.sqlite3"
            figures += build_ten_years(database, home)
        else:
            database = tmp / "ten-years.sqlite3"
            shutil.copyfile(args.database, database)

        from app.bootstrap import open_database
        from app.demo.resort import DEMO_PASSWORD
        from app.services.auth import login

        opened = open_database(f"sqlite:///{database}")
        try:
            sized, rows = size_figures(opened)
            figures += sized
            uow = opened.uow.as_actor(login(opened.uow, SUPERVISOR, DEMO_PASSWORD))
            measured, missing, failed = module_figures(uow)
            figures += measured
        finally:
            opened.engine.dispose()
        for name, part in (("scripts.bench_gui", gui_figures), ("start-up", start_figures)):
            try:
                figures += part(database, home)
            except Exception as exc:
                failed[name] = f"{type(exc).__name__}: {exc}"[:300]
                print(f"{name}: failed: {exc!r}", flush=True)
        results = {
            "when": dt.datetime.now().isoformat(timespec="seconds"),
            "machine": machine(),
            "figures": [figure.as_json() for figure in figures],
            "missing": missing,
            "failed": failed,
            "demo_rows": rows,
            "bench_seconds": round(time.perf_counter() - began, 1),
        }
        path = write_results(results)
        print()
        print(table(results))
        print(f"\nwritten to {path} and README.md in {results['bench_seconds']} s")
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
