"""The numbers the mail desk and the release-pass desk check: postal item numbers (UPU S10)
and mainland resident ID numbers (GB 11643-1999), as a scanner or a hurried hand types them."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app import i18n, validation
from app.services.errors import ValidationFailed
from tests.hostile import anything

TODAY = dt.date(2026, 11, 30)


# -- postal item numbers (UPU S10) -----------------------------------------------------------

@pytest.mark.parametrize("number", [
    "RR473124829GB",  # a registered letter from Britain: 4,7,3,1,2,4,8,2 → 9
    "EA123456785CN",  # EMS from China: weighted sum 204, 204 mod 11 = 6, 11 − 6 = 5
    "CP000000005CN",  # sum 0: 11 − 0 = 11, which the standard writes as 5
    "RB000000014CN",  # sum 7: 11 − 7 = 4
    "ea 1234 5678 5cn",  # typed in groups, lower case
    "ＥＡ１２３４５６７８５ＣＮ",  # fullwidth from a Chinese input method
])
def test_postal_item_numbers_with_the_right_check_digit_pass(number: str) -> None:
    assert validation.upu_s10(number) is None
    assert validation.tracking_number(number) is None


def test_the_check_digit_follows_the_s10_weights() -> None:
    assert validation.s10_check_digit("47312482") == 9
    assert validation.s10_check_digit("12345678") == 5
    assert validation.s10_check_digit("00000000") == 5  # 11 → 5
    # A serial whose weighted sum leaves 1: 11 − 1 = 10, written 0.
    serial = next(f"{n:08d}" for n in range(1000)
                  if sum(int(d) * w for d, w in zip(f"{n:08d}", (8, 6, 4, 2, 3, 5, 9, 7),
                                                    strict=True)) % 11 == 1)
    assert validation.s10_check_digit(serial) == 0
    assert validation.upu_s10(f"RR{serial}0CN") is None


@pytest.mark.parametrize("number", ["RR473124828GB", "EA123456784CN", "RR473214829GB"])
def test_a_wrong_check_digit_asks_to_scan_again(number: str) -> None:
    message = validation.upu_s10(number)
    assert message is not None and "校验位" in message and "重新扫描" in message
    assert number in message
    assert validation.tracking_number(number) == message  # the register's field says so too


@pytest.mark.parametrize("number", ["RR47312482GB", "RR4731248299GB", "R473124829GB",
                                    "RR473124829G", "1R473124829GB", "RR47312482XGB", ""])
def test_a_postal_item_number_of_the_wrong_shape_is_refused(number: str) -> None:
    message = validation.upu_s10(number)
    assert message is not None and "RR473124829GB" in message


def test_the_number_is_stored_as_scanned_labels_print_it() -> None:
    assert validation.normalise_tracking_number(" ea 1234 5678 5cn\n") == "EA123456785CN"
    assert validation.normalise_tracking_number("ＳＦ１２３") == "SF123"


def test_courier_numbers_are_never_refused_for_their_format() -> None:
    for number in ("SF1234567890123", "JDVA12345678901", "773123456789012", "12345",
                   "YT1234567890123", "DPK123456789012"):
        assert validation.tracking_number(number) is None
    assert validation.tracking_number("") == "此项必填。"
    assert validation.tracking_number("   ") == "此项必填。"
    assert validation.tracking_number("SF-12#3")  # a stray key is not a label's character
    assert validation.tracking_number("9" * 41)
    assert validation.tracking_number(None)


def test_a_service_declares_the_number_in_its_spec() -> None:
    spec = {"number": validation.tracking_number}
    with pytest.raises(ValidationFailed) as failed:
        validation.enforce(spec, {"number": "RR473124828GB"})
    assert "校验位" in failed.value.errors["number"]
    validation.enforce(spec, {"number": "RR473124829GB"})


# -- mainland resident ID numbers (GB 11643-1999) --------------------------------------------

def with_check(body17: str) -> str:
    total = sum(int(d) * w for d, w in zip(body17, (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10,
                                                    5, 8, 4, 2), strict=True))
    return body17 + "10X98765432"[total % 11]


@pytest.mark.parametrize("number", [
    "11010519491231002X",  # the standard's own example
    "11010519491231002x",  # lower-case x as typed
    with_check("33010619800101001"),
    with_check("44030420000229123"),  # born on a leap day
    with_check("81000019990101123"),  # Hong Kong residence permit region 81
    "１１０１０５１９４９１２３１００２Ｘ",  # fullwidth
    " 110105 19491231 002X ",
])
def test_real_id_numbers_pass(number: str) -> None:
    assert validation.mainland_id_number(number, TODAY) is None


def test_the_check_character_is_recomputed() -> None:
    assert with_check("33010619800101001") == "330106198001010013"
    message = validation.mainland_id_number("330106198001010014", TODAY)
    assert message is not None and "校验位" in message
    assert validation.mainland_id_number("110105194912310021", TODAY)


@pytest.mark.parametrize("body, why", [
    ("11010519490231002", "February 31st"),
    ("44030420010229123", "no leap day in 2001"),
    ("11010518991231002", "born before 1900"),
    ("11010519001301002", "month 13"),
    ("11010520261201002", "born after today"),
])
def test_an_impossible_date_of_birth_is_named(body: str, why: str) -> None:
    message = validation.mainland_id_number(with_check(body), TODAY)
    assert message is not None and body[6:14] in message and "出生日期" in message, why


def test_born_today_is_possible_and_the_clock_decides_what_today_is() -> None:
    assert validation.mainland_id_number(with_check("11010520261130002"), TODAY) is None
    assert validation.mainland_id_number(with_check("11010520261130002"),
                                         dt.date(2026, 11, 29))


@pytest.mark.parametrize("number", ["12345", "11010519491231002XX", "A1010519491231002X",
                                    with_check("01010519491231002"),  # region code 0
                                    with_check("91010519491231002"),  # region code 9
                                    "1101051949123100X2", ""])
def test_an_id_number_of_the_wrong_shape_is_refused(number: str) -> None:
    message = validation.mainland_id_number(number, TODAY)
    assert message is not None and "18" in message


def test_a_pick_up_spec_checks_the_id_number_against_the_services_clock() -> None:
    spec = {"id_number": validation.MainlandId(today=TODAY)}
    validation.enforce(spec, {"id_number": "11010519491231002x"})
    with pytest.raises(ValidationFailed) as failed:
        validation.enforce(spec, {"id_number": "110105194912310021"})
    assert "校验位" in failed.value.errors["id_number"]
    optional = validation.MainlandId(today=TODAY, optional=True)
    assert optional("") is None and optional(None) is None
    assert validation.MainlandId(today=TODAY)("") is not None
    assert validation.MainlandId(today=TODAY)(17) is not None


def test_english_messages_on_request() -> None:
    i18n.set_locale("en")
    try:
        assert "scan again" in (validation.upu_s10("RR473124828GB") or "")
        assert "date of birth" in (validation.mainland_id_number(
            with_check("11010519490231002"), TODAY) or "")
    finally:
        i18n.set_locale("zh_CN")


@settings(max_examples=200, deadline=None, database=None)
@given(limit=st.sampled_from([validation.upu_s10, validation.tracking_number,
                              validation.MainlandId(today=TODAY),
                              validation.MainlandId(today=TODAY, optional=True)]),
       value=anything)
def test_the_new_limits_answer_anything_with_none_or_a_message(limit, value) -> None:  # type: ignore[no-untyped-def]
    message = limit(value)
    assert message is None or (isinstance(message, str) and message.strip())
