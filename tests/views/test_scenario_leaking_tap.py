"""A day at the desk, through the real main window.

The owner of A-12 phones about a leaking tap at 09:05; the slip is printed at 09:07 and
engineering completes at 11:30; the callback at 14:00 is satisfied; the order closes.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.clock import FakeClock
from app.config import LocalConfig
from app.models.calendar import WorkCalendar
from app.models.work_orders import Rating, WorkOrder, WorkOrderState
from app.services import auth, reception, site, work_orders
from app.services.uow import UnitOfWork
from app.services.work_order_queries import work_order_detail
from app.views.desk import Desk
from app.views.main_window.tabs import build_tabs
from app.views.main_window.window import MainWindow
from app.views.messages import Messages
from app.views.reception.tab import ReceptionTab
from app.views.work_orders.actions import CompleteDialog
from app.views.work_orders.callback_dialog import CallbackDialog
from app.views.work_orders.editor import WorkOrderEditor
from app.views.work_orders.tab import WorkOrdersTab
from tests.conftest import PASSWORD, CupsQueue
from tests.views.dialogs import answer

pytestmark = pytest.mark.cups


def at(hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2026, 11, 24, hour, minute)


def test_a_leaking_tap_from_the_call_to_a_closed_order(
        qtbot: QtBot, uow: UnitOfWork, villas: dict[str, int], clock: FakeClock,
        cups_queue: CupsQueue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(Messages, "warn", classmethod(
        lambda cls, parent, text, title="": warnings.append(text)))
    monkeypatch.setattr(Messages, "confirm", classmethod(lambda cls, parent, text, title="": True))
    work_orders.ensure_defaults(uow)
    config = LocalConfig.load(tmp_path / "config.json")
    config.set_print_preference("dispatch-slip", printer=cups_queue.name)

    # 09:05 — 王丽 (008) answers the phone.
    clock.set(at(9, 5))
    desk = Desk(uow, config, actor=auth.login(uow, "008", PASSWORD))
    window = MainWindow(desk, site.get_site(uow), WorkCalendar(), build_tabs(desk))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    front = window.tabs.widget(0)
    assert isinstance(front, ReceptionTab)

    qtbot.keyClick(window, Qt.Key.Key_F2)
    form = front.form
    form.villa.set_villa(villas["A-12"], "A-12")  # the owner's name and phone fill in
    # The phone shows masked to the receptionist; the records keep the full number.
    assert (form.caller_name.text(), form.contact_phone.text()) == ("张伟", "138****5678")
    form.content.setPlainText("主卫洗手盆水龙头漏水，滴水不止")
    qtbot.keyClick(form.content, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    [call] = reception.list_entries(desk.uow, reception.EntryFilter(at(0, 0).date(),
                                                                    at(0, 0).date())).rows
    assert (call.occurred_at, call.taken_by_name, call.back_entered) == (at(9, 5), "王丽", False)

    # 09:07 — the call becomes a work order, dispatched to 李强 and the slip printed.
    clock.set(at(9, 7))

    def write_order(editor: WorkOrderEditor) -> None:
        editor.location.setText("二楼主卫")
        editor.category.setCurrentIndex(editor.category.findText("给排水"))
        editor.assignee.setText("李强")
        editor.dispatch_now.setChecked(True)
        editor.save(print_after=True)

    answer(monkeypatch, WorkOrderEditor, write_order)
    front.work_order_requested.emit(call.id)
    orders = window.tabs.currentWidget()
    assert isinstance(orders, WorkOrdersTab)  # the desk is taken to the work orders
    detail = orders.current_detail()
    assert detail is not None and detail.state == WorkOrderState.DISPATCHED
    assert (detail.entry_id, detail.taken_by, detail.dispatched_at) == (call.id, "王丽", at(9, 7))
    with uow.read() as session:  # engineering can call ahead
        assert session.get(WorkOrder, detail.id).contact_phone == "13812345678"  # type: ignore[union-attr]
    preview = orders.preview
    assert preview is not None and preview.printer == cups_queue.name
    earlier = cups_queue.existing()
    assert preview.print_now() is not None
    printed = cups_queue.wait_for_pdf(ignore=earlier)
    text = subprocess.run(["pdftotext", str(printed), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert detail.number in text
    assert work_order_detail(desk.uow, detail.id).print_count == 1
    preview.close()

    # Engineering starts, and at 11:30 reports the tap fixed.
    orders.panel.buttons["wo_start"].click()
    clock.set(at(11, 30))
    answer(monkeypatch, CompleteDialog, lambda d: (d.note.setPlainText("更换阀芯"), d.save()))
    orders.panel.buttons["wo_complete"].click()
    assert orders.current_detail().state == WorkOrderState.COMPLETED  # type: ignore[union-attr]

    # 14:00 — the callback: the owner is satisfied; the order closes.
    clock.set(at(14, 0))
    def satisfied(dialog: CallbackDialog) -> None:
        # Nothing is ticked in advance: the desk ticks what the owner says.
        for choice in (dialog.quality, dialog.attitude, dialog.satisfaction):
            choice.set_value(Rating.SATISFIED)
        dialog.remarks.setText("业主满意")
        dialog.save()

    answer(monkeypatch, CallbackDialog, satisfied)
    orders.panel.buttons["wo_callback"].click()
    orders.panel.buttons["wo_close"].click()
    final = work_order_detail(desk.uow, detail.id)
    assert final.state == WorkOrderState.CLOSED
    assert (final.completed_at, final.called_back_at) == (at(11, 30), at(14, 0))
    assert not final.deadline.overdue
    assert warnings == []
