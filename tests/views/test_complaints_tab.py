"""The Complaints tab and its dialogs on a real database: the list, the form's messages
and drafts, a stale edit, the due panel and what it says about a year without schedule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.clock import FakeClock
from app.config import LocalConfig
from app.models.complaints import Category, Channel, ComplaintState, Level, Severity
from app.services import complaints
from app.services.complaint_deadlines import DueState
from app.services.complaint_queries import ComplaintFilter, complaint_detail, list_complaints
from app.services.complaint_titles import due_title
from app.services.complaints import ComplaintDraft
from app.services.uow import UnitOfWork
from app.views.complaints.dialogs import ClassifyDialog
from app.views.complaints.editor import ComplaintEditor
from app.views.complaints.list_model import ComplaintsModel
from app.views.complaints.tab import ComplaintsTab
from app.views.desk import Desk
from app.views.messages import Messages
from tests.views.dialogs import answer


def make_tab(qtbot: QtBot, base: UnitOfWork, who: UnitOfWork, tmp_path: Path) -> ComplaintsTab:
    tab = ComplaintsTab(Desk(base, LocalConfig.load(tmp_path / "c.json"), actor=who.actor))
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def noise(villa_id: int, **changes: Any) -> ComplaintDraft:
    values: dict[str, Any] = {"channel": Channel.PHONE, "category": Category.NOISE,
                              "villa_id": villa_id, "content": "夜间装修噪音",
                              "complainant": "张伟", "phone": "13812345678"}
    values.update(changes)
    return ComplaintDraft(**values)


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    monkeypatch.setattr(Messages, "warn", classmethod(
        lambda cls, parent, text, title="": seen.append(text)))
    return seen


def test_the_list_model_is_sound(qtmodeltester: Any, receptionist: UnitOfWork,
                                 villas: dict[str, int]) -> None:
    for _n in range(3):
        complaints.open_complaint(receptionist, noise(villas["A-12"]))
    model = ComplaintsModel()
    model.load(lambda sort, after, limit: list_complaints(receptionist, ComplaintFilter(),
                                                          sort, after, limit))
    assert model.rowCount() == 3
    qtmodeltester.check(model)
    repeat = model.index(0, ComplaintsModel.COL_NUMBER).data()
    assert repeat.endswith("↻")  # the third noise complaint of A-12 is a repeat


def test_the_new_complaint_form_a_missing_field_is_shown_and_a_repeat_suggests_serious(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, villas: dict[str, int],
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warnings: list[str]) -> None:
    complaints.open_complaint(receptionist, noise(villas["A-12"]))
    tab = make_tab(qtbot, uow, receptionist, tmp_path)
    assert tab.main_action().shortcut().toString() == "F8"

    def fill(editor: ComplaintEditor) -> None:
        editor.villa.set_villa(villas["A-12"], "A-12")
        editor.category.setCurrentIndex(editor.category.findData(Category.NOISE.value))
        qtbot.waitUntil(lambda: not editor.repeat_label.isHidden())
        assert "TS2026-000001" in editor.repeat_label.text()
        assert editor.severity.currentData() == Severity.SERIOUS.value  # suggested
        editor.save()  # no content yet
        assert editor.errors.message("content")
        assert editor.villa.text() == "A-12"  # nothing typed is lost
        editor.content.setPlainText("又在夜间装修")
        editor.save()

    seen = answer(monkeypatch, ComplaintEditor, fill)
    tab.new_action.trigger()
    qtbot.waitUntil(lambda: bool(seen))
    detail = tab.current_detail()
    assert detail is not None and detail.number == "TS2026-000002"
    assert (detail.severity, detail.level, detail.repeat_of) == (
        Severity.SERIOUS, Level.SUPERVISOR, "TS2026-000001")
    assert warnings == []


def test_typing_is_kept_as_a_draft_and_offered_back(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, villas: dict[str, int],
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tab = make_tab(qtbot, uow, receptionist, tmp_path)
    editor = ComplaintEditor(tab.desk, parent=tab)
    qtbot.addWidget(editor)
    editor.show()
    editor.content.setPlainText("会所门口车辆乱停")
    assert editor.drafts.keep()
    editor.drafts.settle()
    editor.set_aside()
    monkeypatch.setattr(Messages, "choose", classmethod(lambda cls, *a, **k: 0))  # Restore
    again = ComplaintEditor(tab.desk, parent=tab)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.content.toPlainText() == "会所门口车辆乱停")


def test_a_change_by_another_desk_is_not_overwritten(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, supervisor: UnitOfWork,
        villas: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = complaints.open_complaint(receptionist, noise(villas["A-12"]))
    tab = make_tab(qtbot, uow, supervisor, tmp_path)
    tab.show_complaint(made.id)
    stale: list[object] = []
    monkeypatch.setattr("app.views.feedback.show_stale",
                        lambda parent, exc, form: stale.append(exc))

    def classify(dialog: ClassifyDialog) -> None:
        # Meanwhile the front desk corrects the content.
        complaints.edit_complaint(receptionist, made.id, noise(
            villas["A-12"], content="夜间装修噪音（已核实为 A-14）"), made.version)
        dialog.severity.setCurrentIndex(dialog.severity.findData(Severity.URGENT.value))
        dialog.reason.setPlainText("业主情绪激动")
        dialog.run()

    answer(monkeypatch, ClassifyDialog, classify)
    tab.steps["classify"].trigger()
    assert stale and complaint_detail(supervisor, made.id).severity == Severity.GENERAL


def test_the_due_panel_says_when_a_year_has_no_schedule(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, villas: dict[str, int],
        clock: FakeClock, tmp_path: Path) -> None:
    clock.set(dt.datetime(2031, 3, 3, 9, 0))
    complaints.open_complaint(receptionist, noise(villas["A-12"]))
    tab = make_tab(qtbot, uow, receptionist, tmp_path)
    panel = tab.open_due_panel()
    qtbot.addWidget(panel)
    assert panel.table.rowCount() >= 3
    assert panel.calendar_note.isVisible() and "2031" in panel.calendar_note.text()
    clock.set(dt.datetime(2031, 3, 4, 10, 0))  # the 1-working-day response is missed
    panel.refresh()
    assert panel.table.item(0, 6).text() == due_title(DueState.OVERDUE)
    opened = []
    panel.chosen.connect(opened.append)
    panel.table.itemActivated.emit(panel.table.item(0, 0))
    assert opened and tab.current_detail() is not None
    assert tab.current_detail().state == ComplaintState.OPEN  # type: ignore[union-attr]


def test_the_supervisor_writes_the_months_actions_and_prints_and_exports_the_report(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, supervisor: UnitOfWork,
        villas: dict[str, int], clock: FakeClock, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from app.services.complaint_statistics import monthly_statistics

    clock.set(dt.datetime(2026, 10, 12, 10, 0))
    complaints.open_complaint(receptionist, noise(villas["A-12"]))
    clock.set(dt.datetime(2026, 11, 2, 9, 0))
    reception_tab = make_tab(qtbot, uow, receptionist, tmp_path)
    assert reception_tab.open_reports() is None  # a receptionist has no reports
    assert not reception_tab.tool_buttons["complaint_reports"].isVisible()
    tab = make_tab(qtbot, uow, supervisor, tmp_path)
    dialog = tab.open_reports()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.year_month() == (2026, 10) and "1" in dialog.figures.text()
    dialog.actions.setPlainText("装修管理：夜间巡查每晚增加一次。")
    assert dialog.save_actions()
    assert monthly_statistics(supervisor, 2026, 10).actions.startswith("装修管理")
    dialog.open_monthly()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    dialog.preview.close()  # type: ignore[union-attr]
    out = dialog.export_excel(tmp_path / "october.xlsx")
    assert out is not None and len(load_workbook(out).sheetnames) == 11


def test_the_letter_follows_the_classification(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, supervisor: UnitOfWork,
        villas: dict[str, int], tmp_path: Path) -> None:
    from app.models.complaints import Responsibility

    made = complaints.open_complaint(receptionist, noise(
        villas["B-7"], category=Category.BUILDING, content="外墙渗水"))
    tab = make_tab(qtbot, uow, supervisor, tmp_path)
    tab.show_complaint(made.id)
    assert not tab.steps["letter"].isEnabled()
    complaints.classify(supervisor, made.id, responsibility=Responsibility.DEVELOPER)
    tab.show_complaint(made.id)
    tab.refresh()
    assert tab.steps["letter"].isEnabled()
    job = tab.print_letter()  # rendered off the GUI thread; the preview opens when ready
    assert job is not None
    qtbot.waitUntil(lambda: tab.preview is not None and tab.preview.isVisible(), timeout=15000)
    assert tab.preview is not None
    tab.preview.close()


def test_a_complaint_reaching_the_general_manager_asks_the_desk_to_print_the_notice(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, villas: dict[str, int],
        clock: FakeClock, tmp_path: Path, warnings: list[str]) -> None:
    """The general manager has no account at the desk: the escalation reaches him on paper."""
    made = complaints.open_complaint(receptionist, noise(villas["A-12"]))
    tab = make_tab(qtbot, uow, receptionist, tmp_path)
    clock.advance(days=3)  # past the supervisor's and the project manager's deadlines
    tab._on_tick()
    assert not tab.notice.isVisible() or made.number not in tab.notice.text()
    clock.advance(days=60)
    tab._on_tick()
    assert tab.notice.isVisible()
    assert tab.notice.text() == (f"{made.number} 已升级至总经理（总经理在前台没有账号）："
                                 "请打印升级通知（函件…）并送交。")
    tab.show_complaint(made.id)
    assert tab.steps["letter"].isEnabled()
