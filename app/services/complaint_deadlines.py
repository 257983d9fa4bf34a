"""A complaint's deadlines and its escalation, computed from its times. No I/O, no Qt.

Every deadline is a rule of the one rule table (``app.models.deadlines``: hours, calendar
days or working days, the seeds' values by default) counted from the event that starts it,
on the working calendar. Nothing computed here is stored: a changed rule or a newly
entered holiday schedule applies to the open complaints at once.

Escalation goes one level at a time [001 5.4.5]: at the specialist the earliest open
deadline decides; a serious or urgent complaint starts with the supervisor, who must step
in within the hour [002 第十条.3]; above that the desk chases each level for the result
(48 hours [000 一.7]). When a level's time passes without the complaint being handled,
it goes to the next level, and the step is recorded at the moment the time passed.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, replace

from app.models.calendar import WorkCalendar
from app.models.complaints import LEVELS, ComplaintState, Level, Responsibility, Severity, Validity
from app.models.deadlines import DeadlineEvent, Rule

E = DeadlineEvent
#: The complaint rules, in the order the handling record and the due panel list them.
COMPLAINT_EVENTS = (
    E.COMPLAINT_REPORT, E.COMPLAINT_RESPOND, E.COMPLAINT_STEP_IN, E.COMPLAINT_EXPLAIN,
    E.COMPLAINT_RECORD, E.COMPLAINT_SERIOUS_RESULT, E.COMPLAINT_OTHER_UNITS,
    E.COMPLAINT_CHASE, E.COMPLAINT_UNRESOLVED, E.COMPLAINT_DIFFICULT_CALLBACK,
    E.COMPLAINT_CALLBACK,
)
#: What the specialist level answers for: the earliest of these still open escalates it.
_SPECIALIST_EVENTS = frozenset({E.COMPLAINT_REPORT, E.COMPLAINT_RESPOND, E.COMPLAINT_EXPLAIN,
                                E.COMPLAINT_RECORD, E.COMPLAINT_OTHER_UNITS,
                                E.COMPLAINT_UNRESOLVED, E.COMPLAINT_SERIOUS_RESULT})
_PRESSING = (Severity.SERIOUS, Severity.URGENT)


class DueState(enum.StrEnum):
    DUE = "due"  # running, time enough
    SOON = "soon"  # a quarter of the time or less than an hour left
    OVERDUE = "overdue"
    MET = "met"  # done in time
    LATE = "late"  # done, after the deadline


@dataclass(frozen=True)
class ComplaintTimes:
    """What the rules look at."""

    state: ComplaintState
    received_at: dt.datetime
    severity: Severity
    severity_at: dt.datetime | None = None
    validity: Validity | None = None
    validity_at: dt.datetime | None = None
    responsibility: Responsibility | None = None
    responsibility_at: dt.datetime | None = None
    difficult: bool = False
    reported_at: dt.datetime | None = None
    responded_at: dt.datetime | None = None
    stepped_in_at: dt.datetime | None = None
    contacted_at: dt.datetime | None = None
    explained_at: dt.datetime | None = None
    handled_at: dt.datetime | None = None
    called_back_at: dt.datetime | None = None
    level: Level = Level.SPECIALIST
    #: When the complaint reached its current level (received_at for the first).
    level_since: dt.datetime | None = None


@dataclass(frozen=True)
class Deadline:
    event: DeadlineEvent
    start: dt.datetime
    due: dt.datetime
    done_at: dt.datetime | None
    state: DueState

    @property
    def open(self) -> bool:
        return self.done_at is None


def _starts(c: ComplaintTimes) -> list[tuple[DeadlineEvent, dt.datetime, dt.datetime | None]]:
    """(rule, start, done) of every deadline that applies to this complaint now."""
    pressing = c.severity in _PRESSING
    items: list[tuple[DeadlineEvent, dt.datetime, dt.datetime | None]] = [
        (E.COMPLAINT_REPORT, c.received_at, c.reported_at),
        (E.COMPLAINT_RESPOND, c.received_at, c.responded_at or c.handled_at),
    ]
    if pressing:
        started = max(c.received_at, c.severity_at or c.received_at)
        items.append((E.COMPLAINT_STEP_IN, started, c.stepped_in_at))
    if c.validity == Validity.INVALID:
        items.append((E.COMPLAINT_EXPLAIN, c.validity_at or c.received_at,
                      c.explained_at or c.handled_at))
    else:
        items.append((E.COMPLAINT_RECORD, c.received_at, c.handled_at))
    if pressing:
        items.append((E.COMPLAINT_SERIOUS_RESULT, c.received_at, c.handled_at))
    if c.responsibility in (Responsibility.DEVELOPER, Responsibility.EXTERNAL):
        items.append((E.COMPLAINT_OTHER_UNITS, c.responsibility_at or c.received_at,
                      c.contacted_at))
    if c.level != Level.SPECIALIST and c.level_since is not None:
        items.append((E.COMPLAINT_CHASE, c.level_since, c.handled_at))
    items.append((E.COMPLAINT_UNRESOLVED, c.received_at, c.handled_at))
    if c.handled_at is not None:
        event = E.COMPLAINT_DIFFICULT_CALLBACK if c.difficult else E.COMPLAINT_CALLBACK
        items.append((event, c.handled_at, c.called_back_at))
    return items


def due_state(start: dt.datetime, due: dt.datetime, done: dt.datetime | None,
              now: dt.datetime) -> DueState:
    """Missed once ``now`` is past the due time (due 18:40: on time at 18:40)."""
    if done is not None:
        return DueState.MET if done <= due else DueState.LATE
    if now > due:
        return DueState.OVERDUE
    left = due - now
    if left <= min(dt.timedelta(hours=1), (due - start)) or left * 4 <= due - start:
        return DueState.SOON
    return DueState.DUE


def deadlines(c: ComplaintTimes, rules: Mapping[DeadlineEvent, Rule], calendar: WorkCalendar,
              now: dt.datetime) -> list[Deadline]:
    """Every deadline of the complaint, met or open. A void complaint has none."""
    if c.state == ComplaintState.VOID:
        return []
    result = []
    for event, start, done in _starts(c):
        due = rules[event].due(start, calendar)
        if c.state == ComplaintState.CLOSED and done is None:
            continue  # closed: what was never needed (a chase after handling) is not late
        result.append(Deadline(event, start, due, done, due_state(start, due, done, now)))
    return result


def open_deadlines(c: ComplaintTimes, rules: Mapping[DeadlineEvent, Rule],
                   calendar: WorkCalendar, now: dt.datetime) -> list[Deadline]:
    return sorted((d for d in deadlines(c, rules, calendar, now) if d.open),
                  key=lambda d: d.due)


def worst(items: list[Deadline]) -> DueState | None:
    """The state a list row shows: overdue before soon before due."""
    states = {d.state for d in items if d.open}
    for state in (DueState.OVERDUE, DueState.SOON, DueState.DUE):
        if state in states:
            return state
    return None


def initial_level(severity: Severity) -> Level:
    """Serious and urgent complaints go to the supervisor at once [002 第十条.3]."""
    return Level.SUPERVISOR if severity in _PRESSING else Level.SPECIALIST


def next_level(level: Level) -> Level | None:
    index = LEVELS.index(level)
    return LEVELS[index + 1] if index + 1 < len(LEVELS) else None


def level_deadline(c: ComplaintTimes, rules: Mapping[DeadlineEvent, Rule],
                   calendar: WorkCalendar) -> dt.datetime | None:
    """When the complaint leaves its current level unless it is handled first."""
    if c.state != ComplaintState.OPEN or c.handled_at is not None:
        return None
    since = c.level_since or c.received_at
    if c.level == Level.SPECIALIST:
        dues = [rules[event].due(start, calendar) for event, start, done in _starts(c)
                if done is None and event in _SPECIALIST_EVENTS]
        return min(dues) if dues else None
    if next_level(c.level) is None:
        return None
    if c.level == Level.SUPERVISOR and c.severity in _PRESSING and c.stepped_in_at is None:
        started = max(c.received_at, c.severity_at or c.received_at, since)
        return rules[E.COMPLAINT_STEP_IN].due(started, calendar)
    return rules[E.COMPLAINT_CHASE].due(since, calendar)


def escalations(c: ComplaintTimes, rules: Mapping[DeadlineEvent, Rule],
                calendar: WorkCalendar, now: dt.datetime) -> list[tuple[Level, dt.datetime]]:
    """The levels the complaint has passed to by ``now`` and when, one step at a time."""
    steps: list[tuple[Level, dt.datetime]] = []
    current = c
    while True:
        when = level_deadline(current, rules, calendar)
        upper = next_level(current.level)
        if when is None or upper is None or now <= when:
            return steps
        steps.append((upper, when))
        current = _moved(current, upper, when)


def _moved(c: ComplaintTimes, level: Level, when: dt.datetime) -> ComplaintTimes:
    # Reaching the supervisor is the complaint reported to them [000 一.7].
    reported = c.reported_at or (when if level == Level.SUPERVISOR else None)
    return replace(c, level=level, level_since=when, reported_at=reported)
