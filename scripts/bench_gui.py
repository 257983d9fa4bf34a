"""The GUI figures of ``make bench``, in a process of their own on the ten-year database.

    python -m scripts.bench_gui --database sqlite:///…/ten-years.sqlite3

Builds the real main window (as scripts/screenshots.py does) signed in as the demo
supervisor, then, with a 10 ms heartbeat timer running on the GUI thread, scrolls the
work-order list (all states, any time) down 20,000 rows the way the view asks for rows, and
switches through every tab twice. Prints one JSON line: the longest gap between two beats
(the longest the GUI thread stalled), how far it scrolled, and the resident memory with
every tab open. Run in its own process so the memory is the desk's, not the bench's.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SCROLL_ROWS = 20_000
ROWS_PER_STEP = 250
STEP_MS = 15
#: Gaps between beats longer than this are listed one by one (the target of issue 8).
STALL_MS = 100
#: Give up scrolling after this long: the figure then says how far it got.
SCROLL_LIMIT_S = 180.0


def resident_mb() -> tuple[float, float]:
    """(VmRSS, VmHWM) of this process in MB (10⁶ bytes), from /proc/self/status."""
    values: dict[str, float] = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _sep, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) * 1024 / 1e6  # the kernel's kB are KiB
    return round(values.get("VmRSS", 0.0), 1), round(values.get("VmHWM", 0.0), 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--agent", default="002")
    args = parser.parse_args(argv)

    from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer
    from PySide6.QtWidgets import QAbstractItemView

    from app.bootstrap import open_database
    from app.config import LocalConfig
    from app.demo.resort import DEMO_PASSWORD
    from app.services.auth import login
    from app.services.calendar import work_calendar
    from app.services.site import get_site
    from app.views.application import (
        create_application,
        install_translators,
        load_fonts,
        tear_down,
    )
    from app.views.desk import Desk
    from app.views.main_window.tabs import build_tabs
    from app.views.main_window.window import MainWindow
    from app.views.warm_up import warm_up_later
    from app.views.widgets import quiet_gc
    from app.views.work_orders.tab import WorkOrdersTab

    opened = open_database(args.database)
    app = create_application([sys.argv[0]])
    load_fonts(app)
    install_translators(app, "zh_CN")
    actor = login(opened.uow, args.agent, DEMO_PASSWORD)
    home = Path(tempfile.mkdtemp(prefix="villa-bench-gui-"))
    desk = Desk(opened.uow, LocalConfig.load(home / "config.json"), actor=actor)
    window = MainWindow(desk, get_site(opened.uow), work_calendar(opened.uow), build_tabs(desk))
    window.resize(1366, 768)
    window.show()
    quiet_gc.freeze_when_shown(window)  # as the program does (app/views/application.py)
    warm_up_later(window)
    tabs = [window.tabs.widget(i) for i in range(window.tabs.count())]
    orders = next(t for t in tabs if isinstance(t, WorkOrdersTab))
    result: dict[str, object] = {"tabs": window.tabs.count()}

    class Heartbeat(QObject):
        """Beats every 10 ms on the GUI thread; a late beat is a stall."""

        def __init__(self) -> None:
            super().__init__()
            self.last: float | None = None
            self.worst = 0.0
            self.beats = 0
            self.phase = "start"  # what the scenario was doing (the worst gap's cause)
            self.worst_phase = ""
            #: every gap over the target, with what was going on (which step to fix)
            self.stalls: list[tuple[str, float]] = []
            self.timer = QTimer(self, interval=10, timerType=Qt.TimerType.PreciseTimer)
            self.timer.timeout.connect(self.beat)

        def beat(self) -> None:
            now = time.perf_counter()
            if self.last is not None and now - self.last > STALL_MS / 1000:
                self.stalls.append((self.phase, round((now - self.last) * 1000, 1)))
            if self.last is not None and now - self.last > self.worst:
                self.worst, self.worst_phase = now - self.last, self.phase
            self.last, self.beats = now, self.beats + 1

    heart = Heartbeat()
    steps: list[Callable[[], bool]] = []  # each returns True when done

    def settle(ms: int) -> Callable[[], bool]:
        until: list[float] = []

        def step() -> bool:
            if not until:
                until.append(time.perf_counter() + ms / 1000)
            return time.perf_counter() >= until[0]

        return step

    def show_every_order() -> bool:
        window.tabs.setCurrentWidget(orders)
        bar = orders.filters
        bar.period.setCurrentIndex(0)  # any time
        bar.state.setCurrentIndex(1)  # all states
        heart.phase = "opening the list of every order"
        heart.timer.start()
        return True

    view = orders.table
    model = view.model()
    began: list[float] = []
    stuck = [0]

    def scroll() -> bool:
        if not began:
            began.append(time.perf_counter())
            heart.phase = "scrolling the work orders"
        top = max(view.rowAt(0), 0)
        rows = model.rowCount()
        if top >= SCROLL_ROWS or time.perf_counter() - began[0] > SCROLL_LIMIT_S:
            result["scrolled_rows"] = top
            result["scroll_s"] = round(time.perf_counter() - began[0], 2)
            result["rows_loaded"] = rows
            return True
        target = min(top + ROWS_PER_STEP, rows - 1)
        if target <= top:
            stuck[0] += 1
            if stuck[0] > 200:  # the list ends before 20,000 rows
                result["scrolled_rows"] = top
                result["scroll_s"] = round(time.perf_counter() - began[0], 2)
                result["rows_loaded"] = rows
                return True
            if stuck[0] % 20 == 0 and model.canFetchMore(QModelIndex()):
                model.fetchMore(QModelIndex())
        else:
            stuck[0] = 0
        if target >= 0:
            view.scrollTo(model.index(target, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        return False

    def switch_to(index: int) -> Callable[[], bool]:
        def step() -> bool:
            window.tabs.setCurrentIndex(index)
            heart.phase = f"switching to tab {index + 1}"
            return True
        return step

    def finish() -> bool:
        heart.timer.stop()
        result["longest_stall_ms"] = round(heart.worst * 1000, 1)
        result["beats"] = heart.beats
        result["longest_stall_while"] = heart.worst_phase
        result["stalls_over_100_ms"] = heart.stalls
        result["rss_mb"], result["peak_rss_mb"] = resident_mb()
        app.quit()
        return True

    steps.append(settle(500))
    steps.append(show_every_order)
    steps.append(settle(1000))
    steps.append(scroll)
    for _round in range(2):
        for index in range(window.tabs.count()):
            steps.append(switch_to(index))
            steps.append(settle(400))
    steps.append(finish)

    def run() -> None:
        if steps and steps[0]():
            steps.pop(0)
        if steps:
            QTimer.singleShot(STEP_MS, run)

    QTimer.singleShot(0, run)
    app.exec()
    window.close()
    tear_down()
    opened.engine.dispose()
    shutil.rmtree(home, ignore_errors=True)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
