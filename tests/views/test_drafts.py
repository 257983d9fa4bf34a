"""Nothing typed is lost: half-typed calls and work orders are kept for whoever typed them.

王丽 (008) is typing a call from the owner of A-12 when the desk is closed, the shift changes
or the program dies; the call comes back to her, and only to her, with her as 首问责任人.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from app.clock import FakeClock
from app.config import LocalConfig
from app.models.calendar import WorkCalendar
from app.services import drafts, site, work_orders
from app.services.uow import UnitOfWork
from app.views.desk import Desk
from app.views.main_window.tabs import build_tabs
from app.views.main_window.window import MainWindow
from app.views.messages import Messages
from app.views.reception.tab import ReceptionTab
from app.views.work_orders.editor import WorkOrderEditor
from tests.conftest import PASSWORD
from tests.views.test_reception_tab import type_chinese

KEEP, CANCEL = 0, 1  # the quit question's buttons
RESTORE, DISCARD = 0, 1  # the restore question's buttons


@dataclass
class Answers:
    """Plays the person answering the questions: scripted answers, every question kept."""

    choices: list[int] = field(default_factory=list)
    confirms: list[bool] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)

    def choose(self, text: str) -> int:
        self.asked.append(text)
        # Unscripted (the window closed after the test): keep the draft and quit.
        return self.choices.pop(0) if self.choices else KEEP

    def confirm(self, text: str) -> bool:
        self.asked.append(text)
        return self.confirms.pop(0) if self.confirms else True


@pytest.fixture
def person(monkeypatch: pytest.MonkeyPatch) -> Iterator[Answers]:
    who = Answers()
    monkeypatch.setattr(Messages, "choose", classmethod(
        lambda cls, parent, text, choices, title="", escape=-1: who.choose(text)))
    monkeypatch.setattr(Messages, "confirm", classmethod(
        lambda cls, parent, text, title="": who.confirm(text)))
    monkeypatch.setattr(Messages, "warn", classmethod(
        lambda cls, parent, text, title="": pytest.fail(f"unexpected warning: {text}")))
    yield who


def open_window(qtbot: QtBot, base: UnitOfWork, who: UnitOfWork, tmp_path: Path) -> MainWindow:
    """The program as it starts after sign-in (a new Desk each time, as after a restart)."""
    desk = Desk(base, LocalConfig.load(tmp_path / "config.json"), actor=who.actor)
    win = MainWindow(desk, site.get_site(base), WorkCalendar(), build_tabs(desk))
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    return win


def reception(win: MainWindow) -> ReceptionTab:
    tab = win.findChild(ReceptionTab)
    assert tab is not None
    return tab


def half_type_a_call(qtbot: QtBot, tab: ReceptionTab, villa_id: int) -> None:
    form = tab.form
    form.villa.set_villa(villa_id, "A-12")  # the owner 张伟 is filled in as caller
    form.content.setFocus()
    type_chinese(form.content, "二楼卫生间水龙头漏水，")
    qtbot.keyClicks(form.special_requirements, "call first")


def sign_in_at_lock(qtbot: QtBot, win: MainWindow, agent_no: str) -> None:
    win.lock()
    dialog = win._lock_dialog
    dialog.agent_no.setText(agent_no)
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(win.unlocked):
        dialog.try_login()


def test_closing_the_window_with_a_half_typed_call_asks_and_cancel_keeps_it(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, villas: dict[str, int],
        tmp_path: Path, person: Answers) -> None:
    win = open_window(qtbot, uow, receptionist, tmp_path)
    half_type_a_call(qtbot, reception(win), villas["A-12"])
    person.choices = [CANCEL]
    assert not win.close()
    assert len(person.asked) == 1 and "来电登记" in person.asked[0] and "草稿" in person.asked[0]
    assert win.isVisible()
    assert reception(win).form.content.toPlainText() == "二楼卫生间水龙头漏水，"


def test_quitting_keeps_the_call_and_after_a_restart_it_comes_back(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, villas: dict[str, int],
        tmp_path: Path, clock: FakeClock, person: Answers) -> None:
    win = open_window(qtbot, uow, receptionist, tmp_path)
    half_type_a_call(qtbot, reception(win), villas["A-12"])
    person.choices = [KEEP]
    qtbot.keyClick(win, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Q
    assert not win.isVisible() and len(person.asked) == 1

    clock.advance(hours=1)  # 09:30: the program is started again
    person.choices = [RESTORE]
    again = open_window(qtbot, uow, receptionist, tmp_path)
    qtbot.waitUntil(lambda: len(person.asked) == 2)
    assert "08:30" in person.asked[1] and "来电登记" in person.asked[1]
    form = reception(again).form
    assert form.villa.villa_id() == villas["A-12"] and form.villa.text() == "A-12"
    assert form.caller_name.text() == "张伟"
    assert form.content.toPlainText() == "二楼卫生间水龙头漏水，"
    assert form.special_requirements.text() == "call first"
    assert form.draft().occurred_at is not None
    assert form.draft().occurred_at.strftime("%H:%M") == "08:30"  # when the call came in
    assert "王丽" in form.owner_label.text()


def test_after_a_crash_the_autosaved_call_is_offered_and_discard_forgets_it(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, villas: dict[str, int],
        tmp_path: Path, person: Answers) -> None:
    win = open_window(qtbot, uow, receptionist, tmp_path)
    half_type_a_call(qtbot, reception(win), villas["A-12"])
    # Typing stops; a moment later the call is on disk, before any question or quitting.
    qtbot.waitUntil(lambda: drafts.load_draft(receptionist, "reception.entry") is not None,
                    timeout=5000)
    assert person.asked == []

    person.choices = [DISCARD]
    again = open_window(qtbot, uow, receptionist, tmp_path)  # the process died; a new start
    qtbot.waitUntil(lambda: len(person.asked) == 1)
    assert reception(again).form.content.toPlainText() == ""
    assert drafts.load_draft(receptionist, "reception.entry") is None


def test_switching_user_puts_the_call_away_for_the_one_who_typed_it(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, supervisor: UnitOfWork,
        villas: dict[str, int], tmp_path: Path, person: Answers) -> None:
    win = open_window(qtbot, uow, receptionist, tmp_path)
    form = reception(win).form
    half_type_a_call(qtbot, reception(win), villas["A-12"])

    sign_in_at_lock(qtbot, win, "002")  # 刘主管 takes over the desk
    assert form.content.toPlainText() == "" and form.caller_name.text() == ""
    assert "刘主管" in form.owner_label.text() and "王丽" not in form.owner_label.text()
    qtbot.wait(50)  # a draft would be offered on the next turn of the event loop
    assert person.asked == []  # 王丽's call is never offered to someone else
    kept = drafts.load_draft(receptionist, "reception.entry")
    assert kept is not None and kept.payload["content"] == "二楼卫生间水龙头漏水，"
    assert drafts.load_draft(supervisor, "reception.entry") is None

    person.choices = [RESTORE]
    sign_in_at_lock(qtbot, win, "008")  # 王丽 is back
    qtbot.waitUntil(lambda: len(person.asked) == 1)
    assert form.content.toPlainText() == "二楼卫生间水龙头漏水，"
    assert form.caller_name.text() == "张伟"
    assert "王丽" in form.owner_label.text()


def test_unlocking_as_the_same_user_leaves_the_form_as_it_was(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, villas: dict[str, int],
        tmp_path: Path, person: Answers) -> None:
    win = open_window(qtbot, uow, receptionist, tmp_path)
    half_type_a_call(qtbot, reception(win), villas["A-12"])
    sign_in_at_lock(qtbot, win, "008")
    qtbot.wait(50)
    assert person.asked == []
    assert reception(win).form.content.toPlainText() == "二楼卫生间水龙头漏水，"


def test_clear_asks_first_and_a_saved_call_leaves_no_draft(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, villas: dict[str, int],
        tmp_path: Path, person: Answers) -> None:
    win = open_window(qtbot, uow, receptionist, tmp_path)
    form = reception(win).form
    qtbot.mouseClick(form.clear_button, Qt.MouseButton.LeftButton)  # nothing typed: no question
    assert person.asked == []

    half_type_a_call(qtbot, reception(win), villas["A-12"])
    person.confirms = [False]
    qtbot.mouseClick(form.clear_button, Qt.MouseButton.LeftButton)
    assert len(person.asked) == 1 and form.content.toPlainText() == "二楼卫生间水龙头漏水，"

    qtbot.waitUntil(lambda: drafts.load_draft(receptionist, "reception.entry") is not None,
                    timeout=5000)
    assert form.save() is not None
    assert drafts.load_draft(receptionist, "reception.entry") is None
    assert form.content.toPlainText() == ""

    type_chinese(form.content, "打错了")
    person.confirms = [True]
    qtbot.mouseClick(form.clear_button, Qt.MouseButton.LeftButton)
    assert form.content.toPlainText() == ""
    qtbot.wait(1700)  # longer than the autosave pause: nothing comes back
    assert drafts.load_draft(receptionist, "reception.entry") is None


def test_a_draft_write_does_not_reload_the_list_or_move_the_selection(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, villas: dict[str, int],
        tmp_path: Path, person: Answers, monkeypatch: pytest.MonkeyPatch) -> None:
    win = open_window(qtbot, uow, receptionist, tmp_path)
    tab = reception(win)
    for text in ("第一通", "第二通"):
        type_chinese(tab.form.content, text)
        qtbot.keyClicks(tab.form.caller_name, "Zhang")
        assert tab.form.save() is not None
    tab.table.selectRow(1)
    chosen = tab.current_entry()
    reloads: list[int] = []
    monkeypatch.setattr(tab, "refresh", lambda: reloads.append(1))
    type_chinese(tab.form.content, "第三通，还没说完")
    tab.form.drafts.keep()  # type: ignore[union-attr]
    assert drafts.load_draft(receptionist, "reception.entry") is not None
    assert reloads == [] and tab.current_entry() == chosen


# --- the work-order form -----------------------------------------------------------------
def new_order_form(qtbot: QtBot, uow: UnitOfWork, who: UnitOfWork,
                   tmp_path: Path) -> WorkOrderEditor:
    work_orders.ensure_defaults(uow)
    desk = Desk(uow, LocalConfig.load(tmp_path / "c.json"), actor=who.actor)
    editor = WorkOrderEditor(desk)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def test_esc_in_a_new_work_order_asks_before_throwing_the_typing_away(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, villas: dict[str, int],
        tmp_path: Path, person: Answers) -> None:
    editor = new_order_form(qtbot, uow, receptionist, tmp_path)
    editor.location.setFocus()
    qtbot.keyClicks(editor.location, "kitchen")
    person.confirms = [False]
    qtbot.keyClick(editor.location, Qt.Key.Key_Escape)
    assert len(person.asked) == 1 and "派工单" in person.asked[0]
    assert editor.isVisible() and editor.location.text() == "kitchen"

    person.confirms = [True]
    qtbot.mouseClick(editor.cancel_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible() and editor.result() == QDialog.DialogCode.Rejected
    assert drafts.load_draft(receptionist, "work_orders.new") is None


def test_an_untouched_work_order_closes_without_a_question(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, villas: dict[str, int],
        tmp_path: Path, person: Answers) -> None:
    editor = new_order_form(qtbot, uow, receptionist, tmp_path)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert person.asked == [] and not editor.isVisible()


def test_a_work_order_typed_before_a_crash_comes_back_when_the_form_is_opened(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, supervisor: UnitOfWork,
        villas: dict[str, int], tmp_path: Path, person: Answers) -> None:
    editor = new_order_form(qtbot, uow, receptionist, tmp_path)
    editor.villa.set_villa(villas["B-7"], "B-7")
    editor.location.setText("garage door")
    editor.content.setPlainText("车库门卡住")
    editor.charges.add_current_item()  # nothing chosen: no line
    qtbot.waitUntil(lambda: drafts.load_draft(receptionist, "work_orders.new") is not None,
                    timeout=5000)

    person.choices = [RESTORE]
    again = new_order_form(qtbot, uow, receptionist, tmp_path)
    qtbot.waitUntil(lambda: len(person.asked) == 1)
    assert "派工单" in person.asked[0]
    assert (again.villa.villa_id(), again.location.text(), again.content.toPlainText()) == (
        villas["B-7"], "garage door", "车库门卡住")
    assert again.contact_name.text() == "赵敏"

    other = new_order_form(qtbot, uow, supervisor, tmp_path)  # another person: nothing offered
    qtbot.wait(50)
    assert len(person.asked) == 1 and other.content.toPlainText() == ""


def test_a_work_order_being_typed_at_a_shift_change_is_put_away_for_its_typist(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, supervisor: UnitOfWork,
        villas: dict[str, int], tmp_path: Path, person: Answers) -> None:
    work_orders.ensure_defaults(uow)
    win = open_window(qtbot, uow, receptionist, tmp_path)
    orders = win.tabs.widget(1)
    editor = WorkOrderEditor(win.desk, parent=orders)
    editor.show()
    qtbot.waitExposed(editor)
    editor.content.setPlainText("泳池过滤泵异响")

    sign_in_at_lock(qtbot, win, "002")
    assert not editor.isVisible() and person.asked == []  # closed without a question
    kept = drafts.load_draft(receptionist, "work_orders.new")
    assert kept is not None and kept.payload["content"] == "泳池过滤泵异响"
    assert drafts.load_draft(supervisor, "work_orders.new") is None

    theirs = WorkOrderEditor(win.desk, parent=orders)  # 刘主管 opens a new order: blank
    theirs.show()
    qtbot.wait(50)
    assert person.asked == [] and theirs.content.toPlainText() == ""
    theirs.done(QDialog.DialogCode.Rejected)

    sign_in_at_lock(qtbot, win, "008")
    person.choices = [RESTORE]
    mine = WorkOrderEditor(win.desk, parent=orders)
    mine.show()
    qtbot.waitUntil(lambda: len(person.asked) == 1)
    assert mine.content.toPlainText() == "泳池过滤泵异响"


def test_at_sign_in_the_status_bar_tells_of_a_work_order_draft_waiting(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, supervisor: UnitOfWork,
        villas: dict[str, int], tmp_path: Path, person: Answers) -> None:
    """The program died while 王丽 typed a work order: the work-order form is not open
    after the restart, so the status bar says a draft is waiting for her (and only her)."""
    drafts.save_draft(receptionist, "work_orders.new", {"content": "车库门卡住"})
    win = open_window(qtbot, uow, receptionist, tmp_path)
    qtbot.waitUntil(lambda: "派工单（08:30）" in win.statusBar().currentMessage())
    assert "草稿" in win.statusBar().currentMessage()

    sign_in_at_lock(qtbot, win, "002")
    qtbot.waitUntil(lambda: win.statusBar().currentMessage() == "")
    assert person.asked == []
