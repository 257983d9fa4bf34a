"""Bench figures of the registers' lists (``make bench``; see scripts/bench.py).

For each register list (work orders, reception, villas, roster) on the signed-in unit of work of the
ten-year database: the first page, a page deep in the register (reached by keyset, as
scrolling does: walk there, then time the next page), and the first page in each sortable
order, as the service returns them (p95 of ``RUNS`` runs). Their same-run baselines: the
same page by OFFSET at the same depth, and a load-everything model (every row of the
register read and made into rows, as a list without paging would). Then the overdue list
and the counts the tabs show on every refresh (overdue link, class counts, open promises,
days awaiting review). Targets are goals, reported as met or not.

    python -m scripts.bench_lists DATABASE   # on a database built before, e.g. by the demo
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from app.models.households import Villa
from app.models.reception import ReceptionEntry
from app.models.roster import RosterMember
from app.services import (
    daily_review,
    estate,
    estate_lists,
    promises,
    reception,
    roster,
    work_order_queries,
)
from app.services.paging import PAGE_MAX, PAGE_SIZE, Cursor, Direction, Page, Sort
from app.services.uow import UnitOfWork
from app.services.work_order_queries import WorkOrderFilter
from scripts.bench_figures import Figure, at_most, p95, samples_ms

RUNS = 20
BASELINE_RUNS = 3
DEPTH = 50_000
TARGET_MS = 30.0
#: The reception list over every year the desk can hold (its filter is a date range).
ALL_DAYS = (dt.date(2000, 1, 1), dt.date(2099, 12, 31))

#: sort, cursor, limit → a page (the service as a tab's loader calls it)
Pager = Callable[[Sort, Cursor | None, int], Page[Any]]


def _timed(fn: Callable[[], object], repeat: int = RUNS) -> float:
    return p95(samples_ms(fn, repeat))


def _cursor_at(pager: Pager, sort: Sort, depth: int) -> tuple[Cursor | None, int]:
    """Walk ``depth`` rows into the register by keyset, as scrolling does."""
    after: Cursor | None = None
    walked = 0
    while walked < depth:
        page = pager(sort, after, min(PAGE_MAX, depth - walked))
        walked += len(page.rows)
        if not page.has_more or page.next is None:
            break
        after = page.next
    return after, walked


def _register(uow: UnitOfWork, title: str, pager: Pager, statement: Callable[..., Any],
              everything: Callable[[], object], total: int,
              sorts: list[Sort]) -> list[Figure]:
    figures: list[Figure] = []
    default = sorts[0]

    def offset_page(offset: int) -> Callable[[], object]:
        def run() -> object:
            with uow.read() as session:
                return session.execute(
                    statement(default).offset(offset).limit(PAGE_SIZE + 1)).all()
        return run

    def keyset_page(after: Cursor | None) -> Callable[[], object]:
        def run() -> object:
            with uow.read() as session:
                return session.execute(statement(default, after).limit(PAGE_SIZE + 1)).all()
        return run

    load_all = _timed(everything, BASELINE_RUNS)
    first = _timed(lambda: pager(default, None, PAGE_SIZE))
    figures.append(at_most(f"{title}: first page (p95)", first, "ms", TARGET_MS, load_all))
    depth = max(min(DEPTH, total - PAGE_SIZE - 1), 0)
    if depth:  # a register of one page (the roster) has no page deep in it
        after, walked = _cursor_at(pager, default, depth)
        deep = _timed(lambda: pager(default, after, PAGE_SIZE))
        figures.append(at_most(f"{title}: page {walked:,} rows deep (p95)", deep, "ms",
                               TARGET_MS))
        # The same page's query alone, by keyset and by OFFSET (rows fetched, not converted).
        by_offset = _timed(offset_page(walked), BASELINE_RUNS * 3)
        figures.append(at_most(f"{title}: query of the page {walked:,} rows deep, keyset "
                               "(p95; baseline OFFSET)", _timed(keyset_page(after)), "ms",
                               TARGET_MS, by_offset))
    for sort in sorts:
        took = _timed(lambda s=sort: pager(s, None, PAGE_SIZE))
        figures.append(at_most(f"{title}: sorted by {sort.key} {sort.direction.value}, "
                               "first page (p95; baseline load everything)", took, "ms",
                               TARGET_MS, load_all))
    return figures


def _every_sort(keys: list[str]) -> list[Sort]:
    return [Sort(key, direction) for key in keys for direction in Direction]


def _work_orders(uow: UnitOfWork) -> list[Figure]:
    flt = WorkOrderFilter()
    register = work_order_queries.WORK_ORDERS

    def pager(sort: Sort, after: Cursor | None, limit: int) -> Page[Any]:
        return work_order_queries.list_work_orders(uow, flt, sort, after, limit)

    def everything() -> object:
        # Every order into Python as rows, the way a list without paging would hold them.
        return _cursor_at(pager, register.default, 10**9)

    with uow.read() as session:
        total = len(session.execute(work_order_queries.list_query(flt)).all())
    sorts = [register.default] + [s for s in _every_sort(list(register.keys))
                                  if s != register.default]
    figures = _register(uow, "Work orders", pager,
                        lambda sort, after=None: work_order_queries.list_query(
                            flt, sort, after), everything,
                        total, sorts)
    overdue = WorkOrderFilter(overdue_only=True)
    figures.append(at_most("Work orders: overdue list (p95)", _timed(
        lambda: work_order_queries.list_work_orders(uow, overdue)), "ms", TARGET_MS))
    figures.append(at_most("Work orders: overdue count for the tab's link (p95)", _timed(
        lambda: work_order_queries.overdue_ids(uow)), "ms", TARGET_MS))
    return figures


def _reception(uow: UnitOfWork) -> list[Figure]:
    flt = reception.EntryFilter(*ALL_DAYS)
    register = reception.ENTRIES

    def pager(sort: Sort, after: Cursor | None, limit: int) -> Page[Any]:
        return reception.page_entries(uow, flt, sort, after, limit)

    def everything() -> object:
        return _cursor_at(pager, register.default, 10**9)

    with uow.read() as session:
        total = len(session.execute(select(ReceptionEntry.id)).all())
    sorts = [register.default] + [s for s in _every_sort(list(register.keys))
                                  if s != register.default]
    figures = _register(uow, "Reception", pager,
                        lambda sort, after=None: reception.list_query(flt, sort, after),
                        everything, total, sorts)

    def counted_in_python() -> object:  # how the class counts were made before
        with uow.read() as session:
            return Counter(session.scalars(select(ReceptionEntry.entry_class).where(
                ReceptionEntry.voided.is_(False))))

    figures.append(at_most("Reception: class counts over every year, from the day counts "
                           "(p95; baseline rows counted in Python)",
                           _timed(lambda: reception.entry_counts(uow, flt)), "ms",
                           TARGET_MS, _timed(counted_in_python, BASELINE_RUNS)))
    figures.append(at_most("Reception: open promises for the tab's link (p95)", _timed(
        lambda: promises.open_promises(uow)), "ms", TARGET_MS))
    figures.append(at_most("Reception: days awaiting review for the tab's link (p95)", _timed(
        lambda: daily_review.review_backlog(uow)), "ms", TARGET_MS))
    return figures


def _villas(uow: UnitOfWork) -> list[Figure]:
    flt = estate_lists.VillaFilter(include_retired=True)
    register = estate_lists.VILLAS

    def pager(sort: Sort, after: Cursor | None, limit: int) -> Page[Any]:
        return estate_lists.page_villas(uow, flt, sort, after, limit)

    def everything() -> object:  # how the list was read before: every villa, sorted
        return estate.list_villas(uow, include_retired=True)

    sorts = [register.default] + [s for s in _every_sort(list(register.keys))
                                  if s != register.default]
    with uow.read() as session:
        total = len(session.execute(select(Villa.id)).all())
    figures = _register(uow, "Villas", pager,
                        lambda sort, after=None: estate_lists.list_query(flt, sort, after),
                        everything, total, sorts)
    named = estate_lists.VillaFilter("张", include_retired=True)
    figures.append(at_most("Villas: filtered by a name, first page (p95)", _timed(
        lambda: estate_lists.page_villas(uow, named)), "ms", TARGET_MS))
    return figures


def _roster(uow: UnitOfWork) -> list[Figure]:
    flt = roster.RosterFilter(include_inactive=True)
    register = roster.ROSTER

    def pager(sort: Sort, after: Cursor | None, limit: int) -> Page[Any]:
        return roster.page_roster(uow, flt, sort, after, limit)

    def everything() -> object:
        return roster.list_roster(uow, include_inactive=True)

    with uow.read() as session:
        total = len(session.execute(select(RosterMember.id)).all())
    sorts = [register.default] + [s for s in _every_sort(list(register.keys))
                                  if s != register.default]
    return _register(uow, "Roster", pager,
                     lambda sort, after=None: roster.roster_query(flt, sort, after),
                     everything, total, sorts)


def _mail(uow: UnitOfWork) -> list[Figure]:
    from app.services import mail_queries

    flt = mail_queries.MailFilter()
    register = mail_queries.MAIL_ITEMS

    def pager(sort: Sort, after: Cursor | None, limit: int) -> Page[Any]:
        return mail_queries.list_mail(uow, flt, sort, after, limit)

    def everything() -> object:
        return _cursor_at(pager, register.default, 10**9)

    def statement(sort: Sort, after: Cursor | None = None) -> Any:
        with uow.read() as session:  # the dialect only: no text, no parameters
            return mail_queries.list_query(session, flt, sort, after)[0]

    with uow.read() as session:
        total = len(session.execute(statement(register.default)).all())
    sorts = [register.default] + [s for s in _every_sort(list(register.keys))
                                  if s != register.default]
    figures = _register(uow, "Mail", pager, statement, everything, total, sorts)
    for text in ("SF12345", "0123", "EA"):
        figures.append(at_most(f"Mail: filtered by the number {text!r}, first page (p95)",
                               _timed(lambda t=text: mail_queries.list_mail(
                                   uow, mail_queries.MailFilter(text=t))), "ms", TARGET_MS))
    return figures


def _release_passes(uow: UnitOfWork) -> list[Figure]:
    from app.models.release_passes import ListedState
    from app.services import release_pass_queries as passes

    flt = passes.PassFilter()
    register = passes.PASSES
    now = uow.clock.now()

    def pager(sort: Sort, after: Cursor | None, limit: int) -> Page[Any]:
        return passes.list_passes(uow, flt, sort, after, limit)

    def everything() -> object:
        return _cursor_at(pager, register.default, 10**9)

    with uow.read() as session:
        total = len(session.execute(passes.list_query(flt, now)).all())
    sorts = [register.default] + [s for s in _every_sort(list(register.keys))
                                  if s != register.default]
    figures = _register(uow, "Release passes", pager,
                        lambda sort, after=None: passes.list_query(flt, now, sort, after),
                        everything, total, sorts)
    out = passes.PassFilter(states=frozenset({ListedState.ISSUED, ListedState.EXPIRED}))
    figures.append(at_most("Release passes: not back from the gate, first page (p95)", _timed(
        lambda: passes.list_passes(uow, out)), "ms", TARGET_MS))
    figures.append(at_most("Release passes: the handover's list of passes not back (p95)",
                           _timed(lambda: passes.not_back(uow)), "ms", TARGET_MS))
    return figures


def _complaints(uow: UnitOfWork) -> list[Figure]:
    from app.services import complaint_queries as complaints

    flt = complaints.ComplaintFilter()
    register = complaints.COMPLAINTS

    def pager(sort: Sort, after: Cursor | None, limit: int) -> Page[Any]:
        return complaints.list_complaints(uow, flt, sort, after, limit)

    def everything() -> object:
        return _cursor_at(pager, register.default, 10**9)

    with uow.read() as session:
        total = len(session.execute(complaints.list_query(flt)).all())
    sorts = [register.default] + [s for s in _every_sort(list(register.keys))
                                  if s != register.default]
    figures = _register(uow, "Complaints", pager,
                        lambda sort, after=None: complaints.list_query(flt, sort, after),
                        everything, total, sorts)
    due = complaints.ComplaintFilter(due_only=True)
    figures.append(at_most("Complaints: due or overdue list (p95)", _timed(
        lambda: complaints.list_complaints(uow, due)), "ms", TARGET_MS))
    figures.append(at_most("Complaints: the due-and-overdue panel (p95)", _timed(
        lambda: complaints.due_panel(uow)), "ms", TARGET_MS))
    figures.append(at_most("Complaints: overdue count for the status bar (p95)", _timed(
        lambda: complaints.overdue_ids(uow)), "ms", TARGET_MS))
    return figures


def measure(uow: UnitOfWork) -> list[Figure]:
    return _work_orders(uow) + _complaints(uow) + _release_passes(uow) + (
        _reception(uow) + _villas(uow) + _roster(uow) + _mail(uow))


def main(argv: list[str]) -> int:
    """Run on a database file as the demo's supervisor and print the figures."""
    from app.bootstrap import open_database
    from app.demo.resort import DEMO_PASSWORD
    from app.services.auth import login

    started = time.perf_counter()
    opened = open_database(f"sqlite:///{argv[0]}")
    uow = opened.uow.as_actor(login(opened.uow, "002", DEMO_PASSWORD))
    for figure in measure(uow):
        mark = "met" if figure.met else "NOT met"
        base = "" if figure.baseline is None else f" (baseline {figure.baseline:g})"
        print(f"{figure.value:9.2f} {figure.unit}{base:>22}  {mark:7}  {figure.name}")
    print(f"measured in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
