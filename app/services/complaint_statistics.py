"""The month's complaint statistics (due by the 3rd of the next month [001 5.6.1]).

Counts by each classification, department, zone, channel and category; the on-time rate
of every deadline rule; the callback rate, satisfaction and repeats; and the twelve months'
trend. One read of the month's complaints (by the received-time index) and their steps;
the monthly analysis PDF and the Excel export both print these figures, nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import validation
from app.i18n import N_, _
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
from app.services.complaint_queries import DeadlineContext, levels_since, times_of
from app.services.complaint_titles import (
    category_title,
    channel_title,
    department_title,
    event_title,
    responsibility_title,
    severity_title,
    validity_title,
    zh,
)
from app.services.permissions import Permission, needs
from app.services.uow import UnitOfWork

E = DeadlineEvent
#: The deadline rules' names on paper.
PAPER_EVENTS = {
    E.COMPLAINT_REPORT: "当天报告主管", E.COMPLAINT_RESPOND: "责任部门1个工作日内回复",
    E.COMPLAINT_STEP_IN: "重大/紧急投诉主管1小时内介入",
    E.COMPLAINT_EXPLAIN: "无效投诉1天内解释",
    E.COMPLAINT_RECORD: "有效投诉3天内查明原因并记录",
    E.COMPLAINT_SERIOUS_RESULT: "重大投诉48小时内出结果",
    E.COMPLAINT_OTHER_UNITS: "其他单位3天内联系投诉人", E.COMPLAINT_CHASE: "48小时内催办结果",
    E.COMPLAINT_UNRESOLVED: "2天未解决报主管",
    E.COMPLAINT_DIFFICULT_CALLBACK: "难点投诉主管24小时内回访",
    E.COMPLAINT_CALLBACK: "处理后24小时内回访",
}


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


def _count_table(key: str, title: str, counter: Counter[str],
                 headers: tuple[str, str]) -> Table:
    rows = tuple((label, n) for label, n in sorted(counter.items(), key=lambda i: (-i[1], i[0])))
    return Table(key, title, headers, rows)


#: The paper report is Chinese whatever the screen's language, as every printed form.
_PAPER_WORDS = {
    N_("Item"): "项目", N_("Complaints"): "投诉数", N_("Value"): "数值",
    N_("Not yet decided"): "尚未认定", N_("Not a villa"): "非别墅", N_("Summary"): "概况",
    N_("Complaints received"): "受理投诉", N_("Repeat complaints"): "重复投诉",
    N_("Handled"): "已处理", N_("Called back (reached)"): "已回访", N_("Callback rate"): "回访率",
    N_("Satisfied"): "满意", N_("Satisfaction"): "满意率",
    N_("On-time rate per deadline"): "各项时限及时率", N_("Deadline"): "时限",
    N_("On time"): "及时", N_("Counted"): "统计数", N_("Rate"): "及时率",
    N_("Twelve months"): "近十二个月", N_("Month"): "月份", N_("By responsibility"): "按责任分类",
    N_("By severity"): "按严重程度", N_("By validity"): "按有效性",
    N_("By department"): "按责任部门", N_("By zone"): "按区域", N_("By channel"): "按投诉方式",
    N_("By category"): "按类别",
}


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def statistics_of(session: Session, year: int, month: int, now: dt.datetime,
                  paper: bool = False) -> MonthlyStatistics:
    """The month's figures; ``paper`` labels them in Chinese for the printed report."""
    first, following = month_bounds(year, month)

    def w(text: str) -> str:  # a word of the tables: on paper Chinese, else translated
        return _PAPER_WORDS[text] if paper else _(text)

    def v(value: object, screen: Callable[[Any], str]) -> str:
        return zh(value) if paper else screen(value)

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
    since = levels_since(session, [c for c, _zone in rows])
    unset = w("Not yet decided")
    for c, zone in rows:
        by["responsibility"][v(c.responsibility, responsibility_title) if c.responsibility
                             else unset] += 1
        by["severity"][v(c.severity, severity_title)] += 1
        by["validity"][v(c.validity, validity_title) if c.validity else unset] += 1
        by["department"][v(c.department, department_title)] += 1
        by["zone"][zone or w("Not a villa")] += 1
        by["channel"][v(c.channel, channel_title)] += 1
        by["category"][v(c.category, category_title)] += 1
        for d in deadlines(times_of(c, since[c.id]), context.rules,
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
    summary = Table("summary", w("Summary"), (w("Item"), w("Value")), (
        (w("Complaints received"), total),
        (w("Repeat complaints"), repeats),
        (w("Handled"), len(handled_ever)),
        (w("Called back (reached)"), len(reached)),
        (w("Callback rate"), percent(len(reached), len(handled_ever))),
        (w("Satisfied"), satisfied),
        (w("Satisfaction"), percent(satisfied, len(reached))),
    ))
    timely = Table("on_time", w("On-time rate per deadline"),
                   (w("Deadline"), w("On time"), w("Counted"), w("Rate")),
                   tuple((PAPER_EVENTS[e] if paper else event_title(e), n[0], n[1],
                          percent(n[0], n[1]))
                         for e, n in sorted(on_time.items(), key=lambda i: i[0].value)))
    trend = []
    for back in range(11, -1, -1):
        y, m = _shift(year, month, back)
        start, end = month_bounds(y, m)
        n = session.scalar(select(func.count()).select_from(Complaint).where(
            Complaint.received_at >= start, Complaint.received_at < end,
            Complaint.state != ComplaintState.VOID)) or 0
        trend.append((f"{y:04d}-{m:02d}", n))
    titles = {"responsibility": w("By responsibility"), "severity": w("By severity"),
              "validity": w("By validity"), "department": w("By department"),
              "zone": w("By zone"), "channel": w("By channel"), "category": w("By category")}
    headers = (w("Item"), w("Complaints"))
    tables = (summary, *(_count_table(k, titles[k], by[k], headers) for k in titles), timely,
              Table("trend", w("Twelve months"), (w("Month"), w("Complaints")), tuple(trend)))
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
