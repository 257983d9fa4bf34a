"""The status bar's late counts: what the lists say is overdue, refreshed when another desk
records something, and a click away from the list that shows it."""

from __future__ import annotations

import datetime as dt
import time

from pytestqt.qtbot import QtBot

from app.bootstrap import Opened
from app.clock import FakeClock
from app.services.uow import UnitOfWork
from app.views.main_window.status_bar import DeskStatusBar
from app.views.main_window.window import MainWindow
from tests.conftest import MORNING
from tests.services.test_change_feed import other_desk, url_of
from tests.views.test_other_desk import an_order, tabs_of, window  # noqa: F401


def late_text(window: MainWindow) -> str:  # noqa: F811
    status = window.statusBar()
    assert isinstance(status, DeskStatusBar)
    return status.late.text()


def test_an_order_the_other_desk_left_undispatched_shows_here_as_late_within_two_seconds(
        qtbot: QtBot, window: MainWindow, opened: Opened,  # noqa: F811
        villas: dict[str, int]) -> None:
    assert "没有超时" in late_text(window)
    # The night desk took a repair call three hours ago and never dispatched it.
    other_desk(url_of(opened), "order:B-7:车库卷帘门卡住",
               when=MORNING - dt.timedelta(hours=3))
    committed = time.monotonic()
    qtbot.waitUntil(lambda: "派工单 1" in late_text(window), timeout=3000)
    assert time.monotonic() - committed < 2.5
    assert 'href="work_orders"' in late_text(window)


def test_clicking_the_late_count_shows_the_overdue_work_orders(
        qtbot: QtBot, window: MainWindow, receptionist: UnitOfWork,  # noqa: F811
        villas: dict[str, int], clock: FakeClock) -> None:
    on_time = an_order(receptionist, villas["A-12"], "厨房水槽下水管漏水")
    clock.advance(hours=4)  # nobody dispatched it all morning
    status = window.statusBar()
    assert isinstance(status, DeskStatusBar)
    status.update_now()
    assert "派工单 1" in late_text(window)
    status.late.linkActivated.emit("work_orders")
    _reception, orders = tabs_of(window)
    assert window.tabs.currentWidget() is orders
    qtbot.waitUntil(lambda: orders.filters.overdue.isChecked())
    assert orders.current_id() == on_time
