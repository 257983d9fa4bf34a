"""The clubhouse's extensions are the only short numbers the desk accepts as a phone."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models.reception import Channel, EntryClass, ReceptionEntry
from app.services import short_numbers
from app.services.errors import PermissionDenied, ValidationFailed
from app.services.reception import NewEntry, log_entry
from app.services.uow import UnitOfWork


def gardener_call(phone: str) -> NewEntry:
    return NewEntry(channel=Channel.PHONE, entry_class=EntryClass.HELP, caller_name="花园班组",
                    content="会所花园喷淋头坏了", contact_phone=phone)


def test_a_cut_off_mobile_is_refused_and_only_the_listed_extensions_pass(
        manager: UnitOfWork, receptionist: UnitOfWork) -> None:
    # No list yet: a caller's short number is not accepted as a phone.
    with pytest.raises(ValidationFailed) as refused:
        log_entry(receptionist, gardener_call("8001"))
    assert "8001" in refused.value.errors["contact_phone"]

    assert short_numbers.set_short_numbers(manager, "8001\n8002、8100, 8001") == [
        "8001", "8002", "8100"]
    assert log_entry(receptionist, gardener_call("8001")).caller_name == "花园班组"

    # The morning shift typed six digits of a mobile and looked away.
    with pytest.raises(ValidationFailed) as cut_off:
        log_entry(receptionist, gardener_call("139472"))
    assert "11 位" in cut_off.value.errors["contact_phone"]
    with pytest.raises(ValidationFailed):
        log_entry(receptionist, gardener_call("8003"))
    with receptionist.read() as session:
        phones = list(session.scalars(select(ReceptionEntry.contact_phone)))
    assert phones == ["8001"]


def test_the_manager_keeps_the_list_and_every_wrong_entry_is_named(
        manager: UnitOfWork, receptionist: UnitOfWork) -> None:
    with pytest.raises(ValidationFailed) as bad:
        short_numbers.set_short_numbers(manager, "8001\n139472\n80")
    message = bad.value.errors["short_numbers"]
    assert "139472" in message and "80" in message
    assert short_numbers.list_short_numbers(manager) == []  # nothing half-saved

    with pytest.raises(PermissionDenied):
        short_numbers.set_short_numbers(receptionist, "8001")
    short_numbers.set_short_numbers(manager, "8001")
    assert short_numbers.list_short_numbers(receptionist) == ["8001"]
    short_numbers.set_short_numbers(manager, "")
    assert short_numbers.list_short_numbers(receptionist) == []
