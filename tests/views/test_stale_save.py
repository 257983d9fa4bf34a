"""Two desks, one work order, through the real editor.

王丽 has work order A-12's leaking tap open at the front desk and is adding what the owner
said on the phone; meanwhile 刘主管 in the back office adds a ¥60 fee line for a new valve
cartridge. 王丽 saves: she is told what changed and who changed it, and re-applying keeps her
typing on top of 刘主管's line, for her to look at and save again.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.config import LocalConfig
from app.models.work_orders import Department
from app.services import work_orders
from app.services.fee_standard import create_fee_item
from app.services.uow import UnitOfWork
from app.services.work_categories import list_categories
from app.services.work_order_queries import WorkOrderDetail, work_order_detail
from app.services.work_orders import FeeLineInput, WorkOrderDraft
from app.views.desk import Desk
from app.views.widgets.stale_dialog import StaleDialog
from app.views.work_orders.editor import WorkOrderEditor
from tests.services.test_record_versions import draft_of
from tests.views.dialogs import answer
from tests.views.test_reception_tab import type_chinese


@pytest.fixture
def leaking_tap(uow: UnitOfWork, receptionist: UnitOfWork,
                villas: dict[str, int]) -> WorkOrderDetail:
    work_orders.ensure_defaults(uow)
    plumbing = next(c.id for c in list_categories(uow) if c.name == "给排水")
    return work_orders.open_work_order(receptionist, WorkOrderDraft(
        content="主卫洗手盆水龙头漏水", department=Department.ENGINEERING, category_id=plumbing,
        villa_id=villas["A-12"], location="二楼主卫", contact_name="张伟",
        contact_phone="13812345678"))


def front_desk_editor(qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork,
                      order: WorkOrderDetail, tmp_path: Path) -> WorkOrderEditor:
    desk = Desk(uow, LocalConfig.load(tmp_path / "c.json"), actor=receptionist.actor)
    editor = WorkOrderEditor(desk, work_order_detail(receptionist, order.id))
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def back_office_adds_a_valve(manager: UnitOfWork, supervisor: UnitOfWork,
                             order: WorkOrderDetail) -> None:
    valve = create_fee_item(manager, "换阀芯", "个", "60.00")
    now = work_order_detail(supervisor, order.id)
    work_orders.edit_work_order(
        supervisor, order.id,
        draft_of(now, charged=True, fee_lines=(FeeLineInput(valve.id, Decimal(1)),)),
        expected_version=now.version)


def test_a_stale_save_shows_what_changed_and_reapplies_the_typing_on_top(
        qtbot: QtBot, uow: UnitOfWork, manager: UnitOfWork, supervisor: UnitOfWork,
        receptionist: UnitOfWork, leaking_tap: WorkOrderDetail, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    editor = front_desk_editor(qtbot, uow, receptionist, leaking_tap, tmp_path)
    editor.content.moveCursor(editor.content.textCursor().MoveOperation.End)
    type_chinese(editor.content, "，业主下午两点后在家")
    back_office_adds_a_valve(manager, supervisor, leaking_tap)

    seen: list[list[str]] = []

    def reapply(dialog: Any) -> None:
        seen.append(dialog.items())
        qtbot.mouseClick(dialog.reapply_button, Qt.MouseButton.LeftButton)

    shown = answer(monkeypatch, StaleDialog, reapply)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert len(shown) == 1, "the refusal is shown as the conflict dialog"
    assert "已被其他工作台修改" in shown[0].message.text()
    assert any("刘主管" in item and "添加了收费项目" in item and "换阀芯" in item and "60" in item
               for item in seen[0]), seen[0]
    # Nothing of 王丽's was saved over 刘主管's line …
    stored = work_order_detail(supervisor, leaking_tap.id)
    assert stored.content == "主卫洗手盆水龙头漏水"
    assert [line.name for line in stored.lines] == ["换阀芯"]
    # … and the form now shows his line with her typing on top, waiting for her to save.
    assert editor.isVisible() and editor.result_detail is None
    assert editor.content.toPlainText() == "主卫洗手盆水龙头漏水，业主下午两点后在家"
    assert [row.name for row in editor.charges.lines.rows()] == ["换阀芯"]
    assert editor.charges.charged.isChecked()

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.result_detail is not None
    saved = work_order_detail(supervisor, leaking_tap.id)
    assert saved.content == "主卫洗手盆水龙头漏水，业主下午两点后在家"
    assert [(line.name, line.amount) for line in saved.lines] == [("换阀芯", Decimal("60.00"))]


def test_discarding_shows_the_order_as_the_other_desk_left_it(
        qtbot: QtBot, uow: UnitOfWork, manager: UnitOfWork, supervisor: UnitOfWork,
        receptionist: UnitOfWork, leaking_tap: WorkOrderDetail, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    editor = front_desk_editor(qtbot, uow, receptionist, leaking_tap, tmp_path)
    editor.location.setText("一楼客卫")
    back_office_adds_a_valve(manager, supervisor, leaking_tap)
    answer(monkeypatch, StaleDialog, lambda dialog: qtbot.mouseClick(
        dialog.discard_button, Qt.MouseButton.LeftButton))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert editor.location.text() == "二楼主卫"
    assert [row.name for row in editor.charges.lines.rows()] == ["换阀芯"]
    assert not editor.drafts.has_typed()
    assert work_order_detail(supervisor, leaking_tap.id).location == "二楼主卫"


# --- the estate register and the lists: the same refusal, the same re-apply ------------
def manager_desk(manager: UnitOfWork, tmp_path: Path) -> Desk:
    return Desk(manager, LocalConfig.load(tmp_path / "m.json"), actor=manager.actor)


def reapply_when_asked(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> list[list[str]]:
    seen: list[list[str]] = []

    def fill(dialog: Any) -> None:
        seen.append(dialog.items())
        qtbot.mouseClick(dialog.reapply_button, Qt.MouseButton.LeftButton)

    answer(monkeypatch, StaleDialog, fill)
    return seen


def test_a_villa_corrected_at_two_desks_keeps_both_corrections(
        qtbot: QtBot, manager: UnitOfWork, villas: dict[str, int], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from app.services import estate
    from app.views.estate.villa_dialog import VillaDialog

    dialog = VillaDialog(manager_desk(manager, tmp_path), estate.villa(manager, villas["A-12"]))
    qtbot.addWidget(dialog)
    dialog.note.setText("花园有犬")
    now = estate.villa(manager, villas["A-12"])  # the other desk moves it to another zone
    estate.update_villa(manager, now.id, estate.VillaInput(
        now.number, "湖心区", now.villa_type, "", now.occupancy, now.note),
        expected_version=now.version)
    seen = reapply_when_asked(monkeypatch, qtbot)
    assert dialog.save() is None
    assert any("区域" in item and "湖畔区" in item and "湖心区" in item for item in seen[0])
    assert (dialog.zone.text(), dialog.note.text()) == ("湖心区", "花园有犬")
    assert dialog.save() == villas["A-12"]
    stored = estate.villa(manager, villas["A-12"])
    assert (stored.zone, stored.note) == ("湖心区", "花园有犬")


def test_a_person_corrected_at_two_desks_keeps_both_corrections(
        qtbot: QtBot, manager: UnitOfWork, villas: dict[str, int], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from app.services import estate
    from app.views.estate.person_dialog import PersonDialog

    household = estate.households_of(manager, villas["A-12"])[0]
    li_na = next(p for p in household.people if p.name == "李娜")
    dialog = PersonDialog(manager_desk(manager, tmp_path), household.id, li_na.id)
    qtbot.addWidget(dialog)
    dialog.relation.setText("妻子")
    now = estate.person_for_edit(manager, li_na.id)
    estate.update_person(manager, li_na.id, replace(now, phone="13900001111"),
                         expected_version=now.version)
    seen = reapply_when_asked(monkeypatch, qtbot)
    assert dialog.save() is None
    assert any("电话" in item for item in seen[0]), seen[0]
    assert not any("13900001111" in item for item in seen[0])  # a phone is named, not shown
    assert (dialog.phone.text(), dialog.relation.text()) == ("13900001111", "妻子")
    assert dialog.save() == li_na.id
    stored = estate.person_for_edit(manager, li_na.id)
    assert (stored.phone, stored.relation) == ("13900001111", "妻子")


def test_a_roster_member_and_a_fee_item_changed_elsewhere_are_not_reverted(
        qtbot: QtBot, uow: UnitOfWork, manager: UnitOfWork, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from app.services import fee_standard, roster
    from app.views.estate.roster_page import RosterMemberDialog
    from app.views.work_orders.fee_standard_dialog import FeeStandardDialog

    desk = manager_desk(manager, tmp_path)
    li = roster.add_member(manager, "李强", Department.ENGINEERING, "13700001111")
    member_dialog = RosterMemberDialog(desk, roster.member(manager, li))
    qtbot.addWidget(member_dialog)
    member_dialog.phone.setText("13700002222")
    roster.update_member(manager, li, "李强（水电）", Department.ENGINEERING, "13700001111",
                         expected_version=roster.member(manager, li).version)
    reapply_when_asked(monkeypatch, qtbot)
    assert member_dialog.save() is None
    assert (member_dialog.name.text(), member_dialog.phone.text()) == ("李强（水电）",
                                                                       "13700002222")
    assert member_dialog.save() == li
    stored = roster.member(manager, li)
    assert (stored.name, stored.phone) == ("李强（水电）", "13700002222")

    valve = fee_standard.create_fee_item(manager, "换阀芯", "个", "60.00")
    fees = FeeStandardDialog(desk)
    qtbot.addWidget(fees)
    fees.fees_view.selectRow(fees.fees.row_of(valve.id))
    fees.fee_unit.setText("只")
    fee_standard.update_fee_item(manager, valve.id, "换阀芯", "个", "65.00",
                                 expected_version=valve.version)
    assert fees.save_fee_item() is None
    assert (fees.fee_unit.text(), fees.fee_price.text()) == ("只", "65.00")
    assert fees.save_fee_item() is not None
    stored_item = next(i for i in fee_standard.list_fee_items(manager) if i.id == valve.id)
    assert (stored_item.unit, stored_item.price) == ("只", Decimal("65.00"))


def test_a_draft_typed_before_the_other_desk_saved_cannot_undo_its_line(
        qtbot: QtBot, uow: UnitOfWork, manager: UnitOfWork, supervisor: UnitOfWork,
        receptionist: UnitOfWork, leaking_tap: WorkOrderDetail, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """王丽's typing was kept as a draft (the desk was locked); 刘主管 then adds his line;
    the draft restored later is still based on the older order."""
    typing = front_desk_editor(qtbot, uow, receptionist, leaking_tap, tmp_path)
    typing.content.moveCursor(typing.content.textCursor().MoveOperation.End)
    type_chinese(typing.content, "，业主下午两点后在家")
    kept = typing.draft_payload()
    typing.set_aside()
    back_office_adds_a_valve(manager, supervisor, leaking_tap)

    later = front_desk_editor(qtbot, uow, receptionist, leaking_tap, tmp_path)
    later.restore_draft(kept)
    shown = answer(monkeypatch, StaleDialog, lambda dialog: qtbot.mouseClick(
        dialog.reapply_button, Qt.MouseButton.LeftButton))
    qtbot.mouseClick(later.save_button, Qt.MouseButton.LeftButton)
    assert len(shown) == 1
    assert [line.name for line in work_order_detail(supervisor, leaking_tap.id).lines] == [
        "换阀芯"]
    assert later.content.toPlainText() == "主卫洗手盆水龙头漏水，业主下午两点后在家"
    assert [row.name for row in later.charges.lines.rows()] == ["换阀芯"]
    qtbot.mouseClick(later.save_button, Qt.MouseButton.LeftButton)
    saved = work_order_detail(supervisor, leaking_tap.id)
    assert (saved.content, [line.name for line in saved.lines]) == (
        "主卫洗手盆水龙头漏水，业主下午两点后在家", ["换阀芯"])


def test_dispatching_an_order_another_desk_voided_says_so_and_shows_it_void(
        qtbot: QtBot, uow: UnitOfWork, supervisor: UnitOfWork, receptionist: UnitOfWork,
        leaking_tap: WorkOrderDetail, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace as with_changes

    from app.models.work_orders import WorkOrderState
    from app.views.messages import Messages
    from app.views.work_orders.actions import DispatchDialog
    from app.views.work_orders.tab import WorkOrdersTab

    tab = WorkOrdersTab(Desk(uow, LocalConfig.load(tmp_path / "t.json"),
                             actor=receptionist.actor))
    qtbot.addWidget(tab)
    tab.show()
    assert tab.select_work_order(leaking_tap.id)
    # The back office voids it from its own PC: this desk hears nothing of it.
    back_office = with_changes(supervisor, listeners=[])
    work_orders.void(back_office, leaking_tap.id, "业主自行修好")
    warned: list[str] = []
    monkeypatch.setattr(Messages, "warn", classmethod(
        lambda cls, parent, text, title="": warned.append(text)))

    def dispatch(dialog: DispatchDialog) -> None:
        dialog.assignee.setText("李强")
        dialog.save()
        dialog.reject()  # told it cannot be done, the desk closes the dialog

    answer(monkeypatch, DispatchDialog, dispatch)
    tab.panel.buttons["wo_dispatch"].click()
    assert len(warned) == 1 and leaking_tap.number in warned[0] and "作废" in warned[0]
    assert tab.current_detail().state == WorkOrderState.VOID  # type: ignore[union-attr]
    assert work_order_detail(receptionist, leaking_tap.id).assignee == ""
