"""Field validators say what is wrong, in Chinese, in words a receptionist understands."""

from __future__ import annotations

import pytest

from app import validation


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
    assert validation.resident_id("11010519491231002X") is None
    assert "校验位" in (validation.resident_id("110105194912310021") or "")
    assert "18 位" in (validation.resident_id("12345") or "")


@pytest.mark.parametrize("typed, number", [("a12", "A-12"), ("A-012", "A-12"), ("b 7", "B-7"),
                                           ("A－3", "A-3")])
def test_villa_numbers_typed_loosely_are_normalised(typed: str, number: str) -> None:
    assert validation.normalize_villa(typed) == number
    assert validation.villa_number(typed) is None
