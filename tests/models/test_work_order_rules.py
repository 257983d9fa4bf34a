"""The work order's states and deadlines, as pure rules (no database, no Qt)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.models.calendar import WorkCalendar
from app.models.deadlines import DEFAULT_RULES, DeadlineEvent, DurationUnit, Rule
from app.models.work_order_rules import (
    REQUIRED_PERMISSION,
    Action,
    OrderTimes,
    TransitionRefused,
    allowed_actions,
    can,
    deadline_status,
    target,
)
from app.models.work_orders import Rating
from app.models.work_orders import WorkOrderState as S
from app.services.permissions import Permission

CALENDAR = WorkCalendar()
RECEIVED = dt.datetime(2026, 11, 24, 9, 5)


def at(hour: int, minute: int, day: int = 24) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute)


def test_the_normal_path_from_receipt_to_closing() -> None:
    state = S.RECEIVED
    for action, expected in ((Action.DISPATCH, S.DISPATCHED), (Action.START, S.IN_PROGRESS),
                             (Action.COMPLETE, S.COMPLETED)):
        state = target(state, action)
        assert state == expected
    state = target(state, Action.CALLBACK, satisfaction=Rating.SATISFIED)
    assert state == S.CALLED_BACK
    assert target(state, Action.CLOSE) == S.CLOSED
    assert allowed_actions(S.CLOSED) == frozenset()


def test_an_unsatisfied_callback_reopens_and_a_fair_one_does_not() -> None:
    assert target(S.COMPLETED, Action.CALLBACK, satisfaction=Rating.UNSATISFIED) == S.IN_PROGRESS
    assert target(S.COMPLETED, Action.CALLBACK, satisfaction=Rating.FAIR) == S.CALLED_BACK


def test_resume_returns_to_where_the_pause_began() -> None:
    assert target(S.PAUSED, Action.RESUME, before_pause=S.IN_PROGRESS) == S.IN_PROGRESS
    assert target(S.PAUSED, Action.RESUME, before_pause=S.DISPATCHED) == S.DISPATCHED


@pytest.mark.parametrize(("state", "action"), [
    (S.RECEIVED, Action.START),  # nobody was sent yet
    (S.RECEIVED, Action.COMPLETE),
    (S.DISPATCHED, Action.CLOSE),
    (S.COMPLETED, Action.CLOSE),  # closing needs a callback first
    (S.COMPLETED, Action.EDIT),  # what was done is no longer edited
    (S.CLOSED, Action.VOID),
    (S.VOID, Action.DISPATCH),
])
def test_actions_that_do_not_fit_the_state_are_refused(state: S, action: Action) -> None:
    assert not can(state, action)
    with pytest.raises(TransitionRefused):
        target(state, action, satisfaction=Rating.SATISFIED)


def test_only_voiding_needs_more_than_the_right_to_record() -> None:
    assert {a for a, p in REQUIRED_PERMISSION.items() if p != Permission.RECORD} == {Action.VOID}
    assert Permission(REQUIRED_PERMISSION[Action.VOID]) == Permission.VOID_DOCUMENT
    assert set(REQUIRED_PERMISSION) == set(Action)


def test_dispatch_is_due_five_minutes_after_receipt() -> None:
    order = OrderTimes(S.RECEIVED, RECEIVED)
    on_time = deadline_status(order, DEFAULT_RULES, CALENDAR, at(9, 10))
    assert (on_time.event, on_time.due_at, on_time.overdue) == (
        DeadlineEvent.WORK_ORDER_DISPATCH, at(9, 10), False)
    late = deadline_status(order, DEFAULT_RULES, CALENDAR, at(9, 11))
    assert late.overdue and late.attention and not late.escalate


def test_callback_is_due_a_day_after_completion() -> None:
    order = OrderTimes(S.COMPLETED, RECEIVED, completed_at=at(11, 30))
    before = deadline_status(order, DEFAULT_RULES, CALENDAR, at(11, 29, day=25))
    assert (before.event, before.due_at, before.overdue) == (
        DeadlineEvent.WORK_ORDER_CALLBACK, at(11, 30, day=25), False)
    assert deadline_status(order, DEFAULT_RULES, CALENDAR, at(11, 31, day=25)).overdue


def test_unresolved_after_two_days_goes_to_the_supervisor() -> None:
    order = OrderTimes(S.PAUSED, RECEIVED)
    still = deadline_status(order, DEFAULT_RULES, CALENDAR, at(9, 5, day=26))
    assert (still.event, still.escalate_at, still.escalate) == (
        DeadlineEvent.WORK_ORDER_ESCALATE, at(9, 5, day=26), False)
    assert deadline_status(order, DEFAULT_RULES, CALENDAR, at(9, 6, day=26)).escalate
    # Never dispatched and two days old: late for dispatch and for the supervisor.
    forgotten = deadline_status(OrderTimes(S.RECEIVED, RECEIVED), DEFAULT_RULES, CALENDAR,
                                at(10, 0, day=27))
    assert forgotten.overdue and forgotten.escalate


def test_finished_orders_have_nothing_due() -> None:
    for state in (S.CALLED_BACK, S.CLOSED, S.VOID):
        status = deadline_status(OrderTimes(state, RECEIVED, at(11, 0)), DEFAULT_RULES,
                                 CALENDAR, at(9, 0, day=30))
        assert status.event is None and not status.attention


def test_a_site_rule_in_working_days_skips_the_weekend() -> None:
    rules = {**DEFAULT_RULES,
             DeadlineEvent.WORK_ORDER_ESCALATE: Rule(2, DurationUnit.WORKING_DAYS)}
    friday = dt.datetime(2026, 11, 27, 16, 0)
    status = deadline_status(OrderTimes(S.DISPATCHED, friday), rules, CALENDAR,
                             dt.datetime(2026, 11, 30, 17, 0))
    assert status.escalate_at == dt.datetime(2026, 12, 1, 16, 0)
    assert not status.escalate
