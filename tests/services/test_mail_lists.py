"""The mail register's list, counts and panels read an index, never the whole register;
keyset pages in every order, ties included, give exactly the register in that order."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.demo.history import Period, write_history
from app.demo.mail_history import MailHistory
from app.models.mail import MailItem, MailKind, MailState
from app.services import mail, mail_notices, mail_queries
from app.services.mail import MailDraft
from app.services.mail_queries import MAIL_ITEMS, MailFilter, list_mail
from app.services.paging import Direction, Sort
from app.services.uow import UnitOfWork
from tests.services.test_query_plans import plans, sorted_in_memory

MAIL_TABLES = {"mail_item", "mail_pickup", "mail_notification", "mail_notice_item"}


def full_scans_of_mail(found: list[tuple[str, list[str]]]) -> list[str]:
    bad = []
    for sql, lines in found:
        for line in lines:
            words = line.split()
            if (len(words) >= 2 and words[0] == "SCAN" and words[1] in MAIL_TABLES
                    and "INDEX" not in line and "VIRTUAL" not in line):
                bad.append(f"{line}\n    in {sql}")
    return bad


@pytest.fixture
def two_months(receptionist: UnitOfWork, villas: dict[str, int]) -> UnitOfWork:
    """Two busy months of parcels for the three households (≈3,000 items, a few waiting)."""
    now = dt.datetime(2026, 11, 23, 20, 0)
    write_history(receptionist, MailHistory(seed=3),
                  Period(dt.date(2026, 9, 24), now.date(), now, calls_per_villa_day=8.0))
    return receptionist


def every_sort() -> list[Sort]:
    return [Sort(key, direction) for key in MAIL_ITEMS.keys for direction in Direction]


def test_every_page_of_the_list_in_every_order_reads_an_index(two_months: UnitOfWork) -> None:
    uow = two_months
    found: list[tuple[str, list[str]]] = []
    for sort in every_sort():
        first = list_mail(uow, MailFilter(), sort)
        assert first.next is not None
        found += plans(uow, lambda s=sort, f=first: list_mail(uow, MailFilter(), s, f.next))
        found += plans(uow, lambda s=sort: list_mail(uow, MailFilter(), s))
    assert full_scans_of_mail(found) == []
    assert sorted_in_memory(found, "mail_item") == []


def test_the_filtered_lists_panels_and_counts_read_an_index(two_months: UnitOfWork,
                                                             villas: dict[str, int]) -> None:
    uow = two_months
    found: list[tuple[str, list[str]]] = []
    for flt in (MailFilter(villa_id=villas["A-12"]),
                MailFilter(states=frozenset({MailState.WAITING})),
                MailFilter(received_from=dt.date(2026, 10, 1),
                           received_to=dt.date(2026, 10, 31)),
                MailFilter(text="SF1"), MailFilter(text="0012"), MailFilter(text="S")):
        found += plans(uow, lambda f=flt: list_mail(uow, f))
    found += plans(uow, lambda: mail_notices.waiting_households(uow))
    found += plans(uow, lambda: mail_queries.unclaimed_items(uow))
    found += plans(uow, lambda: mail_queries.waiting_count(uow))
    found += plans(uow, lambda: mail_queries.waiting_for_villa(uow, villas["A-12"]))
    found += plans(uow, lambda: mail_queries.waiting_by_number(uow, "SF1234"))
    found += plans(uow, lambda: mail.register_item(uow, MailDraft(
        villas["A-3"], "SF9999999999999", MailKind.COURIER)))
    assert full_scans_of_mail(found) == []


@pytest.mark.parametrize("sort", every_sort(), ids=lambda s: f"{s.key}-{s.direction}")
def test_keyset_pages_give_the_whole_register_in_order_ties_included(
        two_months: UnitOfWork, sort: Sort) -> None:
    uow = two_months
    paged = []
    after = None
    while True:
        page = list_mail(uow, MailFilter(), sort, after, 97)
        paged += page.rows
        if not page.has_more:
            break
        after = page.next
    with uow.read() as session:
        total = session.scalar(select(func.count()).select_from(MailItem))
    key = {"received_at": lambda r: r.received_at, "state": lambda r: r.state.value,
           "kind": lambda r: r.kind.value, "shelf": lambda r: r.shelf}[sort.key]
    reverse = sort.direction == Direction.DESC
    expected = sorted(paged, key=lambda r: (key(r), r.id), reverse=reverse)
    assert [r.id for r in paged] == [r.id for r in expected]
    assert len({r.id for r in paged}) == len(paged) == total > 2000
