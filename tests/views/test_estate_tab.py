"""The estate register (住户档案) kept through its tab: villas, households, people, roster."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from app.clock import FakeClock
from app.config import LocalConfig
from app.i18n import _
from app.models.households import HouseholdRole, IdDocType, Occupancy
from app.models.work_orders import Department
from app.services import estate, roster
from app.services.estate import VillaInput
from app.services.uow import UnitOfWork
from app.views.desk import Desk
from app.views.estate.models import HouseholdHistoryModel, PeopleModel, RosterModel, VillasModel
from app.views.estate.person_dialog import PersonDialog
from app.views.estate.prompts import DateDialog, ReasonDialog
from app.views.estate.roster_page import RosterMemberDialog
from app.views.estate.tab import EstateTab
from app.views.estate.villa_dialog import VillaDialog
from tests.views.dialogs import answer

#: A resident ID whose check digit is right (GB 11643), and the same with a wrong one.
GOOD_ID = "11010519491231002X"
BAD_ID = "110105194912310021"




def make_tab(qtbot: QtBot, base: UnitOfWork, who: UnitOfWork, tmp_path: Path) -> EstateTab:
    tab = EstateTab(Desk(base, LocalConfig.load(tmp_path / "c.json"), actor=who.actor))
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def shown_numbers(tab: EstateTab) -> list[str]:
    model = tab.villas.model
    return [model.index(r, VillasModel.COL_NUMBER).data() for r in range(model.rowCount())]


def column(model: PeopleModel | HouseholdHistoryModel | RosterModel, col: int) -> list[str]:
    return [model.index(r, col).data() for r in range(model.rowCount())]


def test_a_receptionist_reads_the_register_with_masked_phones_and_no_edit_buttons(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, manager: UnitOfWork,
        villas: dict[str, int], tmp_path: Path, warnings: list[str]) -> None:
    roster.add_member(manager, "李强", Department.ENGINEERING, "13500001111")
    tab = make_tab(qtbot, uow, receptionist, tmp_path)
    assert tab.title() == "住户档案"
    assert shown_numbers(tab) == ["A-3", "A-12", "B-7"]  # A-3 before A-12, as read
    assert tab.villas.select_villa(villas["A-12"])
    panel = tab.villas.panel
    assert column(panel.people_model, PeopleModel.COL_NAME) == ["张伟", "李娜"]
    assert column(panel.people_model, PeopleModel.COL_PHONE) == ["138****5678", "139****4321"]

    hidden = [tab.import_button, tab.villas.add_button, tab.villas.edit_button,
              tab.villas.retire_button, *panel.edit_buttons, tab.roster.add_button,
              tab.roster.edit_button, tab.roster.active_button]
    assert [b.objectName() for b in hidden if b.isVisibleTo(tab)] == []
    assert tab.export_button.isVisibleTo(tab)  # masked, but hers to take
    assert tab.villas.add_villa() is None and not panel.move_out()  # nothing behind them

    tab.pages.setCurrentWidget(tab.roster)
    assert column(tab.roster.model, RosterModel.COL_PHONE) == ["135****1111"]
    assert not tab.roster.add_button.isVisibleTo(tab)


def test_a_supervisor_enters_a_new_villa_its_household_and_its_owner(
        qtbot: QtBot, uow: UnitOfWork, supervisor: UnitOfWork, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, warnings: list[str]) -> None:
    tab = make_tab(qtbot, uow, supervisor, tmp_path)
    page, panel = tab.villas, tab.villas.panel
    assert shown_numbers(tab) == [] and not panel.start_button.isEnabled()

    def fill_villa(dialog: VillaDialog) -> None:
        dialog.number.setText("c7")
        dialog.zone.setText("云杉区")
        dialog.villa_type.setCurrentText("独栋")
        dialog.area.setText("三百")
        assert dialog.save() is None
        assert dialog.errors.message("area")  # said beside the field …
        assert dialog.number.text() == "c7" and dialog.zone.text() == "云杉区"  # … nothing lost
        dialog.area.setText("318.5㎡")
        dialog.save()

    answer(monkeypatch, VillaDialog, fill_villa)
    page.add_button.click()
    villa = page.current_villa()
    assert villa is not None and (villa.number, villa.area) == ("C-7", Decimal("318.50"))
    assert shown_numbers(tab) == ["C-7"]
    assert panel.moved_in.text() == _("Nobody lives here now.")

    def move_in(dialog: DateDialog) -> None:
        assert dialog.optional is not None
        dialog.optional.edit.setDate(QDate(2024, 5, 1))
        dialog.save()

    answer(monkeypatch, DateDialog, move_in)
    panel.start_button.click()
    assert "2024-05-01" in panel.moved_in.text()
    assert panel.add_person_button.isEnabled() and not panel.start_button.isEnabled()

    def fill_owner(dialog: PersonDialog) -> None:
        dialog.name.setText("孙丽")
        dialog.role.setCurrentIndex(dialog.role.findData(HouseholdRole.OWNER.value))
        dialog.phone.setText("13700001234")
        dialog.id_doc_type.setCurrentIndex(dialog.id_doc_type.findData(
            IdDocType.RESIDENT_ID.value))
        dialog.id_doc_number.setText(BAD_ID)
        dialog.emergency_name.setText("孙强")
        dialog.emergency_phone.setText("13900005678")
        assert dialog.save() is None
        assert dialog.errors.message("id_doc_number")
        assert dialog.emergency_phone.text() == "13900005678"
        dialog.id_doc_number.setText(GOOD_ID)
        dialog.save()

    answer(monkeypatch, PersonDialog, fill_owner)
    panel.add_person_button.click()
    person = panel.current_person()
    assert person is not None and person.name == "孙丽"
    assert person.phone == "13700001234"  # a supervisor sees phones in full
    model = panel.people_model
    assert model.index(0, PeopleModel.COL_ID).data() == f"{_('Resident ID card')} {GOOD_ID}"
    assert model.index(0, PeopleModel.COL_EMERGENCY).data() == "孙强 13900005678"
    assert page.current_villa().owners == "孙丽"  # type: ignore[union-attr]


def test_moving_out_keeps_the_household_and_its_people_in_the_file(
        qtbot: QtBot, uow: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int],
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FakeClock,
        warnings: list[str]) -> None:
    tab = make_tab(qtbot, uow, supervisor, tmp_path)
    page, panel = tab.villas, tab.villas.panel
    page.select_villa(villas["A-12"])

    def move_out(dialog: DateDialog) -> None:
        assert dialog.optional is None  # the move-out day is not optional
        dialog.edit.setDate(QDate(2026, 11, 25))  # tomorrow: refused beside the date
        assert not dialog.save()
        assert dialog.errors.message("moved_out_on")
        dialog.edit.setDate(QDate(2026, 11, 20))
        dialog.save()

    answer(monkeypatch, DateDialog, move_out)
    panel.move_out_button.click()
    assert panel.people_model.rowCount() == 0
    assert panel.moved_in.text() == _("Nobody lives here now.")
    history = panel.history_model
    assert column(history, HouseholdHistoryModel.COL_MOVED_OUT) == ["2026-11-20"]
    assert "张伟" in history.index(0, HouseholdHistoryModel.COL_PEOPLE).data()
    assert "李娜" in history.index(0, HouseholdHistoryModel.COL_PEOPLE).data()
    assert page.current_villa().occupancy == Occupancy.VACANT  # type: ignore[union-attr]

    # The former owner is still found by name, years later.
    page.filter.setText("张伟")
    qtbot.waitUntil(lambda: shown_numbers(tab) == ["A-12"])

    # A tenant moves in; the former household stays listed below the new one.
    def move_in(dialog: DateDialog) -> None:
        dialog.edit.setDate(QDate(2026, 11, 22))
        dialog.save()

    answer(monkeypatch, DateDialog, move_in)
    panel.start_button.click()

    def fill_tenant(dialog: PersonDialog) -> None:
        dialog.name.setText("Tom Baker")
        dialog.role.setCurrentIndex(dialog.role.findData(HouseholdRole.TENANT.value))
        dialog.phone.setText("13611112222")
        assert dialog.lease_start.isEnabled()
        dialog.lease_start.set_value(dt.date(2026, 11, 22))
        dialog.lease_end.set_value(dt.date(2027, 11, 21))
        dialog.save()

    answer(monkeypatch, PersonDialog, fill_tenant)
    panel.add_person_button.click()
    assert column(panel.people_model, PeopleModel.COL_LEASE) == ["2026-11-22 – 2027-11-21"]
    assert history.rowCount() == 1


def test_someone_who_left_the_household_stays_listed_greyed_and_cannot_be_edited(
        qtbot: QtBot, uow: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int],
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warnings: list[str]) -> None:
    tab = make_tab(qtbot, uow, supervisor, tmp_path)
    panel = tab.villas.panel
    tab.villas.select_villa(villas["B-7"])
    panel.people.selectRow(1)
    assert panel.current_person().name == "周杰"  # type: ignore[union-attr]

    def retire(dialog: ReasonDialog) -> None:
        assert not dialog.save()  # a reason is needed
        assert dialog.errors.message("reason")
        dialog.reason.setText("租约到期搬走")
        dialog.save()

    answer(monkeypatch, ReasonDialog, retire)
    panel.retire_person_button.click()
    panel.people.selectRow(1)
    left = panel.current_person()
    assert left is not None and left.name == "周杰" and not left.active
    assert not panel.edit_person_button.isEnabled()
    assert not panel.retire_person_button.isEnabled()


def test_a_villa_entered_twice_is_retired_and_only_the_manager_brings_it_back(
        qtbot: QtBot, uow: UnitOfWork, supervisor: UnitOfWork, manager: UnitOfWork,
        villas: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        warnings: list[str]) -> None:
    twice = estate.add_villa(supervisor, VillaInput("A-13", "湖畔区", "", "", Occupancy.VACANT,
                                                    ""))
    tab = make_tab(qtbot, uow, supervisor, tmp_path)
    page = tab.villas
    page.select_villa(villas["A-12"])
    answer(monkeypatch, ReasonDialog, lambda d: (d.reason.setText("录入重复"), d.save()))
    page.retire_button.click()  # A-12 has people living in it: refused, and said why
    assert warnings and "A-12" in warnings[0]
    warnings.clear()

    page.select_villa(twice)
    page.retire_button.click()
    assert shown_numbers(tab) == ["A-3", "A-12", "A-13", "B-7"]  # shown while chosen
    assert page.current_villa().retired  # type: ignore[union-attr]
    shown = page.model.index(2, VillasModel.COL_NUMBER)
    assert "录入重复" in shown.data(Qt.ItemDataRole.ToolTipRole)  # why, on hover
    assert page.retire_button.text() == _("Reinstate villa")
    assert not page.retire_button.isEnabled()  # the manager's call
    page.show_retired.setChecked(False)
    assert shown_numbers(tab) == ["A-3", "A-12", "B-7"]

    boss = make_tab(qtbot, uow, manager, tmp_path)
    boss.villas.show_retired.setChecked(True)
    boss.villas.select_villa(twice)
    assert boss.villas.retire_button.isEnabled()
    boss.villas.retire_button.click()
    assert not estate.villa(uow, twice).retired


def test_the_roster_is_kept_by_the_supervisor(
        qtbot: QtBot, uow: UnitOfWork, supervisor: UnitOfWork, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, warnings: list[str]) -> None:
    roster.add_member(supervisor, "李强", Department.ENGINEERING, "13500001111")
    tab = make_tab(qtbot, uow, supervisor, tmp_path)
    tab.pages.setCurrentWidget(tab.roster)
    page = tab.roster
    page.department.setCurrentIndex(page.department.findData(Department.CLEANING.value))
    assert page.model.rowCount() == 0

    def add(dialog: RosterMemberDialog) -> None:
        assert dialog.department.currentData() == Department.CLEANING.value  # the shown one
        dialog.department.setCurrentIndex(dialog.department.findData(
            Department.ENGINEERING.value))
        dialog.name.setText("李强")
        assert dialog.save() is None and dialog.errors.message("name")  # already there
        dialog.name.setText("王师傅")
        dialog.phone.setText("13500002222")
        dialog.save()

    answer(monkeypatch, RosterMemberDialog, add)
    page.add_button.click()
    assert page.department.currentData() is None  # widened to show who was added
    assert page.current().name == "王师傅"  # type: ignore[union-attr]
    assert sorted(column(page.model, RosterModel.COL_NAME)) == sorted(["李强", "王师傅"])

    page.active_button.click()
    assert page.show_inactive.isChecked()  # the one just deactivated stays in sight
    assert page.current().name == "王师傅" and not page.current().active  # type: ignore[union-attr]
    assert [m.name for m in roster.list_roster(uow, Department.ENGINEERING)] == ["李强"]
    assert page.active_button.text() == _("Reactivate")


def test_estate_models_behave(qtmodeltester, uow: UnitOfWork, supervisor: UnitOfWork,  # type: ignore[no-untyped-def]
                              villas: dict[str, int]) -> None:
    roster.add_member(supervisor, "李强", Department.ENGINEERING, "13500001111")
    estate.move_out(supervisor, estate.villa(uow, villas["B-7"]).household_id or 0,
                    dt.date(2026, 11, 1))
    villa_rows = VillasModel()
    villa_rows.set_rows(estate.list_villas(supervisor))
    qtmodeltester.check(villa_rows)
    people = PeopleModel()
    people.set_rows(estate.households_of(supervisor, villas["A-12"])[0].people)
    qtmodeltester.check(people)
    history = HouseholdHistoryModel()
    history.set_rows(estate.households_of(supervisor, villas["B-7"]))
    qtmodeltester.check(history)
    members = RosterModel()
    members.set_rows(roster.list_roster(supervisor))
    qtmodeltester.check(members)


def test_tab_goes_through_the_person_form_in_the_order_of_its_fields(
        qtbot: QtBot, uow: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int],
        tmp_path: Path, warnings: list[str]) -> None:
    desk = Desk(uow, LocalConfig.load(tmp_path / "c.json"), actor=supervisor.actor)
    household = estate.villa(uow, villas["B-7"]).household_id
    assert household is not None
    dialog = PersonDialog(desk, household)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.name.setFocus()
    qtbot.waitUntil(dialog.name.hasFocus)
    visited = []
    for _step in range(9):
        widget = QApplication.focusWidget()
        assert widget is not None
        visited.append(widget.objectName())
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    # An owner has no lease: its dates are skipped; after the last field comes Save.
    assert visited == ["name", "role", "relation", "phone", "phone2", "id_doc_type",
                       "id_doc_number", "emergency_name", "emergency_phone"]
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    assert QApplication.focusWidget() is save
