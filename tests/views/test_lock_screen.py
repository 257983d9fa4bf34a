"""The lock screen says why it is locked, keeps its shape, and its only ways out are real."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.config import LocalConfig
from app.models.calendar import WorkCalendar
from app.services import site
from app.services.uow import UnitOfWork
from app.views.desk import Desk
from app.views.main_window.tabs import build_tabs
from app.views.main_window.window import MainWindow
from app.views.messages import Messages
from app.views.session.login_dialog import LoginDialog
from tests.conftest import PASSWORD, actor

IDLE_WORDS = "长时间无操作"


@pytest.fixture
def window(qtbot: QtBot, uow: UnitOfWork, tmp_path: Path) -> MainWindow:
    desk = Desk(uow, LocalConfig.load(tmp_path / "config.json"), actor=actor(uow, "008"))
    win = MainWindow(desk, site.get_site(uow), WorkCalendar(), build_tabs(desk))
    qtbot.addWidget(win)
    win.resize(1366, 700)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()  # keys go to the active window; an earlier test may have left another
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    return win


def lock_dialog(window: MainWindow) -> LoginDialog:
    dialog = window._lock_dialog
    assert dialog.isVisible()
    return dialog


def test_ctrl_l_says_the_receptionist_locked_it_not_that_she_was_idle(
        qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = lock_dialog(window)
    assert IDLE_WORDS not in dialog.hint.text()
    assert "王丽" in dialog.hint.text() and "锁定" in dialog.hint.text()
    assert dialog.agent_no.text() == "008"
    assert dialog.focusWidget() is dialog.password


def test_switch_user_asks_the_next_shift_for_their_own_agent_number(
        qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    dialog = lock_dialog(window)
    assert IDLE_WORDS not in dialog.hint.text()
    assert "交接班" in dialog.hint.text() or "换班" in dialog.hint.text()
    assert dialog.windowTitle() == "切换用户"
    assert dialog.agent_no.text() == ""  # the next person types their own
    assert dialog.focusWidget() is dialog.agent_no
    dialog.agent_no.setText("002")
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(window.unlocked):
        dialog.try_login()
    assert window.desk.actor.agent_no == "002"


def test_idle_lock_says_how_long_the_desk_was_left(qtbot: QtBot, window: MainWindow) -> None:
    window.idle.set_minutes(0.001)
    with qtbot.waitSignal(window.locked, timeout=3000):
        pass
    dialog = lock_dialog(window)
    assert IDLE_WORDS in dialog.hint.text()
    assert "10 分钟" in dialog.hint.text()  # the configured idle time


def test_a_wrong_password_does_not_squeeze_the_fields(qtbot: QtBot, window: MainWindow) -> None:
    window.lock()
    dialog = lock_dialog(window)
    qtbot.waitExposed(dialog)
    heights = (dialog.agent_no.height(), dialog.password.height())
    dialog.password.setText("wrong")
    dialog.try_login()
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    qtbot.wait(50)  # let the layout settle as the person would see it
    assert "工号或密码错误" in dialog.error.text()
    assert (dialog.agent_no.height(), dialog.password.height()) == heights
    assert dialog.agent_no.height() >= dialog.agent_no.sizeHint().height()
    assert dialog.error.height() >= dialog.error.sizeHint().height()


def test_escape_does_not_open_a_locked_screen(qtbot: QtBot, window: MainWindow) -> None:
    window.lock()
    dialog = lock_dialog(window)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and window.stack.currentWidget() is window.lock_page


def test_quit_at_the_lock_screen_asks_then_closes_the_program(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = [False, True]
    asked: list[str] = []

    def confirm(cls: type, parent: object, text: str, title: str = "") -> bool:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(Messages, "confirm", classmethod(confirm))
    window.lock()
    dialog = lock_dialog(window)
    assert dialog.cancel_button.text() == "退出…"
    dialog.cancel_button.click()  # "no, I did not mean it"
    assert dialog.isVisible() and window.isVisible()
    dialog.cancel_button.click()
    assert len(asked) == 2 and "退出" in asked[0]
    qtbot.waitUntil(lambda: not window.isVisible())
    assert not dialog.isVisible()


def test_a_locked_desk_hides_the_open_household_file_until_unlocked(
        qtbot: QtBot, window: MainWindow, villas: dict[str, int]) -> None:
    household = window.open_household(villas["A-12"])
    qtbot.waitUntil(household.isVisible)
    window.lock()  # Account → Lock screen
    dialog = lock_dialog(window)
    assert not household.isVisible()  # nobody walking past reads the owner's file
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(window.unlocked):
        dialog.try_login()
    assert household.isVisible()
