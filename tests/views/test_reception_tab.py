"""A day at the front desk, driven through the Reception tab."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from app.clock import FakeClock
from app.config import LocalConfig
from app.models.numbering import DocumentKind
from app.models.reception import Channel, EntryClass
from app.models.work_orders import Department, WorkOrder, WorkOrderState
from app.services import answer_book, numbering, promises
from app.services.answer_book import AnswerDraft
from app.services.reception import NewEntry, class_title, log_entry
from app.services.uow import UnitOfWork
from app.views.desk import Desk
from app.views.messages import Messages
from app.views.reception.answer_book import AnswerBookDialog, AnswersModel
from app.views.reception.answer_edit import AnswerEditDialog
from app.views.reception.entries_model import EntriesModel
from app.views.reception.promises_view import PromisesModel
from app.views.reception.prompts import TextPrompt
from app.views.reception.review import ReviewDaysModel
from app.views.reception.tab import ReceptionTab

Key = Qt.Key


def make_tab(qtbot: QtBot, base: UnitOfWork, who: UnitOfWork, tmp_path: Path) -> ReceptionTab:
    desk = Desk(base, LocalConfig.load(tmp_path / "c.json"), actor=who.actor)
    tab = ReceptionTab(desk)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    return tab


@pytest.fixture
def tab(qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, villas: dict[str, int],
        tmp_path: Path) -> ReceptionTab:
    return make_tab(qtbot, uow, receptionist, tmp_path)


def type_chinese(widget: object, text: str) -> None:
    """What an input method commits: QTest can only type ASCII keys."""
    widget.insertPlainText(text) if hasattr(widget, "insertPlainText") else widget.insert(text)  # type: ignore[attr-defined]


def rows(tab: ReceptionTab) -> list[str]:
    model = tab.table.model()
    return [model.index(r, EntriesModel.COL_CONTENT).data() for r in range(model.rowCount())]


def open_work_order(uow: UnitOfWork, entry_id: int, villa_id: int) -> str:
    """The work-orders module links a work order to the record it came from."""
    with uow.transaction() as session:
        doc = numbering.allocate(session, DocumentKind.DISPATCH_SLIP, record_type="work_order",
                                 actor=uow.actor, now=uow.clock.now())
        session.add(WorkOrder(number=doc.number, document_id=doc.id, villa_id=villa_id,
                              content="厨房水龙头漏水", department=Department.ENGINEERING,
                              state=WorkOrderState.RECEIVED, received_at=uow.clock.now(),
                              taken_by_id=uow.actor.staff_id, entry_id=entry_id))
        return doc.number


def test_a_call_is_typed_with_enter_between_fields_and_saved_with_ctrl_enter(
        qtbot: QtBot, tab: ReceptionTab, clock: FakeClock) -> None:
    """The owner of A-12 rings about a leaking tap; the receptionist never touches the mouse."""
    form = tab.form
    assert tab.main_action().shortcut().toString() == "F2"
    qtbot.keyClick(tab, Key.Key_F2)
    qtbot.waitUntil(form.channel.hasFocus)

    qtbot.keyClick(form.channel, Key.Key_Return)
    qtbot.waitUntil(form.villa.hasFocus)
    qtbot.keyClicks(form.villa, "A-12")
    form.villa.completer().popup().hide()
    qtbot.keyClick(form.villa, Key.Key_Return)
    qtbot.waitUntil(form.caller_name.hasFocus)
    # The owner's name and phone are filled in from the household file.
    assert form.villa.villa_id() and form.caller_name.text() == "张伟"
    assert form.contact_phone.text() == "138****5678"  # masked for a receptionist
    for _field in ("caller", "phone", "time"):
        qtbot.keyClick(tab.focusWidget(), Key.Key_Return)
    qtbot.waitUntil(form.entry_class.hasFocus)
    assert form.entry_class.currentData() == EntryClass.REPAIR
    qtbot.keyClick(form.entry_class, Key.Key_Return)
    qtbot.waitUntil(form.content.hasFocus)
    type_chinese(form.content, "厨房水龙头漏水")
    qtbot.keyClick(form.content, Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    type_chinese(form.content, "一直滴水")
    assert form.content.toPlainText() == "厨房水龙头漏水\n一直滴水"
    clock.advance(minutes=2)

    with qtbot.waitSignal(form.saved) as saved:
        qtbot.keyClick(form.content, Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    row = saved.args[0]
    assert (row.caller_name, row.villa_number, row.taken_by_name) == ("张伟", "A-12", "王丽")
    assert row.occurred_at == dt.datetime(2026, 11, 24, 8, 30)  # when typing began
    assert not row.back_entered
    # Cleared for the next call, the cursor back on the first field, the new row selected.
    assert form.caller_name.text() == "" and form.content.toPlainText() == ""
    qtbot.waitUntil(form.channel.hasFocus)
    assert rows(tab) == ["厨房水龙头漏水 一直滴水"]
    current = tab.current_entry()
    assert current is not None and current.id == row.id
    assert tab.counts.text().startswith(f"{class_title(EntryClass.REPAIR)} 1")


def test_a_rejected_record_keeps_everything_typed_and_says_why_beside_the_field(
        qtbot: QtBot, tab: ReceptionTab) -> None:
    form = tab.form
    type_chinese(form.caller_name, "李娜")
    qtbot.keyClicks(form.contact_phone, "1398765")
    assert form.save() is None
    assert form.errors.message("content")
    assert "11" in form.errors.message("contact_phone")
    assert form.caller_name.text() == "李娜" and form.contact_phone.text() == "1398765"
    assert rows(tab) == []

    form.contact_phone.setText("13987654321")
    form.content.setPlainText("门禁卡失效")
    assert form.save() is not None
    assert form.errors.message("content") == ""


def test_a_paper_record_from_the_outage_is_back_entered_with_its_real_time(
        qtbot: QtBot, tab: ReceptionTab) -> None:
    form = tab.form
    form.caller_name.setText("王建国")
    form.content.setPlainText("停电时来电：车库卷帘门卡住")
    form.occurred_at.setDateTime(QDateTime(2026, 11, 24, 6, 45, 0))
    assert form.back_entry_hint.isVisible()
    row = form.save()
    assert row is not None and row.back_entered
    assert row.occurred_at == dt.datetime(2026, 11, 24, 6, 45)
    assert not form.back_entry_hint.isVisible()  # the fresh form is back on "now"
    assert "补录" in tab.detail.text() or "Back-entered" in tab.detail.text()


def test_f2_does_not_throw_away_a_half_typed_call_without_asking(
        qtbot: QtBot, tab: ReceptionTab, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(Messages, "confirm", classmethod(
        lambda cls, parent, text, title="": asked.append(text) is not None and False))
    tab.form.content.setPlainText("业主说明天再打来")
    tab.main_action().trigger()
    assert asked and tab.form.content.toPlainText() == "业主说明天再打来"
    monkeypatch.setattr(Messages, "confirm", classmethod(lambda cls, parent, text, title="": True))
    tab.main_action().trigger()
    assert tab.form.content.toPlainText() == ""


def test_counts_and_filters_follow_the_day(
        qtbot: QtBot, tab: ReceptionTab, receptionist: UnitOfWork, supervisor: UnitOfWork,
        villas: dict[str, int], clock: FakeClock) -> None:
    log_entry(receptionist, NewEntry(Channel.PHONE, EntryClass.REPAIR, "张伟", "主卧空调不制冷",
                                     villa_id=villas["A-12"]))
    log_entry(receptionist, NewEntry(Channel.PHONE, EntryClass.INQUIRY, "王建国", "物业费缴纳方式",
                                     villa_id=villas["A-3"]))
    log_entry(supervisor, NewEntry(Channel.VISIT, EntryClass.COMPLAINT, "赵敏", "邻居装修噪音",
                                   villa_id=villas["B-7"]))
    log_entry(receptionist, NewEntry(Channel.PHONE, EntryClass.HELP, "周杰", "代叫出租车",
                                     villa_id=villas["B-7"],
                                     occurred_at=dt.datetime(2026, 11, 23, 20)))
    # Services run elsewhere still refresh the tab through the desk's change signal.
    assert len(rows(tab)) == 3
    expected = " · ".join([f"{class_title(EntryClass.REPAIR)} 1",
                           f"{class_title(EntryClass.INQUIRY)} 1",
                           f"{class_title(EntryClass.COMPLAINT)} 1",
                           f"{class_title(EntryClass.HELP)} 0"])
    assert tab.counts.text().startswith(expected)

    tab.filters.entry_class.setCurrentIndex(tab.filters.entry_class.findData(EntryClass.INQUIRY))
    assert rows(tab) == ["物业费缴纳方式"]
    tab.filters.entry_class.setCurrentIndex(0)
    tab.filters.staff.setCurrentIndex(tab.filters.staff.findData(supervisor.actor.staff_id))
    assert rows(tab) == ["邻居装修噪音"]
    tab.filters.staff.setCurrentIndex(0)

    qtbot.mouseClick(tab.filters.previous, Qt.MouseButton.LeftButton)
    assert rows(tab) == ["代叫出租车"]
    assert f"{class_title(EntryClass.HELP)} 1" in tab.counts.text()
    qtbot.mouseClick(tab.filters.today, Qt.MouseButton.LeftButton)

    tab.open_villa(villas["B-7"])  # from the main window's villa search
    assert tab.filters.villa.villa_number() == "B-7"
    assert sorted(rows(tab)) == sorted(["邻居装修噪音", "代叫出租车"])
    model = tab.table.model()
    assert model.index(0, EntriesModel.COL_TIME).data().startswith("2026-11-2")  # dates shown


def test_repair_and_help_records_open_a_work_order_once_complaints_wait(
        qtbot: QtBot, tab: ReceptionTab, receptionist: UnitOfWork, villas: dict[str, int],
        clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    complaint = log_entry(receptionist, NewEntry(Channel.PHONE, EntryClass.COMPLAINT, "赵敏",
                                                 "邻居装修噪音", villa_id=villas["B-7"]))
    clock.advance(minutes=5)
    repair = log_entry(receptionist, NewEntry(Channel.PHONE, EntryClass.REPAIR, "张伟",
                                              "厨房水龙头漏水", villa_id=villas["A-12"]))
    action = tab.open_work_order_action
    assert tab.select_entry(repair.id) and action.isEnabled()
    with qtbot.waitSignal(tab.work_order_requested) as requested:
        qtbot.mouseClick(tab.findChild(type(tab.void_button), "open_work_order_button"),
                         Qt.MouseButton.LeftButton)
    assert requested.args == [repair.id]

    shown: list[QMenu] = []
    monkeypatch.setattr(QMenu, "popup", lambda menu, *_a: shown.append(menu))
    tab.select_entry(complaint.id)
    tab._context_menu(tab.table.visualRect(tab.table.currentIndex()).center())
    assert action in shown[0].actions()
    assert not action.isEnabled()
    assert "complaint" in action.toolTip().lower() or "投诉" in action.toolTip()

    number = open_work_order(receptionist, repair.id, villas["A-12"])
    assert tab.select_entry(repair.id)
    assert not action.isEnabled()
    model = tab.table.model()
    row = next(r for r in range(model.rowCount())
               if model.index(r, EntriesModel.COL_CONTENT).data() == "厨房水龙头漏水")
    assert number in model.index(row, EntriesModel.COL_STATUS).data()
    with qtbot.assertNotEmitted(tab.work_order_requested):
        tab.request_work_order()


def test_an_inquiry_promised_for_tomorrow_turns_red_and_is_answered(
        qtbot: QtBot, tab: ReceptionTab, receptionist: UnitOfWork, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    form = tab.form
    form.entry_class.setCurrentIndex(form.entry_class.findData(EntryClass.INQUIRY))
    assert not form.promise_answer.isHidden()
    form.caller_name.setText("王建国")
    form.content.setPlainText("今年冬季供暖什么时候开始？")
    form.promise_answer.setChecked(True)
    row = form.save()
    assert row is not None and row.promise_id is not None
    assert tab.promises_indicator.isVisible()
    assert "1" in tab.promises_indicator.text()

    clock.advance(hours=25)
    tab.refresh()
    model = tab.table.model()
    assert model.index(0, EntriesModel.COL_TIME).data(Qt.ItemDataRole.BackgroundRole) is not None
    tab.open_promises()
    dialog = tab.promises_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    first = dialog.model.index(0, PromisesModel.COL_DUE)
    assert first.data(Qt.ItemDataRole.BackgroundRole) is not None  # overdue stands out

    monkeypatch.setattr(TextPrompt, "ask", classmethod(
        lambda cls, parent, title, label, text="": "12月1日开始供暖，已回电告知"))
    dialog.record_answer()
    assert promises.open_promises(receptionist) == []
    assert dialog.model.rowCount() == 0
    assert not tab.promises_indicator.isVisible()


def test_the_answer_book_is_searched_from_the_form_and_kept_by_the_supervisor(
        qtbot: QtBot, uow: UnitOfWork, supervisor: UnitOfWork, tab: ReceptionTab,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    answer_book.create_answer(supervisor, AnswerDraft(
        "会所", "会所泳池开放时间？", "每天6:30-21:30开放，周一上午换水。", "游泳 泳池"))
    form = tab.form
    form.content.setPlainText("泳池几点开门")
    form.content.setFocus()
    qtbot.keyClick(form.content, Key.Key_F4)
    dialog = form.answer_book_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    assert dialog.new_button.isHidden()  # a receptionist reads only
    type_chinese(dialog.search, "游泳")
    assert dialog.model.rowCount() == 1
    assert "6:30" in dialog.viewer.toPlainText()
    qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    assert "每天6:30-21:30开放" in form.content.toPlainText()
    assert form.content.toPlainText().startswith("泳池几点开门\n")

    # The supervisor's desk: write a new answer through the edit dialog.
    other = make_tab(qtbot, uow, supervisor, tmp_path / "sup")
    book = AnswerBookDialog(other.desk, other)
    qtbot.addWidget(book)
    assert not book.new_button.isHidden()
    editor = AnswerEditDialog(other.desk, None, book)
    qtbot.addWidget(editor)
    editor.question.setPlainText("访客车辆怎么登记？")
    editor.save()
    assert editor.errors.message("answer")
    editor.answer.setPlainText("业主提前在前台登记车牌。")
    editor.topic.setCurrentText("停车")
    editor.save()
    assert editor.saved_row is not None and editor.result() == 1
    monkeypatch.setattr(AnswerEditDialog, "ask", classmethod(
        lambda cls, parent, desk, existing=None: editor.saved_row))
    book.new_answer()
    assert book.search.text() == "访客车辆怎么登记？" and book.model.rowCount() == 1
    book.toggle_active()
    assert answer_book.search_answers(supervisor, "访客") == []


def test_review_indicator_receptionist_sees_supervisor_signs(
        qtbot: QtBot, uow: UnitOfWork, tab: ReceptionTab, receptionist: UnitOfWork,
        supervisor: UnitOfWork, villas: dict[str, int], tmp_path: Path) -> None:
    for day in (20, 21, 23):
        log_entry(receptionist, NewEntry(Channel.PHONE, EntryClass.HELP, "张伟", "代叫出租车",
                                         villa_id=villas["A-12"],
                                         occurred_at=dt.datetime(2026, 11, day, 9)))
    assert "3" in tab.unsigned_indicator.text()
    qtbot.mouseClick(tab.unsigned_indicator, Qt.MouseButton.LeftButton)
    dialog = tab.review_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    assert dialog.current() is not None and dialog.current().day == dt.date(2026, 11, 20)
    assert not dialog.sign_button.isEnabled()
    assert dialog.sign_button.toolTip()

    boss = make_tab(qtbot, uow, supervisor, tmp_path / "sup")
    boss.open_review()
    review = boss.review_dialog
    assert review is not None
    qtbot.addWidget(review)
    assert review.sign_button.isEnabled()
    type_chinese(review.remarks, "已核对")
    qtbot.keyClick(review.remarks, Key.Key_Return)
    assert "2" in tab.unsigned_indicator.text()  # the receptionist's desk heard it too
    assert review.current() is not None and review.current().day == dt.date(2026, 11, 21)
    assert not review.remarks.text()
    assert review.model.index(review.model.rowCount() - 1, ReviewDaysModel.COL_REMARKS).data(
    ) == "已核对"
    review.sign()
    review.sign()
    assert tab.unsigned_indicator.text() == boss.unsigned_indicator.text()
    assert not any(ch.isdigit() for ch in boss.unsigned_indicator.text())  # all signed


def test_a_supervisor_voids_a_duplicate_and_it_is_struck_out(
        qtbot: QtBot, uow: UnitOfWork, supervisor: UnitOfWork, receptionist: UnitOfWork,
        villas: dict[str, int], tab: ReceptionTab, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert tab.void_button.isHidden()  # not the receptionist's to void
    row = log_entry(receptionist, NewEntry(Channel.PHONE, EntryClass.REPAIR, "张伟", "门铃不响",
                                           villa_id=villas["A-12"]))
    boss = make_tab(qtbot, uow, supervisor, tmp_path / "sup")
    assert boss.select_entry(row.id) and not boss.void_button.isHidden()
    monkeypatch.setattr(TextPrompt, "ask", classmethod(
        lambda cls, parent, title, label, text="": "重复登记"))
    boss.void_current()
    model = boss.table.model()
    assert model.index(0, EntriesModel.COL_CONTENT).data(Qt.ItemDataRole.FontRole).strikeOut()
    assert "重复登记" in model.index(0, EntriesModel.COL_STATUS).data()
    assert not boss.void_action.isEnabled() and not boss.open_work_order_action.isEnabled()
    assert f"{class_title(EntryClass.REPAIR)} 0" in tab.counts.text()


def test_table_models_behave(qtmodeltester, receptionist: UnitOfWork, supervisor: UnitOfWork,  # type: ignore[no-untyped-def]
                             villas: dict[str, int], clock: FakeClock) -> None:
    from app.services import daily_review, reception

    entry = log_entry(receptionist, NewEntry(Channel.PHONE, EntryClass.INQUIRY, "王建国",
                                             "物业费缴纳方式", villa_id=villas["A-3"],
                                             promise_answer=True))
    log_entry(receptionist, NewEntry(Channel.VISIT, EntryClass.REPAIR, "张伟", "门铃不响"))
    entries = EntriesModel()
    entries.load(lambda sort, after, limit: reception.page_entries(
        receptionist, reception.EntryFilter(clock.now().date(), clock.now().date()),
        sort, after, limit), show_dates=False)
    qtmodeltester.check(entries)
    assert entries.row_of(entry.id) >= 0

    answers = AnswersModel()
    answer_book.create_answer(supervisor, AnswerDraft("物业费", "怎么交？", "前台刷卡。"))
    answers.set_rows(answer_book.search_answers(receptionist, ""))
    qtmodeltester.check(answers)

    days = ReviewDaysModel(clock.now().date())
    days.set_rows(daily_review.review_days(receptionist, dt.date(2026, 11, 1),
                                           clock.now().date()), clock.now().date())
    qtmodeltester.check(days)

    open_rows = PromisesModel()
    open_rows.set_rows(promises.open_promises(receptionist))
    qtmodeltester.check(open_rows)
    assert open_rows.rowCount() == 1
