"""Work orders (派工单) driven through the tab and its dialogs, on a real database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from app.clock import FakeClock
from app.config import LocalConfig
from app.i18n import _, fmt_datetime, ngettext
from app.models.reception import Channel, EntryClass
from app.models.work_orders import Department, Rating
from app.models.work_orders import WorkOrderState as S
from app.services import reception, work_orders
from app.services.fee_standard import list_fee_items
from app.services.uow import UnitOfWork
from app.services.work_categories import list_categories
from app.services.work_order_queries import WorkOrderFilter, list_work_orders, work_order_detail
from app.services.work_orders import FeeLineInput, WorkOrderDraft
from app.views.desk import Desk
from app.views.work_orders.actions import DispatchDialog, VoidDialog
from app.views.work_orders.callback_dialog import CallbackDialog
from app.views.work_orders.editor import WorkOrderEditor
from app.views.work_orders.fee_lines import FeeLineRow, FeeLinesModel
from app.views.work_orders.fee_standard_dialog import CategoriesModel, FeeItemsModel
from app.views.work_orders.list_model import OVERDUE_FG, OVERDUE_ROLE, WorkOrdersModel
from app.views.work_orders.register_dialog import RegisterModel
from app.views.work_orders.tab import WorkOrdersTab
from tests.views.dialogs import answer

Key = Qt.Key




@pytest.fixture
def ids(uow: UnitOfWork) -> dict[str, int]:
    work_orders.ensure_defaults(uow)
    found = {c.name: c.id for c in list_categories(uow)}
    found.update({f.name: f.id for f in list_fee_items(uow)})
    return found


def make_tab(qtbot: QtBot, base: UnitOfWork, who: UnitOfWork, tmp_path: Path) -> WorkOrdersTab:
    tab = WorkOrdersTab(Desk(base, LocalConfig.load(tmp_path / "c.json"), actor=who.actor))
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


@pytest.fixture
def tab(qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, villas: dict[str, int],
        ids: dict[str, int], tmp_path: Path, warnings: list[str]) -> WorkOrdersTab:
    return make_tab(qtbot, uow, receptionist, tmp_path)


def leak(villas: dict[str, int], ids: dict[str, int], **changes: Any) -> WorkOrderDraft:
    values: dict[str, Any] = {"content": "厨房水槽下水管漏水", "department": Department.ENGINEERING,
                              "category_id": ids["给排水"], "villa_id": villas["A-12"],
                              "location": "厨房", "contact_name": "张伟",
                              "contact_phone": "13812345678"}
    values.update(changes)
    return WorkOrderDraft(**values)


def shown_numbers(tab: WorkOrdersTab) -> list[str]:
    model = tab.table.model()
    return [model.index(r, WorkOrdersModel.COL_NUMBER).data() for r in range(model.rowCount())]


def test_the_table_models_are_sound(qtmodeltester: Any, receptionist: UnitOfWork,
                                    villas: dict[str, int], ids: dict[str, int]) -> None:
    work_orders.open_work_order(receptionist, leak(villas, ids))
    model = WorkOrdersModel()
    model.load(lambda sort, after, limit: list_work_orders(receptionist, WorkOrderFilter(),
                                                          sort, after, limit))
    assert model.rowCount() == 1
    qtmodeltester.check(model)
    lines = FeeLinesModel()
    lines.set_rows([FeeLineRow(1, "疏通马桶", "次", Decimal("100.00"), Decimal(1))])
    qtmodeltester.check(lines)
    for other in (RegisterModel(), FeeItemsModel(), CategoriesModel()):
        qtmodeltester.check(other)


def test_f3_opens_the_form_and_a_missing_field_is_shown_beside_it(
        qtbot: QtBot, tab: WorkOrdersTab, monkeypatch: pytest.MonkeyPatch,
        villas: dict[str, int], ids: dict[str, int]) -> None:
    """The owner of A-12 rings: the kitchen sink leaks. The receptionist presses F3."""
    assert tab.main_action().shortcut().toString() == "F3"

    def fill(editor: WorkOrderEditor) -> None:
        editor.villa.set_villa(villas["A-12"], "A-12")
        assert editor.contact_name.text() == "张伟"  # the owner, taken from the household file
        editor.location.setText("厨房")
        editor.save()  # no content and no category yet
        assert editor.errors.message("content") and editor.errors.message("category")
        assert editor.result() != QDialog.DialogCode.Accepted
        assert editor.location.text() == "厨房"  # nothing typed is lost
        editor.content.setPlainText("厨房水槽下水管漏水")
        editor.category.setCurrentIndex(editor.category.findData(ids["给排水"]))
        editor.assignee.setText("李强")
        assert editor.dispatch_now.isChecked()
        editor.save()

    seen = answer(monkeypatch, WorkOrderEditor, fill)
    tab.activateWindow()
    qtbot.keyClick(tab, Key.Key_F3)
    qtbot.waitUntil(lambda: bool(seen))
    assert shown_numbers(tab) == ["PG2026-000001"]
    detail = tab.current_detail()
    assert detail is not None and (detail.state, detail.assignee) == (S.DISPATCHED, "李强")
    assert "PG2026-000001" in tab.panel.header.text()


def test_fee_lines_show_a_live_total(qtbot: QtBot, tab: WorkOrdersTab, ids: dict[str, int],
                                     villas: dict[str, int]) -> None:
    editor = WorkOrderEditor(tab.desk, parent=tab)
    qtbot.addWidget(editor)
    editor.show()
    assert not editor.charges.lines_view.isEnabled()
    editor.charges.fee_item.setCurrentIndex(editor.charges.fee_item.findData(ids["更换水龙头（人工）"]))
    editor.charges.add_current_item()
    assert editor.charges.charged.isChecked() and editor.charges.lines_view.isEnabled()
    editor.charges.fee_item.setCurrentIndex(editor.charges.fee_item.findData(ids["更换角阀（人工）"]))
    editor.charges.add_current_item()
    assert editor.charges.total.text().endswith("¥55.00")
    charges = editor.charges
    spin = charges.lines_view.indexWidget(charges.lines.index(0, FeeLinesModel.COL_QUANTITY))
    spin.setValue(3)  # type: ignore[attr-defined]
    assert editor.charges.total.text().endswith("¥115.00")
    editor.charges.lines_view.selectRow(1)
    editor.charges.remove_current_line()
    assert editor.charges.total.text().endswith("¥90.00")
    editor.villa.set_villa(villas["A-12"], "A-12")
    editor.content.setPlainText("两个水龙头漏水")
    editor.category.setCurrentIndex(editor.category.findData(ids["给排水"]))
    saved = editor.save()
    assert saved is not None and saved.total == Decimal("90.00")
    assert [(line.name, line.quantity) for line in saved.lines] == [
        ("更换水龙头（人工）", Decimal("3.00"))]


def test_a_call_record_becomes_a_prefilled_work_order(
        qtbot: QtBot, tab: WorkOrdersTab, supervisor: UnitOfWork, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch, villas: dict[str, int], ids: dict[str, int]) -> None:
    call = reception.log_entry(supervisor, reception.NewEntry(
        Channel.PHONE, EntryClass.REPAIR, "赵敏", "书房空调不制冷", villa_id=villas["B-7"],
        contact_phone="15800002222"))
    clock.advance(minutes=2)

    def fill(editor: WorkOrderEditor) -> None:
        assert (editor.villa.villa_number(), editor.contact_name.text(),
                editor.content.toPlainText()) == ("B-7", "赵敏", "书房空调不制冷")
        editor.category.setCurrentIndex(editor.category.findData(ids["空调暖通"]))
        editor.save()

    answer(monkeypatch, WorkOrderEditor, fill)
    tab.create_from_entry(call.id)
    detail = tab.current_detail()
    assert detail is not None and (detail.entry_id, detail.taken_by) == (call.id, "刘主管")
    assert detail.received_at == call.occurred_at


def test_late_orders_stand_out_in_red(qtbot: QtBot, tab: WorkOrdersTab, clock: FakeClock,
                                      receptionist: UnitOfWork, villas: dict[str, int],
                                      ids: dict[str, int]) -> None:
    clock.set(dt.datetime(2026, 11, 24, 9, 5))
    work_orders.open_work_order(receptionist, leak(villas, ids))
    model = tab.model
    assert model.rowCount() == 1 and not model.index(0, 0).data(OVERDUE_ROLE)
    with qtbot.assertNotEmitted(model.rowsInserted):
        tab._on_tick()  # nothing became late: the list is left as the user scrolled it
    clock.set(dt.datetime(2026, 11, 24, 9, 11))
    with qtbot.waitSignal(model.rowsInserted):
        tab._on_tick()  # the minute timer notices the missed dispatch
    index = model.index(0, WorkOrdersModel.COL_DUE)
    assert index.data(OVERDUE_ROLE)
    assert index.data(Qt.ItemDataRole.ForegroundRole).color() == OVERDUE_FG
    assert index.data() == _("{what} overdue {time}").format(
        what=_("Dispatch"), time="11-24 09:10")
    assert index.data(Qt.ItemDataRole.ToolTipRole) == _("{what} overdue since {time}").format(
        what=_("Dispatch"), time=fmt_datetime(dt.datetime(2026, 11, 24, 9, 10)))
    assert tab.overdue_indicator.text() == ngettext(
        "{n} work order overdue", "{n} work orders overdue", 1).format(n=1)
    tab.overdue_indicator.click()
    assert tab.filters.overdue.isChecked() and shown_numbers(tab) == ["PG2026-000001"]


def test_the_order_moves_on_through_the_panel_buttons(
        qtbot: QtBot, tab: WorkOrdersTab, clock: FakeClock, receptionist: UnitOfWork,
        monkeypatch: pytest.MonkeyPatch, villas: dict[str, int], ids: dict[str, int]) -> None:
    order = work_orders.open_work_order(receptionist, leak(villas, ids))
    assert tab.select_work_order(order.id)
    buttons = tab.panel.buttons
    assert buttons["wo_dispatch"].isEnabled() and not buttons["wo_complete"].isEnabled()
    assert not buttons["wo_void"].isVisible()  # a receptionist may not void

    def dispatch(dialog: DispatchDialog) -> None:
        dialog.save()
        assert dialog.errors.message("assignee")
        dialog.assignee.setText("李强")
        dialog.save()

    answer(monkeypatch, DispatchDialog, dispatch)
    buttons["wo_dispatch"].click()
    buttons["wo_start"].click()
    assert tab.current_detail().state == S.IN_PROGRESS  # type: ignore[union-attr]
    work_orders.complete(receptionist, order.id, "更换下水管")
    tab.refresh()

    def unhappy(dialog: CallbackDialog) -> None:
        dialog.quality.set_value(Rating.FAIR)
        dialog.attitude.set_value(Rating.SATISFIED)
        dialog.satisfaction.set_value(Rating.UNSATISFIED)
        assert dialog.reopen_note.isVisibleTo(dialog)
        dialog.remarks.setText("接口仍渗水")
        dialog.save()

    answer(monkeypatch, CallbackDialog, unhappy)
    buttons["wo_callback"].click()
    detail = tab.current_detail()
    assert detail is not None and (detail.state, detail.reopen_count) == (S.IN_PROGRESS, 1)
    assert "接口仍渗水" in tab.panel.body.toPlainText()


def test_a_supervisor_voids_and_the_register_shows_it(
        qtbot: QtBot, uow: UnitOfWork, supervisor: UnitOfWork, receptionist: UnitOfWork,
        monkeypatch: pytest.MonkeyPatch, villas: dict[str, int], ids: dict[str, int],
        tmp_path: Path, warnings: list[str]) -> None:
    first = work_orders.open_work_order(receptionist, leak(villas, ids))
    work_orders.open_work_order(receptionist, leak(villas, ids, villa_id=villas["A-3"]))
    tab = make_tab(qtbot, uow, supervisor, tmp_path)
    tab.select_work_order(first.id)
    assert tab.panel.buttons["wo_void"].isVisible()

    def give_reason(dialog: VoidDialog) -> None:
        dialog.reason.setText("重复登记")
        dialog.save()

    answer(monkeypatch, VoidDialog, give_reason)
    tab.panel.buttons["wo_void"].click()
    assert work_order_detail(supervisor, first.id).state == S.VOID
    assert first.number not in shown_numbers(tab)  # the list shows open orders by default
    register = tab.open_register()
    qtbot.addWidget(register)
    states = [register.model.index(r, RegisterModel.COL_STATE).data()
              for r in range(register.model.rowCount())]
    assert states == [_("Void"), _("Issued")]
    assert register.summary.text() == _(
        "{n} numbers: {issued} issued, {void} void, {missing} missing").format(
        n=2, issued=1, void=1, missing=0)
    with qtbot.waitSignal(register.preview().finished, timeout=10_000):
        pass
    preview = register.preview_dialog
    assert preview is not None and preview.page_count() >= 1
    qtbot.addWidget(preview)


def test_a_scanned_slip_number_finds_the_order(
        qtbot: QtBot, tab: WorkOrdersTab, receptionist: UnitOfWork, villas: dict[str, int],
        ids: dict[str, int]) -> None:
    first = work_orders.open_work_order(receptionist, leak(villas, ids))
    work_orders.open_work_order(receptionist, leak(villas, ids, villa_id=villas["B-7"]))
    tab.refresh()
    assert len(shown_numbers(tab)) == 2
    tab.filters.search.setFocus()
    qtbot.keyClicks(tab.filters.search, "pg2026-000001")
    qtbot.keyClick(tab.filters.search, Key.Key_Return)
    assert shown_numbers(tab) == ["PG2026-000001"]
    assert tab.current_id() == first.id


def test_printing_counts_and_the_next_print_is_a_reprint(
        qtbot: QtBot, tab: WorkOrdersTab, receptionist: UnitOfWork, villas: dict[str, int],
        ids: dict[str, int]) -> None:
    order = work_orders.open_work_order(receptionist, leak(villas, ids, charged=True, fee_lines=(
        FeeLineInput(ids["疏通下水道/地漏"], Decimal(1)),)))
    tab.refresh()
    tab.select_work_order(order.id)
    preview = tab.print_current()
    assert preview is not None
    qtbot.addWidget(preview)
    assert preview.page_count() == 4  # quadruplicate
    before = preview.pdf
    preview.printed.emit("Front-1")  # what the dialog says once CUPS took the job
    assert work_order_detail(receptionist, order.id).print_count == 1
    assert preview.pdf != before  # now showing the slip marked 补打
    printed = ngettext("{n} time", "{n} times", 1).format(n=1)
    assert f"{_('Slip printed')}\n{printed}\n" in tab.panel.body.toPlainText()


def test_calibration_shows_the_overprint_test_page(qtbot: QtBot, tab: WorkOrdersTab) -> None:
    dialog = tab.calibrate_overprint()
    qtbot.addWidget(dialog)
    assert dialog.mode == "overprint" and dialog.page_count() == 1
    assert dialog.offset_x.isVisibleTo(dialog)


def test_only_the_manager_keeps_the_fee_standard(
        qtbot: QtBot, uow: UnitOfWork, manager: UnitOfWork, tab: WorkOrdersTab,
        ids: dict[str, int], tmp_path: Path) -> None:
    assert not tab.fees_action.isVisible() and tab.open_fee_standard() is None
    manager_tab = make_tab(qtbot, uow, manager, tmp_path)
    assert manager_tab.fees_action.isVisible()
    dialog = manager_tab.open_fee_standard()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.fee_name.setText("更换浴霸灯泡")
    dialog.fee_unit.setText("个")
    dialog.fee_price.setText("0")
    assert dialog.add_fee_item() is None
    assert dialog.fee_errors.message("price")
    dialog.fee_price.setText("18.5")
    added = dialog.add_fee_item()
    assert added is not None and added.price == Decimal("18.50")
    assert dialog.fees.row_of(added.id) >= 0
    dialog.category_name.setText("泳池")
    dialog.add_category.click()
    assert "泳池" in [c.name for c in list_categories(manager)]


def test_keyboard_order_of_the_form(qtbot: QtBot, tab: WorkOrdersTab) -> None:
    editor = WorkOrderEditor(tab.desk, parent=tab)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    editor.villa.setFocus()
    visited: list[QWidget] = []
    for _n in range(5):
        qtbot.keyClick(editor.focusWidget(), Key.Key_Return)
        visited.append(editor.focusWidget())
    assert visited == [editor.location, editor.contact_name, editor.contact_phone,
                       editor.category, editor.department]


def test_double_click_edits_an_open_order(
        qtbot: QtBot, tab: WorkOrdersTab, receptionist: UnitOfWork,
        monkeypatch: pytest.MonkeyPatch, villas: dict[str, int], ids: dict[str, int]) -> None:
    order = work_orders.open_work_order(receptionist, leak(villas, ids))
    tab.refresh()

    def change(editor: WorkOrderEditor) -> None:
        assert not editor.received_at.isVisibleTo(editor)  # fixed once the order exists
        assert editor.location.text() == "厨房"
        editor.location.setText("厨房及餐厅")
        editor.expected_at.set_value(dt.datetime(2026, 11, 24, 17, 0))
        editor.save()

    answer(monkeypatch, WorkOrderEditor, change)
    index = tab.model.index(0, WorkOrdersModel.COL_CONTENT)
    tab.table.doubleClicked.emit(index)
    detail = work_order_detail(receptionist, order.id)
    assert (detail.location, detail.expected_completion_at) == (
        "厨房及餐厅", dt.datetime(2026, 11, 24, 17, 0))
