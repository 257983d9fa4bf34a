"""The Mail tab at the desk: a scanner types numbers and Enter, the list and the pick-up."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.clock import FakeClock
from app.config import LocalConfig
from app.demo.history import Period, write_history
from app.demo.mail_history import MailHistory
from app.i18n import _
from app.models.mail import MailState
from app.services import auth, mail_pickup
from app.services.mail_queries import MailFilter, list_mail
from app.services.uow import UnitOfWork
from app.views.desk import Desk
from app.views.mail.collectors_dialog import CollectorsDialog
from app.views.mail.list_model import MailModel
from app.views.mail.pickup_dialog import PickupDialog
from app.views.mail.tab import MailTab
from app.views.messages import Messages
from tests.conftest import PASSWORD


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(Messages, "warn", classmethod(
        lambda cls, parent, text, title="": said.append(text)))
    return said


def open_tab(qtbot: QtBot, uow: UnitOfWork, tmp_path: Path, agent: str = "008") -> MailTab:
    desk = Desk(uow, LocalConfig.load(tmp_path / "config.json"),
                actor=auth.login(uow, agent, PASSWORD))
    tab = MailTab(desk)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def scan(qtbot: QtBot, tab: MailTab, number: str) -> None:
    """What a USB scanner does: the characters, then Enter."""
    qtbot.keyClicks(tab.intake.number, number)
    qtbot.keyClick(tab.intake.number, Qt.Key.Key_Return)


def choose_villa(qtbot: QtBot, tab: MailTab, typed: str) -> None:
    picker = tab.intake.villa
    picker.setFocus()
    qtbot.keyClicks(picker, typed)
    picker.editingFinished.emit()


def sign(dialog: PickupDialog) -> None:
    """Two strokes of a name on the pad, as a mouse or a pen draws them."""
    canvas = dialog.pad.canvas
    for points in (((20, 30), (60, 70), (120, 80)), ((40, 90), (100, 60), (160, 40))):
        QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(*points[0]))
        for point in points[1:]:
            QTest.mouseMove(canvas, QPoint(*point))
        QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                           QPoint(*points[-1]))


def test_focus_starts_in_the_number_and_enter_saves_for_the_same_villa(
        qtbot: QtBot, uow: UnitOfWork, villas: dict[str, int], tmp_path: Path,
        warnings: list[str]) -> None:
    tab = open_tab(qtbot, uow, tmp_path)
    qtbot.waitUntil(lambda: tab.intake.number.hasFocus())
    choose_villa(qtbot, tab, "A-12")
    assert tab.intake.villa.villa_id() == villas["A-12"]
    qtbot.waitUntil(lambda: tab.intake.number.hasFocus())
    for number in ("SF1234567890123", "YT1234567890123", "EA123456785CN"):
        scan(qtbot, tab, number)
        assert tab.intake.number.text() == ""
        assert tab.intake.number.hasFocus()
        assert tab.intake.villa.villa_number() == "A-12"
    rows = list_mail(tab.desk.uow, MailFilter(villa_id=villas["A-12"])).rows
    assert [r.number for r in rows] == ["EA123456785CN", "YT1234567890123", "SF1234567890123"]
    assert tab.model.rowCount() == 3
    assert warnings == []


def test_a_duplicate_scan_and_a_wrong_check_digit_show_next_to_the_number(
        qtbot: QtBot, uow: UnitOfWork, villas: dict[str, int], tmp_path: Path,
        warnings: list[str]) -> None:
    tab = open_tab(qtbot, uow, tmp_path)
    choose_villa(qtbot, tab, "A-3")
    scan(qtbot, tab, "SF1234567890123")
    scan(qtbot, tab, "SF1234567890123")
    assert "A-3" in tab.intake.errors.message("number")
    assert tab.intake.number.text() == "SF1234567890123"  # nothing typed is lost
    tab.intake.number.clear()
    scan(qtbot, tab, "RR473124828GB")
    assert "RR473124828GB" in tab.intake.errors.message("number")
    assert len(list_mail(tab.desk.uow, MailFilter()).rows) == 1
    assert warnings == []


def test_a_scan_without_a_villa_asks_for_the_villa(
        qtbot: QtBot, uow: UnitOfWork, villas: dict[str, int], tmp_path: Path) -> None:
    tab = open_tab(qtbot, uow, tmp_path)
    scan(qtbot, tab, "SF1234567890123")
    assert tab.intake.errors.message("villa")
    assert tab.intake.number.text() == "SF1234567890123"


def test_the_list_filters_by_part_of_a_number_and_state(
        qtbot: QtBot, uow: UnitOfWork, villas: dict[str, int], tmp_path: Path) -> None:
    tab = open_tab(qtbot, uow, tmp_path)
    choose_villa(qtbot, tab, "B-7")
    for number in ("SF1111111111111", "SF2222222222222", "JT3333333333333"):
        scan(qtbot, tab, number)
    qtbot.keyClicks(tab.search, "2222")
    qtbot.keyClick(tab.search, Qt.Key.Key_Return)
    assert tab.model.rowCount() == 1
    tab.search.clear()
    assert tab.model.rowCount() == 3
    tab.state_filter.setCurrentIndex(tab.state_filter.findData(MailState.PICKED_UP))
    assert tab.model.rowCount() == 0


def test_the_owner_signs_on_the_pad_in_the_pickup_dialog(
        qtbot: QtBot, uow: UnitOfWork, villas: dict[str, int], tmp_path: Path,
        clock: FakeClock, warnings: list[str]) -> None:
    tab = open_tab(qtbot, uow, tmp_path)
    choose_villa(qtbot, tab, "A-12")
    for number in ("SF1000000000001", "SF1000000000002"):
        scan(qtbot, tab, number)
    clock.advance(hours=9)
    dialog = tab.pick_up_villa(villas["A-12"], "A-12")
    qtbot.addWidget(dialog)
    assert dialog.items.count() == 2
    assert dialog.choose_signer("张伟")
    assert not dialog.document.isEnabled()
    # Nobody signed: refused beside the signature, the dialog stays.
    dialog.hand_over()
    assert dialog.errors.message("signature") and dialog.isVisible()
    sign(dialog)
    assert not dialog.pad.is_empty()
    dialog.hand_over()
    assert dialog.done_result is not None and dialog.done_result.item_count == 2
    rows = list_mail(tab.desk.uow, MailFilter()).rows
    assert {r.state for r in rows} == {MailState.PICKED_UP}
    record = mail_pickup.pickup_of_item(tab.desk.uow, rows[0].id)
    assert record is not None and record.signature_png and record.signature_png[:4] == \
        b"\x89PNG"
    assert warnings == []


def test_a_proxy_without_a_document_is_refused_in_the_dialog(
        qtbot: QtBot, uow: UnitOfWork, villas: dict[str, int], tmp_path: Path,
        warnings: list[str]) -> None:
    tab = open_tab(qtbot, uow, tmp_path)
    choose_villa(qtbot, tab, "A-12")
    scan(qtbot, tab, "SF1000000000003")
    dialog = tab.pick_up_villa(villas["A-12"], "A-12")
    qtbot.addWidget(dialog)
    dialog.choose_someone_else()
    assert dialog.document.isEnabled()
    dialog.name.insert("刘师傅")  # an input method commits Chinese whole
    qtbot.keyClicks(dialog.phone, "13511112222")
    dialog.relation.insert("司机")
    dialog.on_paper.setChecked(True)
    dialog.hand_over()
    assert dialog.errors.message("id_doc_number")
    assert dialog.done_result is None


def test_collectors_are_kept_per_household(qtbot: QtBot, uow: UnitOfWork,
                                           villas: dict[str, int], tmp_path: Path,
                                           warnings: list[str]) -> None:
    tab = open_tab(qtbot, uow, tmp_path)
    dialog = tab.open_collectors(villas["A-3"])
    qtbot.addWidget(dialog)
    assert isinstance(dialog, CollectorsDialog)
    dialog.name.insert("钱阿姨")
    dialog.relation.insert("保姆")
    qtbot.keyClicks(dialog.phone, "13722223333")
    dialog.add_collector()
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 2).text() == "137****3333"  # masked for a receptionist
    dialog.consents.setChecked(True)
    dialog.save_consent()
    assert dialog.file is not None and dialog.file.consents
    dialog.close()
    # The intake says so when the villa is chosen for the next parcel.
    tab.intake.set_villa(villas["A-3"], "A-3")
    assert tab.intake.consent.text() == " · ".join((
        _("Agreed that the desk accepts parcels for it"),
        _("{n} authorised collectors").format(n=1)))
    tab.intake.set_villa(villas["B-7"], "B-7")
    assert tab.intake.consent.text() == _("No consent to accept parcels on file")
    assert warnings == []


def test_the_paged_mail_model_is_sound_over_pages_sorts_and_filters(
        qtmodeltester: Any, receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    """Two busy months (≈3,000 items): the tester stays attached while pages come in,
    the register is sorted by the database, and a filter starts over."""
    now = dt.datetime(2026, 11, 23, 20, 0)
    write_history(receptionist, MailHistory(seed=5),
                  Period(dt.date(2026, 9, 24), now.date(), now, calls_per_villa_day=8.0))
    model = MailModel()
    everything = MailFilter()
    model.load(lambda sort, after, limit: list_mail(receptionist, everything, sort, after,
                                                    limit))
    qtmodeltester.check(model)
    assert model.rowCount() >= 200  # a page (the tester may ask for more)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() > 2000
    model.sort(MailModel.COL_SHELF, Qt.SortOrder.AscendingOrder)
    model.fetchMore()
    shelves = [model.row_at(r).shelf for r in range(model.rowCount())]
    assert shelves == sorted(shelves) and len(shelves) >= 400
    model.sort(MailModel.COL_VILLA, Qt.SortOrder.AscendingOrder)  # read by a join: refused
    assert (model.sort_column, model.sort_order) == (MailModel.COL_SHELF,
                                                     Qt.SortOrder.AscendingOrder)
    villa = MailFilter(villa_id=villas["B-7"])
    model.load(lambda sort, after, limit: list_mail(receptionist, villa, sort, after, limit))
    model.fetchMore()
    assert {model.row_at(r).villa_number for r in range(model.rowCount())} == {"B-7"}


def test_an_item_moves_to_another_shelf_from_the_list(
        qtbot: QtBot, uow: UnitOfWork, villas: dict[str, int], tmp_path: Path,
        warnings: list[str]) -> None:
    tab = open_tab(qtbot, uow, tmp_path)
    choose_villa(qtbot, tab, "A-12")
    scan(qtbot, tab, "SF1000000000007")
    assert tab.move_current("C4")
    [row] = list_mail(tab.desk.uow, MailFilter()).rows
    assert (row.shelf, row.version) == ("C4", 2)
    assert warnings == []


def test_the_days_register_sheet_and_a_notice_open_once_rendered_off_the_gui_thread(
        qtbot: QtBot, uow: UnitOfWork, villas: dict[str, int], tmp_path: Path,
        clock: FakeClock, warnings: list[str]) -> None:
    tab = open_tab(qtbot, uow, tmp_path)
    choose_villa(qtbot, tab, "A-12")
    scan(qtbot, tab, "SF1000000000001")
    job = tab.print_register_sheet(clock.now().date())
    assert job is not None and tab.preview is None  # the GUI thread did not wait for it
    qtbot.waitUntil(lambda: tab.preview is not None and tab.preview.isVisible(), timeout=15000)
    assert clock.now().date().isoformat() in tab.preview.windowTitle()
    tab.preview.close()
    tab.preview = None
    tab.print_notice(villas["A-12"], "A-12")
    qtbot.waitUntil(lambda: tab.preview is not None and tab.preview.isVisible(), timeout=15000)
    assert "A-12" in tab.preview.windowTitle()
    tab.preview.close()
    assert warnings == []


def test_a_drivers_id_typed_into_a_cancelled_pick_up_is_offered_back(
        qtbot: QtBot, uow: UnitOfWork, villas: dict[str, int], tmp_path: Path,
        warnings: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    tab = open_tab(qtbot, uow, tmp_path)
    choose_villa(qtbot, tab, "A-12")
    scan(qtbot, tab, "SF1000000000004")
    dialog = tab.pick_up_villa(villas["A-12"], "A-12")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.choose_someone_else()
    dialog.doc_type.setCurrentIndex(1)
    qtbot.keyClicks(dialog.doc_number, "11010519491231002X")
    dialog.name.insert("刘师傅")
    qtbot.keyClicks(dialog.phone, "13511112222")
    dialog.relation.insert("司机")
    dialog.reject()  # the driver went back to the van for his phone

    asked: list[str] = []
    monkeypatch.setattr(Messages, "choose", classmethod(
        lambda cls, parent, text, choices, title="", escape=-1: asked.append(text) or 0))
    again = tab.pick_up_villa(villas["A-12"], "A-12")
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: len(asked) == 1)
    assert again.who.currentData() == -1 and again.document.isEnabled()
    assert again.doc_number.text() == "11010519491231002X"
    assert (again.name.text(), again.phone.text(), again.relation.text()) == (
        "刘师傅", "13511112222", "司机")
    again.on_paper.setChecked(True)
    again.hand_over()
    assert again.done_result is not None  # handed over: the draft is gone
    assert not again.drafts.has_typed()
