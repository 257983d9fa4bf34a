"""The reception desk's first hour, fixed: phones checked against the site's own short
numbers, messages that go away once corrected, villas found however they are typed, the
answer book filling in an inquiry, and phones masked on every reception screen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDateTimeEdit, QPlainTextEdit, QPushButton
from pytestqt.qtbot import QtBot

from app.config import LocalConfig
from app.demo.resort import add_household
from app.models.calendar import WorkCalendar
from app.models.households import HouseholdRole
from app.models.reception import EntryClass, ReceptionEntry
from app.services import answer_book, short_numbers, site, work_orders
from app.services.answer_book import AnswerDraft
from app.services.uow import UnitOfWork
from app.views.desk import Desk
from app.views.estate.prompts import DateDialog
from app.views.estate.tab import EstateTab
from app.views.main_window.tabs import build_tabs
from app.views.main_window.window import MainWindow
from app.views.messages import Messages
from app.views.reception.entries_model import EntriesModel
from app.views.reception.promises_view import PromisesDialog, PromisesModel
from app.views.reception.prompts import TextPrompt
from app.views.reception.tab import ReceptionTab
from app.views.rules.rules_dialog import RulesDialog
from app.views.widgets.villa_picker import VillaPicker
from app.views.work_orders.editor import WorkOrderEditor
from tests.views.test_reception_tab import make_tab, type_chinese

Key = Qt.Key


@pytest.fixture
def tab(qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, villas: dict[str, int],
        tmp_path: Path) -> ReceptionTab:
    return make_tab(qtbot, uow, receptionist, tmp_path)


def test_a_corrected_field_loses_its_message_at_once_and_the_others_keep_theirs(
        qtbot: QtBot, tab: ReceptionTab) -> None:
    form = tab.form
    qtbot.keyClicks(form.contact_phone, "139472")  # a mobile cut off mid-call
    assert form.save() is None
    assert "11" in form.errors.message("contact_phone")
    assert form.errors.message("caller_name") and form.errors.message("content")

    qtbot.keyClicks(form.contact_phone, "58888")
    assert form.errors.message("contact_phone") == ""
    assert form.contact_phone.styleSheet() == ""  # no red border left either
    assert form.errors.message("caller_name") and form.errors.message("content")
    type_chinese(form.caller_name, "李娜")
    assert form.errors.message("caller_name") == ""
    assert form.errors.message("content")
    type_chinese(form.content, "门禁卡失效")
    assert form.errors.message("content") == ""
    assert form.save() is not None


def test_the_manager_lists_the_clubhouse_extensions_and_the_desk_accepts_only_those(
        qtbot: QtBot, uow: UnitOfWork, manager: UnitOfWork, receptionist: UnitOfWork,
        tmp_path: Path) -> None:
    desk = Desk(uow, LocalConfig.load(tmp_path / "m.json"), actor=manager.actor)
    dialog = RulesDialog(desk)
    qtbot.addWidget(dialog)
    dialog.show()
    page = dialog.short_numbers
    dialog.tabs.setCurrentWidget(page)
    page.numbers.setFocus()
    qtbot.keyClicks(page.numbers, "8001")
    qtbot.keyClick(page.numbers, Key.Key_Return)
    qtbot.keyClicks(page.numbers, "13947")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "13947" in page.errors.message("short_numbers")
    assert short_numbers.list_short_numbers(manager) == []
    assert page.numbers.toPlainText() == "8001\n13947"  # nothing typed is lost

    qtbot.keyClick(page.numbers, Key.Key_Backspace)
    assert page.errors.message("short_numbers") == ""
    page.numbers.setPlainText("8001\n8002")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert short_numbers.list_short_numbers(manager) == ["8001", "8002"]

    tab = make_tab(qtbot, uow, receptionist, tmp_path / "desk")
    form = tab.form
    type_chinese(form.caller_name, "花园班组")
    type_chinese(form.content, "会所花园喷淋头坏了")
    qtbot.keyClicks(form.contact_phone, "8003")
    assert form.save() is None and "8003" in form.errors.message("contact_phone")
    form.contact_phone.setText("8002")
    row = form.save()
    assert row is not None and row.caller_name == "花园班组"


def _popup_labels(picker: VillaPicker) -> list[str]:
    popup = picker.completer().popup()
    model = popup.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())] if popup.isVisible() \
        else []


def test_the_villa_field_offers_a12_for_a12_and_every_villa_12_for_12(
        qtbot: QtBot, tab: ReceptionTab, receptionist: UnitOfWork) -> None:
    add_household(receptionist, "C-12", "山景区", [("孙丽", HouseholdRole.OWNER, "", "")])
    picker = tab.form.villa
    picker.setFocus()
    qtbot.keyClicks(picker, "a12")
    qtbot.waitUntil(lambda: _popup_labels(picker) == ["A-12  张伟"])
    popup = picker.completer().popup()
    qtbot.keyClick(popup, Key.Key_Down)
    qtbot.keyClick(popup, Key.Key_Return)
    qtbot.waitUntil(lambda: picker.villa_id() != 0)
    assert picker.villa_number() == "A-12" and tab.form.caller_name.text() == "张伟"

    tab.form.new_record()
    picker.setFocus()
    qtbot.keyClicks(picker, "12")
    qtbot.waitUntil(lambda: _popup_labels(picker) == ["A-12  张伟", "C-12  孙丽"])
    picker.completer().popup().hide()
    qtbot.keyClicks(picker, "")  # still two villas 12: nothing is chosen for the desk
    assert picker.villa_id() == 0


def test_ctrl_f_finds_a12_typed_without_the_dash(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, villas: dict[str, int],
        tmp_path: Path) -> None:
    desk = Desk(uow, LocalConfig.load(tmp_path / "w.json"), actor=receptionist.actor)
    window = MainWindow(desk, site.get_site(uow), WorkCalendar(), build_tabs(desk))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.focusWidget() is window.search
    qtbot.keyClicks(window.search, "A12")
    qtbot.waitUntil(window.search.results.isVisible)
    assert [h.title for g in window.search.groups for h in g.hits] == ["A-12"]
    qtbot.keyClick(window.search, Key.Key_Return)
    estate = window.current_tab()
    assert isinstance(estate, EstateTab) and estate.villas.current_id() == villas["A-12"]


def test_an_answer_from_the_book_makes_the_call_an_inquiry_with_question_and_answer(
        qtbot: QtBot, tab: ReceptionTab, supervisor: UnitOfWork) -> None:
    answer_book.create_answer(supervisor, AnswerDraft(
        "会所", "会所泳池开放时间？", "每天6:30-21:30开放，周一上午换水。", "游泳 泳池"))
    form = tab.form
    assert form.entry_class.currentData() == EntryClass.REPAIR  # the form's default
    type_chinese(form.caller_name, "张伟")
    form.content.setFocus()
    type_chinese(form.content, "泳池几点开门")
    qtbot.keyClick(form.content, Key.Key_F4)
    dialog = form.answer_book_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    type_chinese(dialog.search, "泳池")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    qtbot.keyClick(dialog.search, Key.Key_Return)  # 采用此答案 is the default button
    assert not dialog.isVisible()

    assert form.entry_class.currentData() == EntryClass.INQUIRY
    assert form.content.toPlainText() == (
        "泳池几点开门\n问：会所泳池开放时间？\n答：每天6:30-21:30开放，周一上午换水。")
    row = form.save()
    assert row is not None and row.entry_class == EntryClass.INQUIRY
    assert "会所泳池开放时间？" in row.content and "周一上午换水" in row.content


def test_phones_are_masked_for_the_receptionist_on_every_reception_screen_not_in_the_record(
        qtbot: QtBot, uow: UnitOfWork, tab: ReceptionTab, supervisor: UnitOfWork,
        tmp_path: Path) -> None:
    form = tab.form
    form.villa.setFocus()
    qtbot.keyClicks(form.villa, "A-12")
    form.villa.completer().popup().hide()
    qtbot.keyClick(form.villa, Key.Key_Return)
    qtbot.waitUntil(lambda: form.caller_name.text() == "张伟")
    assert form.contact_phone.text() == "138****5678"  # the autofill, masked
    form.entry_class.setCurrentIndex(form.entry_class.findData(EntryClass.INQUIRY))
    type_chinese(form.content, "泳池冬季开放吗？")
    form.promise_answer.setChecked(True)
    row = form.save()
    assert row is not None

    def shown(dialog_or_tab: ReceptionTab | PromisesDialog, column: int) -> list[str]:
        model = dialog_or_tab.table.model()
        return [model.index(r, column).data() for r in range(model.rowCount())]

    assert shown(tab, EntriesModel.COL_PHONE) == ["138****5678"]
    assert "138****5678" in tab.detail.text() and "13812345678" not in tab.detail.text()
    tab.open_promises()
    assert tab.promises_dialog is not None
    qtbot.addWidget(tab.promises_dialog)
    assert shown(tab.promises_dialog, PromisesModel.COL_PHONE) == ["138****5678"]
    with uow.read() as session:  # the desk can still call back
        assert session.get(ReceptionEntry, row.id).contact_phone == "13812345678"  # type: ignore[union-attr]

    desk = make_tab(qtbot, uow, supervisor, tmp_path / "supervisor")
    assert shown(desk, EntriesModel.COL_PHONE) == ["13812345678"]
    desk.open_promises()
    assert desk.promises_dialog is not None
    qtbot.addWidget(desk.promises_dialog)
    assert shown(desk.promises_dialog, PromisesModel.COL_PHONE) == ["13812345678"]


def _tab_through(qtbot: QtBot, count: int, key: Qt.Key = Key.Key_Tab) -> list[str]:
    seen = []
    for _press in range(count):
        qtbot.keyClick(QApplication.focusWidget(), key)
        seen.append(QApplication.focusWidget().objectName())
    return seen


def test_tab_walks_the_call_form_one_field_at_a_time_then_save(
        qtbot: QtBot, tab: ReceptionTab) -> None:
    form = tab.form
    form.channel.setFocus()
    qtbot.waitUntil(form.channel.hasFocus)
    # One Tab through the time (not year, month, day, hour, minute), then the class.
    assert _tab_through(qtbot, 12) == [
        "villa", "caller_name", "contact_phone", "occurred_at", "entry_class", "content",
        "has_appointment", "special_requirements", "save", "clear", "time_now",
        "answer_book"]
    assert _tab_through(qtbot, 6, Key.Key_Backtab) == [
        "time_now", "clear", "save", "special_requirements", "has_appointment", "content"]

    # An inquiry with a visit time: the appointment and the promise are stops of their own.
    form.entry_class.setCurrentIndex(form.entry_class.findData(EntryClass.INQUIRY))
    form.has_appointment.setChecked(True)
    form.occurred_at.setFocus()
    qtbot.waitUntil(form.occurred_at.hasFocus)
    assert _tab_through(qtbot, 7) == [
        "entry_class", "content", "has_appointment", "appointment_at", "special_requirements",
        "promise_answer", "save"]
    # Sections of the time are still changed from the keyboard: ↑ on the minutes.
    form.occurred_at.setFocus()
    before = form.occurred_at.dateTime()
    form.occurred_at.setCurrentSection(QDateTimeEdit.Section.MinuteSection)
    qtbot.keyClick(form.occurred_at, Key.Key_Up)
    assert form.occurred_at.dateTime() == before.addSecs(60)


def test_tab_walks_the_work_order_editor_one_field_at_a_time(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, villas: dict[str, int],
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Closing at the end throws the typing away: yes.
    monkeypatch.setattr(Messages, "confirm", classmethod(lambda cls, *args, **kw: True))
    work_orders.ensure_defaults(uow)
    desk = Desk(uow, LocalConfig.load(tmp_path / "e.json"), actor=receptionist.actor)
    editor = WorkOrderEditor(desk)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    editor.appointment_at.check.setChecked(True)
    editor.special_requirements.setFocus()
    qtbot.waitUntil(editor.special_requirements.hasFocus)
    assert _tab_through(qtbot, 5) == [
        "received_at", "appointment_at_set", "appointment_at", "expected_completion_at_set",
        "assignee"]


def test_tab_leaves_the_void_reason_for_the_buttons(qtbot: QtBot, tab: ReceptionTab) -> None:
    dialog = TextPrompt.dialog(tab, "作废", "作废原因")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    text = dialog.findChild(QPlainTextEdit)
    text.setFocus()
    qtbot.waitUntil(text.hasFocus)
    type_chinese(text, "重复登记")
    qtbot.keyClick(text, Key.Key_Tab)
    assert isinstance(QApplication.focusWidget(), QPushButton)
    assert dialog.textValue() == "重复登记"  # no tab character typed into the reason


def test_one_tab_leaves_the_move_out_date_for_save(qtbot: QtBot) -> None:
    dialog = DateDialog("迁出", "A-12 迁出", "迁出日期", "moved_out_on", dt.date(2026, 11, 24),
                        lambda _day: None, optional=False)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.edit.setFocus()
    qtbot.waitUntil(dialog.edit.hasFocus)
    qtbot.keyClick(dialog.edit, Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert isinstance(focused, QPushButton)  # not the month, then the day
