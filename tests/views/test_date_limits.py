"""The holiday picker offers only the years the desk handles: 9999-12-31 (its old limit)
cannot be picked, and what can be picked the service accepts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from app.config import LocalConfig
from app.services import rules
from app.services.uow import UnitOfWork
from app.views.desk import Desk
from app.views.rules.rules_dialog import RulesDialog
from app.views.widgets.dates import from_qdate


def test_the_holiday_picker_stops_at_2099(qtbot: QtBot, uow: UnitOfWork, manager: UnitOfWork,
                                          tmp_path: Path) -> None:
    desk = Desk(uow, LocalConfig.load(tmp_path / "c.json"), actor=manager.actor)
    dialog = RulesDialog(desk)
    qtbot.addWidget(dialog)
    page = dialog.holidays
    page.first.setDate(QDate(9999, 12, 31))
    page.last.setDate(QDate(1, 1, 1))
    assert page.first.date() == QDate(2099, 12, 31)
    assert page.last.date() == QDate(2000, 1, 1)
    last_day = from_qdate(page.first.date())
    assert rules.enter_days(manager, last_day, last_day, False, "元旦")[0].day == last_day


def test_the_desks_time_fields_stop_at_the_years_the_services_accept(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, tmp_path: Path) -> None:
    from PySide6.QtCore import QDateTime, QTime

    from app.views.reception.entry_form import EntryForm
    from app.views.work_orders.editor import WorkOrderEditor

    desk = Desk(uow, LocalConfig.load(tmp_path / "c.json"), actor=receptionist.actor)
    form = EntryForm(desk)
    editor = WorkOrderEditor(desk)
    for widget in (form, editor):
        qtbot.addWidget(widget)
    for field in (form.occurred_at, form.appointment_at, editor.received_at):
        field.setDateTime(QDateTime(QDate(9999, 12, 31), QTime(23, 59)))
        assert field.dateTime().date() == QDate(2099, 12, 31)
        field.setDateTime(QDateTime(QDate(1, 1, 1), QTime(0, 0)))
        assert field.dateTime().date() == QDate(2000, 1, 1)
