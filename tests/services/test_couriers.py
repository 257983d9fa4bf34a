"""A scanned number suggests its carrier to the mail desk; nothing is ever refused here."""

from __future__ import annotations

import pytest

from app import i18n
from app.services.couriers import Carrier, suggest_carrier


@pytest.mark.parametrize("number, carrier", [
    ("SF1234567890123", Carrier.SF),  # SF + 13 digits
    ("SF123456789012", Carrier.SF),  # SF + 12 digits
    ("sf 1234 5678 9012 3", Carrier.SF),  # as typed from the label
    ("JDVA12345678901", Carrier.JD),
    ("JDX012345678901", Carrier.JD),
    ("YT1234567890123", Carrier.YTO),
    ("JT1234567890123", Carrier.JT),
    ("DPK123456789012", Carrier.DEPPON),
    ("73123456789012", Carrier.ZTO),
    ("78123456789012", Carrier.ZTO),
    ("77123456789012", Carrier.STO),  # 77 is STO's, not ZTO's
    ("4312345678901", None),  # too short for anyone
    ("312345678901234", Carrier.YUNDA),
    ("5123456789012", Carrier.YUNDA),
    ("1123456789012", Carrier.EMS),  # domestic EMS waybill
    ("9812345678901", Carrier.CHINA_POST),  # 邮政快递包裹
    ("PA12345678901", Carrier.CHINA_POST),
    ("EA123456785CN", Carrier.EMS),  # S10, EMS service indicator
    ("EE123456785US", Carrier.EMS),
    ("RR473124829GB", Carrier.CHINA_POST),  # registered mail from abroad
    ("CP000000005CN", Carrier.CHINA_POST),
])
def test_the_carrier_is_suggested_from_the_number(number: str, carrier: Carrier | None) -> None:
    assert suggest_carrier(number) is carrier


def test_a_number_two_carriers_could_have_printed_suggests_none() -> None:
    # 15 digits starting 43: STO's (77|43) + 12–15 digits and Yunda's [34] + 14 digits.
    assert suggest_carrier("431234567890123") is None
    assert suggest_carrier("43123456789012") is Carrier.STO  # 14 digits: STO only


@pytest.mark.parametrize("number", ["", "12345", "HELLO", "ABC-123", "SF12", "2123456789012",
                                    "7012345678901234567890"])
def test_an_unknown_number_suggests_nothing(number: str) -> None:
    assert suggest_carrier(number) is None


def test_an_s10_number_with_a_wrong_check_digit_still_suggests_its_carrier() -> None:
    # The check digit is the validator's to refuse; the suggestion only reads the shape.
    assert suggest_carrier("EA123456784CN") is Carrier.EMS


def test_carriers_have_chinese_and_english_titles() -> None:
    assert Carrier.SF.title == "顺丰速运"
    assert Carrier.CHINA_POST.title == "中国邮政"
    assert len({c.title for c in Carrier}) == len(Carrier)
    i18n.set_locale("en")
    try:
        assert Carrier.SF.title == "SF Express"
        assert Carrier.YUNDA.title == "Yunda Express"
    finally:
        i18n.set_locale("zh_CN")
