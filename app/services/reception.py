"""Reception records (接待登记): every call and visit the desk takes [003 1.4, 2.3].

Whoever takes a call is its first-contact owner (首问责任人) and is recorded as such. A
record typed in more than ``BACK_ENTRY_AFTER`` after the call keeps the call's real time and
is marked as back-entered (补录) [001 5.4.1].

Phones: every row leaves here as the viewer may see it (``privacy.phone_for``: masked for
a receptionist). The record itself keeps the full number: a phone prefilled masked from the
household file and saved unchanged is stored as the number it stands for
(``households.real_phone``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app import validation
from app.i18n import _
from app.models.complaints import Complaint, ComplaintState
from app.models.households import Villa
from app.models.reception import Channel, EntryClass, InquiryPromise, ReceptionEntry
from app.models.reception_counts import ReceptionDayCount
from app.models.staff import Staff
from app.models.work_orders import WorkOrder, WorkOrderState
from app.services import paging
from app.services.actor import Actor
from app.services.errors import Conflict, NotFound, ValidationFailed
from app.services.households import real_phone
from app.services.permissions import SIGNED_IN, Permission, needs
from app.services.privacy import phone_for
from app.services.promises import create_promise
from app.services.short_numbers import phone_check
from app.services.uow import UnitOfWork

#: Typed in later than this after the call → 补录.
BACK_ENTRY_AFTER = dt.timedelta(minutes=30)
#: Clocks on a desk PC and a wristwatch differ a little; more than this is a typo.
FUTURE_TOLERANCE = dt.timedelta(minutes=5)
#: Classes that become a work order (派工单) rather than a complaint record.
WORK_ORDER_CLASSES = frozenset({EntryClass.REPAIR, EntryClass.HELP})
LIST_LIMIT = 2000
#: A date range this long or longer holds most of a sorted page's records (see list_query).
WIDE_RANGE = dt.timedelta(days=92)

_MAX_LEN = {"caller_name": 60, "contact_phone": 30, "content": 2000,
            "special_requirements": 1000}
#: Every field of a call or visit, checked before anything reaches the database.
ENTRY_SPEC: validation.Spec = {
    "channel": validation.Choice(Channel),
    "entry_class": validation.Choice(EntryClass),
    "caller_name": validation.Text(_MAX_LEN["caller_name"]),
    "content": validation.Text(_MAX_LEN["content"], multiline=True),
    "villa_id": validation.RecordId(optional=True),
    "contact_phone": validation.Text(_MAX_LEN["contact_phone"]),
    "occurred_at": validation.When(optional=True),
    "appointment_at": validation.When(optional=True),
    "special_requirements": validation.Text(_MAX_LEN["special_requirements"], multiline=True),
    "promise_answer": validation.Flag(),
}
FILTER_SPEC: validation.Spec = {
    "start": validation.Day(), "end": validation.Day(),
    "entry_class": validation.Choice(EntryClass, optional=True),
    "villa_id": validation.RecordId(optional=True),
    "taken_by_id": validation.RecordId(optional=True),
    "include_voided": validation.Flag(),
}


def channel_title(value: Channel) -> str:
    return {
        Channel.PHONE: _("Phone"),
        Channel.VISIT: _("Visit"),
        Channel.OTHER: _("Other"),
    }[value]


def class_title(value: EntryClass) -> str:
    return {
        EntryClass.REPAIR: _("Repair"),
        EntryClass.INQUIRY: _("Inquiry"),
        EntryClass.COMPLAINT: _("Complaint"),
        EntryClass.HELP: _("Help"),
    }[value]


def _pairs(session: Session, query: Select[tuple[int, str]]) -> dict[int, str]:
    """id → label from a two-column query."""
    return {key: value for key, value in session.execute(query)}


@dataclass(frozen=True)
class NewEntry:
    """What the desk types in for one call or visit."""

    channel: Channel
    entry_class: EntryClass
    caller_name: str
    content: str
    villa_id: int | None = None
    contact_phone: str = ""
    occurred_at: dt.datetime | None = None  # None: now
    appointment_at: dt.datetime | None = None
    special_requirements: str = ""
    promise_answer: bool = False  # an inquiry nobody could answer now → 24-hour promise


@dataclass(frozen=True)
class EntryRow:
    id: int
    channel: Channel
    entry_class: EntryClass
    caller_name: str
    villa_id: int | None
    villa_number: str
    contact_phone: str
    occurred_at: dt.datetime
    recorded_at: dt.datetime
    back_entered: bool
    content: str
    appointment_at: dt.datetime | None
    special_requirements: str
    taken_by_id: int
    taken_by_name: str
    voided: bool
    void_reason: str
    work_order_id: int | None
    work_order_number: str
    promise_id: int | None
    promise_due_at: dt.datetime | None
    promise_answered: bool
    promise_overdue: bool
    #: The complaint opened from this record (class 投诉), if any.
    complaint_id: int | None = None
    complaint_number: str = ""

    @property
    def can_open_work_order(self) -> bool:
        return (self.entry_class in WORK_ORDER_CLASSES and not self.voided
                and self.work_order_id is None)


@dataclass(frozen=True)
class ClassCounts:
    repair: int = 0
    inquiry: int = 0
    complaint: int = 0
    help: int = 0

    @property
    def total(self) -> int:
        return self.repair + self.inquiry + self.complaint + self.help

    def of(self, value: EntryClass) -> int:
        return int(getattr(self, value.value))


@dataclass(frozen=True)
class EntryFilter:
    start: dt.date
    end: dt.date  # inclusive
    entry_class: EntryClass | None = None
    villa_id: int | None = None
    taken_by_id: int | None = None
    include_voided: bool = True


@dataclass(frozen=True)
class EntryList:
    rows: tuple[EntryRow, ...]
    counts: ClassCounts  # voided records not counted; the class filter is not applied
    truncated: bool  # more than LIST_LIMIT records matched


@dataclass(frozen=True)
class EntrySummary:
    """What the work-order form takes over from a reception record."""

    entry_id: int
    villa_id: int | None
    villa_number: str
    caller_name: str
    contact_phone: str
    content: str
    appointment_at: dt.datetime | None
    occurred_at: dt.datetime
    taken_by_id: int
    entry_class: EntryClass
    special_requirements: str = ""  # 特殊要求: carried onto the order and its slip


def _validate(session: Session, data: NewEntry, now: dt.datetime) -> tuple[dt.datetime, str]:
    errors = validation.collect({
        "caller_name": (validation.required, data.caller_name),
        "content": (validation.required, data.content),
        "contact_phone": (phone_check(session), data.contact_phone),
    })
    for field, limit in _MAX_LEN.items():
        if field not in errors and len(str(getattr(data, field)).strip()) > limit:
            errors[field] = _("At most {n} characters.").format(n=limit)
    villa = session.get(Villa, data.villa_id) if data.villa_id is not None else None
    if data.villa_id is not None and villa is None:
        errors["villa"] = _("No such villa.")
    elif villa is not None and villa.retired_on:
        errors["villa"] = _("Villa {number} is retired; new records cannot be filed under "
                            "it.").format(number=villa.number)
    occurred = (data.occurred_at or now).replace(microsecond=0)
    if occurred > now + FUTURE_TOLERANCE:
        errors["occurred_at"] = _("The call cannot be in the future; check the time.")
    if data.appointment_at is not None and data.appointment_at < occurred:
        errors["appointment_at"] = _("The appointment cannot be before the call.")
    if data.promise_answer and data.entry_class != EntryClass.INQUIRY:
        errors["promise_answer"] = _("Only an inquiry can be promised an answer.")
    if errors:
        raise ValidationFailed(errors)
    return occurred, validation.normalize_phone(data.contact_phone)


@needs(Permission.RECORD)
def log_entry(uow: UnitOfWork, data: NewEntry) -> EntryRow:
    """Record one call or visit, taken by the signed-in person (首问责任人)."""
    if uow.actor.staff_id is None:
        raise Conflict(_("Sign in as a staff member to take calls."))
    now = uow.clock.now()
    validation.enforce(ENTRY_SPEC, data, {"villa_id": "villa"})
    with uow.transaction() as session:
        data = replace(data, contact_phone=real_phone(session, data.contact_phone,
                                                      data.villa_id))
        occurred, phone = _validate(session, data, now)
        entry = ReceptionEntry(
            channel=data.channel, entry_class=data.entry_class,
            caller_name=data.caller_name.strip(), villa_id=data.villa_id, contact_phone=phone,
            occurred_at=occurred, recorded_at=now,
            back_entered=occurred < now - BACK_ENTRY_AFTER,
            content=data.content.strip(), appointment_at=data.appointment_at,
            special_requirements=data.special_requirements.strip(),
            taken_by_id=uow.actor.staff_id, voided=False, void_reason="",
        )
        session.add(entry)
        session.flush()
        if data.promise_answer:
            create_promise(session, entry)
        return _rows(session, [entry], now)[0]


def _rows(session: Session, entries: list[ReceptionEntry], now: dt.datetime) -> list[EntryRow]:
    if not entries:
        return []
    viewer: Actor = session.info["actor"]
    ids = [e.id for e in entries]
    villa_ids = {e.villa_id for e in entries if e.villa_id is not None}
    villas = _pairs(session, select(Villa.id, Villa.number).where(Villa.id.in_(villa_ids)))
    staff = _pairs(session, select(Staff.id, Staff.name).where(
        Staff.id.in_({e.taken_by_id for e in entries})))
    orders: dict[int, tuple[int, str]] = {}
    # The latest order per record wins; sorted here, so the database reads the orders by
    # their entry_id index instead of walking the whole table in id order.
    for entry_id, order_id, number in sorted(session.execute(
        select(WorkOrder.entry_id, WorkOrder.id, WorkOrder.number)
        .where(WorkOrder.entry_id.in_(ids), WorkOrder.state != WorkOrderState.VOID)
    ).all(), key=lambda found: found[1]):
        orders[entry_id] = (order_id, number)
    promises = {p.entry_id: p for p in session.scalars(
        select(InquiryPromise).where(InquiryPromise.entry_id.in_(ids))
    )}
    complaints = {entry_id: (complaint_id, number) for entry_id, complaint_id, number in
                  session.execute(select(Complaint.entry_id, Complaint.id, Complaint.number)
                                  .where(Complaint.entry_id.in_(ids),
                                         Complaint.state != ComplaintState.VOID))}
    rows = []
    for e in entries:
        order = orders.get(e.id)
        promise = promises.get(e.id)
        answered = promise is not None and promise.answered_at is not None
        rows.append(EntryRow(
            id=e.id, channel=e.channel, entry_class=e.entry_class, caller_name=e.caller_name,
            villa_id=e.villa_id, villa_number=villas.get(e.villa_id, "") if e.villa_id else "",
            contact_phone=phone_for(viewer, e.contact_phone), occurred_at=e.occurred_at,
            recorded_at=e.recorded_at,
            back_entered=e.back_entered, content=e.content, appointment_at=e.appointment_at,
            special_requirements=e.special_requirements, taken_by_id=e.taken_by_id,
            taken_by_name=staff.get(e.taken_by_id, ""), voided=e.voided,
            void_reason=e.void_reason,
            work_order_id=order[0] if order else None, work_order_number=order[1] if order else "",
            promise_id=promise.id if promise else None,
            promise_due_at=promise.due_at if promise else None, promise_answered=answered,
            promise_overdue=(promise is not None and not answered and not e.voided
                             and promise.due_at < now),
            complaint_id=complaints.get(e.id, (None, ""))[0],
            complaint_number=complaints.get(e.id, (None, ""))[1],
        ))
    return rows


def _day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return (dt.datetime.combine(start, dt.time()),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time()))


def _filtered(query: Select, flt: EntryFilter,  # type: ignore[type-arg]
              by_range: bool = True, sort: paging.Sort | None = None,
              after: paging.Cursor | None = None) -> Select:  # type: ignore[type-arg]
    """``by_range`` False: the date range is checked row by row, not read by its index
    (a list sorted by another column over a wide range, see ``list_query``)."""
    low, high = _day_bounds(flt.start, flt.end)
    occurred = ReceptionEntry.occurred_at if by_range else paging.unindexed(
        ReceptionEntry.occurred_at)
    lower, upper = occurred >= low, occurred < high
    if (by_range and after is not None and sort is not None and sort.key == "occurred_at"
            and isinstance(after.value, dt.datetime) and low <= after.value < high):
        # The next page in time order starts at the cursor: said as the range's bound on
        # that side, the index is read from there. SQLite reads the range by its plain
        # bounds and checks the cursor's row value row by row, so with the day's bound a
        # page 50,000 records deep walked past all 50,000 first.
        if sort.direction == paging.Direction.DESC:
            upper = occurred <= after.value
        else:
            lower = occurred >= after.value
    query = query.where(lower, upper)
    if flt.villa_id is not None:
        query = query.where(ReceptionEntry.villa_id == flt.villa_id)
    if flt.taken_by_id is not None:
        # A staff member took a tenth of the calls: walking the sort's index, most pages
        # are found within a few thousand records, sooner than sorting all of theirs.
        taken_by = ReceptionEntry.taken_by_id if by_range else paging.unindexed(
            ReceptionEntry.taken_by_id)
        query = query.where(taken_by == flt.taken_by_id)
    return query


#: The list's sortable columns, each served by an index on (column, id) (migration 0008).
#: Villa, staff and status are read through joins or computed: not sortable.
ENTRIES = paging.Register(
    id=ReceptionEntry.id,
    keys={
        "occurred_at": paging.SortKey(ReceptionEntry.occurred_at, validation.When()),
        "entry_class": paging.SortKey(ReceptionEntry.entry_class,
                                      validation.Choice(EntryClass)),
        "channel": paging.SortKey(ReceptionEntry.channel, validation.Choice(Channel)),
        "caller_name": paging.SortKey(ReceptionEntry.caller_name,
                                      validation.Text(_MAX_LEN["caller_name"])),
    },
    default=paging.Sort("occurred_at", paging.Direction.DESC),
)
NEWEST_FIRST = ENTRIES.default


def _checked(flt: EntryFilter) -> None:
    validation.enforce(FILTER_SPEC, flt)
    if flt.end < flt.start:
        raise ValidationFailed({"end": _("The end date is before the start date.")})


def _listed(flt: EntryFilter, by_range: bool = True, sort: paging.Sort | None = None,
            after: paging.Cursor | None = None) -> Select:  # type: ignore[type-arg]
    """The records the list shows (the class and voided filters applied)."""
    query = _filtered(select(ReceptionEntry), flt, by_range, sort, after)
    if flt.entry_class is not None:
        # Sorted by the class, the class is the start of the sort's index: read there.
        indexed = by_range or (sort is not None and sort.key == "entry_class")
        entry_class = ReceptionEntry.entry_class if indexed else paging.unindexed(
            ReceptionEntry.entry_class)
        query = query.where(entry_class == flt.entry_class)
    if not flt.include_voided:
        query = query.where(ReceptionEntry.voided.is_(False))
    return query


def list_query(flt: EntryFilter, sort: paging.Sort = NEWEST_FIRST,
               after: paging.Cursor | None = None) -> Select:  # type: ignore[type-arg]
    """The list's statement (the benchmark also pages it by OFFSET, for comparison).

    Sorted by time, the range is read by the time index in order. Sorted by another
    column over more than ``WIDE_RANGE`` of days, the list walks that column's index and
    skips records outside the range (most are inside): reading the range's index instead
    would sort all of its records for every page. A narrower range has few records, and
    they are read by the range and sorted."""
    wide = (flt.end - flt.start) >= WIDE_RANGE
    by_range = sort.key == "occurred_at" or not wide
    return ENTRIES.ordered(_listed(flt, by_range, sort, after), sort, after)


def _counts(session: Session, flt: EntryFilter) -> ClassCounts:
    """Counted by the database, nothing pulled into Python. A plain date range sums the
    per-day counts (at most four rows a day, however many calls); a villa's or a staff
    member's records are counted by GROUP BY over their (…, occurred_at) index."""
    counted: Select[tuple[EntryClass, int]]
    if flt.villa_id is None and flt.taken_by_id is None:
        counted = select(ReceptionDayCount.entry_class, func.sum(ReceptionDayCount.count)
                         ).where(ReceptionDayCount.day >= flt.start,
                                 ReceptionDayCount.day <= flt.end
                                 ).group_by(ReceptionDayCount.entry_class)
    else:
        counted = _filtered(select(ReceptionEntry.entry_class, func.count()), flt).where(
            ReceptionEntry.voided.is_(False)).group_by(ReceptionEntry.entry_class)
    tally = {EntryClass(c): int(n or 0) for c, n in session.execute(counted)}
    return ClassCounts(**{c.value: tally.get(c, 0) for c in EntryClass})


@needs(SIGNED_IN)
def page_entries(uow: UnitOfWork, flt: EntryFilter, sort: paging.Sort = NEWEST_FIRST,
                 after: paging.Cursor | None = None,
                 limit: int = paging.PAGE_SIZE) -> paging.Page[EntryRow]:
    """One page of the records of a day (or range) in ``sort`` order, after ``after``."""
    _checked(flt)
    ENTRIES.check(sort, after, limit)
    with uow.read() as session:
        found = list(session.scalars(list_query(flt, sort, after).limit(limit + 1)))
        rows = {row.id: row for row in _rows(session, found[:limit], uow.clock.now())}
        return ENTRIES.page(found, sort, limit, lambda e: e, lambda e: rows[e.id])


@needs(SIGNED_IN)
def entry_counts(uow: UnitOfWork, flt: EntryFilter) -> ClassCounts:
    """Records per class in the range (voided ones not counted; the class filter is not
    applied, so the line shows every class while the list shows one)."""
    _checked(flt)
    with uow.read() as session:
        return _counts(session, flt)


@needs(SIGNED_IN)
def list_entries(uow: UnitOfWork, flt: EntryFilter) -> EntryList:
    """The records of a day (or range), newest first, at most ``LIST_LIMIT``, with counts
    per class (the day's record and the day's review read a day this way)."""
    _checked(flt)
    with uow.read() as session:
        counts = _counts(session, flt)
        entries = list(session.scalars(list_query(flt).limit(LIST_LIMIT + 1)))
        truncated = len(entries) > LIST_LIMIT
        rows = _rows(session, entries[:LIST_LIMIT], uow.clock.now())
        return EntryList(tuple(rows), counts, truncated)


def _entry(session: Session, entry_id: int) -> ReceptionEntry:
    entry = session.get(ReceptionEntry, entry_id)
    if entry is None:
        raise NotFound(_("No such reception record."))
    return entry


@needs(SIGNED_IN)
def entry_detail(uow: UnitOfWork, entry_id: int) -> EntryRow:
    validation.enforce_ids(entry_id=entry_id)
    with uow.read() as session:
        return _rows(session, [_entry(session, entry_id)], uow.clock.now())[0]


@needs(Permission.VOID_DOCUMENT)
def void_entry(uow: UnitOfWork, entry_id: int, reason: str) -> EntryRow:
    """Void a record typed in by mistake (supervisor); it stays in the list, struck out."""
    validation.enforce_ids(entry_id=entry_id)
    validation.enforce({"reason": validation.REASON}, {"reason": reason})
    reason = reason.strip()
    if not reason:
        raise ValidationFailed({"reason": _("Give a reason for voiding.")})
    with uow.transaction() as session:
        entry = _entry(session, entry_id)
        if entry.voided:
            raise Conflict(_("This record was already voided."))
        row = _rows(session, [entry], uow.clock.now())[0]
        if row.work_order_id is not None:
            raise Conflict(_("Work order {number} was opened from this record; void the work "
                             "order first.").format(number=row.work_order_number))
        entry.voided = True
        entry.void_reason = reason
        session.flush()
        return _rows(session, [entry], uow.clock.now())[0]


@needs(Permission.RECORD)
def entry_for_work_order(uow: UnitOfWork, entry_id: int) -> EntrySummary:
    """A repair or help record, checked to be ready to become a work order (派工单)."""
    validation.enforce_ids(entry_id=entry_id)
    with uow.read() as session:
        entry = _entry(session, entry_id)
        row = _rows(session, [entry], uow.clock.now())[0]
    if row.voided:
        raise Conflict(_("This record was voided."))
    if row.entry_class == EntryClass.COMPLAINT:
        raise Conflict(_("Complaint records arrive with the complaints module; this record "
                         "stays classified as a complaint."))
    if row.entry_class not in WORK_ORDER_CLASSES:
        raise Conflict(_("Only a repair or help request becomes a work order."))
    if row.work_order_id is not None:
        raise Conflict(_("Work order {number} was already opened from this record.")
                       .format(number=row.work_order_number))
    return EntrySummary(
        entry_id=row.id, villa_id=row.villa_id, villa_number=row.villa_number,
        caller_name=row.caller_name, contact_phone=row.contact_phone, content=row.content,
        appointment_at=row.appointment_at, occurred_at=row.occurred_at,
        taken_by_id=row.taken_by_id, entry_class=row.entry_class,
        special_requirements=row.special_requirements,
    )


@needs(SIGNED_IN)
def staff_choices(uow: UnitOfWork) -> list[tuple[int, str]]:
    """Everyone who has taken a call or could take one, for the staff filter."""
    with uow.read() as session:
        taken = select(ReceptionEntry.taken_by_id).distinct()
        return [(sid, f"{name} ({no})") for sid, name, no in session.execute(
            select(Staff.id, Staff.name, Staff.agent_no)
            .where((Staff.active.is_(True)) | Staff.id.in_(taken))
            .order_by(Staff.agent_no)
        )]
