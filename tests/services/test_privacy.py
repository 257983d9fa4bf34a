"""One masking rule: a receptionist sees 138****5678 wherever a phone appears."""

from __future__ import annotations

import pytest

from app.models.staff import Role
from app.services.actor import Actor
from app.services.privacy import id_number_for, mask_id_number, mask_phone, phone_for

RECEPTIONIST = Actor(8, "008", "王丽", Role.RECEPTIONIST)
SUPERVISOR = Actor(2, "002", "刘主管", Role.SUPERVISOR)


@pytest.mark.parametrize("phone, masked", [("13812345678", "138****5678"),
                                           ("0571-88886666", "057******6666"), ("8001", "**01")])
def test_masking_keeps_head_and_tail(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


def test_id_numbers_keep_the_first_three_and_last_four() -> None:
    assert mask_id_number("11010519491231002X") == "110***********002X"
    assert mask_id_number("E1234") == "***34"


def test_a_receptionist_sees_masked_values_a_supervisor_full_ones() -> None:
    assert phone_for(RECEPTIONIST, "13812345678") == "138****5678"
    assert phone_for(SUPERVISOR, "13812345678") == "13812345678"
    assert id_number_for(RECEPTIONIST, "11010519491231002X") == "110***********002X"
    assert id_number_for(SUPERVISOR, "11010519491231002X") == "11010519491231002X"
