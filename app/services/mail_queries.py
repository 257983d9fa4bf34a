"""Reading the mail register: the paged list with its filters, one item, the items of a
villa on the shelf, and the unclaimed items the shift handover reads [004 4.6.4]."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from app import validation
from app.i18n import _
from app.models.households import Villa
from app.models.mail import MailItem, MailKind, MailPickup, MailState
from app.models.staff import Staff
from app.services import paging
from app.services import search_index as index
from app.services.errors import NotFound
from app.services.paging import PAGE_SIZE
from app.services.permissions import SIGNED_IN, needs
from app.services.uow import UnitOfWork


@dataclass(frozen=True)
class MailItemRow:
    id: int
    number: str
    kind: MailKind
    carrier: str
    received_at: dt.datetime
    villa_id: int
    villa_number: str
    addressee: str
    shelf: str
    count: int
    remarks: str
    state: MailState
    notice_level: int
    registered_by: str
    picked_up_at: dt.datetime | None
    picked_up_by: str  # the taker's name as recorded
    version: int

    def days_waiting(self, now: dt.datetime) -> int:
        return max(0, (now.date() - self.received_at.date()).days)


MailPage = paging.Page[MailItemRow]


@dataclass(frozen=True)
class MailFilter:
    text: str = ""  # a tracking number or any part of it
    villa_id: int | None = None
    received_from: dt.date | None = None
    received_to: dt.date | None = None  # inclusive
    states: frozenset[MailState] = frozenset()  # empty: every state


FILTER_SPEC: validation.Spec = {
    "text": validation.search_text, "villa_id": validation.RecordId(optional=True),
    "received_from": validation.Day(optional=True),
    "received_to": validation.Day(optional=True),
    "states": validation.Choices(MailState),
}

_Registrar = aliased(Staff)


def _base_query() -> Select:  # type: ignore[type-arg]
    return (select(MailItem, Villa.number, _Registrar.name, MailPickup.picked_up_at,
                   MailPickup.name)
            .join(Villa, Villa.id == MailItem.villa_id)
            .join(_Registrar, _Registrar.id == MailItem.registered_by_id)
            .outerjoin(MailPickup, MailPickup.id == MailItem.pickup_id))


def _row(result: tuple) -> MailItemRow:  # type: ignore[type-arg]
    item, villa_number, registrar, picked_at, picked_by = result
    return MailItemRow(
        id=item.id, number=item.number, kind=item.kind, carrier=item.carrier,
        received_at=item.received_at, villa_id=item.villa_id, villa_number=villa_number,
        addressee=item.addressee, shelf=item.shelf, count=item.count, remarks=item.remarks,
        state=item.state, notice_level=item.notice_level, registered_by=registrar,
        picked_up_at=picked_at, picked_up_by=picked_by or "", version=item.version)


def item_row(session: Session, item_id: int) -> MailItemRow:
    result = session.execute(_base_query().where(MailItem.id == item_id)).first()
    if result is None:
        raise NotFound(_("No such mail item."))
    return _row(tuple(result))


def text_match(session: Session, text: str) -> index.Match | None:
    """A tracking number or any part of it, read from the search index (migration 0014):
    digits alone are most often the end of a number read off a label (its reversed
    digits' B-tree), or somewhere inside it (the trigram index); one or two characters are
    the start of the number. ``None``: no text, no condition."""
    number = validation.normalise_tracking_number(text)
    if not number:
        return None
    if len(number) < index.TRIGRAM:
        return index.starts(session, MailItem.number, number)
    found = index.contains(session, [(MailItem.number, number)])
    if number.isdigit():
        found = index.either(index.tail(MailItem.number_reversed, number), found)
    return found


def _filtered(session: Session, query: Select,  # type: ignore[type-arg]
              flt: MailFilter) -> tuple[Select, dict[str, object]]:  # type: ignore[type-arg]
    values: dict[str, object] = {}
    match = text_match(session, flt.text)
    if match is not None:
        query = query.where(match.condition)
        values.update(match.values)
    if flt.villa_id:
        query = query.where(MailItem.villa_id == flt.villa_id)
    if flt.states:
        query = query.where(MailItem.state.in_(flt.states))
    if flt.received_from is not None:
        query = query.where(MailItem.received_at >= dt.datetime.combine(
            flt.received_from, dt.time()))
    if flt.received_to is not None:
        query = query.where(MailItem.received_at < dt.datetime.combine(
            flt.received_to + dt.timedelta(days=1), dt.time()))
    return query, values


#: The list's sortable columns, each served by an index on (column, id) (migration 0014).
MAIL_ITEMS = paging.Register(
    id=MailItem.id,
    keys={
        "received_at": paging.SortKey(MailItem.received_at, validation.When()),
        "state": paging.SortKey(MailItem.state, validation.Choice(MailState)),
        "kind": paging.SortKey(MailItem.kind, validation.Choice(MailKind)),
        "shelf": paging.SortKey(MailItem.shelf, validation.Text(20)),
    },
    default=paging.Sort("received_at", paging.Direction.DESC),
)
NEWEST_FIRST = MAIL_ITEMS.default


def list_query(session: Session, flt: MailFilter, sort: paging.Sort = NEWEST_FIRST,
               after: paging.Cursor | None = None
               ) -> tuple[Select, dict[str, object]]:  # type: ignore[type-arg]
    """The list's statement and its parameters (the benchmark also pages it by OFFSET)."""
    query, values = _filtered(session, _base_query(), flt)
    return MAIL_ITEMS.ordered(query, sort, after), values


@needs(SIGNED_IN)
def list_mail(uow: UnitOfWork, flt: MailFilter, sort: paging.Sort = NEWEST_FIRST,
              after: paging.Cursor | None = None, limit: int = PAGE_SIZE) -> MailPage:
    """One page of the register in ``sort`` order, after the cursor ``after``."""
    validation.enforce(FILTER_SPEC, flt, {"villa_id": "villa"})
    MAIL_ITEMS.check(sort, after, limit)
    with uow.read() as session:
        query, values = list_query(session, flt, sort, after)
        result = session.execute(query.limit(limit + 1), values).all()
        return MAIL_ITEMS.page(result, sort, limit, lambda r: r[0], lambda r: _row(tuple(r)))


@needs(SIGNED_IN)
def mail_item(uow: UnitOfWork, item_id: int) -> MailItemRow:
    with uow.read() as session:
        return item_row(session, item_id)


def waiting_query() -> Select:  # type: ignore[type-arg]
    return _base_query().where(MailItem.state == MailState.WAITING)


@needs(SIGNED_IN)
def waiting_for_villa(uow: UnitOfWork, villa_id: int) -> list[MailItemRow]:
    """The items of a villa on the shelf, oldest first: what the pick-up dialog offers."""
    with uow.read() as session:
        rows = session.execute(waiting_query().where(MailItem.villa_id == villa_id)
                               .order_by(MailItem.received_at, MailItem.id)).all()
        return [_row(tuple(r)) for r in rows]


@needs(SIGNED_IN)
def waiting_by_number(uow: UnitOfWork, number: str) -> MailItemRow | None:
    """The waiting item with this scanned number (the pick-up dialog's scan field)."""
    validation.enforce({"number": validation.search_text}, {"number": number})
    number = validation.normalise_tracking_number(number)
    with uow.read() as session:
        result = session.execute(waiting_query().where(MailItem.number == number)
                                 .limit(1)).first()
        return _row(tuple(result)) if result else None


@dataclass(frozen=True)
class UnclaimedItem:
    """An item still on the shelf, as the shift handover lists it."""

    id: int
    number: str
    kind: MailKind
    villa_number: str
    shelf: str
    count: int
    received_at: dt.datetime
    days_waiting: int
    notice_level: int


@needs(SIGNED_IN)
def unclaimed_items(uow: UnitOfWork, before: dt.datetime | None = None) -> list[UnclaimedItem]:
    """Every item waiting now (registered before ``before``, if given), oldest first: the
    outgoing shift hands them over and the next one notifies [4.6.4]. Read by the state
    index; the waiting items are a few hundred at most however long the register."""
    now = uow.clock.now()
    with uow.read() as session:
        query = (select(MailItem.id, MailItem.number, MailItem.kind, Villa.number,
                        MailItem.shelf, MailItem.count, MailItem.received_at,
                        MailItem.notice_level)
                 .join(Villa, Villa.id == MailItem.villa_id)
                 .where(MailItem.state == MailState.WAITING))
        if before is not None:
            query = query.where(MailItem.received_at < before)
        rows = session.execute(query.order_by(MailItem.received_at, MailItem.id)).all()
        return [UnclaimedItem(r[0], r[1], r[2], r[3], r[4], r[5], r[6],
                              max(0, (now.date() - r[6].date()).days), r[7]) for r in rows]


@needs(SIGNED_IN)
def waiting_count(uow: UnitOfWork) -> int:
    """Items on the shelf now (the tab's headline), an index-only count."""
    with uow.read() as session:
        return int(session.scalar(select(func.count()).select_from(MailItem).where(
            MailItem.state == MailState.WAITING)) or 0)
