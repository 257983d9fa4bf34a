"""The Release passes tab at the desk: typing kept as a draft, a correction refused when
another desk changed the pass first, holds in the form, the gate copy of a void pass, and
the passes not back from the gate."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.config import LocalConfig
from app.models.household_holds import HoldKind
from app.models.households import IdDocType
from app.models.release_passes import ApplicantKind, PassReason, PassState
from app.services import household_holds
from app.services.auth import login
from app.services.release_pass_queries import PassDetail
from app.services.release_passes import (
    Consent,
    PassDraft,
    PassItemInput,
    Signature,
    edit_pass,
    issue_pass,
    void_pass,
)
from app.services.uow import UnitOfWork
from app.views.desk import Desk
from app.views.messages import Messages
from app.views.release_passes.application_form import PassForm
from app.views.release_passes.dialogs import HoldDialog
from app.views.release_passes.tab import NOT_BACK, ReleasePassesTab
from app.views.widgets.stale_dialog import StaleDialog
from tests.conftest import PASSWORD
from tests.views.dialogs import answer

SATURDAY = dt.date(2026, 11, 28)


def on(hour: int) -> dt.datetime:
    return dt.datetime.combine(SATURDAY, dt.time(hour))


def issue(uow: UnitOfWork, villa_id: int) -> PassDetail:
    return issue_pass(uow, PassDraft(
        villa_id=villa_id, applicant_kind=ApplicantKind.OWNER, applicant_name="张伟",
        id_doc_type=IdDocType.RESIDENT_ID, id_doc_number="11010519491231002X",
        phone="13812345678", plate="浙A12345", valid_from=on(9), valid_until=on(12),
        reason=PassReason.REPLACEMENT, items=(PassItemInput("沙发", 1),)),
        Consent(), Signature(on_paper=True))


@pytest.fixture
def desk(uow: UnitOfWork, tmp_path: Path) -> Desk:
    return Desk(uow, LocalConfig.load(tmp_path / "c.json"), actor=login(uow, "008", PASSWORD))


@pytest.fixture
def tab(qtbot: QtBot, desk: Desk) -> ReleasePassesTab:
    tab = ReleasePassesTab(desk)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def test_typing_in_a_new_pass_comes_back_as_a_draft(
        qtbot: QtBot, desk: Desk, villas: dict[str, int],
        monkeypatch: pytest.MonkeyPatch) -> None:
    form = PassForm(desk)
    qtbot.addWidget(form)
    form.villa.set_villa(villas["B-7"], "B-7")
    form.applicant_kind.setCurrentIndex(form.applicant_kind.findData("tenant"))
    form.applicant_name.setText("周杰")
    form.items.set_rows([("双人床", "1", "拆开"), ("纸箱", "5", "")])
    form.consent_note.setText("业主电话同意")
    assert form.drafts.keep()
    form.done(0)

    asked: list[str] = []
    monkeypatch.setattr(Messages, "choose", classmethod(
        lambda cls, parent, text, choices, title="", escape=-1: asked.append(text) or 0))
    again = PassForm(desk)
    qtbot.addWidget(again)
    assert again.drafts.offer()
    assert len(asked) == 1
    assert (again.villa.villa_id(), again.applicant_name.text()) == (villas["B-7"], "周杰")
    assert again.applicant_kind.currentData() == "tenant"
    assert again.items.rows() == [("双人床", "1", "拆开"), ("纸箱", "5", "")]
    assert again.consent_note.text() == "业主电话同意"


def test_a_quantity_that_is_not_a_number_is_said_beside_the_items(
        qtbot: QtBot, desk: Desk, villas: dict[str, int]) -> None:
    form = PassForm(desk)
    qtbot.addWidget(form)
    form.villa.set_villa(villas["A-12"], "A-12")
    form.items.set_rows([("沙发", "一", "")])
    assert form.save() is None
    assert "沙发" in form.errors.message("items")
    assert form.items.rows() == [("沙发", "一", "")]  # nothing typed is lost


def test_a_held_household_shows_its_matters_and_a_supervisor_overrides(
        qtbot: QtBot, uow: UnitOfWork, desk: Desk, supervisor: UnitOfWork,
        villas: dict[str, int], clock: object) -> None:
    household_holds.set_hold(supervisor, villas["A-12"], HoldKind.FINANCE, "物业费欠缴")
    form = PassForm(desk)
    qtbot.addWidget(form)
    form.show()
    form.villa.set_villa(villas["A-12"], "A-12")
    form.villa.villa_chosen.emit(villas["A-12"], "A-12")
    assert form.hold_box.isVisible() and "物业费欠缴" in form.hold_label.text()
    assert not form.hold_override.isVisible()  # a receptionist cannot override

    boss = Desk(uow, desk.config, actor=login(uow, "002", PASSWORD))
    form2 = PassForm(boss)
    qtbot.addWidget(form2)
    form2.show()
    form2.villa.set_villa(villas["A-12"], "A-12")
    form2.villa.villa_chosen.emit(villas["A-12"], "A-12")
    assert form2.hold_override.isVisible()
    form2.id_doc_number.setText("11010519491231002X")
    form2.exit_date.setDate(SATURDAY)
    form2.items.set_rows([("钢琴", "1", "")])
    form2.on_paper.setChecked(True)
    assert form2.save() is None and form2.errors.message("hold")
    form2.hold_override.setText("业主承诺周一缴清")
    saved = form2.save()
    assert saved is not None and saved.hold_override_reason == "业主承诺周一缴清"
    assert saved.applicant_name == "张伟"  # the owner filled in from the villa


def test_a_correction_over_another_desks_change_is_refused(
        qtbot: QtBot, desk: Desk, receptionist: UnitOfWork, villas: dict[str, int],
        monkeypatch: pytest.MonkeyPatch) -> None:
    issued = issue(receptionist, villas["A-12"])
    form = PassForm(desk, issued)
    qtbot.addWidget(form)
    assert not form.villa.isEnabled() and not form.applicant_kind.isEnabled()
    assert form.phone.text() == "138****5678"  # masked, and sent back so it stays the same
    edit_pass(receptionist, issued.id, PassDraft(
        villa_id=villas["A-12"], applicant_kind=ApplicantKind.OWNER, applicant_name="张伟",
        id_doc_type=IdDocType.RESIDENT_ID, id_doc_number="11010519491231002X",
        phone="13812345678", plate="浙B00001", valid_from=on(9), valid_until=on(12),
        reason=PassReason.REPLACEMENT, items=(PassItemInput("沙发", 1),)),
        expected_version=issued.version)
    seen: list[object] = []

    def reapply_mine(dialog: StaleDialog) -> None:
        seen.append(dialog.items())
        qtbot.mouseClick(dialog.reapply_button, Qt.MouseButton.LeftButton)

    answer(monkeypatch, StaleDialog, reapply_mine)
    form.items.set_rows([("沙发", "1", ""), ("茶几", "1", "")])
    assert form.save() is None
    assert len(seen) == 1  # what changed was shown, and the user chose to re-apply
    assert form.plate.text() == "浙B00001"  # theirs
    assert form.items.rows() == [("沙发", "1", ""), ("茶几", "1", "")]  # mine
    saved = form.save()
    assert saved is not None and [i.name for i in saved.items] == ["沙发", "茶几"]
    assert saved.plate == "浙B00001"


def test_the_gate_copy_of_a_void_pass_is_refused_and_nothing_opens(
        qtbot: QtBot, tab: ReleasePassesTab, receptionist: UnitOfWork, supervisor: UnitOfWork,
        villas: dict[str, int], monkeypatch: pytest.MonkeyPatch) -> None:
    voided = issue(receptionist, villas["A-12"])
    void_pass(supervisor, voided.id, "重复开具")
    warned: list[str] = []
    monkeypatch.setattr(Messages, "warn", classmethod(
        lambda cls, parent, text, title="": warned.append(text)))
    tab.refresh()
    qtbot.keyClicks(tab.gate_number, voided.number)
    qtbot.keyClick(tab.gate_number, Qt.Key.Key_Return)
    assert warned and voided.number in warned[0]
    detail = tab.current_detail()
    assert detail is not None and detail.state == PassState.VOID
    assert tab.gate_number.text() == voided.number  # kept for another try


def test_the_passes_not_back_from_the_gate_are_counted_and_listed(
        qtbot: QtBot, tab: ReleasePassesTab, receptionist: UnitOfWork,
        villas: dict[str, int]) -> None:
    issue(receptionist, villas["A-12"])
    issue(receptionist, villas["A-3"])
    tab.refresh()
    assert tab.not_back_indicator.text() == "2 张门岗联未交回"
    qtbot.mouseClick(tab.not_back_indicator, Qt.MouseButton.LeftButton)
    assert tab.state.currentData() == NOT_BACK
    assert tab.model.rowCount() == 2
    holds = tab.open_holds()
    assert isinstance(holds, HoldDialog)
    holds.close()


def test_the_villa_search_shows_the_villas_passes(
        qtbot: QtBot, tab: ReleasePassesTab, receptionist: UnitOfWork,
        villas: dict[str, int]) -> None:
    mine = issue(receptionist, villas["A-3"])
    issue(receptionist, villas["A-12"])
    tab.open_villa(villas["A-3"])
    assert tab.search.text() == "A-3"
    assert [tab.model.row_at(r).number for r in range(tab.model.rowCount())] == [mine.number]
