"""Reading release passes: the register's list, one pass in full, passes not yet back from
the gate (the shift handover reads this), and finding a pass by its number."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from app import validation
from app.i18n import _
from app.models.attachments import AttachmentContent
from app.models.households import Household, IdDocType, Villa
from app.models.numbering import NumberedDocument
from app.models.release_passes import (
    ApplicantKind,
    ConsentKind,
    ListedState,
    PassReason,
    PassState,
    ReleasePass,
    ReleasePassItem,
    listed_state,
)
from app.models.staff import Staff
from app.services import paging
from app.services.errors import NotFound
from app.services.permissions import SIGNED_IN, needs
from app.services.privacy import id_number_for, phone_for
from app.services.uow import UnitOfWork

PAGE_SIZE = paging.PAGE_SIZE
_NUMBER = re.compile(r"^[A-Z]{1,6}\d{4}-\d{1,10}$")


def state_title(state: PassState | ListedState) -> str:
    return {
        # "Issued" alone is the number register's word for a normal number (正常).
        "issued": _("Issued, not back"), "used": _("Used"), "expired": _("Expired"),
        "void": _("Void"),
    }[state.value]


def applicant_title(kind: ApplicantKind) -> str:
    return {
        ApplicantKind.OWNER: _("Owner"), ApplicantKind.FAMILY: _("Family member"),
        ApplicantKind.TENANT: _("Tenant"), ApplicantKind.AGENT: _("Agent"),
        ApplicantKind.MOVER: _("Mover"),
    }[kind]


def reason_title(reason: PassReason) -> str:
    return {
        PassReason.MOVING_OUT: _("Moving out"), PassReason.REPLACEMENT: _("Replacement"),
        PassReason.REPAIR: _("Repair"), PassReason.OTHER: _("Other"),
    }[reason]


def consent_title(kind: ConsentKind) -> str:
    return {
        ConsentKind.NOT_NEEDED: _("Not needed"),
        ConsentKind.WRITTEN: _("Written authorisation on file"),
        ConsentKind.PHONE: _("Owner confirmed by phone"),
    }[kind]


@dataclass(frozen=True)
class PassFilter:
    states: frozenset[ListedState] = frozenset()  # empty: every state
    villa_id: int | None = None
    issued_from: dt.date | None = None
    issued_to: dt.date | None = None  # inclusive
    text: str = ""  # a pass number typed or scanned, a name, a plate


FILTER_SPEC: validation.Spec = {
    "states": validation.Choices(ListedState),
    "villa_id": validation.RecordId(optional=True),
    "issued_from": validation.Day(optional=True),
    "issued_to": validation.Day(optional=True),
    "text": validation.search_text,
}


@dataclass(frozen=True)
class ItemRow:
    name: str
    quantity: int
    remarks: str


@dataclass(frozen=True)
class PassRow:
    id: int
    number: str
    state: ListedState
    villa_number: str
    applicant_kind: ApplicantKind
    applicant_name: str
    reason: PassReason
    items: tuple[ItemRow, ...]
    plate: str
    valid_from: dt.datetime
    valid_until: dt.datetime
    issued_at: dt.datetime
    used_at: dt.datetime | None
    guard_name: str
    items_matched: bool | None
    gate_note: str

    @property
    def items_text(self) -> str:
        return "、".join(f"{item.name}×{item.quantity}" for item in self.items)

    @property
    def discrepancy(self) -> bool:
        return self.items_matched is False


PassPage = paging.Page[PassRow]


@dataclass(frozen=True)
class PassDetail:
    id: int
    number: str
    state: PassState
    listed: ListedState
    villa_id: int
    villa_number: str
    household_id: int | None
    applicant_kind: ApplicantKind
    applicant_name: str
    id_doc_type: IdDocType
    id_doc_number: str  # as this viewer may see it
    phone: str  # as this viewer may see it
    plate: str
    valid_from: dt.datetime
    valid_until: dt.datetime
    reason: PassReason
    reason_note: str
    items: tuple[ItemRow, ...]
    consent: ConsentKind
    consent_note: str
    consent_confirmed_by: str
    hold_override_by: str
    hold_override_reason: str
    signed_on_paper: bool
    has_signature: bool
    issued_at: dt.datetime
    issued_by: str
    used_at: dt.datetime | None
    guard_name: str
    returned_by: str
    items_matched: bool | None
    gate_note: str
    late_override_by: str
    late_override_reason: str
    void_reason: str
    print_count: int
    #: Moving out and the household still current: the desk marks it former once done.
    remind_move_out: bool
    version: int = 1


def pass_number(text: str) -> str | None:
    """The pass number in ``text`` if it is one (typed, or scanned from the barcode)."""
    cleaned = unicodedata.normalize("NFKC", text).strip().upper().replace(" ", "")
    cleaned = re.sub(r"^[^A-Z0-9]+|[^A-Z0-9]+$", "", cleaned).replace("—", "-")
    return cleaned if _NUMBER.match(cleaned) else None


def pass_for(session: Session, number_or_id: str | int) -> ReleasePass:
    if validation.RecordId()(number_or_id) and validation.search_text(number_or_id):
        raise NotFound(_("No such release pass."))
    if isinstance(number_or_id, int):
        record = session.get(ReleasePass, number_or_id)
    else:
        number = pass_number(number_or_id) or number_or_id.strip()
        record = session.scalars(select(ReleasePass).where(ReleasePass.number == number)).first()
    if record is None:
        raise NotFound(_("No release pass {key}.").format(key=number_or_id))
    return record


def live_items(record: ReleasePass) -> tuple[ItemRow, ...]:
    return tuple(ItemRow(i.name, i.quantity, i.remarks) for i in record.items if i.quantity)


def _names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return dict(session.execute(select(Staff.id, Staff.name).where(Staff.id.in_(wanted))).all())


def detail_of(session: Session, record: ReleasePass, now: dt.datetime) -> PassDetail:
    actor = session.info["actor"]
    names = _names(session, (record.consent_confirmed_by_id, record.hold_override_by_id,
                             record.issued_by_id, record.returned_by_id,
                             record.late_override_by_id))
    villa = session.get(Villa, record.villa_id)
    document = session.get(NumberedDocument, record.document_id)
    household = session.get(Household, record.household_id) if record.household_id else None
    return PassDetail(
        id=record.id, number=record.number, state=record.state,
        listed=listed_state(record.state, record.valid_until, now),
        villa_id=record.villa_id, villa_number=villa.number if villa else "",
        household_id=record.household_id, applicant_kind=record.applicant_kind,
        applicant_name=record.applicant_name, id_doc_type=record.id_doc_type,
        id_doc_number=id_number_for(actor, record.id_doc_number),
        phone=phone_for(actor, record.phone), plate=record.plate,
        valid_from=record.valid_from, valid_until=record.valid_until, reason=record.reason,
        reason_note=record.reason_note, items=live_items(record), consent=record.consent,
        consent_note=record.consent_note,
        consent_confirmed_by=names.get(record.consent_confirmed_by_id or 0, ""),
        hold_override_by=names.get(record.hold_override_by_id or 0, ""),
        hold_override_reason=record.hold_override_reason,
        signed_on_paper=record.signed_on_paper, has_signature=bool(record.signature_sha256),
        issued_at=record.issued_at, issued_by=names.get(record.issued_by_id, ""),
        used_at=record.used_at, guard_name=record.guard_name,
        returned_by=names.get(record.returned_by_id or 0, ""),
        items_matched=record.items_matched, gate_note=record.gate_note,
        late_override_by=names.get(record.late_override_by_id or 0, ""),
        late_override_reason=record.late_override_reason, void_reason=record.void_reason,
        print_count=document.print_count if document else 0,
        remind_move_out=(record.reason == PassReason.MOVING_OUT
                         and record.state != PassState.VOID
                         and household is not None and household.active),
        version=record.version,
    )


@needs(SIGNED_IN)
def pass_detail(uow: UnitOfWork, pass_id: int) -> PassDetail:
    with uow.read() as session:
        return detail_of(session, pass_for(session, pass_id), uow.clock.now())


@needs(SIGNED_IN)
def find_pass_id(uow: UnitOfWork, number_or_id: str | int) -> int:
    """The id of the pass with this id or number (typed or scanned)."""
    with uow.read() as session:
        return pass_for(session, number_or_id).id


def signature_png(session: Session, record: ReleasePass) -> bytes | None:
    """The applicant's signature as drawn on the pad (PNG), if it was."""
    if not record.signature_sha256:
        return None
    content = session.get(AttachmentContent, record.signature_sha256)
    return bytes(content.data) if content is not None else None


# -- the register's list -----------------------------------------------------------------

#: Sortable columns, each served by an index on (column, id) (migration 0015).
PASSES = paging.Register(
    id=ReleasePass.id,
    keys={
        "number": paging.SortKey(ReleasePass.number, validation.Text(30), unique=True),
        "issued_at": paging.SortKey(ReleasePass.issued_at, validation.When()),
        "valid_until": paging.SortKey(ReleasePass.valid_until, validation.When()),
    },
    default=paging.Sort("issued_at", paging.Direction.DESC),
)
NEWEST_FIRST = PASSES.default


def _state_condition(states: frozenset[ListedState], now: dt.datetime):  # type: ignore[no-untyped-def]
    parts = []
    issued = ReleasePass.state == PassState.ISSUED
    for state in states:
        if state == ListedState.ISSUED:
            parts.append(and_(issued, ReleasePass.valid_until >= now))
        elif state == ListedState.EXPIRED:
            parts.append(and_(issued, ReleasePass.valid_until < now))
        else:
            parts.append(ReleasePass.state == PassState(state.value))
    return or_(*parts)


def _base_query() -> Select:  # type: ignore[type-arg]
    return select(ReleasePass, Villa.number).join(Villa, Villa.id == ReleasePass.villa_id)


def _filtered(query: Select, flt: PassFilter, now: dt.datetime) -> Select:  # type: ignore[type-arg]
    number = pass_number(flt.text)
    if number is not None:
        # A scanned gate copy is wanted whatever the other filters say.
        return query.where(ReleasePass.number == number)
    if flt.states and set(flt.states) != set(ListedState):
        query = query.where(_state_condition(frozenset(flt.states), now))
    if flt.villa_id:
        query = query.where(ReleasePass.villa_id == flt.villa_id)
    if flt.issued_from is not None:
        query = query.where(ReleasePass.issued_at >= dt.datetime.combine(
            flt.issued_from, dt.time()))
    if flt.issued_to is not None:
        query = query.where(ReleasePass.issued_at < dt.datetime.combine(
            flt.issued_to + dt.timedelta(days=1), dt.time()))
    text = flt.text.strip()
    if text:
        like = f"%{text}%"
        query = query.where(or_(
            ReleasePass.number.ilike(like), ReleasePass.applicant_name.ilike(like),
            ReleasePass.plate.ilike(like), ReleasePass.gate_note.ilike(like),
            Villa.number.ilike(like)))
    return query


def list_query(flt: PassFilter, now: dt.datetime, sort: paging.Sort = NEWEST_FIRST,
               after: paging.Cursor | None = None) -> Select:  # type: ignore[type-arg]
    """The list's statement (the benchmark also pages it by OFFSET, for comparison)."""
    return PASSES.ordered(_filtered(_base_query(), flt, now), sort, after)


def items_of(session: Session, pass_ids: Sequence[int]) -> dict[int, tuple[ItemRow, ...]]:
    """The live lines of several passes in one read (a page's worth)."""
    found: dict[int, list[ItemRow]] = defaultdict(list)
    if pass_ids:
        for pass_id, name, quantity, remarks in session.execute(
                select(ReleasePassItem.release_pass_id, ReleasePassItem.name,
                       ReleasePassItem.quantity, ReleasePassItem.remarks)
                .where(ReleasePassItem.release_pass_id.in_(pass_ids),
                       ReleasePassItem.quantity > 0)
                .order_by(ReleasePassItem.release_pass_id, ReleasePassItem.position)):
            found[pass_id].append(ItemRow(name, quantity, remarks))
    return {key: tuple(value) for key, value in found.items()}


def rows_of(session: Session, results: Sequence[object], now: dt.datetime) -> list[PassRow]:
    records = [result[0] for result in results]  # type: ignore[index]
    items = items_of(session, [r.id for r in records])
    return [_row(result, items.get(result[0].id, ()), now)  # type: ignore[index]
            for result in results]


def _row(result: object, items: tuple[ItemRow, ...], now: dt.datetime) -> PassRow:
    record, villa = result  # type: ignore[misc]
    assert isinstance(record, ReleasePass)
    return PassRow(
        id=record.id, number=record.number,
        state=listed_state(record.state, record.valid_until, now), villa_number=str(villa),
        applicant_kind=record.applicant_kind, applicant_name=record.applicant_name,
        reason=record.reason, items=items, plate=record.plate, valid_from=record.valid_from,
        valid_until=record.valid_until, issued_at=record.issued_at, used_at=record.used_at,
        guard_name=record.guard_name, items_matched=record.items_matched,
        gate_note=record.gate_note)


@needs(SIGNED_IN)
def list_passes(uow: UnitOfWork, flt: PassFilter, sort: paging.Sort = NEWEST_FIRST,
                after: paging.Cursor | None = None, limit: int = PAGE_SIZE) -> PassPage:
    """One page of the register in ``sort`` order after the cursor ``after``."""
    validation.enforce(FILTER_SPEC, flt, {"villa_id": "villa"})
    PASSES.check(sort, after, limit)
    now = uow.clock.now()
    with uow.read() as session:
        results = session.execute(list_query(flt, now, sort, after).limit(limit + 1)).all()
        kept = rows_of(session, results[:limit], now)
        by_id = {row.id: row for row in kept}
        return PASSES.page(results, sort, limit, lambda r: r[0],
                           lambda r: by_id[r[0].id])


@needs(SIGNED_IN)
def not_back(uow: UnitOfWork, limit: int = 500) -> list[PassRow]:
    """Passes issued and not yet back from the gate, the earliest window first (expired
    ones too: the gate copy of a pass never used still has to come back). The shift
    handover lists these so the next shift chases them."""
    validation.enforce({"limit": validation.Number(1, paging.PAGE_MAX)}, {"limit": limit})
    now = uow.clock.now()
    with uow.read() as session:
        results = session.execute(
            _base_query().where(ReleasePass.state == PassState.ISSUED)
            .order_by(ReleasePass.valid_until, ReleasePass.id).limit(limit)).all()
        return rows_of(session, results, now)
