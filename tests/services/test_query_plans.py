"""Every list, count and "overdue" query is served by an index on a big register.

A desk keeps every record for ever: a query that reads the whole work-order or reception
table is fast on day one and slow in year ten. Here the registers hold a few thousand rows
(after ANALYZE, as a desk's database does), the services are called as the tabs call them,
the SQL they really send is caught on the engine, and SQLite's ``EXPLAIN QUERY PLAN`` for
each statement must not read a big table from end to end (``SCAN <table>`` without an
index). Tiny tables (rules, staff, categories, villas) may be scanned.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Engine, event

from app.models.reception import EntryClass
from app.models.work_orders import Department, WorkOrderState
from app.services import daily_review, promises, reception, work_order_queries
from app.services.paging import Direction, Sort
from app.services.uow import UnitOfWork
from app.services.work_order_queries import WorkOrderFilter
from tests.services.register_data import START, fill_registers

#: Tables that grow with the years; the others stay small enough to scan.
BIG = {"work_order", "work_order_line", "reception_entry", "numbered_document",
       "audit_entry", "inquiry_promise", "work_order_callback", "print_log", "person",
       "household", "release_pass", "release_pass_item", "complaint", "complaint_step"}
SCAN = re.compile(r"^SCAN (\w+)(.*)$")


@pytest.fixture
def registers(receptionist: UnitOfWork, villas: dict[str, int]) -> UnitOfWork:
    fill_registers(receptionist, list(villas.values()), orders=3000, entries=4000)
    return receptionist


@contextmanager
def caught(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    statements: list[tuple[str, Any]] = []

    def listen(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any,
               _many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", listen)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", listen)


def plans(uow: UnitOfWork, call: Callable[[], object]) -> list[tuple[str, list[str]]]:
    """Each SELECT ``call`` sends, with its query plan's lines."""
    engine: Engine = uow.sessions.kw["bind"]
    with caught(engine) as statements:
        call()
    with engine.connect() as conn:
        return [(sql, [row[3] for row in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN " + sql, params)]) for sql, params in statements]


def full_scans(found: list[tuple[str, list[str]]]) -> list[str]:
    bad = []
    for sql, lines in found:
        for line in lines:
            match = SCAN.match(line)
            if match and match.group(1) in BIG and "INDEX" not in match.group(2):
                bad.append(f"{line}\n    in {sql}")
    return bad


def sorted_in_memory(found: list[tuple[str, list[str]]], table: str) -> list[str]:
    """List statements on ``table`` whose ORDER BY is done by sorting every row read."""
    return [f"{lines}\n    in {sql}" for sql, lines in found
            if f"FROM {table}" in sql and "LIMIT" in sql
            and any("TEMP B-TREE FOR ORDER BY" in line for line in lines)]


def every_sort(keys: list[str]) -> list[Sort]:
    return [Sort(key, direction) for key in keys for direction in Direction]


def test_every_page_of_the_work_order_list_in_every_order_reads_an_index(
        registers: UnitOfWork) -> None:
    uow = registers
    found: list[tuple[str, list[str]]] = []
    for sort in every_sort(list(work_order_queries.WORK_ORDERS.keys)):
        first = work_order_queries.list_work_orders(uow, WorkOrderFilter(), sort)
        assert first.next is not None
        found += plans(uow, lambda s=sort, f=first: work_order_queries.list_work_orders(
            uow, WorkOrderFilter(), s, f.next))
        found += plans(uow, lambda s=sort: work_order_queries.list_work_orders(
            uow, WorkOrderFilter(), s))
    assert full_scans(found) == []
    # The whole register in any order: read in index order, never sorted row by row.
    assert sorted_in_memory(found, "work_order") == []


def test_the_filtered_work_order_lists_and_the_overdue_link_read_an_index(
        registers: UnitOfWork, villas: dict[str, int]) -> None:
    uow = registers
    filters = [
        WorkOrderFilter(villa_id=villas["A-12"]),
        WorkOrderFilter(department=Department.CLEANING),
        WorkOrderFilter(states=frozenset({WorkOrderState.RECEIVED})),
        WorkOrderFilter(received_from=START.date(), received_to=START.date()),
        WorkOrderFilter(overdue_only=True),
        WorkOrderFilter(text="PG2025-000100"),  # a scanned slip number
    ]
    found: list[tuple[str, list[str]]] = []
    for flt in filters:
        found += plans(uow, lambda f=flt: work_order_queries.list_work_orders(uow, f))
    found += plans(uow, lambda: work_order_queries.overdue_ids(uow))
    order_id = work_order_queries.list_work_orders(uow, WorkOrderFilter()).rows[0].id
    found += plans(uow, lambda: work_order_queries.work_order_detail(uow, order_id))
    assert full_scans(found) == []


def test_the_reception_list_counts_and_indicators_read_an_index(
        registers: UnitOfWork, clock: Any) -> None:
    uow = registers
    years = reception.EntryFilter(START.date(), clock.now().date())
    found: list[tuple[str, list[str]]] = []
    for sort in every_sort(list(reception.ENTRIES.keys)):
        first = reception.page_entries(uow, years, sort)
        assert first.next is not None
        found += plans(uow, lambda s=sort, f=first: reception.page_entries(
            uow, years, s, f.next))
    day = reception.EntryFilter(START.date(), START.date(), entry_class=EntryClass.REPAIR)
    found += plans(uow, lambda: reception.page_entries(uow, day))
    found += plans(uow, lambda: reception.entry_counts(uow, years))
    found += plans(uow, lambda: reception.list_entries(uow, day))
    found += plans(uow, lambda: promises.open_promises(uow))
    found += plans(uow, lambda: daily_review.review_backlog(uow))
    assert full_scans(found) == []


def test_the_check_catches_a_list_that_scans(registers: UnitOfWork) -> None:
    """The test above can fail: a register read without an index is reported."""
    engine: Engine = registers.sessions.kw["bind"]
    with engine.connect() as conn:
        lines = [row[3] for row in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT * FROM work_order WHERE content LIKE '%漏%'")]
    assert full_scans([("SELECT …", lines)]) != []



def test_the_reception_list_filtered_by_villa_staff_or_class_over_years_reads_their_index(
        registers: UnitOfWork, villas: dict[str, int], clock: Any) -> None:
    """A villa's, a person's or a class's records of several years in time order: read
    along their (…, occurred_at, id) index, never all of them sorted for each page; in any
    other order, never a scan of the table."""
    uow = registers
    start, end = START.date(), clock.now().date()
    filters = [reception.EntryFilter(start, end, villa_id=villas["A-12"]),
               reception.EntryFilter(start, end, taken_by_id=uow.actor.staff_id),
               reception.EntryFilter(start, end, entry_class=EntryClass.HELP)]
    found: list[tuple[str, list[str]]] = []
    for flt in filters:
        found += plans(uow, lambda f=flt: reception.page_entries(uow, f))
        found += plans(uow, lambda f=flt: reception.entry_counts(uow, f))
    assert sorted_in_memory(found, "reception_entry") == []
    for flt in filters:
        for sort in every_sort(list(reception.ENTRIES.keys)):
            found += plans(uow, lambda f=flt, s=sort: reception.page_entries(uow, f, s))
    assert full_scans(found) == []


def steps(uow: UnitOfWork, call: Callable[[], object]) -> int:
    """How much work SQLite does for the SELECTs ``call`` sends (virtual machine steps)."""
    engine: Engine = uow.sessions.kw["bind"]
    with caught(engine) as statements:
        call()
    done = 0

    def tick() -> int:
        nonlocal done
        done += 1
        return 0

    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.set_progress_handler(tick, 100)
        for sql, params in statements:
            conn.exec_driver_sql(sql, params).all()
        raw.set_progress_handler(None, 0)
    return done


def test_a_page_deep_in_the_reception_list_in_time_order_costs_what_the_first_one_does(
        registers: UnitOfWork, clock: Any) -> None:
    """Keyset paging reads from the cursor on: the range's bound on the cursor's side is
    the cursor itself (a row value alone is checked row by row, so SQLite walked past
    every record before it)."""
    uow = registers
    years = reception.EntryFilter(START.date(), clock.now().date())
    for direction in Direction:
        sort = Sort("occurred_at", direction)
        first = reception.page_entries(uow, years, sort, limit=50)
        page = first
        for _ in range(60):  # 3,000 records into the list
            assert page.next is not None
            page = reception.page_entries(uow, years, sort, page.next, limit=50)
        assert page.next is not None
        deep = steps(uow, lambda s=sort, p=page: reception.page_entries(uow, years, s, p.next,
                                                                         limit=50))
        top = steps(uow, lambda s=sort: reception.page_entries(uow, years, s, limit=50))
        assert deep < 2 * top + 50, (direction, deep, top)


def test_the_villa_list_and_the_roster_in_every_order_read_their_sort_index(
        supervisor: UnitOfWork, villas: dict[str, int]) -> None:
    """The estate's lists page by keyset like every register: each order is read along
    its (column, id) index, never every villa or member sorted for each page; the name
    filter reads the people through their household index."""
    from app.models.work_orders import Department
    from app.services import estate_lists, roster
    from tests.services.test_estate_lists import add_estate

    add_estate(supervisor, 60)
    for n in range(30):
        roster.add_member(supervisor, f"师傅{n:02d}", list(Department)[n % 3], "")
    everything = estate_lists.VillaFilter(include_retired=True)
    found: list[tuple[str, list[str]]] = []
    for sort in every_sort(list(estate_lists.VILLAS.keys)):
        first = estate_lists.page_villas(supervisor, everything, sort, limit=20)
        assert first.next is not None
        found += plans(supervisor, lambda s=sort, f=first: estate_lists.page_villas(
            supervisor, everything, s, f.next, limit=20))
    assert sorted_in_memory(found, "villa") == []
    everyone = roster.RosterFilter(include_inactive=True)
    for sort in every_sort(list(roster.ROSTER.keys)):
        first = roster.page_roster(supervisor, everyone, sort, limit=5)
        assert first.next is not None
        found += plans(supervisor, lambda s=sort, f=first: roster.page_roster(
            supervisor, everyone, s, f.next, limit=5))
    assert sorted_in_memory(found, "roster_member") == []
    assert full_scans(found) == []
    # The name filter reads the people whole: a few per villa (about 1,100 after ten
    # years of 400 villas), as the filter always has; nothing else is scanned.
    named = plans(supervisor, lambda: estate_lists.page_villas(
        supervisor, estate_lists.VillaFilter("张伟")))
    assert {line.split()[1] for line in full_scans(named)} == {"person"}


def test_the_release_pass_list_the_states_and_passes_not_back_read_an_index(
        receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    from app.models.release_passes import ListedState
    from app.services import release_pass_queries as passes
    from tests.services.release_pass_data import fill_passes

    fill_passes(receptionist, list(villas.values()), 3000)
    uow = receptionist
    with uow.transaction() as session:
        session.connection().exec_driver_sql("ANALYZE")
    found: list[tuple[str, list[str]]] = []
    for sort in every_sort(list(passes.PASSES.keys)):
        first = passes.list_passes(uow, passes.PassFilter(), sort)
        assert first.next is not None
        found += plans(uow, lambda s=sort, f=first: passes.list_passes(
            uow, passes.PassFilter(), s, f.next))
    for flt in (passes.PassFilter(states=frozenset({ListedState.USED})),
                passes.PassFilter(villa_id=villas["A-12"]),
                passes.PassFilter(text="FX2025-000100")):
        found += plans(uow, lambda f=flt: passes.list_passes(uow, f))
    # The whole register, or most of it, in any order: read in index order.
    assert sorted_in_memory(found, "release_pass") == []
    # Passes still out (issued, expired) are few at any time: read by the state's index
    # and sorted, which is what the handover's list and the "not back" filter do.
    for flt in (passes.PassFilter(states=frozenset({ListedState.EXPIRED})),
                passes.PassFilter(states=frozenset({ListedState.ISSUED,
                                                    ListedState.EXPIRED}))):
        found += plans(uow, lambda f=flt: passes.list_passes(uow, f))
    found += plans(uow, lambda: passes.not_back(uow))
    assert full_scans(found) == []
