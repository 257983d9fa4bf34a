"""The month's complaint statistics (due by the 3rd of the next month [001 5.6.1]).

Counts by each classification, department, zone, channel and category; the on-time rate
of every deadline rule; the callback rate, satisfaction and repeats; and the twelve months'
trend. One read of the month's complaints (by the received-time index) and their steps;
the monthly analysis PDF and the Excel export both print these figures, nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import validation
from app.i18n import _
from app.models.complaints import (
    CallbackOutcome,
    Complaint,
    ComplaintMonthNote,
    ComplaintState,
    ComplaintStep,
    StepKind,
)
from app.models.deadlines import DeadlineEvent
from app.models.households import Villa
from app.services.complaint_deadlines import DueState, deadlines
from app.services.complaint_queries import DeadlineContext, level_since, times_of
from app.services.complaint_titles import (
    category_title,
    channel_title,
    department_title,
    event_title,
    responsibility_title,
    severity_title,
    validity_title,
)
from app.services.permissions import Permission, needs
from app.services.uow import UnitOfWork


@dataclass(frozen=True)
class Table:
    """One table of the report (one sheet of the Excel export)."""

    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]


@dataclass(frozen=True)
class MonthlyStatistics:
    year: int
    month: int
    total: int
    repeats: int
    handled: int
    called_back: int  # callbacks that reached the complainant
    satisfied: int
    by_category: tuple[tuple[str, int], ...]
    trend: tuple[tuple[str, int], ...]  # "2026-10" → count, the 12 months to this one
    tables: tuple[Table, ...]
    actions: str  # the supervisor's corrective and preventive actions
    actions_version: int | None

    @property
    def callback_rate(self) -> float:
        return self.called_back / self.handled if self.handled else 0.0

    @property
    def satisfaction(self) -> float:
        return self.satisfied / self.called_back if self.called_back else 0.0


def month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    first = dt.datetime(year, month, 1)
    following = dt.datetime(year + (month == 12), month % 12 + 1, 1)
    return first, following


def _shift(year: int, month: int, back: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) - back
    return index // 12, index % 12 + 1


def _count_table(key: str, title: str, counter: Counter[str]) -> Table:
    rows = tuple((label, n) for label, n in sorted(counter.items(), key=lambda i: (-i[1], i[0])))
    return Table(key, title, (_("Item"), _("Complaints")), rows)


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def statistics_of(session: Session, year: int, month: int, now: dt.datetime) -> MonthlyStatistics:
    first, following = month_bounds(year, month)
    rows = session.execute(
        select(Complaint, Villa.zone).outerjoin(Villa, Villa.id == Complaint.villa_id)
        .where(Complaint.received_at >= first, Complaint.received_at < following,
               Complaint.state != ComplaintState.VOID)
        .order_by(Complaint.received_at, Complaint.id)).all()
    ids = [c.id for c, _zone in rows]
    callbacks: dict[int, list[str]] = {}
    for complaint_id, outcome in session.execute(
            select(ComplaintStep.complaint_id, ComplaintStep.new)
            .where(ComplaintStep.complaint_id.in_(ids), ComplaintStep.kind == StepKind.CALLBACK)
            .order_by(ComplaintStep.at, ComplaintStep.id)) if ids else ():
        callbacks.setdefault(complaint_id, []).append(outcome)
    handled_ever = set(session.scalars(select(ComplaintStep.complaint_id).where(
        ComplaintStep.complaint_id.in_(ids), ComplaintStep.kind == StepKind.HANDLED))) if ids \
        else set()
    context = DeadlineContext.load(session)
    by: dict[str, Counter[str]] = {k: Counter() for k in (
        "responsibility", "severity", "validity", "department", "zone", "channel", "category")}
    on_time: dict[DeadlineEvent, list[int]] = {}
    unset = _("Not yet decided")
    for c, zone in rows:
        by["responsibility"][responsibility_title(c.responsibility) if c.responsibility
                             else unset] += 1
        by["severity"][severity_title(c.severity)] += 1
        by["validity"][validity_title(c.validity) if c.validity else unset] += 1
        by["department"][department_title(c.department)] += 1
        by["zone"][zone or _("Not a villa")] += 1
        by["channel"][channel_title(c.channel)] += 1
        by["category"][category_title(c.category)] += 1
        for d in deadlines(times_of(c, level_since(session, c)), context.rules,
                           context.calendar, now):
            if d.state in (DueState.DUE, DueState.SOON):
                continue  # still running: neither on time nor late yet
            counts = on_time.setdefault(d.event, [0, 0])
            counts[0] += d.state == DueState.MET
            counts[1] += 1
    reached = [outcomes for outcomes in callbacks.values()
               if any(o != CallbackOutcome.NOT_REACHED for o in outcomes)]
    satisfied = sum(CallbackOutcome.SATISFIED.value in o for o in callbacks.values())
    total = len(rows)
    repeats = sum(c.repeat_of_id is not None for c, _zone in rows)
    summary = Table("summary", _("Summary"), (_("Item"), _("Value")), (
        (_("Complaints received"), total),
        (_("Repeat complaints"), repeats),
        (_("Handled"), len(handled_ever)),
        (_("Called back (reached)"), len(reached)),
        (_("Callback rate"), percent(len(reached), len(handled_ever))),
        (_("Satisfied"), satisfied),
        (_("Satisfaction"), percent(satisfied, len(reached))),
    ))
    timely = Table("on_time", _("On-time rate per deadline"),
                   (_("Deadline"), _("On time"), _("Counted"), _("Rate")),
                   tuple((event_title(e), n[0], n[1], percent(n[0], n[1]))
                         for e, n in sorted(on_time.items(), key=lambda i: i[0].value)))
    trend = []
    for back in range(11, -1, -1):
        y, m = _shift(year, month, back)
        start, end = month_bounds(y, m)
        n = session.scalar(select(func.count()).select_from(Complaint).where(
            Complaint.received_at >= start, Complaint.received_at < end,
            Complaint.state != ComplaintState.VOID)) or 0
        trend.append((f"{y:04d}-{m:02d}", n))
    titles = {"responsibility": _("By responsibility"), "severity": _("By severity"),
              "validity": _("By validity"), "department": _("By department"),
              "zone": _("By zone"), "channel": _("By channel"), "category": _("By category")}
    tables = (summary, *(_count_table(k, titles[k], by[k]) for k in titles), timely,
              Table("trend", _("Twelve months"), (_("Month"), _("Complaints")), tuple(trend)))
    note = session.get(ComplaintMonthNote, f"{year:04d}-{month:02d}")
    return MonthlyStatistics(
        year, month, total, repeats, len(handled_ever), len(reached), satisfied,
        tuple(sorted(by["category"].items(), key=lambda i: (-i[1], i[0]))), tuple(trend),
        tables, note.actions if note else "", note.version if note else None)


@needs(Permission.VIEW_REPORTS)
def monthly_statistics(uow: UnitOfWork, year: int, month: int) -> MonthlyStatistics:
    validation.enforce(validation.MONTH_SPEC, {"year": year, "month": month})
    with uow.read() as session:
        return statistics_of(session, year, month, uow.clock.now())


def parse_month(text: str) -> tuple[int, int]:
    """``"2026-10"`` → (2026, 10); a clear message otherwise."""
    from app.services.errors import ValidationFailed
    try:
        year, month = (int(part) for part in text.strip().split("-"))
        validation.enforce(validation.MONTH_SPEC, {"year": year, "month": month})
    except (ValueError, TypeError):
        raise ValidationFailed({"month": _("Give the month as YYYY-MM, e.g. 2026-10.")}) \
            from None
    return year, month
