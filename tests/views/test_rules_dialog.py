"""In December the manager is reminded that next year's holidays are missing and enters them;
she also gives the callback deadline a second day during the Spring Festival rush."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from app.clock import FakeClock
from app.config import LocalConfig
from app.models.deadlines import DeadlineEvent, DurationUnit
from app.services import calendar, rules, site
from app.services.uow import UnitOfWork
from app.views.desk import Desk
from app.views.main_window.status_bar import DeskStatusBar
from app.views.main_window.window import MainWindow
from app.views.messages import Messages
from app.views.rules.deadlines_page import DeadlineRulesModel
from app.views.rules.rules_dialog import RulesDialog


def _window(qtbot: QtBot, uow: UnitOfWork, who: UnitOfWork, tmp_path: Path) -> MainWindow:
    desk = Desk(uow, LocalConfig.load(tmp_path / "c.json"), actor=who.actor)
    window = MainWindow(desk, site.get_site(uow), calendar.work_calendar(uow), [])
    qtbot.addWidget(window)
    return window


def _status(window: MainWindow) -> DeskStatusBar:
    bar = window.statusBar()
    assert isinstance(bar, DeskStatusBar)
    return bar


def test_the_manager_is_reminded_in_december_and_enters_the_spring_festival(
        qtbot: QtBot, uow: UnitOfWork, manager: UnitOfWork, clock: FakeClock,
        tmp_path: Path) -> None:
    clock.set(dt.datetime(2026, 12, 1, 9, 0))
    window = _window(qtbot, uow, manager, tmp_path)
    status = _status(window)
    assert not status.reminder.isHidden()
    assert "2027 年节假日尚未录入" in status.reminder.text()

    status.reminder.linkActivated.emit("2027")
    dialogs = window.findChildren(RulesDialog)
    assert len(dialogs) == 1  # opened by the link
    dialog = dialogs[0]
    qtbot.addWidget(dialog)
    page = dialog.holidays
    assert dialog.tabs.currentWidget() is page and page.year.value() == 2027
    assert not page.warning.isHidden() and "2027" in page.warning.text()
    assert page.model.rowCount() == 0

    # Forgot the name: told beside the field, the dates stay as typed.
    page.first.setDate(QDate(2027, 2, 5))
    page.last.setDate(QDate(2027, 2, 11))
    assert page.enter() is None
    assert "节日名称" in page.errors.message("name")
    assert page.last.date() == QDate(2027, 2, 11)
    page.name.setText("春节")
    assert page.enter()
    page.first.setDate(QDate(2027, 2, 14))  # the last day follows the first forward
    assert page.last.date() == QDate(2027, 2, 14)
    page.kind.setCurrentIndex(page.kind.findData(True))
    page.name.setText("春节调休")
    page.enter()

    assert page.model.rowCount() == 8
    assert page.warning.isHidden()
    assert page.summary.text() == "放假 7 天，调休上班 1 天"
    last = page.model.index(7, 0)
    assert [page.model.data(last.siblingAtColumn(c)) for c in range(5)] == [
        "2027-02-14", "周日", "调休上班", "春节调休", "本会所录入"]
    assert status.reminder.isHidden()  # the status bar read the new calendar

    clock.set(dt.datetime(2027, 2, 8, 9, 0))
    status.update_now()
    assert "节日快乐" in status.greeting.text()


def test_a_mistaken_day_is_taken_back_after_confirming(
        qtbot: QtBot, uow: UnitOfWork, manager: UnitOfWork, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    rules.enter_days(manager, dt.date(2027, 5, 3), dt.date(2027, 5, 3), False, "劳动节")
    window = _window(qtbot, uow, manager, tmp_path)
    dialog = window.open_holidays(2027)
    assert dialog is not None
    qtbot.addWidget(dialog)
    page = dialog.holidays
    page.table.selectRow(0)
    assert page.remove_button.isEnabled()
    answers = iter([False, True])
    monkeypatch.setattr(Messages, "confirm",
                        classmethod(lambda cls, parent, text, title="": next(answers)))
    assert not page.remove() and page.model.rowCount() == 1
    assert page.remove() and page.model.rowCount() == 0
    # Built-in days cannot be removed, only overridden.
    page.year.setValue(2026)
    page.table.selectRow(0)
    assert page.current() is not None and not page.remove_button.isEnabled()


def test_the_manager_gives_callbacks_a_second_day_and_takes_it_back(
        qtbot: QtBot, uow: UnitOfWork, manager: UnitOfWork, tmp_path: Path) -> None:
    window = _window(qtbot, uow, manager, tmp_path)
    assert window.rules_action.isVisible()
    dialog = window.open_rules()
    assert dialog is not None
    qtbot.addWidget(dialog)
    page = dialog.deadlines
    row = [r.event for r in page.model.rows()].index(DeadlineEvent.WORK_ORDER_CALLBACK)
    page.table.selectRow(row)
    assert page.amount.text() == "24" and not page.reset_button.isEnabled()

    page.amount.setText("4800")
    assert page.save() is None
    assert "1 至 336 的整数" in page.errors.message("amount")
    assert page.amount.text() == "4800"  # kept for correcting
    page.amount.setText("48")
    saved = page.save()
    assert saved is not None and saved.rule.amount == 48
    cell = page.model.index(row, DeadlineRulesModel.COL_RULE)
    assert page.model.data(cell) == "48 小时"
    assert page.model.data(cell, Qt.ItemDataRole.FontRole).bold()
    assert page.reset_button.isEnabled()

    page.reset_button.click()
    assert page.model.data(cell) == "24 小时"
    assert rules.list_rules(manager)[row].rule.unit == DurationUnit.HOURS
    assert not rules.list_rules(manager)[row].customised


def test_a_receptionist_sees_neither_the_menu_nor_the_reminder(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, clock: FakeClock,
        tmp_path: Path) -> None:
    clock.set(dt.datetime(2026, 12, 1, 9, 0))
    window = _window(qtbot, uow, receptionist, tmp_path)
    assert not window.rules_action.isVisible()
    assert window.open_rules() is None
    assert _status(window).reminder.isHidden()
