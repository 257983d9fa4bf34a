"""Work orders (派工单): opening, editing and moving one through its states.

A repair request becomes a numbered dispatch slip, sent within minutes, worked, completed,
called back and closed when the owner is satisfied [000 一.5, 002 第九条]. Whoever took the
request stays its first-contact owner (首问责任人) [000 三.1]. Every action is one
transaction; the audit listener records each change, which is also the order's timeline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import validation
from app.i18n import _
from app.models.households import Villa
from app.models.numbering import DocumentKind, NumberedDocument
from app.models.reception import EntryClass, ReceptionEntry
from app.models.work_order_rules import Action, can, target
from app.models.work_orders import (
    Department,
    FeeItem,
    Rating,
    WorkCategory,
    WorkOrder,
    WorkOrderCallback,
    WorkOrderCallbackAttempt,
    WorkOrderLine,
    WorkOrderState,
)
from app.services import numbering
from app.services.errors import Conflict, NotFound, ValidationFailed
from app.services.fee_standard import seed_fee_standard
from app.services.households import real_phone
from app.services.permissions import SIGNED_IN, Permission, needs
from app.services.record_changes import check_version
from app.services.roster import assignee_for
from app.services.short_numbers import phone_check
from app.services.uow import UnitOfWork
from app.services.work_categories import seed_categories
from app.services.work_order_queries import WorkOrderDetail, detail_of, live_lines, order_for
from app.services.work_order_titles import action_title, state_title

CENT = Decimal("0.01")
MAX_QUANTITY = Decimal("9999")
#: Clocks on a desk PC and a wristwatch differ a little; more than this is a typo.
FUTURE_TOLERANCE = dt.timedelta(minutes=5)
RECORD_TYPE = "work_order"
_MAX_LEN = {"location": 100, "contact_name": 60, "contact_phone": 30, "content": 2000,
            "assignee": 60, "special_requirements": 1000}
#: Every field of a work order as typed, checked before anything reaches the database.
DRAFT_SPEC: validation.Spec = {
    "content": validation.Text(_MAX_LEN["content"], multiline=True),
    "department": validation.Choice(Department),
    "category_id": validation.RecordId(optional=True),
    "villa_id": validation.RecordId(optional=True),
    "location": validation.Text(_MAX_LEN["location"]),
    "contact_name": validation.Text(_MAX_LEN["contact_name"]),
    "contact_phone": validation.Text(_MAX_LEN["contact_phone"]),
    "assignee": validation.Text(_MAX_LEN["assignee"]),
    "appointment_at": validation.When(optional=True),
    "expected_completion_at": validation.When(optional=True),
    "charged": validation.Flag(),
    "entry_id": validation.RecordId(optional=True),
    "received_at": validation.When(optional=True),
    "special_requirements": validation.Text(_MAX_LEN["special_requirements"], multiline=True,
                                            optional=True),
    "assignee_id": validation.RecordId(optional=True),
}
_DRAFT_KEYS = {"villa_id": "villa", "category_id": "category", "assignee_id": "assignee",
               "entry_id": "entry"}
LINE_SPEC: validation.Spec = {
    "fee_item_id": validation.RecordId(),
    "quantity": validation.Number(CENT, validation.QUANTITY_MAX, places=2),
}
#: What the state actions take: 维修情况, a pause or void reason, the callback's remarks.
NOTE_SPEC: validation.Spec = {
    "note": validation.Text(2000, multiline=True),
    "reason": validation.REASON,
    "remarks": validation.Text(1000, multiline=True),
    "completed_at": validation.When(optional=True),
    "quality": validation.Choice(Rating, optional=True),
    "attitude": validation.Choice(Rating, optional=True),
    "satisfaction": validation.Choice(Rating, optional=True),
    "department": validation.Choice(Department, optional=True),
    "assignee": validation.Text(_MAX_LEN["assignee"]),
    "work_order_id": validation.RecordId(),
    "assignee_id": validation.RecordId(optional=True),
}


def _enforce_draft(draft: WorkOrderDraft) -> None:
    """Every field's limit, and each fee line's item and quantity (also the line's amount,
    so a slip can print it)."""
    errors = validation.check(DRAFT_SPEC, draft, _DRAFT_KEYS)
    lines = draft.fee_lines if isinstance(draft.fee_lines, tuple | list) else None
    if lines is None:
        errors["fee_lines"] = _("Choose items from the fee standard.")
    for line in lines or ():
        line_errors = validation.check(LINE_SPEC, line)
        if line_errors:
            errors["fee_lines"] = next(iter(line_errors.values()))
            break
    if errors:
        raise ValidationFailed(errors)


def _enforce(**values: object) -> None:
    """The limits in ``NOTE_SPEC`` of the given values (only those)."""
    validation.enforce({name: NOTE_SPEC[name] for name in values}, values)


def on_the_minute(value: dt.datetime) -> dt.datetime:
    """The precision of every event time of a work order (received, dispatched, started,
    completed, called back, closed): the desk writes minutes on paper and in its time
    fields, so a start and a completion typed in the same minute compare equal."""
    return value.replace(second=0, microsecond=0)


def _now(uow: UnitOfWork) -> dt.datetime:
    return on_the_minute(uow.clock.now())


@dataclass(frozen=True)
class FeeLineInput:
    """A fee-standard item and how many of it; name, unit and price are copied on save."""

    fee_item_id: int
    quantity: Decimal


@dataclass(frozen=True)
class WorkOrderDraft:
    """What the desk types in to open or edit a work order."""

    content: str
    department: Department
    category_id: int | None
    villa_id: int | None = None
    location: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    assignee: str = ""
    appointment_at: dt.datetime | None = None
    expected_completion_at: dt.datetime | None = None
    charged: bool = False
    fee_lines: tuple[FeeLineInput, ...] = ()
    entry_id: int | None = None  # the reception record it came from (open only)
    received_at: dt.datetime | None = None  # None: the record's call time, else now
    # 特殊要求. None: as the reception record has it (open) or unchanged (edit).
    special_requirements: str | None = None
    # A roster member picked for the work: the name is then the roster's (free text in
    # ``assignee`` stays for old data and outside contractors).
    assignee_id: int | None = None


def amount_of(unit_price: Decimal, quantity: Decimal) -> Decimal:
    return (unit_price * quantity).quantize(CENT, ROUND_HALF_UP)


@needs(SIGNED_IN, note="the program runs it at every start; adds only what is missing")
def ensure_defaults(uow: UnitOfWork) -> None:
    """Give a site without them the default categories and fee standard. Safe to repeat;
    the app calls it at every start."""
    with uow.transaction() as session:
        seed_categories(session)
        seed_fee_standard(session)


# -- checks ------------------------------------------------------------------------------

def _check_draft(session: Session, draft: WorkOrderDraft, received_at: dt.datetime,
                 now: dt.datetime, kept: WorkOrder | None = None) -> dict[int, FeeItem]:
    """Raise ``ValidationFailed`` with every wrong field; return the fee items used.

    What an order being edited already has (``kept``) may stay even if the manager has
    retired it since: its category, and the items it is charged for."""
    errors = validation.collect({
        "content": (validation.required, draft.content),
        "contact_phone": (phone_check(session), draft.contact_phone),
    })
    for name, limit in _MAX_LEN.items():
        if name not in errors and len(str(getattr(draft, name)).strip()) > limit:
            errors[name] = _("At most {n} characters.").format(n=limit)
    if not draft.villa_id and not draft.location.strip():
        errors["location"] = _("Give the villa or where the work is (e.g. clubhouse lobby).")
    villa = session.get(Villa, draft.villa_id) if draft.villa_id else None
    if draft.villa_id and villa is None:
        errors["villa"] = _("No such villa.")
    elif villa is not None and villa.retired_on and not (kept and kept.villa_id == villa.id):
        errors["villa"] = _("Villa {number} is retired; new records cannot be filed under "
                            "it.").format(number=villa.number)
    category = session.get(WorkCategory, draft.category_id) if draft.category_id else None
    if category is None or not (category.active or (kept and category.id == kept.category_id)):
        errors["category"] = _("Choose a category.")
    if received_at > now + FUTURE_TOLERANCE:
        errors["received_at"] = _("The time received cannot be in the future.")
    if draft.expected_completion_at and draft.expected_completion_at < received_at:
        errors["expected_completion_at"] = _(
            "The expected completion cannot be before the request was received.")
    charged_for = {line.fee_item_id for line in live_lines(kept)} if kept else set()
    items, message = _check_lines(session, draft, charged_for)
    if message:
        errors["fee_lines"] = message
    if errors:
        raise ValidationFailed(errors)
    return items


def _check_lines(session: Session, draft: WorkOrderDraft,
                 charged_for: set[int | None]) -> tuple[dict[int, FeeItem], str]:
    if not draft.charged:
        return {}, _("Free work has no fee lines.") if draft.fee_lines else ""
    if not draft.fee_lines:
        return {}, _("Charged work needs at least one item from the fee standard.")
    ids = [line.fee_item_id for line in draft.fee_lines]
    if len(set(ids)) != len(ids):
        return {}, _("Each fee item may appear only once; change its quantity instead.")
    items = {item.id: item for item in session.scalars(select(FeeItem).where(FeeItem.id.in_(ids)))}
    for line in draft.fee_lines:
        if line.fee_item_id not in items:
            return {}, _("No such fee item.")
        item = items[line.fee_item_id]
        if not item.active and item.id not in charged_for:
            return {}, _("“{item}” is no longer in the fee standard.").format(item=item.name)
        if not (0 < line.quantity <= MAX_QUANTITY) or line.quantity != line.quantity.quantize(
                CENT):
            return {}, _("A quantity is a number above zero with at most two decimals.")
    # Bounded so that the column and every printout hold each line and the order's total.
    amounts = [amount_of(Decimal(items[line.fee_item_id].price), line.quantity)
               for line in draft.fee_lines]
    if max(amounts) > validation.AMOUNT_MAX or sum(amounts) > validation.AMOUNT_MAX:
        return {}, _("The amount may be at most ¥{limit}; split the work into more "
                     "orders.").format(limit=f"{validation.AMOUNT_MAX:,}")
    return items, ""


def _clean_phone(value: str) -> str:
    return validation.normalize_phone(value) if value.strip() else ""


# -- opening and editing -----------------------------------------------------------------

def _entry_for(session: Session, entry_id: int) -> ReceptionEntry:
    entry = session.get(ReceptionEntry, entry_id)
    if entry is None:
        raise NotFound(_("No such reception record."))
    if entry.voided:
        raise Conflict(_("This record was voided."))
    if entry.entry_class not in (EntryClass.REPAIR, EntryClass.HELP):
        raise Conflict(_("Only a repair or help request becomes a work order."))
    existing = session.scalar(select(WorkOrder.number).where(
        WorkOrder.entry_id == entry_id, WorkOrder.state != WorkOrderState.VOID))
    if existing:
        raise Conflict(_("Work order {number} was already opened from this record.")
                       .format(number=existing))
    return entry


@needs(Permission.RECORD)
def open_work_order(uow: UnitOfWork, draft: WorkOrderDraft,
                    dispatch_now: bool = False) -> WorkOrderDetail:
    """Open a numbered work order; with ``dispatch_now`` it goes to the assignee at once."""
    now = _now(uow)
    _enforce_draft(draft)
    with uow.transaction() as session:
        entry = _entry_for(session, draft.entry_id) if draft.entry_id else None
        # A phone shown masked and sent back unchanged stands for the stored number.
        draft = replace(draft, contact_phone=real_phone(
            session, draft.contact_phone, draft.villa_id, entry.contact_phone if entry else ""))
        received_at = on_the_minute(draft.received_at or (entry.occurred_at if entry else now))
        items = _check_draft(session, draft, received_at, now)
        assignee = _assignee(session, draft)
        if dispatch_now and not assignee[0]:
            raise ValidationFailed({"assignee": _("Who is the work dispatched to?")})
        document = numbering.allocate(session, DocumentKind.DISPATCH_SLIP,
                                      record_type=RECORD_TYPE, actor=uow.actor, now=now)
        order = WorkOrder(
            number=document.number, document_id=document.id, state=WorkOrderState.RECEIVED,
            received_at=received_at, reopen_count=0, paused_reason="", state_before_pause="",
            void_reason="", completion_note="",
            taken_by_id=entry.taken_by_id if entry else _staff_id(uow),
            entry_id=entry.id if entry else None,
        )
        _apply(order, draft)
        if draft.special_requirements is None and entry is not None:
            # Made from a call: what the caller asked for goes on the slip.
            order.special_requirements = entry.special_requirements.strip()
        order.assignee, order.assignee_id = assignee
        if dispatch_now:
            order.state, order.dispatched_at = WorkOrderState.DISPATCHED, now
        session.add(order)
        session.flush()
        document.record_id = order.id
        _set_lines(session, order, draft, items)
        session.flush()
        return detail_of(session, order, now)


def _assignee(session: Session, draft: WorkOrderDraft,
              kept: WorkOrder | None = None) -> tuple[str, int | None]:
    """Name and roster id the order goes to. The name of a member the order already has
    stays as it was printed, even if the roster spells it differently since."""
    if draft.assignee_id is None:
        return draft.assignee.strip(), None
    kept_id = kept.assignee_id if kept else None
    member = assignee_for(session, draft.assignee_id, kept_id)
    if kept is not None and member.id == kept_id and kept.assignee:
        return kept.assignee, member.id
    return member.name, member.id


def _staff_id(uow: UnitOfWork) -> int:
    if uow.actor.staff_id is None:
        raise Conflict(_("Sign in to open a work order."))
    return uow.actor.staff_id


def _apply(order: WorkOrder, draft: WorkOrderDraft) -> None:
    order.villa_id = draft.villa_id or None
    order.location = draft.location.strip()
    order.contact_name = draft.contact_name.strip()
    order.contact_phone = _clean_phone(draft.contact_phone)
    order.content = draft.content.strip()
    order.category_id = draft.category_id
    order.department = draft.department
    order.assignee = draft.assignee.strip()
    order.appointment_at = draft.appointment_at
    order.expected_completion_at = draft.expected_completion_at
    order.charged = draft.charged
    if draft.special_requirements is not None:
        order.special_requirements = draft.special_requirements.strip()
    elif order.special_requirements is None:
        order.special_requirements = ""


def _set_lines(session: Session, order: WorkOrder, draft: WorkOrderDraft,
               items: dict[int, FeeItem]) -> None:
    """Make the order's lines match the draft. A line keeps the price it was first copied
    with; a line taken off stays as a row with quantity 0."""
    wanted = {line.fee_item_id: line.quantity for line in draft.fee_lines}
    for line in order.lines:
        quantity = wanted.pop(line.fee_item_id, Decimal(0)) if line.fee_item_id else Decimal(0)
        if Decimal(line.quantity) != quantity:
            line.quantity = quantity
            line.amount = amount_of(Decimal(line.unit_price), quantity)
    for fee_item_id, quantity in wanted.items():
        item = items[fee_item_id]
        price = Decimal(item.price)
        session.add(WorkOrderLine(work_order=order, fee_item_id=item.id, name=item.name,
                                  unit=item.unit, unit_price=price, quantity=quantity,
                                  amount=amount_of(price, quantity)))


@needs(Permission.RECORD)
def edit_work_order(uow: UnitOfWork, work_order_id: int, draft: WorkOrderDraft, *,
                    expected_version: int | None = None) -> WorkOrderDetail:
    """Change what was typed, while the work is not completed yet. ``expected_version``
    is the version the form was loaded with: a save over a newer change (another desk
    added a fee line, changed the assignee) is refused with what changed."""
    now = _now(uow)
    _enforce_draft(draft)
    with uow.transaction() as session:
        order = _for_action(uow, session, work_order_id, Action.EDIT)
        check_version(session, order, expected_version,
                      _("Work order {number}").format(number=order.number),
                      parts=[(WorkOrderLine.__tablename__, [line.id for line in order.lines])])
        draft = replace(draft, contact_phone=real_phone(
            session, draft.contact_phone, draft.villa_id, order.contact_phone))
        items = _check_draft(session, draft, order.received_at, now, order)
        assignee = _assignee(session, draft, order)
        if order.state != WorkOrderState.RECEIVED and not assignee[0]:
            raise ValidationFailed({"assignee": _("A dispatched order needs an assignee.")})
        _apply(order, draft)
        order.assignee, order.assignee_id = assignee
        _set_lines(session, order, draft, items)
        session.flush()
        return detail_of(session, order, now)


# -- moving through the states -----------------------------------------------------------

def _for_action(uow: UnitOfWork, session: Session, work_order_id: int,
                action: Action) -> WorkOrder:
    # What the action needs was checked by its @needs, which the permission table's test
    # holds to REQUIRED_PERMISSION (the table the work-order buttons follow).
    _enforce(work_order_id=work_order_id)
    order = order_for(session, work_order_id)
    if not can(order.state, action):
        raise Conflict(_("{number} is “{state}”; “{action}” is not possible now.").format(
            number=order.number, state=state_title(order.state), action=action_title(action)))
    return order


def _before_pause(order: WorkOrder) -> WorkOrderState | None:
    return WorkOrderState(order.state_before_pause) if order.state_before_pause else None


def _reason(text: str, field: str = "reason") -> str:
    if not text.strip():
        raise ValidationFailed({field: _("Give a reason.")})
    return text.strip()


@needs(Permission.RECORD)
def dispatch(uow: UnitOfWork, work_order_id: int, assignee: str,
             department: Department | None = None,
             assignee_id: int | None = None) -> WorkOrderDetail:
    """Send the work to someone (派工): the slip goes to them. With ``assignee_id`` a roster
    member (inactive ones refused) whose name and, unless given, department are used."""
    now = _now(uow)
    _enforce(assignee=assignee, department=department, assignee_id=assignee_id)
    if assignee_id is None and not assignee.strip():
        raise ValidationFailed({"assignee": _("Who is the work dispatched to?")})
    if assignee_id is None and len(assignee.strip()) > _MAX_LEN["assignee"]:
        raise ValidationFailed({"assignee": _("At most {n} characters.").format(
            n=_MAX_LEN["assignee"])})
    with uow.transaction() as session:
        order = _for_action(uow, session, work_order_id, Action.DISPATCH)
        if assignee_id is not None:
            member = assignee_for(session, assignee_id)
            order.assignee, order.assignee_id = member.name, member.id
            department = department or member.department
        else:
            order.assignee, order.assignee_id = assignee.strip(), None
        if department is not None:
            order.department = department
        order.state, order.dispatched_at = WorkOrderState.DISPATCHED, now
        return detail_of(session, order, now)


@needs(Permission.RECORD)
def start(uow: UnitOfWork, work_order_id: int) -> WorkOrderDetail:
    now = _now(uow)
    with uow.transaction() as session:
        order = _for_action(uow, session, work_order_id, Action.START)
        order.state, order.started_at = WorkOrderState.IN_PROGRESS, now
        return detail_of(session, order, now)


@needs(Permission.RECORD)
def pause(uow: UnitOfWork, work_order_id: int, reason: str) -> WorkOrderDetail:
    """Waiting for parts (待料) or for the owner: remember where it was, and why."""
    now = _now(uow)
    _enforce(reason=reason)
    why = _reason(reason)
    with uow.transaction() as session:
        order = _for_action(uow, session, work_order_id, Action.PAUSE)
        order.state_before_pause = order.state.value
        order.state, order.paused_reason = WorkOrderState.PAUSED, why
        return detail_of(session, order, now)


@needs(Permission.RECORD)
def resume(uow: UnitOfWork, work_order_id: int) -> WorkOrderDetail:
    now = _now(uow)
    with uow.transaction() as session:
        order = _for_action(uow, session, work_order_id, Action.RESUME)
        order.state = target(order.state, Action.RESUME, before_pause=_before_pause(order))
        if order.state == WorkOrderState.IN_PROGRESS and order.started_at is None:
            order.started_at = now
        order.state_before_pause, order.paused_reason = "", ""
        return detail_of(session, order, now)


@needs(Permission.RECORD)
def complete(uow: UnitOfWork, work_order_id: int, note: str,
             completed_at: dt.datetime | None = None) -> WorkOrderDetail:
    """The work is done (完工); ``completed_at`` when it finished earlier than it is typed."""
    now = _now(uow)
    _enforce(note=note, completed_at=completed_at)
    what = note.strip()
    if not what:  # the 维修情况 box, not a reason: say so in its own words
        raise ValidationFailed({"note": _("Fill in the work done.")})
    with uow.transaction() as session:
        order = _for_action(uow, session, work_order_id, Action.COMPLETE)
        when = on_the_minute(completed_at or now)
        if when > now + FUTURE_TOLERANCE:
            raise ValidationFailed({"completed_at": _("This time is in the future.")})
        # Older rows may hold seconds; the comparison is at the minute all the same.
        if when < on_the_minute(order.started_at or order.dispatched_at or order.received_at):
            raise ValidationFailed({"completed_at": _("The work cannot finish before it "
                                                      "started.")})
        order.state, order.completed_at = WorkOrderState.COMPLETED, when
        order.completion_note = what
        return detail_of(session, order, now)


@needs(Permission.RECORD)
def callback(uow: UnitOfWork, work_order_id: int, quality: Rating | None,
             attitude: Rating | None, satisfaction: Rating | None,
             remarks: str = "") -> WorkOrderDetail:
    """Record the callback (回访). An unsatisfied owner sends the work back to in progress.

    Every rating is what the owner said: none is assumed, so a missing one is refused."""
    now = _now(uow)
    _enforce(quality=quality, attitude=attitude, satisfaction=satisfaction, remarks=remarks)
    errors = {field: _("Choose what the owner said.") for field, rating in (
        ("quality", quality), ("attitude", attitude), ("satisfaction", satisfaction))
        if rating is None}
    if satisfaction == Rating.UNSATISFIED and not remarks.strip():
        errors["remarks"] = _("Write down what the owner is unhappy with.")
    if errors:
        raise ValidationFailed(errors)
    assert quality is not None and attitude is not None and satisfaction is not None
    with uow.transaction() as session:
        order = _for_action(uow, session, work_order_id, Action.CALLBACK)
        session.add(WorkOrderCallback(work_order_id=order.id, at=now, by_id=_staff_id(uow),
                                      quality=quality, attitude=attitude,
                                      satisfaction=satisfaction, remarks=remarks.strip()))
        order.state = target(order.state, Action.CALLBACK, satisfaction=satisfaction)
        if order.state == WorkOrderState.IN_PROGRESS:
            order.reopen_count += 1
            order.completed_at = None
        else:
            order.called_back_at = now
        session.flush()
        return detail_of(session, order, now)


@needs(Permission.RECORD)
def callback_not_reached(uow: UnitOfWork, work_order_id: int,
                         note: str = "") -> WorkOrderDetail:
    """A callback call nobody answered (未接通): the attempt is recorded, the order stays
    completed and its callback deadline stays where it was."""
    now = _now(uow)
    _enforce(note=note)
    if len(note.strip()) > 200:
        raise ValidationFailed({"remarks": _("At most {n} characters.").format(n=200)})
    with uow.transaction() as session:
        order = _for_action(uow, session, work_order_id, Action.CALLBACK)
        session.add(WorkOrderCallbackAttempt(work_order_id=order.id, at=now,
                                             by_id=_staff_id(uow), note=note.strip()))
        session.flush()
        return detail_of(session, order, now)


@needs(Permission.RECORD)
def close(uow: UnitOfWork, work_order_id: int) -> WorkOrderDetail:
    """Close (消单): only after a satisfied or fair callback, which is what "called back"
    means."""
    now = _now(uow)
    with uow.transaction() as session:
        order = _for_action(uow, session, work_order_id, Action.CLOSE)
        order.state, order.closed_at = WorkOrderState.CLOSED, now
        return detail_of(session, order, now)


@needs(Permission.VOID_DOCUMENT)
def void(uow: UnitOfWork, work_order_id: int, reason: str) -> WorkOrderDetail:
    """Void (作废, supervisor): the slip keeps its number and shows as void in the register."""
    now = _now(uow)
    _enforce(reason=reason)
    why = _reason(reason)
    with uow.transaction() as session:
        order = _for_action(uow, session, work_order_id, Action.VOID)
        document = session.get(NumberedDocument, order.document_id)
        assert document is not None
        numbering.void(session, document, actor=uow.actor, reason=why, now=now)
        order.state, order.void_reason = WorkOrderState.VOID, why
        return detail_of(session, order, now)
