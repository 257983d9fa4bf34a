"""The Help menu: the keys of this window as they really are, and where the files live."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QToolBar, QToolButton
from pytestqt.qtbot import QtBot

from app.config import LocalConfig
from app.models.calendar import WorkCalendar
from app.paths import backup_dir, data_dir, database_file, log_file
from app.services import site
from app.services.uow import UnitOfWork
from app.views.desk import Desk
from app.views.help.about import AboutDialog, database_location
from app.views.help.shortcuts import ShortcutsDialog, keys_text
from app.views.main_window.tabs import build_tabs
from app.views.main_window.window import MainWindow
from app.views.messages import Messages
from tests.conftest import actor


@pytest.fixture
def window(qtbot: QtBot, uow: UnitOfWork, tmp_path: Path) -> MainWindow:
    desk = Desk(uow, LocalConfig.load(tmp_path / "config.json"), actor=actor(uow, "008"))
    win = MainWindow(desk, site.get_site(uow), WorkCalendar(), build_tabs(desk))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()  # keys go to the active window; an earlier test may have left another
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    return win


def listed(dialog: ShortcutsDialog) -> dict[str, tuple[str, str]]:
    table = dialog.table
    return {table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, 2).text())
            for r in range(table.rowCount())}


def test_f1_lists_every_key_of_the_window_and_its_tabs(qtbot: QtBot,
                                                        window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    keys = listed(dialog)
    assert keys["Ctrl+L"][0] == "锁定屏幕"
    assert keys["Ctrl+Shift+U"][0].startswith("切换用户")
    assert keys["F3"][0] == "新开派工单" and keys["F3"][1] == "任何位置"
    assert keys["Ctrl+1"][0] == "转到“接待登记”标签页"
    assert keys["Ctrl+P"][1] == "在“派工单”标签页中"  # works only inside that tab
    assert "F1" in keys and keys["Ctrl+F / Ctrl+K"][0] == "搜索"  # the one search box
    # Every shortcut the window really has is in the list: read from the actions.
    for action in window.findChildren(QAction):
        if action.shortcuts() and action.isVisible():
            assert keys_text(action) in keys, action.text()
    assert [k for k, (what, _w) in keys.items() if not what] == []  # none without a name


def test_the_list_is_read_from_the_actions_so_it_cannot_go_stale(
        qtbot: QtBot, window: MainWindow) -> None:
    extra = QAction("交接班记录", window)
    extra.setShortcut(QKeySequence("Ctrl+H"))
    window.addAction(extra)
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    assert listed(dialog)["Ctrl+H"] == ("交接班记录", "任何位置")


def test_toolbar_buttons_say_their_keys(window: MainWindow) -> None:
    bar = window.findChild(QToolBar, "search_toolbar")
    assert bar is not None
    tips = [b.toolTip() for b in bar.findChildren(QToolButton) if b.defaultAction()]
    assert any("F3" in tip for tip in tips), tips
    assert any("(F2)" in tip for tip in tips), tips


def test_where_is_the_log_is_still_there(window: MainWindow,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    said: list[str] = []
    monkeypatch.setattr(Messages, "info", classmethod(lambda cls, parent, text, title="":
                                                      said.append(text)))
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "帮助(&H)")
    where = next(a for a in help_menu.actions() if a.text() == "日志文件在哪里？")
    where.trigger()
    assert said and str(log_file()) in said[0]


def test_about_tells_the_version_and_where_everything_is(qtbot: QtBot,
                                                         window: MainWindow) -> None:
    dialog = window.open_about()
    qtbot.addWidget(dialog)
    assert isinstance(dialog, AboutDialog)
    assert dialog.values["version"] == version("villa-desk")
    assert dialog.values["database"] == str(database_file())  # this desk's configured file
    for key, path in (("data", data_dir()), ("log", log_file()), ("backups", backup_dir())):
        assert str(path) in dialog.values[key]
    label = dialog.findChild(QLabel, "about_version")
    assert label is not None and label.text() == version("villa-desk")


def test_about_names_the_database_but_never_its_password(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VILLA_DESK_DATABASE_URL",
                       "postgresql+psycopg://desk:s3cret@db.clubhouse.lan/villa")
    dialog = AboutDialog(LocalConfig.load(tmp_path / "c.json"))
    qtbot.addWidget(dialog)
    assert "db.clubhouse.lan/villa" in dialog.values["database"]
    assert "s3cret" not in dialog.values["database"]
    assert database_location(f"sqlite:///{tmp_path / 'desk.sqlite3'}") == str(
        tmp_path / "desk.sqlite3")
