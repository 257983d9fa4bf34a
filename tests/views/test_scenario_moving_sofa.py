"""A day at the desk, through the real main window.

A tenant of C-15 applies to move a sofa and two boxes on Saturday; the owner confirms by
phone, confirmed by two staff; the pass is printed; the gate copy comes back with a note
that only one box left; the register shows it used with a discrepancy.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from app.clock import FakeClock
from app.config import LocalConfig
from app.demo.resort import add_household
from app.i18n import _
from app.models.calendar import WorkCalendar
from app.models.households import HouseholdRole
from app.models.release_passes import ConsentKind, ListedState, PassState
from app.services import auth, site
from app.services.release_pass_queries import pass_detail
from app.services.release_pass_registers import weekly_pdf
from app.views.desk import Desk
from app.views.main_window.tabs import build_tabs
from app.views.main_window.window import MainWindow
from app.views.messages import Messages
from app.views.release_passes.application_form import PassForm
from app.views.release_passes.dialogs import GateReturnDialog
from app.views.release_passes.list_model import ReleasePassesModel
from app.views.release_passes.tab import ReleasePassesTab
from app.views.widgets.second_staff_dialog import SecondStaffDialog
from tests.conftest import PASSWORD, CupsQueue
from tests.views.dialogs import answer

pytestmark = pytest.mark.cups

TUESDAY = dt.date(2026, 11, 24)
SATURDAY = dt.date(2026, 11, 28)


def on(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def pdf_text(path: Path | bytes, tmp_path: Path) -> str:
    if isinstance(path, bytes):
        (tmp_path / "list.pdf").write_bytes(path)
        path = tmp_path / "list.pdf"
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_a_tenant_moves_a_sofa_and_two_boxes_out_on_saturday(
        qtbot: QtBot, uow: object, clock: FakeClock, cups_queue: CupsQueue, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(Messages, "warn", classmethod(
        lambda cls, parent, text, title="": warnings.append(text)))
    villa = add_household(uow, "C-15", "林溪区", [  # type: ignore[arg-type]
        ("赵敏", HouseholdRole.OWNER, "", "15800002222"),
        ("周杰", HouseholdRole.TENANT, "", "18600003333")])
    config = LocalConfig.load(tmp_path / "config.json")
    config.set_print_preference("release-pass", printer=cups_queue.name)

    # Tuesday 09:10 — 王丽 (008) is at the desk when the tenant of C-15 comes in.
    clock.set(on(TUESDAY, 9, 10))
    desk = Desk(uow, config, actor=auth.login(uow, "008", PASSWORD))  # type: ignore[arg-type]
    window = MainWindow(desk, site.get_site(uow), WorkCalendar(), build_tabs(desk))  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    tab = next(window.tabs.widget(i) for i in range(window.tabs.count())
               if isinstance(window.tabs.widget(i), ReleasePassesTab))
    window.tabs.setCurrentWidget(tab)
    assert isinstance(tab, ReleasePassesTab)

    def second_staff(dialog: SecondStaffDialog) -> None:
        # 刘主管 (002) stands beside the desk while the owner is on the phone.
        dialog.agent_no.setText("002")
        dialog.password.setText(PASSWORD)
        dialog.confirm()

    confirmations = answer(monkeypatch, SecondStaffDialog, second_staff)

    def apply(form: PassForm) -> None:
        form.villa.set_villa(villa, "C-15")
        form.applicant_kind.setCurrentIndex(form.applicant_kind.findData("tenant"))
        form.applicant_name.setText("周杰")
        form.id_doc_number.setText("11010519491231002X")
        form.phone.setText("18600003333")
        form.plate.setText("浙A12345")
        form.exit_date.setDate(SATURDAY)
        form.window_from.setTime(dt.time(9, 0))
        form.window_to.setTime(dt.time(12, 0))
        form.reason.setCurrentIndex(form.reason.findData("moving_out"))
        form.items.set_rows([("三人沙发", "1", "米色布艺"), ("纸箱", "2", "书籍")])
        # Without the owner's consent the desk refuses, beside the consent box.
        assert form.save() is None
        assert form.errors.message("consent")
        form.consent_phone.setChecked(True)
        form.consent_note.setText("致电业主赵敏 158****2222，同意租户搬出沙发和两箱书")
        qtbot.mouseClick(form.confirm_button, Qt.MouseButton.LeftButton)
        assert "刘主管" in form.confirmed_label.text()
        # 周杰 signs on the pad.
        canvas = form.pad.canvas
        QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(20, 60))
        for x, y in ((60, 20), (100, 70), (140, 25), (180, 60)):
            QTest.mouseMove(canvas, QPoint(x, y))
        QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                           QPoint(180, 60))
        assert not form.pad.is_empty()
        form.issue_print_button.click()

    reminders: list[str] = []
    monkeypatch.setattr(Messages, "info", classmethod(
        lambda cls, parent, text, title="": reminders.append(text)))
    answer(monkeypatch, PassForm, apply)
    new_pass = tab.findChild(QToolButton, "new_release_pass_button")
    assert new_pass is not None
    qtbot.mouseClick(new_pass, Qt.MouseButton.LeftButton)
    assert len(confirmations) == 1
    issued = tab.current_detail()
    assert issued is not None and issued.number == "FX2026-000001"
    assert (issued.state, issued.consent, issued.consent_confirmed_by) == (
        PassState.ISSUED, ConsentKind.PHONE, "刘主管")
    assert issued.has_signature and issued.phone == "186****3333"
    assert issued.remind_move_out and any("C-15" in text for text in reminders)

    # The pass is printed: three copies, the gate's among them.
    preview = tab.preview
    assert preview is not None and preview.printer == cups_queue.name
    earlier = cups_queue.existing()
    sent = preview.pdf
    assert preview.print_now() is not None
    # The printer got three pages with the number (Ghostscript re-encodes the Chinese, so
    # the copy labels are read from the PDF the preview sent).
    spooled = cups_queue.wait_for_pdf(ignore=earlier)
    assert issued.number in pdf_text(spooled, tmp_path)
    assert pdf_text(spooled, tmp_path).count("\f") == 3
    shown = pdf_text(sent, tmp_path)
    for label in ("存根联", "业主联", "门岗联"):
        assert label in shown
    assert "三人沙发" in shown and "186****3333" in shown and "18600003333" not in shown
    assert pass_detail(desk.uow, issued.id).print_count == 1
    preview.close()

    # Saturday 12:30 — the guard's copy comes back: only one box left with the sofa.
    clock.set(on(SATURDAY, 12, 30))

    def gate_copy(dialog: GateReturnDialog) -> None:
        dialog.guard_name.setText("李明")
        dialog.passed_at.setDateTime(on(SATURDAY, 10, 5))
        dialog.not_matched.setChecked(True)
        dialog.save()
        assert dialog.errors.message("note")  # a discrepancy needs a note
        dialog.note.setPlainText("只出了一个纸箱，另一箱留在屋内")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    answer(monkeypatch, GateReturnDialog, gate_copy)
    qtbot.keyClicks(tab.gate_number, f"{issued.number}")
    qtbot.keyClick(tab.gate_number, Qt.Key.Key_Return)
    used = tab.current_detail()
    assert used is not None
    assert (used.state, used.used_at, used.guard_name, used.items_matched) == (
        PassState.USED, on(SATURDAY, 10, 5), "李明", False)
    assert tab.gate_number.text() == ""

    # The register shows it used, with the discrepancy.
    model = tab.model
    row = next(r for r in range(model.rowCount())
               if model.index(r, ReleasePassesModel.COL_NUMBER).data() == issued.number)
    assert "⚠" in model.index(row, ReleasePassesModel.COL_STATE).data()
    assert "只出了一个纸箱" in model.index(row, ReleasePassesModel.COL_GATE).data()
    assert model.rows()[row].state == ListedState.USED
    assert _("Discrepancy at the gate") in tab.panel.toPlainText()
    weekly = pdf_text(weekly_pdf(desk.uow, SATURDAY), tmp_path)
    assert issued.number in weekly and "已使用" in weekly and "物品不符 1 张" in weekly
    assert tab.not_back_indicator.text() == _("Every pass is back")
    # A pass is used once: scanning the same copy again says so and changes nothing.
    qtbot.keyClicks(tab.gate_number, issued.number)
    qtbot.keyClick(tab.gate_number, Qt.Key.Key_Return)
    assert warnings and issued.number in warnings[-1]
