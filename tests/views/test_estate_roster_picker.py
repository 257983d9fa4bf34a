"""The technician on a work order is picked from the department's roster (派工名册)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.config import LocalConfig
from app.models.work_orders import Department
from app.services import roster, work_orders
from app.services.uow import UnitOfWork
from app.services.work_categories import list_categories
from app.services.work_order_queries import work_order_detail
from app.services.work_orders import WorkOrderDraft
from app.views.desk import Desk
from app.views.messages import Messages
from app.views.work_orders.actions import DispatchDialog
from app.views.work_orders.editor import WorkOrderEditor


@pytest.fixture
def team(uow: UnitOfWork, supervisor: UnitOfWork,
         monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    monkeypatch.setattr(Messages, "warn", classmethod(lambda cls, p, text, title="":
                                                      pytest.fail(text)))
    work_orders.ensure_defaults(uow)
    members = {name: roster.add_member(supervisor, name, department, "")
               for name, department in (("李强", Department.ENGINEERING),
                                        ("王建", Department.ENGINEERING),
                                        ("赵六", Department.ENGINEERING),
                                        ("陈洁", Department.CLEANING))}
    roster.set_member_active(supervisor, members["赵六"], False)  # left last month
    return members


def desk_of(uow: UnitOfWork, who: UnitOfWork, tmp_path: Path) -> Desk:
    return Desk(uow, LocalConfig.load(tmp_path / "c.json"), actor=who.actor)


def new_editor(qtbot: QtBot, desk: Desk) -> WorkOrderEditor:
    editor = WorkOrderEditor(desk)
    qtbot.addWidget(editor)
    editor.show()
    editor.location.setText("会所大堂")
    editor.content.setPlainText("大堂吊灯不亮")
    editor.category.setCurrentIndex(1)
    return editor


def test_the_technician_is_picked_from_the_departments_roster(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, team: dict[str, int],
        villas: dict[str, int], tmp_path: Path) -> None:
    editor = new_editor(qtbot, desk_of(uow, receptionist, tmp_path))
    picker = editor.assignee
    editor.department.setCurrentIndex(editor.department.findData(Department.ENGINEERING.value))
    assert sorted(picker.member_names()) == sorted(["李强", "王建"])  # not the one who left

    picker.lineEdit().insert("强")  # typing part of a name filters the list
    completer = picker.completer()
    assert completer.completionCount() == 1 and completer.currentCompletion() == "李强"
    picker.setCurrentIndex(picker.findText("李强"))
    assert picker.member_id() == team["李强"] and editor.dispatch_now.isChecked()

    editor.department.setCurrentIndex(editor.department.findData(Department.CLEANING.value))
    assert picker.member_names() == ["陈洁"] and picker.text() == "李强"  # typed text kept
    assert picker.member_id() is None  # 李强 is not on the cleaning roster
    editor.department.setCurrentIndex(editor.department.findData(Department.ENGINEERING.value))

    saved = editor.save()
    assert saved is not None, {k: editor.errors.message(k) for k in editor.errors._fields}
    assert saved is not None and (saved.assignee, saved.assignee_id) == ("李强", team["李强"])


def test_an_outside_contractor_can_still_be_typed(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, team: dict[str, int],
        tmp_path: Path) -> None:
    editor = new_editor(qtbot, desk_of(uow, receptionist, tmp_path))
    editor.department.setCurrentIndex(editor.department.findData(Department.CONTRACTOR.value))
    editor.assignee.setText("美的空调售后")
    assert editor.assignee.member_id() is None
    saved = editor.save()
    assert saved is not None and (saved.assignee, saved.assignee_id) == ("美的空调售后", None)


def test_dispatch_offers_the_orders_department_and_keeps_a_technician_who_left(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, supervisor: UnitOfWork,
        team: dict[str, int], tmp_path: Path) -> None:
    category = list_categories(uow)[0].id
    order = work_orders.open_work_order(receptionist, WorkOrderDraft(
        content="车库门遥控失灵", department=Department.ENGINEERING, category_id=category,
        location="地下车库"))
    desk = desk_of(uow, receptionist, tmp_path)
    dialog = DispatchDialog(desk, order)
    qtbot.addWidget(dialog)
    assert sorted(dialog.assignee.member_names()) == sorted(["李强", "王建"])
    dialog.assignee.setCurrentIndex(dialog.assignee.findText("王建"))
    done = dialog.save()
    assert done is not None and (done.assignee, done.assignee_id) == ("王建", team["王建"])

    # 王建 leaves; the order, edited later, still names him and stays linked to him.
    roster.set_member_active(supervisor, team["王建"], False)
    editor = WorkOrderEditor(desk, work_order_detail(uow, order.id))
    qtbot.addWidget(editor)
    assert editor.assignee.text() == "王建" and "王建" not in editor.assignee.member_names()
    editor.location.setText("地下车库 B2")
    saved = editor.save()
    assert saved is not None and (saved.assignee, saved.assignee_id) == ("王建", team["王建"])
