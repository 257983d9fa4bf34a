"""The mail register on the real PostgreSQL server: intake with the duplicate check, the
pick-up with a signature, the list paged by keyset in every order, and the search by any
part of a number through the trigram index (migration 0014)."""

from __future__ import annotations

from app.clock import FakeClock
from app.services.uow import UnitOfWork
from tests.services import test_mail, test_mail_lists, test_mail_search


def test_a_duplicate_scan_is_caught_on_postgresql(
        receptionist: UnitOfWork, villas: dict[str, int], clock: FakeClock) -> None:
    test_mail.test_a_duplicate_scan_of_a_waiting_number_is_caught(receptionist, villas, clock)


def test_the_owner_signs_for_two_items_on_postgresql(
        receptionist: UnitOfWork, villas: dict[str, int], clock: FakeClock) -> None:
    test_mail.test_the_owner_takes_two_items_at_once_and_signs_on_the_pad(
        receptionist, villas, clock)


def test_the_list_filters_on_postgresql(receptionist: UnitOfWork, villas: dict[str, int],
                                        clock: FakeClock) -> None:
    test_mail.test_the_list_finds_a_number_by_any_part_villa_day_and_state(
        receptionist, villas, clock)


def test_the_mail_register_pages_in_every_order_on_postgresql(
        receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    uow = test_mail_lists.two_months.__wrapped__(receptionist, villas)  # type: ignore[attr-defined]
    for sort in test_mail_lists.every_sort():
        test_mail_lists.test_keyset_pages_give_the_whole_register_in_order_ties_included(
            uow, sort)


def test_a_parcel_is_found_by_any_part_of_its_number_on_postgresql(
        receptionist: UnitOfWork, villas: dict[str, int], clock: FakeClock) -> None:
    test_mail_search.parcels.__wrapped__(receptionist, villas, clock)  # type: ignore[attr-defined]
    for typed, expected in (("SF1234567890123", ["SF1234567890123"]),
                            ("0001", ["YT9876543210001"]), ("3456785", ["EA123456785CN"])):
        assert test_mail_search.mail_titles(receptionist, typed) == expected, typed
