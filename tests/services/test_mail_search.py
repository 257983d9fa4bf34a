"""The one search finds parcels by tracking number — whole, its last digits, any part —
read through the search index, never by scanning the register."""

from __future__ import annotations

import datetime as dt

import pytest

from app.clock import FakeClock
from app.models.mail import MailKind
from app.services import mail, search
from app.services.mail import MailDraft
from app.services.uow import UnitOfWork
from tests.services.test_search import plans


@pytest.fixture
def parcels(receptionist: UnitOfWork, villas: dict[str, int], clock: FakeClock) -> None:
    for number, villa in (("SF1234567890123", "A-12"), ("YT9876543210001", "A-3"),
                          ("EA123456785CN", "B-7"), ("773012345678901", "A-12")):
        mail.register_item(receptionist, MailDraft(villas[villa], number, MailKind.COURIER,
                                                   shelf="B2"))
        clock.advance(minutes=1)


def mail_titles(uow: UnitOfWork, typed: str) -> list[str]:
    groups = search.search(uow, typed)
    return [h.title for g in groups if g.kind == "mail_item" for h in g.hits]


@pytest.mark.parametrize("typed,expected", [
    ("SF1234567890123", ["SF1234567890123"]),  # scanned whole
    ("sf 1234 5678 90123", ["SF1234567890123"]),  # typed in groups, lower case
    ("0001", ["YT9876543210001"]),  # the last digits on the label
    ("3456785", ["EA123456785CN"]),  # a part
    ("ea1234", ["EA123456785CN"]),
    ("ZZZ999", []),
])
def test_a_parcel_is_found_by_its_number_or_a_part(
        receptionist: UnitOfWork, parcels: None, typed: str, expected: list[str]) -> None:
    assert mail_titles(receptionist, typed) == expected


def test_a_hit_says_where_the_parcel_is_and_opens_it(receptionist: UnitOfWork,
                                                     parcels: None) -> None:
    [group] = [g for g in search.search(receptionist, "EA123456785CN") if g.kind == "mail_item"]
    [hit] = group.hits
    assert hit.subtitle.startswith("B-7") and "B2" in hit.subtitle
    assert (hit.opens.target, hit.opens.number) == ("mail_item", "EA123456785CN")


def test_digits_in_several_numbers_come_newest_first(receptionist: UnitOfWork,
                                                     parcels: None) -> None:
    assert mail_titles(receptionist, "12345") == ["773012345678901", "EA123456785CN",
                                                  "SF1234567890123"]


@pytest.mark.parametrize("typed", ["SF1234567890123", "0001", "3456785", "ea1234", "12"])
def test_the_search_reads_the_index_not_the_register(receptionist: UnitOfWork,
                                                     parcels: None, typed: str) -> None:
    for plan in plans(receptionist, typed):
        if "mail_item" in plan:
            assert "SCAN mail_item" not in plan.replace("SCAN mail_item VIRTUAL", ""), plan


def test_the_day_filter_and_the_search_agree_on_times(receptionist: UnitOfWork,
                                                      parcels: None) -> None:
    from app.services.mail_queries import MailFilter, list_mail

    today = dt.date(2026, 11, 24)
    rows = list_mail(receptionist, MailFilter(text="0001", received_from=today,
                                              received_to=today)).rows
    assert [r.number for r in rows] == ["YT9876543210001"]
