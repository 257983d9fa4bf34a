"""The reception list and the promised answers show their columns whole at 1366×768, in
Chinese and in English: a two-day list with a back-entered inquiry whose answer is overdue,
a repair that became a work order and a voided duplicate."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from app import i18n
from app.clock import FakeClock
from app.config import LocalConfig
from app.models.calendar import WorkCalendar
from app.models.reception import Channel, EntryClass
from app.models.work_orders import Department
from app.services import reception, site, work_orders
from app.services.reception import NewEntry
from app.services.uow import UnitOfWork
from app.services.work_categories import list_categories
from app.services.work_orders import WorkOrderDraft
from app.views.desk import Desk
from app.views.main_window.tabs import build_tabs
from app.views.main_window.window import MainWindow
from app.views.reception.entries_model import EntriesModel
from app.views.reception.promises_view import PromisesModel
from app.views.reception.tab import ReceptionTab
from tests.views.test_work_order_desk_fixes import wait_fitted, whole


def a_busy_two_days(receptionist: UnitOfWork, supervisor: UnitOfWork, clock: FakeClock,
                    villas: dict[str, int]) -> None:
    clock.set(dt.datetime(2026, 11, 24, 16, 0))
    # Written on paper during the outage, typed in later: back-entered, and never answered.
    reception.log_entry(receptionist, NewEntry(
        Channel.VISIT, EntryClass.INQUIRY, "欧阳建国", "物业费能否按季度缴纳？",
        villa_id=villas["B-7"], contact_phone="15800002222",
        occurred_at=dt.datetime(2026, 11, 24, 7, 5), promise_answer=True))
    clock.set(dt.datetime(2026, 11, 25, 9, 40))
    repair = reception.log_entry(receptionist, NewEntry(
        Channel.PHONE, EntryClass.REPAIR, "张伟", "主卫洗手盆下水管漏水",
        villa_id=villas["A-12"], contact_phone="13812345678"))
    work_orders.ensure_defaults(receptionist)
    work_orders.open_work_order(receptionist, WorkOrderDraft(
        content=repair.content, department=Department.ENGINEERING,
        category_id=list_categories(receptionist)[0].id, villa_id=villas["A-12"],
        entry_id=repair.id))
    duplicate = reception.log_entry(receptionist, NewEntry(
        Channel.PHONE, EntryClass.HELP, "李娜", "车库门遥控器失灵", villa_id=villas["A-12"]))
    reception.void_entry(supervisor, duplicate.id, "重复登记")


def columns_whole(view: QTableView, skip: int) -> None:
    for column in range(view.model().columnCount()):
        if column != skip:
            whole(view, column)


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_reception_columns_show_their_text_whole(
        qtbot: QtBot, locale: str, uow: UnitOfWork, receptionist: UnitOfWork,
        supervisor: UnitOfWork, clock: FakeClock, villas: dict[str, int],
        tmp_path: Path) -> None:
    i18n.set_locale(locale)
    a_busy_two_days(receptionist, supervisor, clock, villas)
    desk = Desk(uow, LocalConfig.load(tmp_path / "config.json"), actor=receptionist.actor)
    window = MainWindow(desk, site.get_site(uow), WorkCalendar(), build_tabs(desk))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    tab = next(t for t in window._tab_list if isinstance(t, ReceptionTab))
    window.tabs.setCurrentWidget(tab)
    tab.filters.set_range(dt.date(2026, 11, 24), dt.date(2026, 11, 25))  # dates shown too
    assert tab.model.rowCount() == 3
    wait_fitted(qtbot, tab.table)
    columns_whole(tab.table, skip=EntriesModel.COL_CONTENT)

    tab.open_promises()
    dialog = tab.promises_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 1 and dialog.model.row_at(0).overdue
    wait_fitted(qtbot, dialog.table)
    columns_whole(dialog.table, skip=PromisesModel.COL_QUESTION)
