"""The manager keeps the deadline rules and enters next year's holidays before it starts."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.clock import FakeClock
from app.models.audit import AuditEntry
from app.models.deadlines import DeadlineEvent, DurationUnit, Rule
from app.models.greeting import HAPPY_HOLIDAY, greeting_for
from app.services import calendar, rules, work_orders
from app.services.errors import NotFound, PermissionDenied, ValidationFailed
from app.services.uow import UnitOfWork
from app.services.work_order_queries import WorkOrderFilter, list_work_orders
from tests.services.test_work_orders import defaults, tap_draft

__all__ = ["defaults"]  # the fixture, imported for the tests below

SPRING_2027 = (dt.date(2027, 2, 5), dt.date(2027, 2, 11))


def test_the_seed_deadlines_are_in_force_until_changed(receptionist: UnitOfWork) -> None:
    listed = rules.list_rules(receptionist)
    # The complaints' eleven rules are checked in tests/services/test_complaint_deadlines.py.
    assert {r.event for r in listed if r.event.value.startswith("complaint.")} == {
        e for e in DeadlineEvent if e.value.startswith("complaint.")}
    shown = {row.event: (row.rule, row.customised) for row in listed
             if not row.event.value.startswith("complaint.")}
    assert shown == {
        DeadlineEvent.WORK_ORDER_DISPATCH: (Rule(5, DurationUnit.MINUTES), False),
        DeadlineEvent.WORK_ORDER_CALLBACK: (Rule(24, DurationUnit.HOURS), False),
        DeadlineEvent.WORK_ORDER_ESCALATE: (Rule(2, DurationUnit.CALENDAR_DAYS), False),
        DeadlineEvent.INQUIRY_ANSWER: (Rule(24, DurationUnit.HOURS), False),
    }
    assert rules.describe(Rule(5, DurationUnit.MINUTES)) == "5 分钟"
    assert rules.describe(Rule(2, DurationUnit.WORKING_DAYS)) == "2 个工作日"


def test_a_looser_dispatch_rule_takes_an_order_off_the_overdue_list(
        manager: UnitOfWork, receptionist: UnitOfWork, clock: FakeClock,
        villas: dict[str, int], defaults: dict[str, int]) -> None:
    work_orders.open_work_order(receptionist, tap_draft(villas, defaults))
    clock.advance(minutes=7)
    overdue = WorkOrderFilter(overdue_only=True)
    assert len(list_work_orders(receptionist, overdue).rows) == 1

    row = rules.set_rule(manager, DeadlineEvent.WORK_ORDER_DISPATCH, " 10 ", DurationUnit.MINUTES)
    assert row.customised and row.rule == Rule(10, DurationUnit.MINUTES)
    assert not list_work_orders(receptionist, overdue).rows

    rules.reset_rule(manager, DeadlineEvent.WORK_ORDER_DISPATCH)
    assert len(list_work_orders(receptionist, overdue).rows) == 1
    with manager.read() as session:
        changes = session.scalars(select(AuditEntry).where(
            AuditEntry.entity == "deadline_rule").order_by(AuditEntry.id)).all()
    assert [(e.action, e.actor_no) for e in changes] == [("create", "001"), ("update", "001")]
    assert (changes[1].field, changes[1].old, changes[1].new) == ("amount", "10", "5")


@pytest.mark.parametrize(("amount", "unit"), [
    ("0", DurationUnit.MINUTES), ("半小时", DurationUnit.MINUTES), ("", DurationUnit.HOURS),
    ("2000", DurationUnit.HOURS), ("1.5", DurationUnit.HOURS), ("31", DurationUnit.CALENDAR_DAYS),
])
def test_a_deadline_must_be_a_sensible_whole_number(
        manager: UnitOfWork, amount: str, unit: DurationUnit) -> None:
    with pytest.raises(ValidationFailed) as caught:
        rules.set_rule(manager, DeadlineEvent.WORK_ORDER_CALLBACK, amount, unit)
    assert set(caught.value.errors) == {"amount"}
    assert "整数" in caught.value.errors["amount"]
    assert not rules.list_rules(manager)[1].customised


def test_only_the_manager_changes_rules_or_holidays(
        supervisor: UnitOfWork, receptionist: UnitOfWork) -> None:
    for who in (supervisor, receptionist):
        with pytest.raises(PermissionDenied):
            rules.set_rule(who, DeadlineEvent.WORK_ORDER_DISPATCH, 30, DurationUnit.MINUTES)
        with pytest.raises(PermissionDenied):
            rules.enter_days(who, *SPRING_2027, False, "春节")


def test_the_built_in_year_lists_holidays_in_chinese_and_make_up_days(
        receptionist: UnitOfWork) -> None:
    year = rules.calendar_year(receptionist, 2026)
    assert year.complete
    by_day = {d.day: d for d in year.days}
    assert (by_day[dt.date(2026, 10, 1)].name, by_day[dt.date(2026, 10, 1)].is_workday) == (
        "国庆节", False)
    assert not by_day[dt.date(2026, 10, 1)].site_entry
    make_up = [d for d in year.days if d.is_workday]
    assert make_up and all(d.day.weekday() >= 5 for d in make_up)
    # Each make-up day says which holiday it pays for: 2026-02-14 (Sat) for 春节.
    assert by_day[dt.date(2026, 2, 14)].is_workday and by_day[dt.date(2026, 2, 14)].name == "春节"
    assert dt.date(2026, 11, 24) not in by_day  # an ordinary Tuesday


def test_in_december_the_manager_enters_next_years_spring_festival(
        manager: UnitOfWork, clock: FakeClock) -> None:
    clock.set(dt.datetime(2026, 12, 1, 9, 0))
    assert rules.years_to_enter(calendar.work_calendar(manager), clock.now().date()) == [2027]
    assert not rules.calendar_year(manager, 2027).complete

    entered = rules.enter_days(manager, *SPRING_2027, False, " 春节 ")
    assert [d.day for d in entered] == [SPRING_2027[0] + dt.timedelta(days=i) for i in range(7)]
    rules.enter_days(manager, dt.date(2027, 2, 14), dt.date(2027, 2, 14), True, "春节调休")

    year = rules.calendar_year(manager, 2027)
    assert year.complete
    assert [(d.day.isoformat(), d.is_workday, d.name) for d in year.days] == [
        *((f"2027-02-{n:02d}", False, "春节") for n in range(5, 12)),
        ("2027-02-14", True, "春节调休"),
    ]
    site_calendar = calendar.work_calendar(manager)
    assert rules.years_to_enter(site_calendar, clock.now().date()) == []
    assert greeting_for(dt.datetime(2027, 2, 8, 9, 0), site_calendar) == HAPPY_HOLIDAY
    # Two working days from Thursday 4 February skip the whole break: Friday the 12th, then
    # the make-up Sunday.
    assert site_calendar.add_working_days(dt.datetime(2027, 2, 4, 9, 0), 2) == dt.datetime(
        2027, 2, 14, 9, 0)


def test_a_wrong_entry_is_refused_field_by_field_and_a_mistake_taken_back(
        manager: UnitOfWork) -> None:
    with pytest.raises(ValidationFailed) as caught:
        rules.enter_days(manager, dt.date(2027, 2, 11), dt.date(2027, 2, 5), False, "")
    assert set(caught.value.errors) == {"last", "name"}
    with pytest.raises(ValidationFailed) as caught:
        rules.enter_days(manager, dt.date(2027, 1, 1), dt.date(2027, 3, 1), False, "春节")
    assert set(caught.value.errors) == {"last"}

    rules.enter_days(manager, dt.date(2027, 5, 3), dt.date(2027, 5, 3), False, "劳动节")
    rules.remove_day(manager, dt.date(2027, 5, 3))
    assert rules.calendar_year(manager, 2027).days == []
    with pytest.raises(NotFound):
        rules.remove_day(manager, dt.date(2027, 5, 3))
    with manager.read() as session:
        actions = session.scalars(select(AuditEntry.action).where(
            AuditEntry.entity == "calendar_day")).all()
    assert actions == ["create", "delete"]
