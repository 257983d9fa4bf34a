"""A serious complaint through the real main window.

A serious complaint about noise from A-07 received at 17:40 on the last working day before
National Day escalates to the project manager when the 1-hour supervisor deadline passes;
it is handled, called back, confirmed by a second staff member and closed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.clock import FakeClock
from app.config import LocalConfig
from app.demo.resort import add_household
from app.models.calendar import WorkCalendar
from app.models.complaints import (
    CallbackMethod,
    CallbackOutcome,
    Category,
    ComplaintState,
    Level,
    Severity,
    StepKind,
)
from app.models.households import HouseholdRole
from app.models.reception import EntryClass
from app.services import auth, reception, site
from app.services.complaint_queries import complaint_detail
from app.services.uow import UnitOfWork
from app.views.complaints.dialogs import CallbackDialog, HandlingDialog
from app.views.complaints.editor import ComplaintEditor
from app.views.complaints.tab import ComplaintsTab
from app.views.desk import Desk
from app.views.main_window.tabs import build_tabs
from app.views.main_window.window import MainWindow
from app.views.messages import Messages
from app.views.reception.tab import ReceptionTab
from app.views.widgets.second_staff_dialog import SecondStaffDialog
from tests.conftest import PASSWORD
from tests.views.dialogs import answer


def at(day: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2026, 9, day, hour, minute) if day > 3 else \
        dt.datetime(2026, 10, day, hour, minute)


def test_a_serious_noise_complaint_on_national_day_eve(
        qtbot: QtBot, uow: UnitOfWork, clock: FakeClock, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(Messages, "warn", classmethod(
        lambda cls, parent, text, title="": warnings.append(text)))
    a07 = add_household(uow, "A-07", "湖畔区", [("孙强", HouseholdRole.OWNER, "", "13700007777")])
    # Wednesday 30 September 2026, 17:40: the last working day before National Day.
    clock.set(at(30, 17, 40))
    assert not WorkCalendar().is_workday(dt.date(2026, 10, 1))
    desk = Desk(uow, LocalConfig.load(tmp_path / "config.json"),
                actor=auth.login(uow, "008", PASSWORD))
    window = MainWindow(desk, site.get_site(uow), WorkCalendar(), build_tabs(desk))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    front = window.tabs.widget(0)
    assert isinstance(front, ReceptionTab)

    # 王丽 takes the call as a complaint …
    qtbot.keyClick(window, Qt.Key.Key_F2)
    form = front.form
    form.villa.set_villa(a07, "A-07")
    form.entry_class.setCurrentIndex(form.entry_class.findData(EntryClass.COMPLAINT))
    form.content.setPlainText("A-07 聚会音响声音很大，已持续两小时")
    qtbot.keyClick(form.content, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    [call] = reception.list_entries(desk.uow, reception.EntryFilter(
        dt.date(2026, 9, 30), dt.date(2026, 9, 30))).rows
    assert call.entry_class == EntryClass.COMPLAINT

    # … and opens the complaint from it: noise, serious (the neighbours are furious).
    def write(editor: ComplaintEditor) -> None:
        assert editor.complainant.text() == "孙强"
        editor.category.setCurrentIndex(editor.category.findData(Category.NOISE.value))
        editor.severity.setCurrentIndex(editor.severity.findData(Severity.SERIOUS.value))
        editor.demands.setPlainText("立即制止噪音")
        editor.save()

    answer(monkeypatch, ComplaintEditor, write)
    front.open_complaint_action.setEnabled(True)
    front.select_entry(call.id)
    front.open_complaint_action.trigger()
    tab = window.tabs.currentWidget()
    assert isinstance(tab, ComplaintsTab)  # the desk is taken to the complaints
    detail = tab.current_detail()
    assert detail is not None and detail.entry_id == call.id
    assert (detail.received_at, detail.level) == (at(30, 17, 40), Level.SUPERVISOR)
    step_in = next(d for d in detail.deadlines if d.event.value == "complaint.step_in")
    assert step_in.due == at(30, 18, 40)

    # Nobody steps in; at 18:41 the desk's minute check escalates it to the project manager.
    clock.set(at(30, 18, 41))
    tab._on_tick()
    detail = tab.current_detail()
    assert detail is not None and detail.level == Level.PROJECT_MANAGER
    [escalation] = [s for s in detail.steps if s.kind == StepKind.ESCALATED]
    assert (escalation.at, escalation.level) == (at(30, 18, 40), "project_manager")
    qtbot.waitUntil(lambda: "complaints" in window.statusBar().late.text(), timeout=5000)

    # The project manager signs in and is told what escalated to them.
    window.tabs.setCurrentIndex(0)
    desk.set_actor(auth.login(uow, "001", PASSWORD))
    assert window.tabs.currentWidget() is tab  # brought to the front for them
    assert tab.notice.isVisible() and detail.number in tab.notice.text()
    window.show_overdue("complaints")
    panel = tab.due_dialog
    assert panel is not None and panel.isVisible() and panel.table.rowCount() >= 1
    panel.close()

    # 19:10 — the manager has security stop the party; the result is recorded.
    clock.set(at(30, 19, 10))
    answer(monkeypatch, HandlingDialog, lambda d: (
        d.investigation.setPlainText("秩序维护员到 A-07 核实，业主家中聚会"),
        d.cause.setPlainText("业主聚会音响过大；夜间巡查未及时发现"),
        d.measures.setPlainText("劝导业主调低音量；节日期间夜间巡查加密"),
        d.result_edit.setPlainText("19:05 音响已关闭"), d.run()))
    tab.steps["handle"].trigger()
    assert tab.current_detail().state == ComplaintState.HANDLED  # type: ignore[union-attr]

    # 20:00 — 王丽 calls back; 刘主管 confirms the phone callback with their own password.
    desk.set_actor(auth.login(uow, "008", PASSWORD))
    clock.set(at(30, 20, 0))

    def call_back(dialog: CallbackDialog) -> None:
        dialog.method.setCurrentIndex(dialog.method.findData(CallbackMethod.PHONE.value))
        dialog.outcome.setCurrentIndex(dialog.outcome.findData(
            CallbackOutcome.SATISFIED.value))
        dialog.remarks.setPlainText("投诉人表示满意")
        dialog.run()

    confirmations = answer(monkeypatch, SecondStaffDialog, lambda d: (
        d.agent_no.setText("002"), d.password.setText(PASSWORD), d.confirm()))
    answer(monkeypatch, CallbackDialog, call_back)
    tab.steps["callback"].trigger()
    assert len(confirmations) == 1
    final = complaint_detail(desk.uow, detail.id)
    assert final.state == ComplaintState.CLOSED and final.closed_at == at(30, 20, 0)
    callback = next(s for s in final.steps if s.kind == StepKind.CALLBACK)
    assert callback.by.startswith("王丽") and callback.confirmed_by.startswith("刘主管")
    assert warnings == []

