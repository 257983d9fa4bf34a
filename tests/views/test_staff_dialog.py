"""The manager takes on a new receptionist, and lets one go, without deleting anything."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.config import LocalConfig
from app.models.calendar import WorkCalendar
from app.services import auth, site
from app.services.uow import UnitOfWork
from app.views.desk import Desk
from app.views.main_window.window import MainWindow
from app.views.messages import Messages
from app.views.session.staff_dialog import NewStaffDialog, PasswordDialog, StaffDialog
from tests.conftest import PASSWORD
from tests.views.dialogs import answer


def _window(qtbot: QtBot, uow: UnitOfWork, who: UnitOfWork, tmp_path: Path) -> MainWindow:
    desk = Desk(uow, LocalConfig.load(tmp_path / "c.json"), actor=who.actor)
    window = MainWindow(desk, site.get_site(uow), WorkCalendar(), [])
    qtbot.addWidget(window)
    return window


def test_a_new_receptionist_is_added_and_later_deactivated(
        qtbot: QtBot, uow: UnitOfWork, manager: UnitOfWork, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Messages, "info", classmethod(lambda cls, parent, text, title="": None))
    window = _window(qtbot, uow, manager, tmp_path)
    dialog = window.open_staff()
    assert dialog is not None
    qtbot.addWidget(dialog)

    def fill(new: NewStaffDialog) -> None:
        new.agent_no.setText("8")
        new.name.setText("周晓梅")
        new.password.setText("start1")
        assert new.save() is None
        assert "三位数字" in new.errors.message("agent_no")
        assert new.name.text() == "周晓梅"  # kept while the number is corrected
        new.agent_no.setText("012")
        new.save()

    answer(monkeypatch, NewStaffDialog, fill)
    dialog.add_button.click()
    assert dialog.current() is not None and dialog.current().name == "周晓梅"  # type: ignore[union-attr]
    assert auth.login(uow, "012", "start1").name == "周晓梅"

    dialog.active_button.click()
    assert not dialog.current().active  # type: ignore[union-attr]
    assert dialog.model.rowCount() == 4  # kept on the list, greyed out
    with pytest.raises(auth.LoginFailed):
        auth.login(uow, "012", "start1")


def test_a_receptionist_has_no_staff_menu_but_changes_her_password(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, tmp_path: Path) -> None:
    window = _window(qtbot, uow, receptionist, tmp_path)
    assert not window.staff_action.isVisible() and window.open_staff() is None
    dialog = PasswordDialog(window.desk, parent=window)
    qtbot.addWidget(dialog)
    dialog.password.setText("newpass1")
    dialog.again.setText("newpass2")
    assert not dialog.save() and dialog.errors.message("again")
    dialog.again.setText("newpass1")
    # Someone passing a desk left signed in cannot take the account over.
    dialog.old_password.setText("not-it")
    assert not dialog.save() and dialog.errors.message("old_password")
    dialog.old_password.setText(PASSWORD)
    assert dialog.save()
    assert auth.login(uow, "008", "newpass1").agent_no == "008"
    with pytest.raises(auth.LoginFailed):
        auth.login(uow, "008", PASSWORD)


def test_the_manager_cannot_lock_herself_out(qtbot: QtBot, manager: UnitOfWork,
                                             monkeypatch: pytest.MonkeyPatch,
                                             uow: UnitOfWork, tmp_path: Path) -> None:
    said: list[str] = []
    monkeypatch.setattr(Messages, "warn", classmethod(lambda cls, p, text, title="":
                                                      said.append(text)))
    desk = Desk(uow, LocalConfig.load(tmp_path / "c.json"), actor=manager.actor)
    dialog = StaffDialog(desk)
    qtbot.addWidget(dialog)
    dialog.table.selectRow(dialog.model.row_of(manager.actor.staff_id or 0))
    dialog.active_button.click()
    assert said and "不能停用自己的账户" in said[-1]
    assert dialog.current().active  # type: ignore[union-attr]
