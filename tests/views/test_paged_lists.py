"""The registers' lists on thousands of records: pages as the desk scrolls, a header click
that sorts the whole register, and a refresh that leaves the desk where it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.config import LocalConfig
from app.models.households import Occupancy
from app.models.work_orders import Department
from app.services import estate, reception, work_orders
from app.services.uow import UnitOfWork
from app.services.work_categories import list_categories
from app.services.work_order_queries import WorkOrderFilter, list_work_orders
from app.services.work_orders import WorkOrderDraft
from app.views.desk import Desk
from app.views.reception.entries_model import EntriesModel
from app.views.widgets.paged_model import current_id, select_id
from app.views.work_orders.list_model import WorkOrdersModel
from app.views.work_orders.tab import WorkOrdersTab
from tests.services.register_data import START, fill_registers

ORDERS = 700


@pytest.fixture
def registers(receptionist: UnitOfWork, villas: dict[str, int]) -> UnitOfWork:
    fill_registers(receptionist, list(villas.values()), orders=ORDERS, entries=500)
    return receptionist


@pytest.fixture
def tab(qtbot: QtBot, uow: UnitOfWork, registers: UnitOfWork, tmp_path: Path,
        warnings: list[str]) -> WorkOrdersTab:
    tab = WorkOrdersTab(Desk(uow, LocalConfig.load(tmp_path / "c.json"),
                             actor=registers.actor))
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def numbers(model: WorkOrdersModel) -> list[str]:
    return [model.row_at(r).number for r in range(model.rowCount())]


def test_the_paged_models_are_sound_over_pages_sorts_and_filters(
        qtmodeltester: Any, registers: UnitOfWork) -> None:
    """The tester stays attached to each model and checks it again at every page, sort
    and filter below (a failure is a Qt warning, which fails the test)."""
    flt = WorkOrderFilter()
    model = WorkOrdersModel()
    model.load(lambda sort, after, limit: list_work_orders(registers, flt, sort, after, limit))
    qtmodeltester.check(model)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == ORDERS
    model.sort(WorkOrdersModel.COL_CHARGE, Qt.SortOrder.AscendingOrder)
    model.fetchMore()
    charges = [model.row_at(r).total for r in range(model.rowCount())]
    assert charges == sorted(charges) and len(charges) > 200
    cleaning = WorkOrderFilter(department=Department.CLEANING)
    model.load(lambda sort, after, limit: list_work_orders(registers, cleaning, sort, after,
                                                           limit))
    model.fetchMore()
    assert {model.row_at(r).department for r in range(model.rowCount())} == {
        Department.CLEANING}

    entries = EntriesModel()
    day_range = reception.EntryFilter(START.date(), registers.clock.now().date())
    entries.load(lambda sort, after, limit: reception.page_entries(
        registers, day_range, sort, after, limit), show_dates=True)
    qtmodeltester.check(entries)
    entries.fetchMore()
    entries.sort(EntriesModel.COL_CALLER, Qt.SortOrder.AscendingOrder)
    entries.fetchMore()
    callers = [entries.row_at(r).caller_name for r in range(entries.rowCount())]
    assert callers == sorted(callers)


def test_a_header_click_sorts_the_whole_register(qtbot: QtBot, tab: WorkOrdersTab) -> None:
    """The oldest order was never loaded (the list opens newest first, 200 rows); one
    click on "Received at" asks the database, and it comes first."""
    assert "PG2025-000001" not in numbers(tab.model)
    header = tab.table.horizontalHeader()
    header.sectionClicked.emit(WorkOrdersModel.COL_RECEIVED)  # as a click does
    x = header.sectionViewportPosition(WorkOrdersModel.COL_RECEIVED) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.viewport().rect().topLeft() + type(
                         header.viewport().rect().topLeft())(x, 5))
    qtbot.waitUntil(lambda: numbers(tab.model)[:1] == ["PG2025-000001"])
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder


def test_a_column_no_index_orders_refuses_to_sort(qtbot: QtBot, tab: WorkOrdersTab) -> None:
    header = tab.table.horizontalHeader()
    before = numbers(tab.model)
    x = header.sectionViewportPosition(WorkOrdersModel.COL_CONTENT) + 5
    point = header.viewport().rect().topLeft()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=type(point)(x, 5))
    assert numbers(tab.model) == before
    assert header.sortIndicatorSection() == WorkOrdersModel.COL_RECEIVED
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_a_refresh_keeps_the_selected_order_and_the_scroll_position(
        qtbot: QtBot, tab: WorkOrdersTab, villas: dict[str, int]) -> None:
    """The desk scrolled three pages down and picked an order; then a new call comes in
    (a change that refreshes the list): the same order stays picked, the list where it was."""
    work_orders.ensure_defaults(tab.desk.uow)
    category = list_categories(tab.desk.uow)[0].id
    table = tab.table
    while tab.model.rowCount() < 500:
        table.scrollToBottom()
        qtbot.waitUntil(lambda: not tab.model.canFetchMore() or table.verticalScrollBar()
                        .value() < table.verticalScrollBar().maximum(), timeout=2000)
    chosen = tab.model.row_at(450).id
    assert select_id(table, chosen)
    bar = table.verticalScrollBar()
    position = bar.value()
    assert position > 0
    loaded = tab.model.rowCount()
    new = work_orders.open_work_order(tab.desk.uow, WorkOrderDraft(
        content="车库门遥控失灵", department=Department.ENGINEERING, category_id=category,
        villa_id=villas["A-12"]))
    qtbot.waitUntil(lambda: tab.model.row_at(0).id == new.id)
    assert tab.model.rowCount() == loaded  # as many rows as before, read again
    assert current_id(table) == chosen
    assert tab.current_id() == chosen
    assert bar.value() == position
    assert tab.current_detail() is not None and tab.current_detail().id == chosen


def test_the_estate_lists_are_sound_over_pages_sorts_and_filters(
        qtmodeltester: Any, supervisor: UnitOfWork, villas: dict[str, int]) -> None:
    """The villa list and the roster on the one paged model: checked at every page,
    header sort and filter (a failure is a Qt warning, which fails the test)."""
    from app.services import estate_lists, roster
    from app.services.roster import RosterFilter
    from app.views.estate.models import RosterModel, VillasModel
    from tests.services.test_estate_lists import add_estate

    add_estate(supervisor, 90)
    every = estate_lists.VillaFilter(include_retired=True)
    model = VillasModel()
    model.load(lambda sort, after, limit: estate_lists.page_villas(supervisor, every, sort,
                                                                   after, limit))
    assert model.rowCount() == 200 and model.canFetchMore()
    qtmodeltester.check(model)
    while model.canFetchMore():
        model.fetchMore()
    listed = [model.row_at(r).number for r in range(model.rowCount())]
    assert len(listed) == len(set(listed)) > 250
    assert listed.index("A-9") + 1 == listed.index("A-10")  # as read, not as text sorts
    last_zone = max(v.zone for v in estate.list_villas(supervisor, include_retired=True))
    model.sort(VillasModel.COL_ZONE, Qt.SortOrder.DescendingOrder)
    assert model.row_at(0).zone == last_zone  # the whole estate, not the rows loaded
    model.sort(VillasModel.COL_OWNERS, Qt.SortOrder.AscendingOrder)  # refused: no index
    assert model.sort_column == VillasModel.COL_ZONE
    named = estate_lists.VillaFilter("张伟")
    model.load(lambda sort, after, limit: estate_lists.page_villas(supervisor, named, sort,
                                                                   after, limit))
    assert [model.row_at(r).number for r in range(model.rowCount())] == ["A-12"]

    for n in range(12):
        roster.add_member(supervisor, f"师傅{n:02d}", list(Department)[n % 3], "")
    members = RosterModel()
    members.page_size = 5  # a roster fits on one page; smaller pages here to page at all
    members.load(lambda sort, after, limit: roster.page_roster(
        supervisor, RosterFilter(), sort, after, limit))
    qtmodeltester.check(members)
    while members.canFetchMore():
        members.fetchMore()
    assert members.rowCount() == 12
    members.sort(RosterModel.COL_DEPARTMENT, Qt.SortOrder.AscendingOrder)
    members.fetchMore()
    departments = [members.row_at(r).department.value for r in range(members.rowCount())]
    assert departments == sorted(departments)


def test_the_villa_list_keeps_the_chosen_villa_when_the_estate_changes(
        qtbot: QtBot, uow: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int],
        tmp_path: Path, warnings: list[str]) -> None:
    """The desk scrolled down the villas to one on the second page; another desk adds a
    villa (the tab refreshes): the same villa stays chosen, the list where it was. A click
    on Zone sorts the whole estate."""
    from app.services.estate import VillaInput
    from app.views.estate.models import VillasModel
    from app.views.estate.tab import EstateTab
    from tests.services.test_estate_lists import add_estate

    add_estate(supervisor, 90)
    tab = EstateTab(Desk(uow, LocalConfig.load(tmp_path / "c.json"), actor=supervisor.actor))
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    qtbot.waitExposed(tab)
    page = tab.villas
    table = page.table
    while page.model.rowCount() < 250:
        table.scrollToBottom()
        qtbot.waitUntil(lambda: not page.model.canFetchMore() or table.verticalScrollBar()
                        .value() < table.verticalScrollBar().maximum(), timeout=2000)
    chosen = page.model.row_at(230)
    assert select_id(table, chosen.id)
    assert page.current_villa() == chosen
    assert page.panel.villa is not None and page.panel.villa.id == chosen.id
    bar = table.verticalScrollBar()
    position = bar.value()
    assert position > 0
    estate.add_villa(supervisor, VillaInput("A-0", "A区", "", "", Occupancy.VACANT, ""))
    tab.refresh()  # what the desk's change signal does
    assert page.model.row_at(0).number == "A-0"
    assert current_id(table) == chosen.id
    assert bar.value() == position

    header = table.horizontalHeader()
    header.setSortIndicator(VillasModel.COL_ZONE, Qt.SortOrder.DescendingOrder)
    assert page.model.row_at(0).zone == max(v.zone for v in estate.list_villas(supervisor))
    header.setSortIndicator(VillasModel.COL_OWNERS, Qt.SortOrder.AscendingOrder)  # refused
    assert header.sortIndicatorSection() == VillasModel.COL_ZONE


def test_the_release_pass_list_is_sound_over_pages_sorts_and_filters(
        qtmodeltester: Any, receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    from app.models.release_passes import ListedState
    from app.services.release_pass_queries import PassFilter, list_passes
    from app.views.release_passes.list_model import ReleasePassesModel
    from tests.services.release_pass_data import fill_passes

    fill_passes(receptionist, list(villas.values()), 600)
    model = ReleasePassesModel()
    model.load(lambda sort, after, limit: list_passes(receptionist, PassFilter(), sort, after,
                                                      limit))
    qtmodeltester.check(model)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 600
    model.sort(ReleasePassesModel.COL_VALID_UNTIL, Qt.SortOrder.AscendingOrder)
    model.fetchMore()
    ends = [model.row_at(r).valid_until for r in range(model.rowCount())]
    assert ends == sorted(ends) and len(ends) > 200
    used = PassFilter(states=frozenset({ListedState.USED}))
    model.load(lambda sort, after, limit: list_passes(receptionist, used, sort, after, limit))
    model.fetchMore()
    assert {model.row_at(r).state for r in range(model.rowCount())} == {ListedState.USED}
