"""Every complaint deadline rule on the working calendar, and escalation level by level
with a fake clock."""

from __future__ import annotations

import datetime as dt

import pytest

from app import i18n
from app.clock import FakeClock
from app.models.calendar import WorkCalendar
from app.models.complaints import (
    Category,
    Channel,
    ComplaintState,
    Level,
    Responsibility,
    Severity,
    StepKind,
    Validity,
)
from app.models.deadlines import DEFAULT_RULES, DeadlineEvent, DurationUnit
from app.services import complaints, rules
from app.services.complaint_deadlines import (
    ComplaintTimes,
    DueState,
    deadlines,
    escalations,
)
from app.services.complaint_queries import complaint_detail, due_panel, overdue_ids
from app.services.complaints import ComplaintDraft, HandlingInput
from app.services.uow import UnitOfWork

E = DeadlineEvent
CAL = WorkCalendar()


def due_of(times: ComplaintTimes, event: DeadlineEvent,
           calendar: WorkCalendar = CAL) -> dt.datetime:
    found = {d.event: d.due for d in deadlines(times, DEFAULT_RULES, calendar, times.received_at)}
    return found[event]


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_the_seed_values_are_the_rule_table_defaults() -> None:
    assert DEFAULT_RULES[E.COMPLAINT_RESPOND].unit == DurationUnit.WORKING_DAYS
    i18n.set_locale("en")
    assert rules.describe(DEFAULT_RULES[E.COMPLAINT_REPORT]) == "the same day"
    assert {e: (r.amount, r.unit.value) for e, r in DEFAULT_RULES.items()
            if e.value.startswith("complaint.")} == {
        E.COMPLAINT_REPORT: (0, "calendar_days"), E.COMPLAINT_RESPOND: (1, "working_days"),
        E.COMPLAINT_STEP_IN: (1, "hours"), E.COMPLAINT_EXPLAIN: (1, "calendar_days"),
        E.COMPLAINT_RECORD: (3, "calendar_days"), E.COMPLAINT_SERIOUS_RESULT: (48, "hours"),
        E.COMPLAINT_OTHER_UNITS: (3, "calendar_days"), E.COMPLAINT_CHASE: (48, "hours"),
        E.COMPLAINT_UNRESOLVED: (2, "calendar_days"),
        E.COMPLAINT_DIFFICULT_CALLBACK: (24, "hours"), E.COMPLAINT_CALLBACK: (24, "hours"),
    }


def test_each_rule_from_its_triggering_event() -> None:
    received = at("2026-11-24 10:15")  # a Tuesday
    general = ComplaintTimes(ComplaintState.OPEN, received, Severity.GENERAL)
    assert due_of(general, E.COMPLAINT_REPORT) == at("2026-11-24 23:59")
    assert due_of(general, E.COMPLAINT_RESPOND) == at("2026-11-25 10:15")
    assert due_of(general, E.COMPLAINT_RECORD) == at("2026-11-27 10:15")
    assert due_of(general, E.COMPLAINT_UNRESOLVED) == at("2026-11-26 10:15")
    serious = ComplaintTimes(ComplaintState.OPEN, received, Severity.SERIOUS,
                             severity_at=at("2026-11-24 11:00"),
                             responsibility=Responsibility.EXTERNAL,
                             responsibility_at=at("2026-11-24 12:00"))
    assert due_of(serious, E.COMPLAINT_STEP_IN) == at("2026-11-24 12:00")
    assert due_of(serious, E.COMPLAINT_SERIOUS_RESULT) == at("2026-11-26 10:15")
    assert due_of(serious, E.COMPLAINT_OTHER_UNITS) == at("2026-11-27 12:00")
    invalid = ComplaintTimes(ComplaintState.OPEN, received, Severity.GENERAL,
                             validity=Validity.INVALID, validity_at=at("2026-11-24 15:00"))
    assert due_of(invalid, E.COMPLAINT_EXPLAIN) == at("2026-11-25 15:00")
    assert E.COMPLAINT_RECORD not in {d.event for d in deadlines(invalid, DEFAULT_RULES, CAL,
                                                                 received)}
    done = ComplaintTimes(ComplaintState.HANDLED, received, Severity.GENERAL,
                          handled_at=at("2026-11-25 09:00"))
    assert due_of(done, E.COMPLAINT_CALLBACK) == at("2026-11-26 09:00")
    difficult = ComplaintTimes(ComplaintState.HANDLED, received, Severity.GENERAL,
                               handled_at=at("2026-11-25 09:00"), difficult=True)
    assert due_of(difficult, E.COMPLAINT_DIFFICULT_CALLBACK) == at("2026-11-26 09:00")
    chased = ComplaintTimes(ComplaintState.OPEN, received, Severity.GENERAL,
                            level=Level.PROJECT_MANAGER, level_since=at("2026-11-25 09:00"))
    assert due_of(chased, E.COMPLAINT_CHASE) == at("2026-11-27 09:00")


def test_working_days_across_national_day_and_its_make_up_saturday() -> None:
    # 17:40 on Wednesday 30 September 2026, the last working day before National Day
    # (1–7 October off): the department's one working day ends on Thursday 8 October.
    eve = ComplaintTimes(ComplaintState.OPEN, at("2026-09-30 17:40"), Severity.GENERAL)
    assert due_of(eve, E.COMPLAINT_RESPOND) == at("2026-10-08 17:40")
    # Friday 9 October: the next working day is Saturday 10 October (调休 make-up day).
    friday = ComplaintTimes(ComplaintState.OPEN, at("2026-10-09 09:00"), Severity.GENERAL)
    assert due_of(friday, E.COMPLAINT_RESPOND) == at("2026-10-10 09:00")


def test_working_days_across_spring_festival_and_its_make_up_saturdays() -> None:
    # Friday 13 February 2026: Saturday the 14th is a make-up working day.
    before = ComplaintTimes(ComplaintState.OPEN, at("2026-02-13 16:00"), Severity.GENERAL)
    assert due_of(before, E.COMPLAINT_RESPOND) == at("2026-02-14 16:00")
    # Received on the make-up Saturday: 15–23 February are off → Tuesday 24 February.
    saturday = ComplaintTimes(ComplaintState.OPEN, at("2026-02-14 11:00"), Severity.GENERAL)
    assert due_of(saturday, E.COMPLAINT_RESPOND) == at("2026-02-24 11:00")
    # Friday 27 February → Saturday 28 February, the second make-up day.
    after = ComplaintTimes(ComplaintState.OPEN, at("2026-02-27 11:00"), Severity.GENERAL)
    assert due_of(after, E.COMPLAINT_RESPOND) == at("2026-02-28 11:00")


def test_a_year_without_a_schedule_counts_weekends_only() -> None:
    # Nobody has entered 2031's schedule: 1 October 2031 (a Wednesday) counts as a
    # working day, where in a known year it would be National Day.
    assert not CAL.knows_year(2031)
    unknown = ComplaintTimes(ComplaintState.OPEN, at("2031-09-30 10:00"), Severity.GENERAL)
    assert due_of(unknown, E.COMPLAINT_RESPOND) == at("2031-10-01 10:00")
    friday = ComplaintTimes(ComplaintState.OPEN, at("2031-10-03 10:00"), Severity.GENERAL)
    assert due_of(friday, E.COMPLAINT_RESPOND) == at("2031-10-06 10:00")
    # Once the site enters it, it counts.
    site = WorkCalendar({dt.date(2031, 10, d): (False, "国庆节") for d in range(1, 8)})
    assert due_of(unknown, E.COMPLAINT_RESPOND, site) == at("2031-10-08 10:00")


def test_due_soon_overdue() -> None:
    times = ComplaintTimes(ComplaintState.OPEN, at("2026-11-24 10:00"), Severity.GENERAL)

    def state(now: str) -> DueState:
        return {d.event: d.state for d in deadlines(times, DEFAULT_RULES, CAL, at(now))}[
            E.COMPLAINT_RESPOND]

    assert state("2026-11-24 12:00") == DueState.DUE
    assert state("2026-11-25 06:00") == DueState.SOON
    assert state("2026-11-25 10:00") == DueState.SOON
    assert state("2026-11-25 10:01") == DueState.OVERDUE


def test_escalation_through_every_level_in_pure_rules() -> None:
    times = ComplaintTimes(ComplaintState.OPEN, at("2026-11-24 10:00"), Severity.GENERAL,
                           reported_at=at("2026-11-24 10:05"),
                           level_since=at("2026-11-24 10:00"))
    steps = escalations(times, DEFAULT_RULES, CAL, at("2026-12-31 00:00"))
    assert steps == [
        (Level.SUPERVISOR, at("2026-11-25 10:00")),  # the 1-working-day response missed
        (Level.PROJECT_MANAGER, at("2026-11-27 10:00")),  # chased 48 h
        (Level.GENERAL_MANAGER, at("2026-11-29 10:00")),
    ]


def draft(villa_id: int, severity: Severity = Severity.GENERAL) -> ComplaintDraft:
    return ComplaintDraft(channel=Channel.VISIT, category=Category.NOISE, villa_id=villa_id,
                          content="夜间噪音", complainant="张伟", severity=severity)


def test_escalation_with_a_fake_clock_records_each_step(
        receptionist: UnitOfWork, supervisor: UnitOfWork, manager: UnitOfWork,
        clock: FakeClock, villas: dict[str, int]) -> None:
    clock.set(at("2026-09-30 17:40"))
    made = complaints.open_complaint(receptionist, draft(villas["A-12"], Severity.SERIOUS))
    assert made.level == Level.SUPERVISOR
    clock.set(at("2026-09-30 18:40"))
    assert complaints.escalate_due(receptionist) == []  # on time to the minute
    assert made.id not in overdue_ids(receptionist)
    clock.set(at("2026-09-30 18:41"))
    moved = complaints.escalate_due(receptionist)
    assert [(m.level, m.at) for m in moved] == [(Level.PROJECT_MANAGER, at("2026-09-30 18:40"))]
    assert made.id in overdue_ids(receptionist)
    assert complaints.escalate_due(receptionist) == []  # recorded once
    clock.set(at("2026-10-02 18:41"))
    moved = complaints.escalate_due(receptionist)
    assert [(m.level, m.at) for m in moved] == [(Level.GENERAL_MANAGER, at("2026-10-02 18:40"))]
    clock.set(at("2026-10-20 08:00"))
    assert complaints.escalate_due(receptionist) == []  # the top level
    detail = complaint_detail(manager, made.id)
    assert [(s.level, s.at) for s in detail.steps if s.kind == StepKind.ESCALATED] == [
        ("project_manager", at("2026-09-30 18:40")),
        ("general_manager", at("2026-10-02 18:40"))]
    panel = due_panel(manager)
    assert panel.items[0].state == DueState.OVERDUE and panel.unknown_years == ()


def test_a_handled_complaint_stops_escalating(receptionist: UnitOfWork, clock: FakeClock,
                                              villas: dict[str, int]) -> None:
    made = complaints.open_complaint(receptionist, draft(villas["A-12"]))
    complaints.record_handling(receptionist, made.id, HandlingInput("", "巡查不到位", "", "已解决"))
    clock.advance(days=30)
    assert complaints.escalate_due(receptionist) == []


def test_a_changed_rule_applies_at_once(manager: UnitOfWork, receptionist: UnitOfWork,
                                        clock: FakeClock, villas: dict[str, int]) -> None:
    made = complaints.open_complaint(receptionist, draft(villas["A-12"]))
    rules.set_rule(manager, E.COMPLAINT_RESPOND, 2, DurationUnit.HOURS)
    due = {d.event: d.due for d in complaint_detail(receptionist, made.id).deadlines}
    assert due[E.COMPLAINT_RESPOND] == clock.now() + dt.timedelta(hours=2)
    rules.reset_rule(manager, E.COMPLAINT_REPORT)  # "the same day" (0 days) is accepted


@pytest.mark.parametrize("year", [2031])
def test_the_detail_names_a_year_without_a_schedule(receptionist: UnitOfWork, clock: FakeClock,
                                                    villas: dict[str, int], year: int) -> None:
    clock.set(dt.datetime(year, 3, 2, 9, 0))
    made = complaints.open_complaint(receptionist, draft(villas["A-12"]))
    assert made.unknown_years == (year,)
    assert due_panel(receptionist).unknown_years == (year,)
