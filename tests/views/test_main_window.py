"""The morning shift signs in, finds a villa from the global search, and hands over."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.clock import FakeClock
from app.config import LocalConfig
from app.models.calendar import WorkCalendar
from app.services import site
from app.services.uow import UnitOfWork
from app.views.desk import Desk
from app.views.estate.tab import EstateTab
from app.views.main_window.tabs import build_tabs
from app.views.main_window.window import MainWindow
from app.views.session.login_dialog import LoginDialog
from tests.conftest import PASSWORD


def _sign_in(qtbot: QtBot, uow: UnitOfWork, agent_no: str) -> LoginDialog:
    dialog = LoginDialog(uow, site.get_site(uow).name)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.agent_no, agent_no)
    qtbot.keyClick(dialog.agent_no, Qt.Key.Key_Return)  # moves on, does not sign in yet
    assert dialog.focusWidget() is dialog.password and dialog.isVisible()
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    return dialog


@pytest.fixture
def window(qtbot: QtBot, uow: UnitOfWork, villas: dict[str, int], tmp_path: Path) -> MainWindow:
    login = _sign_in(qtbot, uow, "008")
    assert login.actor is not None
    desk = Desk(uow, LocalConfig.load(tmp_path / "config.json"), actor=login.actor)
    win = MainWindow(desk, site.get_site(uow), WorkCalendar(), build_tabs(desk))
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_after_sign_in_the_window_shows_site_user_shift_and_greeting(window: MainWindow) -> None:
    assert window.windowTitle() == "翡翠湾别墅会所 — 别墅会所客服前台系统"
    bar = window.statusBar()
    assert "王丽" in bar.user.text() and "008" in bar.user.text()  # type: ignore[attr-defined]
    assert bar.shift.text() == "班次：早班"  # type: ignore[attr-defined]
    assert "早上好" in bar.greeting.text()  # type: ignore[attr-defined]  (08:30)
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "接待登记", "派工单", "投诉", "邮件收发", "物品放行", "住户档案"]


def test_greeting_changes_with_the_time_of_day(window: MainWindow, clock: FakeClock) -> None:
    clock.set(clock.now().replace(hour=18, minute=30))
    bar = window.statusBar()
    bar.update_now()  # type: ignore[attr-defined]
    assert "晚上好" in bar.greeting.text()  # type: ignore[attr-defined]
    assert bar.shift.text() == "班次：中班"  # type: ignore[attr-defined]


def test_global_search_by_phone_tail_opens_the_household(
        qtbot: QtBot, window: MainWindow, villas: dict[str, int]) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.focusWidget() is window.search
    qtbot.keyClicks(window.search, "5678")
    qtbot.waitUntil(window.search.results.isVisible)
    hits = [(h.title, h.subtitle) for g in window.search.groups for h in g.hits]
    assert hits == [("张伟", "A-12 · 业主 · 138****5678")]  # masked for a receptionist
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    estate = window.current_tab()
    assert isinstance(estate, EstateTab) and estate.villas.current_id() == villas["A-12"]


def test_lock_hides_records_and_another_agent_number_switches_user(qtbot: QtBot,
                                                                  window: MainWindow) -> None:
    window.lock()
    assert window.stack.currentWidget() is window.lock_page
    dialog = window._lock_dialog
    dialog.reject()  # a locked screen cannot be dismissed without a password
    assert dialog.isVisible()
    dialog.agent_no.setText("002")
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(window.unlocked):
        dialog.try_login()
    assert window.desk.actor.agent_no == "002"
    assert window.stack.currentWidget() is window.tabs


def test_idle_time_locks_the_screen(qtbot: QtBot, window: MainWindow) -> None:
    window.idle.set_minutes(0.001)  # 60 ms
    with qtbot.waitSignal(window.locked, timeout=3000):
        pass
    assert window.stack.currentWidget() is window.lock_page
    window._lock_dialog.password.setText(PASSWORD)
    window._lock_dialog.try_login()
    assert window.stack.currentWidget() is window.tabs
