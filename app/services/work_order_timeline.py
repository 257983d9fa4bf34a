"""A work order's timeline: what happened to it, when and by whom.

The audit log already holds every change of every work order (who, when, old → new), so
the timeline is read from there instead of keeping a second history. Steps taken in the
transaction that created the order (dispatched at once, or history entered in its final
state) have no update entries of their own; they come from the order's time columns as
they were at creation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.i18n import _
from app.models.audit import AuditEntry
from app.models.work_orders import Rating, WorkOrderState
from app.services.work_order_titles import rating_title

S = WorkOrderState

#: The order's own time columns for the steps of the normal path.
_STEP_COLUMNS: tuple[tuple[WorkOrderState, str], ...] = (
    (S.DISPATCHED, "dispatched_at"),
    (S.IN_PROGRESS, "started_at"),
    (S.COMPLETED, "completed_at"),
    (S.CLOSED, "closed_at"),
)


@dataclass(frozen=True)
class TimelineEvent:
    at: dt.datetime
    title: str
    detail: str
    by: str  # staff name; "" when not known


@dataclass(frozen=True)
class CallbackRow:
    """One callback (回访): how the owner rated the work."""

    at: dt.datetime
    by: str
    quality: Rating
    attitude: Rating
    satisfaction: Rating
    remarks: str


@dataclass(frozen=True)
class CallbackAttemptRow:
    """A callback call that did not reach the owner (未接通)."""

    at: dt.datetime
    by: str
    note: str


@dataclass(frozen=True)
class VoidInfo:
    at: dt.datetime | None
    by: str
    reason: str


def _when(value: Any) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if isinstance(value, str) and value else None


def _step(state: WorkOrderState, previous: WorkOrderState | None,
          values: Mapping[str, Any]) -> tuple[str, str]:
    """Title and detail of a move into ``state``."""
    if state == S.DISPATCHED and previous == S.PAUSED:
        return _("Resumed"), ""
    if state == S.DISPATCHED:
        return _("Dispatched to {assignee}").format(assignee=values.get("assignee") or "—"), ""
    if state == S.IN_PROGRESS:
        return (_("Resumed"), "") if previous == S.PAUSED else (_("Work started"), "")
    if state == S.PAUSED:
        return _("Paused"), str(values.get("paused_reason") or "")
    if state == S.COMPLETED:
        return _("Completed"), str(values.get("completion_note") or "")
    if state == S.CLOSED:
        return _("Closed"), ""
    if state == S.VOID:
        return _("Voided"), str(values.get("void_reason") or "")
    return _("Received"), ""


def callback_event(row: CallbackRow) -> TimelineEvent:
    title = _("Callback: {satisfaction}").format(satisfaction=rating_title(row.satisfaction))
    if row.satisfaction == Rating.UNSATISFIED:
        title = _("{callback} — reopened").format(callback=title)
    detail = _("Quality: {quality}; attitude: {attitude}").format(
        quality=rating_title(row.quality), attitude=rating_title(row.attitude))
    if row.remarks:
        detail = f"{detail}. {row.remarks}"
    return TimelineEvent(row.at, title, detail, row.by)


def attempt_event(row: CallbackAttemptRow) -> TimelineEvent:
    return TimelineEvent(row.at, _("Callback: not reached"), row.note, row.by)


def _minute(value: dt.datetime) -> dt.datetime:
    return value.replace(second=0, microsecond=0)


def build_timeline(
    *,
    received_at: dt.datetime,
    taken_by: str,
    current: Mapping[str, Any],
    audit_rows: Sequence[AuditEntry],
    callbacks: Iterable[CallbackRow],
    staff_names: Mapping[int, str],
    void: VoidInfo | None,
    attempts: Iterable[CallbackAttemptRow] = (),
) -> tuple[TimelineEvent, ...]:
    """Events in time order, from the order's present values (``current``, audit-style
    text) and its logged updates (``audit_rows``, oldest first).

    A step shows the time the order records for it (completed at 10:30, typed in at
    11:00, shows 10:30, as the slip does), else the minute it was logged."""
    events = [TimelineEvent(received_at, _("Received"), "", taken_by)]
    events.extend(attempt_event(row) for row in attempts)
    updates = [row for row in audit_rows if row.action in ("update", "void")]
    # What the order looked like when created: each field's first logged old value, or
    # its present value if it never changed since.
    values: dict[str, Any] = dict(current)
    for row in reversed(updates):
        values[row.field] = row.old
    initial = S(values.get("state") or S.RECEIVED)
    for state, column in _STEP_COLUMNS:
        when = _when(values.get(column))
        if when is not None:
            title, detail = _step(state, None, values)
            events.append(TimelineEvent(when, title, detail, ""))
    if initial == S.VOID and void is not None and void.at is not None:
        events.append(TimelineEvent(void.at, _("Voided"), void.reason, void.by))

    # A state change's details (reason, note) are logged right after it in the same flush;
    # the event is written once they have been read, at the next state change or moment.
    pending: AuditEntry | None = None
    changed_with_it: set[str] = set()
    unplaced = list(callbacks)
    logged: list[TimelineEvent] = []
    step_column = dict(_STEP_COLUMNS)

    def emit(change: AuditEntry) -> None:
        old, new = S(change.old or S.RECEIVED), S(values["state"])
        if old == S.COMPLETED and new in (S.CALLED_BACK, S.IN_PROGRESS):
            # A callback made this move; its own event tells it, with the ratings.
            match = next((cb for cb in unplaced if _minute(cb.at) == _minute(change.at)),
                         None)
            if match is not None:
                unplaced.remove(match)
                logged.append(callback_event(match))
            return
        title, detail = _step(new, old, values)
        column = step_column.get(new)
        recorded = _when(values.get(column)) if column in changed_with_it else None
        logged.append(TimelineEvent(recorded or change.at, title, detail,
                                    staff_names.get(change.actor_id or 0, "")))

    for row in updates:
        if pending is not None and (row.field == "state" or (row.at, row.actor_id) != (
                pending.at, pending.actor_id)):
            emit(pending)
            pending = None
            changed_with_it.clear()
        # Only text columns are read back from here, and the log keeps text as it was.
        values[row.field] = row.new
        if row.field == "state":
            pending = row
            changed_with_it.clear()
        elif pending is not None:
            changed_with_it.add(row.field)
    if pending is not None:
        emit(pending)
    # Logged events keep their logged order among themselves (the sort is stable).
    events.extend(callback_event(cb) for cb in unplaced)
    return tuple(sorted(events + logged, key=lambda event: event.at))
