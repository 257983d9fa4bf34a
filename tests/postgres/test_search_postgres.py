"""The one search on the real PostgreSQL server: the same desk's day as on SQLite
(tests/services/test_search.py, collected here again on PostgreSQL through the overridden
``opened`` fixture), served by the pg_trgm indexes of migration 0009."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.services.uow import UnitOfWork
from tests.schema import check_empty_database_migrates_to_head
from tests.services.test_search import (  # noqa: F401  (collected again here)
    estate_day,
    test_a_name_is_found_by_any_part_and_a_polyphonic_surname_by_its_surname_reading,
    test_a_phone_tail_finds_exactly_the_calls_whose_phone_ends_so,
    test_a_renamed_person_is_found_by_the_new_pinyin_and_a_retired_one_is_marked,
    test_a_search_refuses_what_no_box_can_hold,
    test_a_slip_is_found_by_its_last_digits_and_a_part_in_every_number_by_the_newest,
    test_a_slip_number_typed_scanned_or_in_part_finds_the_work_order,
    test_a_work_order_is_found_by_the_last_digits_of_its_contact_phone,
    test_calls_and_slips_registered_before_0011_are_found_by_their_tails_once_migrated,
    test_calls_are_found_by_the_callers_phone_tail_and_name,
    test_every_search_query_reads_the_index_not_the_large_tables,
    test_people_registered_before_the_search_index_are_found_once_migrated,
    test_the_last_four_or_more_digits_of_a_phone_find_the_person_masked_for_a_receptionist,
    test_the_receptionist_types_zs_and_finds_zhang_san_of_a15,
    test_villa_numbers_in_every_format,
)

pytestmark = pytest.mark.postgres


def test_the_search_index_migrates_on_postgresql(pg_database: str) -> None:
    engine = check_empty_database_migrates_to_head(pg_database)
    with engine.connect() as conn:
        assert conn.execute(text(
            "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")).scalar() == 1
        indexes = set(conn.execute(text(
            "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'search_%'")).scalars())
    engine.dispose()
    assert {"search_person_name", "search_person_name_pinyin", "search_work_order_number",
            "search_reception_entry_caller_name"} <= indexes


def test_chinese_is_found_on_a_database_whose_locale_sees_no_letters_in_it(
        uow: UnitOfWork) -> None:
    """The test server is initialised with --locale=C, where pg_trgm makes no trigrams of
    Chinese at all; the hex index still serves a one-character name."""
    with uow.read() as session:
        assert session.execute(text("SELECT show_trgm('张三')")).scalar() == []
        assert session.execute(text("SELECT search_hex('张')")).scalar() == "e5bca0"
