"""The day counts, the villa list and the roster on the real PostgreSQL server: the counts
kept in the same flush and checked by the audit check, the villas in their natural order
and the roster in every order, a page at a time, in the server's own collation."""

from __future__ import annotations

from app.clock import FakeClock
from app.services.uow import UnitOfWork
from tests.services import test_estate_lists, test_reception_day_counts


def test_the_day_counts_follow_every_change_and_the_audit_check_on_postgresql(
        receptionist: UnitOfWork, supervisor: UnitOfWork, clock: FakeClock) -> None:
    test_reception_day_counts.test_a_weeks_calls_voids_and_corrections_keep_the_day_counts_right(
        receptionist, supervisor, clock)


def test_an_edited_day_count_is_found_on_postgresql(
        receptionist: UnitOfWork, supervisor: UnitOfWork) -> None:
    test_reception_day_counts.test_the_audit_check_notices_a_day_count_edited_in_the_database_file(
        receptionist, supervisor)


def test_the_villas_page_in_natural_order_on_postgresql(
        supervisor: UnitOfWork, villas: dict[str, int]) -> None:
    test_estate_lists.test_three_zones_of_villas_page_in_the_order_they_are_read(
        supervisor, villas)


def test_the_villa_filter_box_on_postgresql(supervisor: UnitOfWork,
                                            villas: dict[str, int]) -> None:
    test_estate_lists.test_the_filter_box_finds_villas_by_number_zone_and_anyone_who_lived_there(
        supervisor, villas)


def test_the_roster_pages_on_postgresql(supervisor: UnitOfWork,
                                        receptionist: UnitOfWork) -> None:
    test_estate_lists.test_the_roster_pages_by_name_department_and_status(
        supervisor, receptionist)
