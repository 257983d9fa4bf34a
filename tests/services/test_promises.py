"""An inquiry nobody can answer now: promised an answer within 24 hours, then answered."""

from __future__ import annotations

import datetime as dt

import pytest

from app.clock import FakeClock
from app.models.deadlines import DeadlineEvent, DurationUnit
from app.models.reception import Channel, EntryClass
from app.services import deadlines, rules
from app.services.errors import Conflict, ValidationFailed
from app.services.promises import answer_promise, open_promises, promise_answer, promise_for_entry
from app.services.reception import NewEntry, log_entry
from app.services.uow import UnitOfWork


def heating_question(villa_id: int, **changes: object) -> NewEntry:
    base = dict(channel=Channel.PHONE, entry_class=EntryClass.INQUIRY, caller_name="王建国",
                content="今年冬季集中供暖什么时候开始？", villa_id=villa_id,
                contact_phone="13600001111", promise_answer=True)
    base.update(changes)
    return NewEntry(**base)  # type: ignore[arg-type]


def test_an_unanswered_inquiry_is_due_24_hours_after_the_call_and_turns_overdue(
        receptionist: UnitOfWork, villas: dict[str, int], clock: FakeClock) -> None:
    row = log_entry(receptionist, heating_question(villas["A-3"]))
    assert row.promise_due_at == clock.now() + dt.timedelta(hours=24)

    [promise] = open_promises(receptionist)
    assert (promise.villa_number, promise.caller_name, promise.taken_by_name) == (
        "A-3", "王建国", "王丽")
    assert not promise.overdue

    clock.advance(hours=24, minutes=1)
    [promise] = open_promises(receptionist)
    assert promise.overdue


def test_a_back_entered_inquiry_counts_from_the_real_time_of_the_call(
        receptionist: UnitOfWork, villas: dict[str, int], clock: FakeClock) -> None:
    asked = clock.now() - dt.timedelta(hours=3)
    row = log_entry(receptionist, heating_question(villas["A-3"], occurred_at=asked))
    assert row.back_entered and row.promise_due_at == asked + dt.timedelta(hours=24)


def test_the_site_can_change_the_promise_rule(
        receptionist: UnitOfWork, manager: UnitOfWork, uow: UnitOfWork, villas: dict[str, int],
        clock: FakeClock) -> None:
    rules.set_rule(manager, DeadlineEvent.INQUIRY_ANSWER, 1, DurationUnit.WORKING_DAYS)
    # A site-entered holiday wins over the built-in calendar.
    rules.enter_days(manager, dt.date(2026, 11, 25), dt.date(2026, 11, 25), False, "会所店庆")
    row = log_entry(receptionist, heating_question(villas["A-3"]))
    assert row.promise_due_at == dt.datetime(2026, 11, 26, 8, 30)
    with uow.read() as session:
        assert deadlines.rule_for(session, DeadlineEvent.WORK_ORDER_DISPATCH).amount == 5
        assert not deadlines.work_calendar(session).is_workday(dt.date(2026, 11, 25))


def test_an_answer_closes_the_promise_and_records_who_gave_it(
        receptionist: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int],
        clock: FakeClock) -> None:
    row = log_entry(receptionist, heating_question(villas["A-3"]))
    assert row.promise_id is not None
    with pytest.raises(ValidationFailed) as err:
        answer_promise(receptionist, row.promise_id, "  ")
    assert set(err.value.errors) == {"answer"}

    clock.advance(hours=2)
    answered = answer_promise(supervisor, row.promise_id, "12月1日开始供暖，已电话告知业主。")
    assert answered.answered_at == clock.now() and answered.answered_by_name == "刘主管"
    assert not answered.is_open and not answered.overdue
    assert open_promises(receptionist) == []
    with pytest.raises(Conflict):
        answer_promise(receptionist, row.promise_id, "again")


def test_a_promise_can_be_added_to_an_inquiry_logged_without_one_but_only_once(
        receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    row = log_entry(receptionist, heating_question(villas["A-3"], promise_answer=False))
    assert row.promise_id is None and promise_for_entry(receptionist, row.id) is None
    promise = promise_answer(receptionist, row.id)
    assert promise_for_entry(receptionist, row.id) == promise
    with pytest.raises(Conflict):
        promise_answer(receptionist, row.id)
    repair = log_entry(receptionist, heating_question(villas["A-3"], promise_answer=False,
                                                      entry_class=EntryClass.REPAIR))
    with pytest.raises(Conflict):
        promise_answer(receptionist, repair.id)
