"""Field validators say what is wrong, in Chinese, in words a receptionist understands."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app import validation
from app.models.reception import EntryClass
from tests.hostile import anything, hostile_text


@pytest.mark.parametrize("number", ["13812345678", "0571-88886666", "057188886666",
                                    "138 1234 5678", "+8613812345678", ""])
def test_phone_numbers_the_desk_sees_are_accepted(number: str) -> None:
    assert validation.phone(number) is None


CLUBHOUSE = frozenset({"8001", "8002"})


def test_a_short_number_passes_only_if_it_is_on_the_sites_list() -> None:
    assert validation.phone("8001", short_numbers=CLUBHOUSE) is None
    assert "8003" in (validation.phone("8003", short_numbers=CLUBHOUSE) or "")
    assert "8001" in (validation.phone("8001") or "")  # no list: no short numbers at all


@pytest.mark.parametrize("number", ["139472", "1381", "138123456789"])
def test_a_cut_off_mobile_is_not_a_short_number(number: str) -> None:
    message = validation.phone(number, short_numbers=CLUBHOUSE)
    assert message is not None and "11 位" in message


@pytest.mark.parametrize("entry, ok", [("8001", True), ("800", True), ("80", False),
                                       ("1394", False), ("8001a", False), ("８００１", False)])
def test_the_short_number_list_holds_only_extensions(entry: str, ok: bool) -> None:
    assert (validation.short_number(entry) is None) is ok


@pytest.mark.parametrize("number, says", [("1381234567", "11 位"), ("abc", "电话号码格式不对")])
def test_wrong_phone_numbers_are_explained(number: str, says: str) -> None:
    message = validation.phone(number)
    assert message is not None and says in message


def test_resident_id_checksum() -> None:
    assert validation.mainland_id_number("11010519491231002X") is None
    assert "校验位" in (validation.mainland_id_number("110105194912310021") or "")
    assert "18 位" in (validation.mainland_id_number("12345") or "")


@pytest.mark.parametrize("typed, number", [("a12", "A-12"), ("A-012", "A-12"), ("b 7", "B-7"),
                                           ("A－3", "A-3")])
def test_villa_numbers_typed_loosely_are_normalised(typed: str, number: str) -> None:
    assert validation.normalize_villa(typed) == number
    assert validation.villa_number(typed) is None


# -- the declared limits, driven with hostile values -----------------------------------------

LIMITS = [
    validation.Text(60), validation.Text(2000, required=True, multiline=True),
    validation.Text(10, optional=True),
    validation.Number(Decimal("0.01"), validation.QUANTITY_MAX, places=2),
    validation.Number(1, 2099), validation.RecordId(), validation.RecordId(optional=True),
    validation.Choice(EntryClass), validation.Choice(EntryClass, optional=True),
    validation.Flag(), validation.When(), validation.When(optional=True), validation.Day(),
    validation.search_text,
]


@settings(max_examples=300, deadline=None, database=None)
@given(limit=st.sampled_from(LIMITS), value=anything)
def test_every_limit_answers_anything_with_none_or_a_message(limit, value) -> None:  # type: ignore[no-untyped-def]
    message = limit(value)
    assert message is None or (isinstance(message, str) and message.strip())


@settings(max_examples=100, deadline=None, database=None)
@given(text=hostile_text)
def test_a_text_limit_passes_exactly_what_the_database_can_store(text: str) -> None:
    message = validation.Text(60, multiline=True)(text)
    storable = not any("\ud800" <= ch <= "\udfff" for ch in text) and not any(
        (ch < " " and ch not in "\n\t\r") or "\x7f" <= ch <= "\x9f" for ch in text)
    assert (message is None) == (storable and len(text.strip()) <= 60)
    if message is None:
        text.encode("utf-8")  # what SQLite and PostgreSQL receive


def test_what_the_keyboard_gets_wrong_is_refused_with_a_message() -> None:
    when = validation.When()
    assert when(dt.datetime(1, 1, 1)) and when(dt.datetime(9999, 12, 31, 23, 59))
    assert "时区" in (when(dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC)) or "")
    assert when(dt.datetime(2026, 11, 24, 9)) is None
    assert validation.Day()(dt.date(9999, 12, 31)) and validation.Day()(dt.date(2000, 1, 1)) is None
    record = validation.RecordId()
    assert record(2**63) and record(0) and record(-1) and record(True) and record("7")
    assert record(2**31 - 1) is None and record(2**31)  # PostgreSQL INTEGER
    quantity = validation.Number(Decimal("0.01"), validation.QUANTITY_MAX, places=2)
    for bad in (0.5, Decimal("NaN"), Decimal("Infinity"), Decimal("1e30"), Decimal("1.234"),
                Decimal(27 * "9"), Decimal("-1")):
        assert quantity(bad), bad
    assert quantity(Decimal("1.50")) is None
    assert validation.Text(10)("\ud800") and validation.Text(10)("a\x00b")
    assert validation.Text(10)("a\nb") and validation.Text(10, multiline=True)("a\nb") is None
    assert validation.Choice(EntryClass)("nonsense")
    assert validation.Choice(EntryClass)("repair") is None
    assert validation.search_text("x" * 50_000)
