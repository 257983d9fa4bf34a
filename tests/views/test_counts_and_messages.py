"""Counts and messages agree with what they point at (the review link, the 维修情况 box)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.config import LocalConfig
from app.models.reception import Channel, EntryClass
from app.models.work_order_rules import Action
from app.models.work_orders import Department
from app.services import daily_review, work_orders
from app.services.reception import NewEntry, log_entry
from app.services.uow import UnitOfWork
from app.services.work_categories import list_categories
from app.services.work_orders import WorkOrderDraft
from app.views.desk import Desk
from app.views.reception.tab import ReceptionTab
from app.views.work_orders.actions import CompleteDialog
from app.views.work_orders.tab import WorkOrdersTab
from tests.conftest import MORNING
from tests.views.dialogs import answer


def call(uow: UnitOfWork, villa_id: int, when: dt.datetime) -> None:
    log_entry(uow, NewEntry(Channel.PHONE, EntryClass.HELP, "张伟", "代叫出租车",
                            villa_id=villa_id, occurred_at=when))


def test_the_review_link_counts_exactly_the_days_its_dialog_lists(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork,
        villas: dict[str, int], tmp_path: Path) -> None:
    """Calls on five earlier days and this morning, none reviewed yet."""
    today = MORNING.date()
    for back in range(1, 6):
        call(receptionist, villas["A-12"], MORNING - dt.timedelta(days=back))
    call(receptionist, villas["A-12"], MORNING - dt.timedelta(minutes=20))
    tab = ReceptionTab(Desk(uow, LocalConfig.load(tmp_path / "c.json"),
                            actor=receptionist.actor))
    qtbot.addWidget(tab)
    tab.show()
    assert tab.unsigned_indicator.text() == "5 天未审核"

    qtbot.mouseClick(tab.unsigned_indicator, Qt.MouseButton.LeftButton)
    dialog = tab.review_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert "5 天" in dialog.summary.text()
    dialog.only_pending.setChecked(True)
    listed = [dialog.model.row_at(i).day for i in range(dialog.model.rowCount())]
    assert listed == [today - dt.timedelta(days=back) for back in range(1, 6)]
    assert len(daily_review.review_backlog(receptionist)) == 5
    dialog.only_pending.setChecked(False)
    assert dialog.model.row_at(0).day == today  # today is listed, and may be signed


@pytest.fixture
def started_order(receptionist: UnitOfWork, villas: dict[str, int]) -> int:
    work_orders.ensure_defaults(receptionist)
    category = next(c.id for c in list_categories(receptionist) if c.name == "给排水")
    order = work_orders.open_work_order(receptionist, WorkOrderDraft(
        content="厨房水槽下水管漏水", department=Department.ENGINEERING, category_id=category,
        villa_id=villas["A-12"], location="厨房", contact_name="张伟",
        contact_phone="13812345678"))
    work_orders.dispatch(receptionist, order.id, "李师傅")
    work_orders.start(receptionist, order.id)
    return order.id


def test_an_empty_work_done_box_asks_for_the_work_done_not_a_reason(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, started_order: int,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tab = WorkOrdersTab(Desk(uow, LocalConfig.load(tmp_path / "c.json"),
                             actor=receptionist.actor))
    qtbot.addWidget(tab)
    tab.show()
    assert tab.select_work_order(started_order)
    said: list[str] = []

    def technician_reports(dialog: CompleteDialog) -> None:
        qtbot.addWidget(dialog)
        dialog.save()  # 维修情况 left empty
        said.append(dialog.errors.message("note"))
        dialog.note.setPlainText("更换阀芯")
        dialog.save()

    answer(monkeypatch, CompleteDialog, technician_reports)
    assert tab.run_action(Action.COMPLETE) is not None
    assert said == ["请填写维修情况。"]
