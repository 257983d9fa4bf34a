"""Reading complaints: the paged list, one complaint's detail, the due-and-overdue panel.

Deadlines are computed when read (``complaint_deadlines``), from the rules and calendar as
they are now; only the open complaints can be late, and they are read by the state index.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app import validation
from app.i18n import _
from app.models.calendar import WorkCalendar
from app.models.complaints import (
    Category,
    Channel,
    Complaint,
    ComplaintDepartment,
    ComplaintState,
    ComplaintStep,
    Level,
    Responsibility,
    Severity,
    StepKind,
    Validity,
)
from app.models.deadlines import DeadlineEvent, Rule
from app.models.households import Villa
from app.models.staff import Role, Staff
from app.services import deadlines as rules_store
from app.services import paging
from app.services.actor import Actor
from app.services.complaint_deadlines import (
    COMPLAINT_EVENTS,
    ComplaintTimes,
    Deadline,
    DueState,
    deadlines,
    level_deadline,
    open_deadlines,
    worst,
)
from app.services.errors import NotFound
from app.services.permissions import SIGNED_IN, needs
from app.services.privacy import phone_for
from app.services.uow import UnitOfWork

PAGE_SIZE = paging.PAGE_SIZE
#: States in which something can still be due.
TIMED = (ComplaintState.OPEN, ComplaintState.HANDLED)
#: The desk's roles and the escalation level each answers for; the general manager has no
#: account at the desk and gets a printed escalation notice.
ROLE_LEVEL = {Role.RECEPTIONIST: Level.SPECIALIST, Role.SUPERVISOR: Level.SUPERVISOR,
              Role.MANAGER: Level.PROJECT_MANAGER}


@dataclass(frozen=True)
class DeadlineContext:
    rules: dict[DeadlineEvent, Rule]
    calendar: WorkCalendar

    @classmethod
    def load(cls, session: Session) -> DeadlineContext:
        return cls({e: rules_store.rule_for(session, e) for e in COMPLAINT_EVENTS},
                   rules_store.work_calendar(session))


def level_since(session: Session, complaint: Complaint) -> dt.datetime:
    """When the complaint reached its current level: its last escalation, else opening
    (a serious one reaches the supervisor when classified so)."""
    at = session.scalar(select(ComplaintStep.at).where(
        ComplaintStep.complaint_id == complaint.id, ComplaintStep.level == complaint.level.value,
        ComplaintStep.kind.in_((StepKind.ESCALATED, StepKind.OPENED, StepKind.CLASSIFIED)))
        .order_by(ComplaintStep.at.desc(), ComplaintStep.id.desc()).limit(1))
    return at or complaint.received_at


def levels_since(session: Session, complaints: list[Complaint]) -> dict[int, dt.datetime]:
    """``level_since`` of many complaints in one grouped read (a list page, the panel)."""
    ids = [c.id for c in complaints if c.level != Level.SPECIALIST]
    found: dict[int, dt.datetime] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        found.update((complaint_id, at) for complaint_id, at in session.execute(
            select(ComplaintStep.complaint_id, func.max(ComplaintStep.at))
            .join(Complaint, Complaint.id == ComplaintStep.complaint_id)
            .where(ComplaintStep.complaint_id.in_(chunk),
                   ComplaintStep.level == Complaint.level,
                   ComplaintStep.kind.in_((StepKind.ESCALATED, StepKind.OPENED,
                                           StepKind.CLASSIFIED)))
            .group_by(ComplaintStep.complaint_id)))
    return {c.id: found.get(c.id) or c.received_at for c in complaints}


def times_of(complaint: Complaint, since: dt.datetime | None) -> ComplaintTimes:
    c = complaint
    return ComplaintTimes(
        state=c.state, received_at=c.received_at, severity=c.severity,
        severity_at=c.severity_at, validity=c.validity, validity_at=c.validity_at,
        responsibility=c.responsibility, responsibility_at=c.responsibility_at,
        difficult=c.difficult, reported_at=c.reported_at, responded_at=c.responded_at,
        stepped_in_at=c.stepped_in_at, contacted_at=c.contacted_at,
        explained_at=c.explained_at, handled_at=c.handled_at,
        called_back_at=c.called_back_at, level=c.level, level_since=since)


@dataclass(frozen=True)
class ComplaintFilter:
    state: ComplaintState | None = None
    category: Category | None = None
    villa_id: int | None = None
    due_only: bool = False  # only those with an open deadline overdue or soon


FILTER_SPEC: validation.Spec = {
    "state": validation.Choice(ComplaintState, optional=True),
    "category": validation.Choice(Category, optional=True),
    "villa_id": validation.RecordId(optional=True),
    "due_only": validation.Flag(),
}


@dataclass(frozen=True)
class ComplaintRow:
    id: int
    number: str
    received_at: dt.datetime
    state: ComplaintState
    villa_number: str
    complainant: str
    category: Category
    severity: Severity
    level: Level
    content: str
    repeat: bool
    due: DueState | None
    next_due: dt.datetime | None


COMPLAINTS = paging.Register(
    id=Complaint.id,
    keys={
        "number": paging.SortKey(Complaint.number, validation.Text(30), unique=True),
        "received_at": paging.SortKey(Complaint.received_at, validation.When()),
        "state": paging.SortKey(Complaint.state, validation.Choice(ComplaintState)),
        "category": paging.SortKey(Complaint.category, validation.Choice(Category)),
        "severity": paging.SortKey(Complaint.severity, validation.Choice(Severity)),
        "level": paging.SortKey(Complaint.level, validation.Choice(Level)),
    },
    default=paging.Sort("received_at", paging.Direction.DESC),
)
NEWEST_FIRST = COMPLAINTS.default


def _base() -> Select:  # type: ignore[type-arg]
    return select(Complaint, Villa.number).outerjoin(Villa, Villa.id == Complaint.villa_id)


def _filtered(query: Select, flt: ComplaintFilter) -> Select:  # type: ignore[type-arg]
    if flt.state is not None:
        query = query.where(Complaint.state == flt.state)
    if flt.category is not None:
        query = query.where(Complaint.category == flt.category)
    if flt.villa_id is not None:
        query = query.where(Complaint.villa_id == flt.villa_id)
    return query


def list_query(flt: ComplaintFilter, sort: paging.Sort = NEWEST_FIRST,
               after: paging.Cursor | None = None) -> Select:  # type: ignore[type-arg]
    """The list's statement (the bench also pages it by OFFSET, for comparison)."""
    return COMPLAINTS.ordered(_filtered(_base(), flt), sort, after)


def _row(result: tuple[Complaint, str | None], context: DeadlineContext,
         now: dt.datetime, since: dict[int, dt.datetime]) -> ComplaintRow:
    c, villa = result
    due: DueState | None = None
    next_due = None
    if c.state in TIMED:
        times = times_of(c, since.get(c.id, c.received_at))
        running = open_deadlines(times, context.rules, context.calendar, now)
        due = worst(running)
        next_due = running[0].due if running else None
    return ComplaintRow(c.id, c.number, c.received_at, c.state, villa or c.location,
                        c.complainant, c.category, c.severity, c.level, c.content,
                        c.repeat_of_id is not None, due, next_due)


@dataclass(frozen=True)
class ComplaintPage:
    rows: tuple[ComplaintRow, ...]
    has_more: bool
    next: paging.Cursor | None


@needs(SIGNED_IN)
def list_complaints(uow: UnitOfWork, flt: ComplaintFilter,
                    sort: paging.Sort = NEWEST_FIRST, after: paging.Cursor | None = None,
                    limit: int = PAGE_SIZE) -> paging.Page[ComplaintRow]:
    """One page of the register in ``sort`` order after ``after``. With ``due_only`` the
    open complaints with a deadline overdue or soon (read by the state index)."""
    validation.enforce(FILTER_SPEC, flt, {"villa_id": "villa"})
    COMPLAINTS.check(sort, after, limit)
    now = uow.clock.now()
    with uow.read() as session:
        context = DeadlineContext.load(session)
        if flt.due_only:
            query = _filtered(_base(), flt).where(Complaint.state.in_(TIMED))
            found = session.execute(query).all()
            since = levels_since(session, [r[0] for r in found])
            rows = [(r, _row(tuple(r), context, now, since)) for r in found]
            late = [(r, row) for r, row in rows
                    if row.due in (DueState.OVERDUE, DueState.SOON)]
            return COMPLAINTS.page_in_python(late, sort, after, limit, lambda r: r[0][0],
                                             lambda r: r[1])
        result = session.execute(list_query(flt, sort, after).limit(limit + 1)).all()
        since = levels_since(session, [r[0] for r in result if r[0].state in TIMED])
        return COMPLAINTS.page(result, sort, limit, lambda r: r[0],
                               lambda r: _row(tuple(r), context, now, since))


# -- detail ------------------------------------------------------------------------------

@dataclass(frozen=True)
class StepRow:
    kind: StepKind
    at: dt.datetime
    by: str
    field: str
    old: str
    new: str
    level: str
    reason: str
    method: str
    confirmed_by: str


@dataclass(frozen=True)
class ComplaintDetail:
    id: int
    version: int
    number: str
    state: ComplaintState
    entry_id: int | None
    received_at: dt.datetime
    channel: Channel
    complainant: str
    phone: str  # as the viewer may see it
    villa_id: int | None
    villa_number: str
    location: str
    category: Category
    content: str
    demands: str
    first_contact: str
    first_contact_id: int
    department: ComplaintDepartment
    responsible_person: str
    responsibility: Responsibility | None
    responsibility_by: str
    responsibility_at: dt.datetime | None
    severity: Severity
    severity_by: str
    severity_at: dt.datetime | None
    validity: Validity | None
    validity_by: str
    validity_at: dt.datetime | None
    repeat_of: str  # the earlier complaint's number
    level: Level
    investigation: str
    cause: str
    measures: str
    result: str
    difficult: bool
    handled_at: dt.datetime | None
    called_back_at: dt.datetime | None
    closed_at: dt.datetime | None
    reopen_count: int
    void_reason: str
    deadlines: tuple[Deadline, ...]
    steps: tuple[StepRow, ...]
    #: Years the deadlines touch whose holiday schedule nobody entered: weekends only.
    unknown_years: tuple[int, ...]
    escalate_at: dt.datetime | None


def _label(session: Session, staff_id: int | None) -> str:
    if staff_id is None:
        return ""
    staff = session.get(Staff, staff_id)
    return f"{staff.name} ({staff.agent_no})" if staff else ""


def complaint_for(session: Session, key: int | str) -> Complaint:
    if isinstance(key, int):
        complaint = session.get(Complaint, key)
    else:
        text = key.strip().upper()
        complaint = session.scalar(select(Complaint).where(Complaint.number == text))
        if complaint is None and text.isdigit():
            complaint = session.get(Complaint, int(text))
    if complaint is None:
        raise NotFound(_("No complaint {number}.").format(number=key))
    return complaint


def detail_of(session: Session, c: Complaint, actor: Actor, now: dt.datetime) -> ComplaintDetail:
    context = DeadlineContext.load(session)
    times = times_of(c, level_since(session, c))
    items = tuple(deadlines(times, context.rules, context.calendar, now))
    years = sorted({d.year for item in items for d in (item.start.date(), item.due.date())
                    if not context.calendar.knows_year(d.year)})
    steps = session.scalars(select(ComplaintStep).where(ComplaintStep.complaint_id == c.id)
                            .order_by(ComplaintStep.at, ComplaintStep.id)).all()
    villa = session.get(Villa, c.villa_id) if c.villa_id else None
    repeat = session.get(Complaint, c.repeat_of_id) if c.repeat_of_id else None
    return ComplaintDetail(
        id=c.id, version=c.version, number=c.number, state=c.state, entry_id=c.entry_id,
        received_at=c.received_at, channel=c.channel, complainant=c.complainant,
        phone=phone_for(actor, c.phone), villa_id=c.villa_id,
        villa_number=villa.number if villa else "", location=c.location, category=c.category,
        content=c.content, demands=c.demands, first_contact=_label(session, c.first_contact_id),
        first_contact_id=c.first_contact_id, department=c.department,
        responsible_person=c.responsible_person, responsibility=c.responsibility,
        responsibility_by=_label(session, c.responsibility_by_id),
        responsibility_at=c.responsibility_at, severity=c.severity,
        severity_by=_label(session, c.severity_by_id), severity_at=c.severity_at,
        validity=c.validity, validity_by=_label(session, c.validity_by_id),
        validity_at=c.validity_at, repeat_of=repeat.number if repeat else "", level=c.level,
        investigation=c.investigation, cause=c.cause, measures=c.measures, result=c.result,
        difficult=c.difficult, handled_at=c.handled_at, called_back_at=c.called_back_at,
        closed_at=c.closed_at, reopen_count=c.reopen_count, void_reason=c.void_reason,
        deadlines=items,
        steps=tuple(StepRow(s.kind, s.at, _label(session, s.by_id), s.field, s.old, s.new,
                            s.level, s.reason, s.method, _label(session, s.confirmed_by_id))
                    for s in steps),
        unknown_years=tuple(years),
        escalate_at=level_deadline(times, context.rules, context.calendar),
    )


@needs(SIGNED_IN)
def complaint_detail(uow: UnitOfWork, complaint_id: int) -> ComplaintDetail:
    with uow.read() as session:
        return detail_of(session, complaint_for(session, complaint_id), uow.actor,
                         uow.clock.now())


@needs(SIGNED_IN)
def find_id(uow: UnitOfWork, number_or_id: str) -> int:
    """The id of the complaint with this number (TS2026-000123) or id."""
    validation.enforce({"number": validation.Text(30)}, {"number": number_or_id})
    with uow.read() as session:
        return complaint_for(session, number_or_id).id


# -- due and overdue ---------------------------------------------------------------------

@dataclass(frozen=True)
class DueItem:
    complaint_id: int
    number: str
    villa_number: str
    complainant: str
    severity: Severity
    level: Level
    event: DeadlineEvent
    due: dt.datetime
    state: DueState


@dataclass(frozen=True)
class DuePanel:
    items: tuple[DueItem, ...]
    #: Years the shown deadlines fall in that have no holiday schedule: weekends only.
    unknown_years: tuple[int, ...]


def _open_complaints(session: Session) -> list[tuple[Complaint, str | None]]:
    query = _base().where(Complaint.state.in_(TIMED))
    return [tuple(r) for r in session.execute(query).all()]


@needs(SIGNED_IN)
def due_panel(uow: UnitOfWork, level: Level | None = None) -> DuePanel:
    """Every open deadline of the open complaints, overdue first, then by due time; with
    ``level``, only the complaints that sit with that level."""
    now = uow.clock.now()
    with uow.read() as session:
        context = DeadlineContext.load(session)
        items: list[DueItem] = []
        found = [(c, villa) for c, villa in _open_complaints(session)
                 if level is None or c.level == level]
        since = levels_since(session, [c for c, _v in found])
        for c, villa in found:
            for d in open_deadlines(times_of(c, since[c.id]), context.rules,
                                    context.calendar, now):
                items.append(DueItem(c.id, c.number, villa or c.location, c.complainant,
                                     c.severity, c.level, d.event, d.due, d.state))
        order = {DueState.OVERDUE: 0, DueState.SOON: 1, DueState.DUE: 2}
        items.sort(key=lambda i: (order.get(i.state, 3), i.due, i.number))
        years = sorted({i.due.year for i in items
                        if not context.calendar.knows_year(i.due.year)})
        return DuePanel(tuple(items), tuple(years))


@needs(SIGNED_IN)
def overdue_ids(uow: UnitOfWork) -> frozenset[int]:
    """The complaints late for something now (the status bar's count)."""
    now = uow.clock.now()
    with uow.read() as session:
        context = DeadlineContext.load(session)
        found = [c for c, _villa in _open_complaints(session)]
        since = levels_since(session, found)
        return frozenset(
            c.id for c in found
            if worst(open_deadlines(times_of(c, since[c.id]), context.rules,
                                    context.calendar, now)) == DueState.OVERDUE)


@needs(SIGNED_IN)
def escalated_to_me(uow: UnitOfWork) -> list[ComplaintRow]:
    """The open complaints that sit with the signed-in person's level above the
    specialist (shown on sign-in to a supervisor or manager)."""
    level = ROLE_LEVEL.get(uow.actor.role)
    if level in (None, Level.SPECIALIST):
        return []
    now = uow.clock.now()
    with uow.read() as session:
        context = DeadlineContext.load(session)
        query = _base().where(Complaint.state == ComplaintState.OPEN, Complaint.level == level)
        found = session.execute(query).all()
        since = levels_since(session, [r[0] for r in found])
        return [_row(tuple(r), context, now, since) for r in found]
