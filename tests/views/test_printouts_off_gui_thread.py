"""Printouts that can take a while are rendered off the GUI thread: the month's slip
register and a busy day's 日工作记录表. The click returns at once, the window keeps
painting (a timer keeps ticking) and the preview opens when the PDF is ready."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from app.config import LocalConfig
from app.models.reception import Channel, EntryClass
from app.services import reception
from app.services.uow import UnitOfWork
from app.views.desk import Desk
from app.views.reception.review import ReviewDialog
from app.views.work_orders.register_dialog import RegisterDialog
from tests.conftest import MORNING, actor
from tests.views.test_other_desk import an_order

CLICK_MAX_S = 0.1  # the longest GUI-thread stall


class Ticks:
    """A timer on the GUI thread: it ticks only while the GUI thread is free."""

    def __init__(self, qtbot: QtBot) -> None:
        self.times: list[float] = []
        self.timer = QTimer(interval=5)
        self.timer.timeout.connect(lambda: self.times.append(time.monotonic()))
        self.timer.start()

    def after(self, moment: float) -> int:
        return sum(1 for t in self.times if t > moment)


def click_and_wait_for_preview(qtbot: QtBot, button: QPushButton,
                               preview: Callable[[], object]) -> None:
    ticks = Ticks(qtbot)
    clicked = time.monotonic()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    stalled = time.monotonic() - clicked
    assert preview() is None, "the PDF was rendered on the GUI thread"
    assert stalled < CLICK_MAX_S, f"the click held the GUI thread {stalled:.2f} s"
    qtbot.waitUntil(lambda: preview() is not None, timeout=20_000)
    ticks.timer.stop()
    assert ticks.after(clicked) >= 1  # the GUI thread was free while the PDF was made
    qtbot.waitUntil(button.isEnabled)


def test_the_months_slip_register_renders_while_the_window_stays_live(
        qtbot: QtBot, receptionist: UnitOfWork, villas: dict[str, int], tmp_path: Path,
        uow: UnitOfWork) -> None:
    for n in range(40):
        an_order(receptionist, villas["A-12" if n % 2 else "B-7"], f"第{n + 1}号报修：水管漏水")
    desk = Desk(uow, LocalConfig.load(tmp_path / "c.json"), actor=receptionist.actor)
    dialog = RegisterDialog(desk)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.model.rowCount() == 40
    click_and_wait_for_preview(qtbot, dialog.print_button, lambda: dialog.preview_dialog)
    preview = dialog.preview_dialog
    assert preview is not None
    qtbot.addWidget(preview)
    assert preview.page_count() >= 1


def test_a_busy_days_record_renders_while_the_review_window_stays_live(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, villas: dict[str, int],
        tmp_path: Path) -> None:
    yesterday = MORNING - dt.timedelta(days=1)
    for n in range(60):
        reception.log_entry(receptionist, reception.NewEntry(
            Channel.PHONE, EntryClass.HELP, "张伟", f"第{n + 1}个来电：代叫出租车",
            villa_id=villas["A-3"], occurred_at=yesterday.replace(hour=8) +
            dt.timedelta(minutes=10 * n)))
    desk = Desk(uow, LocalConfig.load(tmp_path / "c.json"), actor=actor(uow, "002"))
    dialog = ReviewDialog(desk)
    qtbot.addWidget(dialog)
    dialog.show()
    row = dialog.current()
    assert row is not None and row.day == yesterday.date()
    click_and_wait_for_preview(qtbot, dialog.print_button, lambda: dialog.preview_dialog)
    preview = dialog.preview_dialog
    assert preview is not None
    qtbot.addWidget(preview)
    assert preview.page_count() >= 2
