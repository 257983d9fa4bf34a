"""The reception desk's first hour, fixed: phones checked against the site's own short
numbers, messages that go away once corrected, villas found however they are typed, the
answer book filling in an inquiry, and phones masked on every reception screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.config import LocalConfig
from app.services import short_numbers
from app.services.uow import UnitOfWork
from app.views.desk import Desk
from app.views.reception.tab import ReceptionTab
from app.views.rules.rules_dialog import RulesDialog
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
