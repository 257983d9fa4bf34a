"""The complaint register's list pages by keyset in every order with ties, and every query
the tab sends (list pages, filters, the due panel, the overdue count, a detail) reads an
index, never the whole of a big table."""

from __future__ import annotations

import datetime as dt

import pytest

from app.demo.complaint_history import add_complaint_history
from app.demo.resort import build_resort
from app.models.complaints import Category, Complaint, ComplaintState
from app.services import complaint_queries
from app.services.complaint_queries import ComplaintFilter
from app.services.paging import Direction, Sort
from app.services.uow import UnitOfWork
from tests.services.test_keyset_paging import PAGE, walk, whole
from tests.services.test_query_plans import every_sort, full_scans, plans, sorted_in_memory


@pytest.fixture
def years(uow: UnitOfWork, receptionist: UnitOfWork, supervisor: UnitOfWork) -> UnitOfWork:
    """Three years of made-up complaints (no reception history): a few a week."""
    build_resort(uow, villas=30, with_staff=False)
    add_complaint_history(uow, dt.date(2023, 11, 1), dt.date(2026, 11, 23))
    return supervisor


def test_the_register_pages_in_every_order_with_ties(years: UnitOfWork) -> None:
    check_complaints_page_in_every_order(years)


def check_complaints_page_in_every_order(years: UnitOfWork) -> None:
    """Also run on the real PostgreSQL server (tests/postgres/test_keyset_paging_postgres)."""
    register = complaint_queries.COMPLAINTS
    with years.read() as session:
        total = session.query(Complaint).count()
    assert total > 300
    for name, key in register.keys.items():
        for direction in Direction:
            sort = Sort(name, direction)
            ids = walk(lambda after, s=sort: complaint_queries.list_complaints(
                years, ComplaintFilter(), s, after, PAGE))
            assert len(ids) == len(set(ids)) == total, sort
            assert ids == whole(years, Complaint, sort, key.column), sort


def test_every_list_page_filter_and_indicator_reads_an_index(years: UnitOfWork) -> None:
    found = []
    for sort in every_sort(list(complaint_queries.COMPLAINTS.keys)):
        first = complaint_queries.list_complaints(years, ComplaintFilter(), sort)
        assert first.next is not None
        found += plans(years, lambda s=sort, f=first: complaint_queries.list_complaints(
            years, ComplaintFilter(), s, f.next))
    # The whole register in any order: read in index order, never sorted row by row.
    assert sorted_in_memory(found, "complaint") == []
    for flt in (ComplaintFilter(state=ComplaintState.OPEN),
                ComplaintFilter(category=Category.NOISE), ComplaintFilter(due_only=True)):
        found += plans(years, lambda f=flt: complaint_queries.list_complaints(years, f))
    found += plans(years, lambda: complaint_queries.overdue_ids(years))
    found += plans(years, lambda: complaint_queries.due_panel(years))
    found += plans(years, lambda: complaint_queries.escalated_to_me(years))
    some = complaint_queries.list_complaints(years, ComplaintFilter()).rows[0].id
    found += plans(years, lambda: complaint_queries.complaint_detail(years, some))
    assert full_scans(found) == []
