"""Paging by keyset gives every record exactly once, in the order the database sorts the
whole register, for every sortable column in both directions, also where many records
share a value (the same minute, the same assignee, the same total). The PostgreSQL suite
runs the same checks on the real server (tests/postgres/test_keyset_paging_postgres.py)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from app.models.reception import ReceptionEntry
from app.models.work_orders import WorkOrder
from app.services import reception, work_order_queries
from app.services.errors import ValidationFailed
from app.services.paging import Cursor, Direction, Sort
from app.services.uow import UnitOfWork
from app.services.work_order_queries import WorkOrderFilter
from tests.services.register_data import START, fill_registers

ORDERS, ENTRIES, PAGE = 700, 600, 97


def walk(fetch: Any) -> list[int]:
    """Every page from the first to the last, by the cursor each page hands back."""
    ids: list[int] = []
    after = None
    while True:
        page = fetch(after)
        ids += [row.id for row in page.rows]
        if not page.has_more:
            return ids
        assert page.next is not None and len(page.rows) == PAGE
        after = page.next


def whole(uow: UnitOfWork, model: Any, sort: Sort, column: Any) -> list[int]:
    """The register in one ORDER BY (key, id) over everything: the order to expect."""
    descending = sort.direction == Direction.DESC
    keys = [column.desc() if descending else column.asc(),
            model.id.desc() if descending else model.id.asc()]
    with uow.read() as session:
        return list(session.scalars(select(model.id).order_by(*keys)))


def check_work_orders_page_in_every_order(uow: UnitOfWork, villas: dict[str, int]) -> None:
    fill_registers(uow, list(villas.values()), ORDERS, ENTRIES)
    register = work_order_queries.WORK_ORDERS
    for name, key in register.keys.items():
        for direction in Direction:
            sort = Sort(name, direction)
            ids = walk(lambda after, s=sort: work_order_queries.list_work_orders(
                uow, WorkOrderFilter(), s, after, PAGE))
            assert len(ids) == len(set(ids)) == ORDERS, sort
            assert ids == whole(uow, WorkOrder, sort, key.column), sort


def check_reception_pages_in_every_order(uow: UnitOfWork, villas: dict[str, int],
                                         today: Any) -> None:
    fill_registers(uow, list(villas.values()), ORDERS, ENTRIES)
    everything = reception.EntryFilter(START.date(), today)
    for name, key in reception.ENTRIES.keys.items():
        for direction in Direction:
            sort = Sort(name, direction)
            ids = walk(lambda after, s=sort: reception.page_entries(
                uow, everything, s, after, PAGE))
            assert len(ids) == len(set(ids)) == ENTRIES, sort
            assert ids == whole(uow, ReceptionEntry, sort, key.column), sort


def test_the_work_order_register_pages_in_every_order_with_ties(
        receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    check_work_orders_page_in_every_order(receptionist, villas)


def test_the_reception_register_pages_in_every_order_with_ties(
        receptionist: UnitOfWork, villas: dict[str, int], clock: Any) -> None:
    check_reception_pages_in_every_order(receptionist, villas, clock.now().date())


def test_a_sort_or_cursor_the_register_does_not_offer_is_refused(
        receptionist: UnitOfWork) -> None:
    """A deadline is computed in Python: no index orders the register by it."""
    with pytest.raises(ValidationFailed) as refused:
        work_order_queries.list_work_orders(receptionist, WorkOrderFilter(),
                                            Sort("deadline", Direction.ASC))
    assert "sort" in refused.value.errors
    for bad in (Cursor("yesterday", 5), Cursor(START, 0), Cursor(START, 2**31)):
        with pytest.raises(ValidationFailed) as refused:
            work_order_queries.list_work_orders(
                receptionist, WorkOrderFilter(), Sort("received_at"), bad)
        assert "after" in refused.value.errors, bad


def check_release_passes_page_in_every_order(uow: UnitOfWork,
                                             villas: dict[str, int]) -> None:
    from app.models.release_passes import ReleasePass
    from app.services import release_pass_queries
    from tests.services.release_pass_data import fill_passes

    fill_passes(uow, list(villas.values()), 400)
    for name, key in release_pass_queries.PASSES.keys.items():
        for direction in Direction:
            sort = Sort(name, direction)
            ids = walk(lambda after, s=sort: release_pass_queries.list_passes(
                uow, release_pass_queries.PassFilter(), s, after, PAGE))
            assert len(ids) == len(set(ids)) == 400, sort
            assert ids == whole(uow, ReleasePass, sort, key.column), sort


def test_the_release_pass_register_pages_in_every_order_with_ties(
        receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    check_release_passes_page_in_every_order(receptionist, villas)
