"""Work orders at the desk in the first hour, through the real window and dialogs: the
completion a minute after the start, the callback nobody answers, the caller's special
requirements, and lists whose columns show their text whole at 1366×768."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont, QFontMetrics, QHelpEvent
from PySide6.QtWidgets import QApplication, QStyle, QTableView, QToolTip
from pytestqt.qtbot import QtBot

from app import i18n
from app.clock import FakeClock
from app.config import LocalConfig
from app.i18n import _, fmt_datetime
from app.models.calendar import WorkCalendar
from app.models.reception import Channel, EntryClass
from app.models.work_order_rules import Action
from app.models.work_orders import Department, Rating
from app.models.work_orders import WorkOrderState as S
from app.services import reception, site, work_orders
from app.services.fee_standard import create_fee_item, list_fee_items
from app.services.uow import UnitOfWork
from app.services.work_categories import list_categories
from app.services.work_order_queries import work_order_detail
from app.services.work_orders import FeeLineInput, WorkOrderDraft
from app.views.desk import Desk
from app.views.main_window.tabs import build_tabs
from app.views.main_window.window import MainWindow
from app.views.widgets.tables import cell_tooltip, column_fitter
from app.views.work_orders.actions import CompleteDialog
from app.views.work_orders.callback_dialog import CallbackDialog
from app.views.work_orders.editor import WorkOrderEditor
from app.views.work_orders.fee_lines import FeeLinesModel
from app.views.work_orders.list_model import WorkOrdersModel
from app.views.work_orders.register_dialog import RegisterModel
from app.views.work_orders.tab import WorkOrdersTab
from tests.views.dialogs import answer

NEEDS = "上门前先电话联系；家中有宠物"
LONG_ITEM = "更换卫生间恒温混水阀及配套软管（含人工）"




@pytest.fixture
def ids(uow: UnitOfWork) -> dict[str, int]:
    work_orders.ensure_defaults(uow)
    found = {c.name: c.id for c in list_categories(uow)}
    found.update({f.name: f.id for f in list_fee_items(uow)})
    return found


def leak(villas: dict[str, int], ids: dict[str, int], **changes: Any) -> WorkOrderDraft:
    values: dict[str, Any] = {"content": "厨房水槽下水管漏水", "department": Department.ENGINEERING,
                              "category_id": ids["给排水"], "villa_id": villas["A-12"],
                              "location": "厨房", "contact_name": "张伟",
                              "contact_phone": "13812345678"}
    values.update(changes)
    return WorkOrderDraft(**values)


def open_window(qtbot: QtBot, uow: UnitOfWork, who: UnitOfWork,
                tmp_path: Path) -> tuple[MainWindow, WorkOrdersTab]:
    desk = Desk(uow, LocalConfig.load(tmp_path / "config.json"), actor=who.actor)
    window = MainWindow(desk, site.get_site(uow), WorkCalendar(), build_tabs(desk))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    tab = next(t for t in window._tab_list if isinstance(t, WorkOrdersTab))
    window.tabs.setCurrentWidget(tab)
    return window, tab


@pytest.fixture
def tab(qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, villas: dict[str, int],
        ids: dict[str, int], tmp_path: Path, warnings: list[str]) -> WorkOrdersTab:
    return open_window(qtbot, uow, receptionist, tmp_path)[1]


def timeline_minutes(tab: WorkOrdersTab, title: str) -> list[str]:
    detail = tab.current_detail()
    assert detail is not None
    return [fmt_datetime(e.at) for e in detail.timeline if e.title == title]


# -- 5: the completion dialog and the minute -------------------------------------------

def test_completed_in_the_minute_it_started(
        qtbot: QtBot, tab: WorkOrdersTab, clock: FakeClock, receptionist: UnitOfWork,
        monkeypatch: pytest.MonkeyPatch, villas: dict[str, int], ids: dict[str, int]) -> None:
    """李强 starts at 09:05:20, finds only a loose nut, and rings back at 09:05:50."""
    order = work_orders.open_work_order(receptionist, leak(villas, ids, assignee="李强"),
                                        dispatch_now=True)
    tab.refresh()
    assert tab.select_work_order(order.id)
    clock.set(dt.datetime(2026, 11, 24, 9, 5, 20))
    tab.panel.buttons["wo_start"].click()
    clock.set(dt.datetime(2026, 11, 24, 9, 5, 50))
    seen: list[str] = []

    def finish(dialog: CompleteDialog) -> None:
        seen.append(dialog.reference.text())
        dialog.note.setPlainText("拧紧下水管螺母，试水无渗漏")
        dialog.save()  # the time field shows 09:05, the minute the work started

    answer(monkeypatch, CompleteDialog, finish)
    tab.panel.buttons["wo_complete"].click()
    started = fmt_datetime(dt.datetime(2026, 11, 24, 9, 5))
    assert seen == [_("Work started {time}").format(time=started)]
    detail = tab.current_detail()
    assert detail is not None and detail.state == S.COMPLETED
    assert timeline_minutes(tab, _("Work started")) == [started]
    assert timeline_minutes(tab, _("Completed")) == [started]


# -- 11: the callback is chosen, or not reached ----------------------------------------

def completed(receptionist: UnitOfWork, clock: FakeClock, villas: dict[str, int],
              ids: dict[str, int]) -> int:
    order = work_orders.open_work_order(receptionist, leak(villas, ids, assignee="李强"),
                                        dispatch_now=True)
    work_orders.start(receptionist, order.id)
    clock.set(dt.datetime(2026, 11, 24, 11, 30))
    work_orders.complete(receptionist, order.id, "更换下水管")
    return order.id


def test_the_callback_dialog_assumes_nothing(
        qtbot: QtBot, tab: WorkOrdersTab, clock: FakeClock, receptionist: UnitOfWork,
        monkeypatch: pytest.MonkeyPatch, villas: dict[str, int], ids: dict[str, int]) -> None:
    order_id = completed(receptionist, clock, villas, ids)
    tab.refresh()
    tab.select_work_order(order_id)

    def call(dialog: CallbackDialog) -> None:
        dialog.show()  # as exec() would: the clicks below land on laid-out buttons
        qtbot.waitExposed(dialog)
        for choice in (dialog.quality, dialog.attitude, dialog.satisfaction):
            assert choice.value() is None
            assert not any(button.isChecked() for button in choice.buttons.values())
        dialog.remarks.setText("业主说修得很快")
        dialog.save()  # nothing chosen yet
        assert dialog.result() != CallbackDialog.DialogCode.Accepted
        for field in ("quality", "attitude", "satisfaction"):
            assert dialog.errors.message(field) == _("Choose what the owner said.")
        assert dialog.remarks.text() == "业主说修得很快"  # nothing typed is lost
        qtbot.mouseClick(dialog.quality.buttons[Rating.SATISFIED], Qt.MouseButton.LeftButton)
        assert dialog.errors.message("quality") == ""  # corrected: its message goes
        assert dialog.errors.message("attitude")
        dialog.attitude.set_value(Rating.SATISFIED)
        dialog.satisfaction.set_value(Rating.FAIR)
        dialog.save()

    answer(monkeypatch, CallbackDialog, call)
    tab.panel.buttons["wo_callback"].click()
    detail = work_order_detail(receptionist, order_id)
    assert detail.state == S.CALLED_BACK
    assert [(c.quality, c.attitude, c.satisfaction) for c in detail.callbacks] == [
        (Rating.SATISFIED, Rating.SATISFIED, Rating.FAIR)]


def test_nobody_answers_the_callback(
        qtbot: QtBot, tab: WorkOrdersTab, clock: FakeClock, receptionist: UnitOfWork,
        monkeypatch: pytest.MonkeyPatch, villas: dict[str, int], ids: dict[str, int]) -> None:
    order_id = completed(receptionist, clock, villas, ids)
    due = work_order_detail(receptionist, order_id).deadline.due_at
    tab.refresh()
    tab.select_work_order(order_id)
    clock.set(dt.datetime(2026, 11, 24, 15, 0))

    def no_answer(dialog: CallbackDialog) -> None:
        assert not dialog.attempts.isVisibleTo(dialog)
        dialog.remarks.setText("无人接听")
        qtbot.mouseClick(dialog.not_reached_button, Qt.MouseButton.LeftButton)

    answer(monkeypatch, CallbackDialog, no_answer)
    tab.panel.buttons["wo_callback"].click()
    detail = tab.current_detail()
    assert detail is not None
    assert (detail.state, detail.deadline.due_at) == (S.COMPLETED, due)
    assert [(a.at, a.note) for a in detail.callback_attempts] == [
        (dt.datetime(2026, 11, 24, 15, 0), "无人接听")]
    body = tab.panel.body.toPlainText()
    assert _("Callback not reached") in body and _("Callback: not reached") in body
    assert tab.panel.buttons["wo_callback"].isEnabled()  # still to do

    seen: list[str] = []

    def again(dialog: CallbackDialog) -> None:
        seen.append(dialog.attempts.text() if dialog.attempts.isVisibleTo(dialog) else "")
        dialog.reject()

    answer(monkeypatch, CallbackDialog, again)
    tab.panel.buttons["wo_callback"].click()
    assert seen and "1" in seen[0] and fmt_datetime(dt.datetime(2026, 11, 24, 15, 0)) in seen[0]


# -- 10: special requirements through the form and the panel ------------------------------

def test_special_requirements_come_with_the_call(
        qtbot: QtBot, tab: WorkOrdersTab, supervisor: UnitOfWork, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch, villas: dict[str, int], ids: dict[str, int]) -> None:
    call = reception.log_entry(supervisor, reception.NewEntry(
        Channel.PHONE, EntryClass.REPAIR, "赵敏", "书房空调不制冷", villa_id=villas["B-7"],
        contact_phone="15800002222", special_requirements=NEEDS))
    clock.advance(minutes=2)

    def fill(editor: WorkOrderEditor) -> None:
        assert editor.special_requirements.text() == NEEDS
        editor.category.setCurrentIndex(editor.category.findData(ids["空调暖通"]))
        editor.save()

    answer(monkeypatch, WorkOrderEditor, fill)
    tab.create_from_entry(call.id)
    detail = tab.current_detail()
    assert detail is not None and detail.special_requirements == NEEDS
    assert _("Special requirements") in tab.panel.body.toPlainText()
    assert NEEDS in tab.panel.body.toPlainText()

    def change(editor: WorkOrderEditor) -> None:
        editor.special_requirements.setText("家中有宠物")
        editor.save()

    answer(monkeypatch, WorkOrderEditor, change)
    tab.run_action(Action.EDIT)
    assert work_order_detail(supervisor, detail.id).special_requirements == "家中有宠物"


# -- 16: columns show their text whole at 1366×768 ---------------------------------------

def text_margin(view: QTableView) -> int:
    return view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1


def cell_elided(view: QTableView, index: QModelIndex) -> bool:
    """What a user sees: the cell's text (in its own font) wider than its column."""
    text = str(index.data() or "")
    font = index.data(Qt.ItemDataRole.FontRole)
    metrics = QFontMetrics(font if isinstance(font, QFont) else view.font())
    grid = 1 if view.showGrid() else 0
    return (metrics.horizontalAdvance(text) + 2 * text_margin(view)
            > view.columnWidth(index.column()) - grid)


def header_elided(view: QTableView, column: int) -> bool:
    header = view.horizontalHeader()
    text = str(view.model().headerData(column, Qt.Orientation.Horizontal))
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    return header.fontMetrics().horizontalAdvance(text) + 2 * margin > header.sectionSize(column)


def wait_fitted(qtbot: QtBot, view: QTableView) -> None:
    """Until the list has been fitted to its rows and its size on screen."""
    fitter = column_fitter(view)
    assert fitter is not None
    qtbot.waitUntil(lambda: view.isVisible() and not fitter.pending)


def whole(view: QTableView, column: int) -> None:
    assert not header_elided(view, column), view.model().headerData(
        column, Qt.Orientation.Horizontal)
    model = view.model()
    for row in range(model.rowCount()):
        index = model.index(row, column)
        assert not cell_elided(view, index), (index.data(), view.columnWidth(column))


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_columns_show_their_text_whole(
        qtbot: QtBot, locale: str, uow: UnitOfWork, manager: UnitOfWork,
        receptionist: UnitOfWork, clock: FakeClock, monkeypatch: pytest.MonkeyPatch,
        villas: dict[str, int], ids: dict[str, int], tmp_path: Path,
        warnings: list[str]) -> None:
    i18n.set_locale(locale)
    clock.set(dt.datetime(2026, 11, 24, 9, 40))
    work_orders.open_work_order(receptionist, leak(
        villas, ids, received_at=dt.datetime(2026, 11, 20, 14, 36), assignee="欧阳建国"),
        dispatch_now=True)  # unresolved for days: the supervisor must hear of it
    work_orders.open_work_order(receptionist, leak(
        villas, ids, received_at=dt.datetime(2026, 11, 24, 8, 0)))  # not dispatched in time
    item = create_fee_item(manager, LONG_ITEM, "套", Decimal("45.00")).id
    charged = work_orders.open_work_order(receptionist, leak(
        villas, ids, assignee="李强", charged=True, location="二楼主卫及衣帽间",
        fee_lines=(FeeLineInput(item, Decimal("52.50")),
                   FeeLineInput(ids["更换水龙头（人工）"], Decimal("9999")))),
        dispatch_now=True)
    work_orders.start(receptionist, charged.id)
    clock.set(dt.datetime(2026, 11, 24, 9, 58))
    work_orders.complete(receptionist, charged.id, "已更换")
    clock.set(dt.datetime(2026, 11, 25, 10, 0))  # and its callback is late too

    _window, tab = open_window(qtbot, uow, receptionist, tmp_path)
    table = tab.table
    m = WorkOrdersModel
    wait_fitted(qtbot, table)
    assert tab.model.rowCount() == 3
    for column in (m.COL_NUMBER, m.COL_RECEIVED, m.COL_STATE, m.COL_DEPARTMENT, m.COL_DUE,
                   m.COL_CHARGE):
        whole(table, column)
    # Whatever still had to give way tells its full text on hover.
    place = tab.model.index(0, m.COL_PLACE)
    table.horizontalHeader().resizeSection(m.COL_PLACE, 30)
    assert cell_elided(table, place)
    assert cell_tooltip(table, place) == place.data()
    rect = table.visualRect(place)
    QApplication.sendEvent(table.viewport(), QHelpEvent(
        QHelpEvent.Type.ToolTip, rect.center(), table.viewport().mapToGlobal(rect.center())))
    assert QToolTip.text() == place.data()
    QToolTip.hideText()

    # The fee lines of the charged order, in its editor.
    seen: list[bool] = []

    def look(editor: WorkOrderEditor) -> None:
        view = editor.charges.lines_view
        f = FeeLinesModel
        qtbot.waitUntil(lambda: view.isPersistentEditorOpen(view.model().index(0, f.COL_QUANTITY)))
        wait_fitted(qtbot, view)
        for column in (f.COL_UNIT, f.COL_PRICE, f.COL_AMOUNT):
            whole(view, column)
        for row in range(view.model().rowCount()):
            index = view.model().index(row, f.COL_QUANTITY)
            spin = view.indexWidget(index)
            assert spin is not None and spin.isVisible()
            assert spin.width() >= spin.sizeHint().width(), (spin.width(), spin.sizeHint())
        header_whole = not header_elided(view, f.COL_NAME)
        names = [view.model().index(r, f.COL_NAME) for r in range(view.model().rowCount())]
        for name in names:
            assert not cell_elided(view, name) or cell_tooltip(view, name) == name.data()
        seen.append(header_whole)
        editor.reject()

    editor = WorkOrderEditor(tab.desk, work_order_detail(receptionist, charged.id), None, tab)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    look(editor)
    assert seen == [True]

    register = tab.open_register()
    qtbot.addWidget(register)
    qtbot.waitExposed(register)
    r = RegisterModel
    wait_fitted(qtbot, register.table)
    for column in (r.COL_NUMBER, r.COL_STATE, r.COL_RECEIVED, r.COL_PRINTS):
        whole(register.table, column)
    register.close()
