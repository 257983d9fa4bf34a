"""The supervisor signs each day's reception records; days nobody signed are listed."""

from __future__ import annotations

import datetime as dt

import pytest

from app.clock import FakeClock
from app.models.reception import Channel, EntryClass
from app.services.daily_review import day_status, review_days, sign_day, unsigned_days
from app.services.errors import Conflict, PermissionDenied, ValidationFailed
from app.services.reception import NewEntry, log_entry
from app.services.uow import UnitOfWork

MON, TUE = dt.date(2026, 11, 23), dt.date(2026, 11, 24)


def call_at(uow: UnitOfWork, when: dt.datetime, villa_id: int) -> None:
    log_entry(uow, NewEntry(Channel.PHONE, EntryClass.HELP, "张伟", "代叫出租车",
                            villa_id=villa_id, occurred_at=when))


def test_days_with_records_stay_listed_until_a_supervisor_signs_them(
        receptionist: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int],
        clock: FakeClock) -> None:
    call_at(receptionist, dt.datetime(2026, 11, 21, 10), villas["A-12"])
    call_at(receptionist, dt.datetime(2026, 11, 23, 9), villas["A-12"])
    call_at(receptionist, dt.datetime(2026, 11, 23, 16), villas["A-3"])
    call_at(receptionist, clock.now(), villas["A-3"])

    pending = unsigned_days(receptionist, dt.date(2026, 11, 1), TUE)
    assert [(d.day, d.entry_count) for d in pending] == [
        (TUE, 1), (MON, 2), (dt.date(2026, 11, 21), 1)]  # quiet Sunday is not listed

    clock.advance(hours=2)
    signed = sign_day(supervisor, MON, "  两条记录均已跟进  ")
    assert (signed.signed, signed.signed_by_name, signed.signed_at, signed.remarks,
            signed.signed_entry_count) == (True, "刘主管", clock.now(), "两条记录均已跟进", 2)
    assert [d.day for d in unsigned_days(receptionist, dt.date(2026, 11, 1), TUE)] == [
        TUE, dt.date(2026, 11, 21)]
    assert [d.day for d in review_days(receptionist, dt.date(2026, 11, 1), TUE)] == [
        TUE, MON, dt.date(2026, 11, 21)]


def test_a_receptionist_cannot_sign(receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    call_at(receptionist, dt.datetime(2026, 11, 23, 9), villas["A-12"])
    with pytest.raises(PermissionDenied):
        sign_day(receptionist, MON)
    assert not day_status(receptionist, MON).signed


def test_a_day_is_signed_once_today_may_be_signed_tomorrow_not_yet(
        supervisor: UnitOfWork, manager: UnitOfWork, villas: dict[str, int]) -> None:
    call_at(supervisor, dt.datetime(2026, 11, 24, 8), villas["A-12"])
    sign_day(supervisor, TUE)
    with pytest.raises(Conflict, match="刘主管"):
        sign_day(manager, TUE)
    with pytest.raises(ValidationFailed) as err:
        sign_day(manager, dt.date(2026, 11, 25))
    assert set(err.value.errors) == {"day"}


def test_a_record_back_entered_after_signing_shows_the_day_changed(
        receptionist: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int]) -> None:
    call_at(receptionist, dt.datetime(2026, 11, 23, 9), villas["A-12"])
    assert not sign_day(supervisor, MON).changed_since_signing
    call_at(receptionist, dt.datetime(2026, 11, 23, 19), villas["A-3"])
    status = day_status(receptionist, MON)
    assert (status.entry_count, status.signed_entry_count) == (2, 1)
    assert status.changed_since_signing
