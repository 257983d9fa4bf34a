"""Reading work orders: the filtered list, one order's detail, and finding a slip number."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from app import validation
from app.i18n import _
from app.models.audit import AuditEntry
from app.models.calendar import WorkCalendar
from app.models.deadlines import DeadlineEvent, Rule
from app.models.households import Villa
from app.models.numbering import DocumentState, NumberedDocument
from app.models.staff import Staff
from app.models.work_order_rules import (
    UNRESOLVED,
    WORK_ORDER_EVENTS,
    Action,
    DeadlineStatus,
    OrderTimes,
    allowed_actions,
    deadline_status,
)
from app.models.work_orders import (
    Department,
    WorkCategory,
    WorkOrder,
    WorkOrderCallback,
    WorkOrderCallbackAttempt,
    WorkOrderLine,
    WorkOrderState,
)
from app.services import deadlines, paging
from app.services.errors import NotFound
from app.services.permissions import SIGNED_IN, needs
from app.services.privacy import phone_for
from app.services.uow import UnitOfWork
from app.services.work_order_timeline import (
    CallbackAttemptRow,
    CallbackRow,
    TimelineEvent,
    VoidInfo,
    build_timeline,
)

PAGE_SIZE = paging.PAGE_SIZE
#: Not closed and not void: still something for the desk to do.
OPEN_STATES: frozenset[WorkOrderState] = UNRESOLVED | {
    WorkOrderState.COMPLETED, WorkOrderState.CALLED_BACK}
#: States whose deadlines can be missed; only these are looked at for "overdue".
_TIMED = UNRESOLVED | {WorkOrderState.COMPLETED}
_NUMBER = re.compile(r"^[A-Z]{1,6}\d{4}-\d{1,10}$")


@dataclass(frozen=True)
class WorkOrderFilter:
    states: frozenset[WorkOrderState] = frozenset()  # empty: every state
    overdue_only: bool = False
    villa_id: int | None = None
    department: Department | None = None
    assignee: str = ""
    received_from: dt.date | None = None
    received_to: dt.date | None = None  # inclusive
    text: str = ""  # free text, or a slip number typed or scanned


FILTER_SPEC: validation.Spec = {
    "states": validation.Choices(WorkOrderState), "overdue_only": validation.Flag(),
    "villa_id": validation.RecordId(optional=True),
    "department": validation.Choice(Department, optional=True),
    "assignee": validation.search_text, "text": validation.search_text,
    "received_from": validation.Day(optional=True), "received_to": validation.Day(optional=True),
}


@dataclass(frozen=True)
class WorkOrderRow:
    id: int
    number: str
    state: WorkOrderState
    received_at: dt.datetime
    villa_number: str
    location: str
    content: str
    category: str
    department: Department
    assignee: str
    charged: bool
    total: Decimal
    taken_by: str
    reopen_count: int
    deadline: DeadlineStatus

    @property
    def place(self) -> str:
        return " ".join(part for part in (self.villa_number, self.location) if part)


#: One page of the list (``paging.Page``), with the cursor for the next.
WorkOrderPage = paging.Page[WorkOrderRow]


@dataclass(frozen=True)
class LineRow:
    fee_item_id: int | None
    name: str
    unit: str
    unit_price: Decimal
    quantity: Decimal
    amount: Decimal


@dataclass(frozen=True)
class WorkOrderDetail:
    id: int
    number: str
    state: WorkOrderState
    villa_id: int | None
    villa_number: str
    location: str
    contact_name: str
    contact_phone: str
    content: str
    category_id: int | None
    category: str
    department: Department
    assignee: str
    appointment_at: dt.datetime | None
    expected_completion_at: dt.datetime | None
    charged: bool
    lines: tuple[LineRow, ...]
    total: Decimal
    received_at: dt.datetime
    dispatched_at: dt.datetime | None
    started_at: dt.datetime | None
    completed_at: dt.datetime | None
    called_back_at: dt.datetime | None
    closed_at: dt.datetime | None
    paused_reason: str
    completion_note: str
    void_reason: str
    reopen_count: int
    taken_by_id: int
    taken_by: str
    entry_id: int | None
    print_count: int
    deadline: DeadlineStatus
    actions: frozenset[Action]  # what the state allows; permissions are checked on top
    callbacks: tuple[CallbackRow, ...]
    timeline: tuple[TimelineEvent, ...]
    assignee_id: int | None = None  # the roster member, when picked from the roster
    special_requirements: str = ""  # 特殊要求, printed on every copy of the slip
    #: Callback calls that did not reach the owner (未接通), oldest first.
    callback_attempts: tuple[CallbackAttemptRow, ...] = ()
    #: The order's version when read: an edit passes it back so a save over another desk's
    #: newer change is refused (app/services/record_changes.py).
    version: int = 1

    @property
    def place(self) -> str:
        return " ".join(part for part in (self.villa_number, self.location) if part)


@dataclass(frozen=True)
class DeadlineContext:
    """The rules and calendar in force, read once per query."""

    rules: dict[DeadlineEvent, Rule]
    calendar: WorkCalendar

    @classmethod
    def load(cls, session: Session) -> DeadlineContext:
        rules = {event: deadlines.rule_for(session, event) for event in WORK_ORDER_EVENTS}
        return cls(rules, deadlines.work_calendar(session))

    def status(self, state: WorkOrderState, received_at: dt.datetime,
               completed_at: dt.datetime | None, now: dt.datetime) -> DeadlineStatus:
        return deadline_status(OrderTimes(state, received_at, completed_at), self.rules,
                               self.calendar, now)


def slip_number(text: str) -> str | None:
    """The slip number in ``text`` if it is one (typed, or scanned from the barcode)."""
    # NFKC turns full-width letters and dashes (typed with a Chinese IME) into ASCII ones.
    cleaned = unicodedata.normalize("NFKC", text).strip().upper().replace(" ", "")
    cleaned = re.sub(r"^[^A-Z0-9]+|[^A-Z0-9]+$", "", cleaned).replace("—", "-")
    return cleaned if _NUMBER.match(cleaned) else None


def _base_query() -> Select:  # type: ignore[type-arg]
    # The total is stored on the order (kept with its lines): no sum over the line table.
    return (
        select(WorkOrder, Villa.number, WorkCategory.name, Staff.name)
        .outerjoin(Villa, Villa.id == WorkOrder.villa_id)
        .outerjoin(WorkCategory, WorkCategory.id == WorkOrder.category_id)
        .join(Staff, Staff.id == WorkOrder.taken_by_id)
    )


def _filtered(query: Select, flt: WorkOrderFilter) -> Select:  # type: ignore[type-arg]
    number = slip_number(flt.text)
    if number is not None:
        # A scanned slip is wanted whatever the other filters say.
        return query.where(WorkOrder.number == number)
    if flt.states:
        query = query.where(WorkOrder.state.in_(flt.states))
    if flt.overdue_only:
        query = query.where(WorkOrder.state.in_(_TIMED))
    if flt.villa_id:
        query = query.where(WorkOrder.villa_id == flt.villa_id)
    if flt.department is not None:
        query = query.where(WorkOrder.department == flt.department)
    if flt.assignee.strip():
        # ilike, not like: SQLite's LIKE ignores ASCII case and PostgreSQL's does not; on
        # SQLite ilike is lower() LIKE lower(), which matches exactly the same rows.
        query = query.where(WorkOrder.assignee.ilike(f"%{flt.assignee.strip()}%"))
    if flt.received_from is not None:
        query = query.where(WorkOrder.received_at >= dt.datetime.combine(
            flt.received_from, dt.time()))
    if flt.received_to is not None:
        query = query.where(WorkOrder.received_at < dt.datetime.combine(
            flt.received_to + dt.timedelta(days=1), dt.time()))
    text = flt.text.strip()
    if text:
        like = f"%{text}%"
        # ilike: the same rows on PostgreSQL as LIKE finds on SQLite (see the assignee).
        query = query.where(or_(
            WorkOrder.number.ilike(like), WorkOrder.content.ilike(like),
            WorkOrder.location.ilike(like), WorkOrder.contact_name.ilike(like),
            WorkOrder.contact_phone.ilike(like), WorkOrder.assignee.ilike(like),
            WorkOrder.completion_note.ilike(like), Villa.number.ilike(like),
        ))
    return query


#: The list's sortable columns, each served by an index on (column, id) (migration 0008).
#: Place, category, content, deadline and the people's names are not sortable: they are
#: read through joins or computed, and no index orders the register by them.
WORK_ORDERS = paging.Register(
    id=WorkOrder.id,
    keys={
        "number": paging.SortKey(WorkOrder.number, validation.Text(30), unique=True),
        "received_at": paging.SortKey(WorkOrder.received_at, validation.When()),
        "state": paging.SortKey(WorkOrder.state, validation.Choice(WorkOrderState)),
        "department": paging.SortKey(WorkOrder.department, validation.Choice(Department)),
        "assignee": paging.SortKey(WorkOrder.assignee, validation.Text(60)),
        "total": paging.SortKey(WorkOrder.total,
                                validation.Number(0, validation.AMOUNT_MAX, places=2)),
    },
    default=paging.Sort("received_at", paging.Direction.DESC),
)
NEWEST_FIRST = WORK_ORDERS.default


def list_query(flt: WorkOrderFilter, sort: paging.Sort = NEWEST_FIRST,
               after: paging.Cursor | None = None) -> Select:  # type: ignore[type-arg]
    """The list's statement (the benchmark also pages it by OFFSET, for comparison)."""
    return WORK_ORDERS.ordered(_filtered(_base_query(), flt), sort, after)


@needs(SIGNED_IN)
def list_work_orders(uow: UnitOfWork, flt: WorkOrderFilter,
                     sort: paging.Sort = NEWEST_FIRST, after: paging.Cursor | None = None,
                     limit: int = PAGE_SIZE) -> WorkOrderPage:
    """One page of the list in ``sort`` order, after the cursor ``after`` (None: from the
    start). With ``overdue_only`` only late orders are listed: only the open states can be
    late, and they are few, so they are read by their state's index and their deadlines
    (rules and calendar as they are now) computed here."""
    validation.enforce(FILTER_SPEC, flt, {"villa_id": "villa"})
    WORK_ORDERS.check(sort, after, limit)
    now = uow.clock.now()
    with uow.read() as session:
        context = DeadlineContext.load(session)
        if flt.overdue_only:
            query = _filtered(_base_query(), flt).where(WorkOrder.state.in_(_TIMED))
            late = [r for r in session.execute(query).all()
                    if _row(r, context, now).deadline.attention]
            return WORK_ORDERS.page_in_python(late, sort, after, limit, lambda r: r[0],
                                              lambda r: _row(r, context, now))
        result = session.execute(list_query(flt, sort, after).limit(limit + 1)).all()
        return WORK_ORDERS.page(result, sort, limit, lambda r: r[0],
                                lambda r: _row(r, context, now))


@needs(SIGNED_IN)
def overdue_ids(uow: UnitOfWork) -> frozenset[int]:
    """The orders late for something now (the tab's "n overdue" link, checked every minute):
    the open ones only, read by the state index, four columns each."""
    now = uow.clock.now()
    with uow.read() as session:
        context = DeadlineContext.load(session)
        return frozenset(
            order_id for order_id, state, received, completed in session.execute(
                select(WorkOrder.id, WorkOrder.state, WorkOrder.received_at,
                       WorkOrder.completed_at).where(WorkOrder.state.in_(_TIMED)))
            if context.status(state, received, completed, now).attention)


def _row(result: Sequence[object], context: DeadlineContext, now: dt.datetime) -> WorkOrderRow:
    order, villa, category, taken_by = result
    assert isinstance(order, WorkOrder)
    return WorkOrderRow(
        id=order.id, number=order.number, state=order.state, received_at=order.received_at,
        villa_number=str(villa or ""), location=order.location, content=order.content,
        category=str(category or ""), department=order.department, assignee=order.assignee,
        charged=order.charged, total=Decimal(order.total or 0).quantize(Decimal("0.01")),
        taken_by=str(taken_by), reopen_count=order.reopen_count,
        deadline=context.status(order.state, order.received_at, order.completed_at, now),
    )


@needs(SIGNED_IN)
def find_id(uow: UnitOfWork, number_or_id: str | int) -> int:
    """The id of the work order with this id or slip number."""
    with uow.read() as session:
        return order_for(session, number_or_id).id


def order_for(session: Session, number_or_id: str | int) -> WorkOrder:
    if validation.RecordId()(number_or_id) and validation.search_text(number_or_id):
        # Neither a record id nor a number someone could type or scan: none such.
        raise NotFound(_("No such work order."))
    if isinstance(number_or_id, int):
        order = session.get(WorkOrder, number_or_id)
    else:
        number = slip_number(number_or_id) or number_or_id.strip()
        order = session.scalars(select(WorkOrder).where(WorkOrder.number == number)).first()
    if order is None:
        raise NotFound(_("No work order {key}.").format(key=number_or_id))
    return order


@needs(SIGNED_IN)
def work_order_detail(uow: UnitOfWork, work_order_id: int) -> WorkOrderDetail:
    with uow.read() as session:
        return detail_of(session, order_for(session, work_order_id), uow.clock.now())


def staff_names(session: Session) -> dict[int, str]:
    return {sid: name for sid, name in session.execute(select(Staff.id, Staff.name))}


def live_lines(order: WorkOrder) -> list[WorkOrderLine]:
    """Lines still charged: a line taken off keeps its row with quantity 0 (rows of a
    numbered record are never deleted)."""
    return [line for line in order.lines if line.quantity]


def detail_of(session: Session, order: WorkOrder, now: dt.datetime) -> WorkOrderDetail:
    """The full detail, built inside the caller's session (also after a change)."""
    names = staff_names(session)
    villa = session.get(Villa, order.villa_id) if order.villa_id else None
    category = session.get(WorkCategory, order.category_id) if order.category_id else None
    document = session.get(NumberedDocument, order.document_id)
    lines = tuple(LineRow(line.fee_item_id, line.name, line.unit, Decimal(line.unit_price),
                          Decimal(line.quantity), Decimal(line.amount))
                  for line in live_lines(order))
    callbacks = tuple(
        CallbackRow(cb.at, names.get(cb.by_id, ""), cb.quality, cb.attitude, cb.satisfaction,
                    cb.remarks)
        for cb in session.scalars(select(WorkOrderCallback)
                                  .where(WorkOrderCallback.work_order_id == order.id)
                                  .order_by(WorkOrderCallback.id))
    )
    attempts = tuple(
        CallbackAttemptRow(a.at, names.get(a.by_id, ""), a.note)
        for a in session.scalars(select(WorkOrderCallbackAttempt)
                                 .where(WorkOrderCallbackAttempt.work_order_id == order.id)
                                 .order_by(WorkOrderCallbackAttempt.id))
    )
    audit_rows = session.scalars(
        select(AuditEntry).where(AuditEntry.entity == WorkOrder.__tablename__,
                                 AuditEntry.entity_id == str(order.id))
        .order_by(AuditEntry.id)
    ).all()
    void = None
    if document is not None and document.state == DocumentState.VOID:
        void = VoidInfo(document.voided_at, names.get(document.voided_by_id or 0, ""),
                        document.void_reason)
    taken_by = names.get(order.taken_by_id, "")
    current = {column.key: getattr(order, column.key) for column in WorkOrder.__table__.columns}
    timeline = build_timeline(
        received_at=order.received_at, taken_by=taken_by,
        current={k: (v.isoformat(sep=" ") if isinstance(v, dt.datetime) else v)
                 for k, v in current.items()},
        audit_rows=audit_rows, callbacks=callbacks, staff_names=names, void=void,
        attempts=attempts)
    return WorkOrderDetail(
        id=order.id, number=order.number, state=order.state, villa_id=order.villa_id,
        villa_number=villa.number if villa else "", location=order.location,
        contact_name=order.contact_name,
        contact_phone=phone_for(session.info["actor"], order.contact_phone),
        content=order.content, category_id=order.category_id,
        category=category.name if category else "", department=order.department,
        assignee=order.assignee, appointment_at=order.appointment_at,
        expected_completion_at=order.expected_completion_at, charged=order.charged,
        lines=lines, total=sum((line.amount for line in lines), Decimal("0.00")),
        received_at=order.received_at, dispatched_at=order.dispatched_at,
        started_at=order.started_at, completed_at=order.completed_at,
        called_back_at=order.called_back_at, closed_at=order.closed_at,
        paused_reason=order.paused_reason, completion_note=order.completion_note,
        void_reason=order.void_reason, reopen_count=order.reopen_count,
        taken_by_id=order.taken_by_id, taken_by=taken_by, entry_id=order.entry_id,
        print_count=document.print_count if document else 0,
        deadline=DeadlineContext.load(session).status(order.state, order.received_at,
                                                      order.completed_at, now),
        actions=allowed_actions(order.state), callbacks=callbacks, timeline=timeline,
        assignee_id=order.assignee_id,
        special_requirements=order.special_requirements,
        callback_attempts=attempts, version=order.version,
    )


@needs(SIGNED_IN)
def assignee_suggestions(uow: UnitOfWork, department: Department | None = None,
                         days: int = 180) -> list[str]:
    """Names recently dispatched to, most used first, for the assignee field's completer."""
    validation.enforce({"days": validation.Number(1, 36500)}, {"days": days})
    since = uow.clock.now() - dt.timedelta(days=days)
    with uow.read() as session:
        query = (select(WorkOrder.assignee, func.count().label("n"))
                 .where(WorkOrder.assignee != "", WorkOrder.received_at >= since)
                 .group_by(WorkOrder.assignee).order_by(func.count().desc()))
        if department is not None:
            query = query.where(WorkOrder.department == department)
        return [name for name, _n in session.execute(query)]
