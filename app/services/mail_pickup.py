"""Pick-up (领取): one or several items of a villa handed over and signed for [004 4.6.2–3].

The owner, a registered family member (or the tenant living there) and an authorised
collector sign for the items. Anyone else shows an ID document whose type, number, name,
phone and relation are recorded — a mainland resident ID is checked by its GB 11643
check digit — and signs too; without it the pick-up is refused with the reason. The
signature drawn on the pad is kept as a PNG attachment of the pick-up; "signed on the
paper register" is a choice made explicitly, never a default.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import validation
from app.i18n import _
from app.models.households import HouseholdRole, IdDocType, Person, Villa
from app.models.mail import CollectorKind, MailCollector, MailItem, MailPickup, MailState
from app.services.errors import Conflict, NotFound, ValidationFailed
from app.services.households import real_phone
from app.services.mail import active_household, collector_spec
from app.services.permissions import SIGNED_IN, Permission, needs
from app.services.privacy import id_number_for, phone_for
from app.services.uow import UnitOfWork

RECORD_TYPE = "mail_pickup"
SIGNATURE_FILE = "signature.png"
#: A signature image is small (the pad makes ~5–20 KB); anything far larger is not one.
SIGNATURE_MAX = 512 * 1024
_PNG = b"\x89PNG\r\n\x1a\n"
#: Who lives in the household and signs like the owner.
_RESIDENT_ROLES = {CollectorKind.OWNER: {HouseholdRole.OWNER},
                   CollectorKind.FAMILY: {HouseholdRole.FAMILY, HouseholdRole.TENANT}}


@dataclass(frozen=True)
class PickupDraft:
    """Who takes which items, and how they signed."""

    item_ids: tuple[int, ...]
    collector_kind: CollectorKind
    person_id: int | None = None  # OWNER / FAMILY: the person in the household file
    collector_id: int | None = None  # COLLECTOR: the authorised collector
    # OTHER: everything below is required; for the others name/phone are taken from file.
    name: str = ""
    relation: str = ""
    phone: str = ""
    id_doc_type: IdDocType | None = None
    id_doc_number: str = ""
    signature_png: bytes | None = None
    signed_on_paper: bool = False


@dataclass(frozen=True)
class Signer:
    """Someone who may sign for a villa's items without showing a document."""

    kind: CollectorKind
    person_id: int | None
    collector_id: int | None
    name: str
    relation: str
    phone: str  # as the viewer may see it


@needs(SIGNED_IN)
def signers_for_villa(uow: UnitOfWork, villa_id: int) -> list[Signer]:
    """The owner(s), the registered family members and tenants, and the authorised
    collectors of the villa's household, as the pick-up dialog offers them."""
    actor = uow.actor
    with uow.read() as session:
        household = active_household(session, villa_id)
        if household is None:
            return []
        people = session.scalars(select(Person).where(
            Person.household_id == household.id, Person.active.is_(True))
            .order_by(Person.role, Person.id)).all()
        signers = [Signer(CollectorKind.OWNER if p.role == HouseholdRole.OWNER
                          else CollectorKind.FAMILY, p.id, None, p.name, p.relation,
                          phone_for(actor, p.phone)) for p in people]
        collectors = session.scalars(select(MailCollector).where(
            MailCollector.household_id == household.id,
            MailCollector.active.is_(True)).order_by(MailCollector.id)).all()
        signers += [Signer(CollectorKind.COLLECTOR, None, c.id, c.name, c.relation,
                           phone_for(actor, c.phone)) for c in collectors]
        return signers


def _signature_errors(draft: PickupDraft) -> dict[str, str]:
    png = draft.signature_png
    if png is not None and not isinstance(png, bytes):
        return {"signature": _("The signature could not be read; please sign again.")}
    if png and draft.signed_on_paper:
        return {"signature": _("Either sign on the pad or choose \"signed on the paper "
                               "register\", not both.")}
    if not png and not draft.signed_on_paper:
        return {"signature": _("The taker signs for the items: on the pad, or on the paper "
                               "register (then tick it).")}
    if png and (len(png) > SIGNATURE_MAX or not png.startswith(_PNG)):
        return {"signature": _("The signature could not be read; please sign again.")}
    return {}


@dataclass(frozen=True)
class PickupDone:
    pickup_id: int
    villa_number: str
    item_count: int
    taker: str


@needs(Permission.RECORD)
def pick_up(uow: UnitOfWork, draft: PickupDraft) -> PickupDone:
    """Hand over one or several waiting items of one villa. Refused, with the reason next
    to the field, when the taker is not the owner, a registered family member or an
    authorised collector and their ID document is not recorded, or nobody signed."""
    validation.enforce({"collector_kind": validation.Choice(CollectorKind),
                        "person_id": validation.RecordId(optional=True),
                        "collector_id": validation.RecordId(optional=True),
                        "signed_on_paper": validation.Flag()}, draft,
                       {"collector_kind": "collector", "person_id": "collector",
                        "collector_id": "collector"})
    ids = draft.item_ids
    if not isinstance(ids, tuple | list) or not ids or any(
            validation.RecordId()(i) for i in ids):
        raise ValidationFailed({"items": _("Choose the items being taken.")})
    now = uow.clock.now()
    kind = CollectorKind(draft.collector_kind)
    errors = _signature_errors(draft)
    with uow.transaction() as session:
        items = session.scalars(select(MailItem).where(MailItem.id.in_(set(ids)))
                                .order_by(MailItem.id)).all()
        if len(items) != len(set(ids)):
            raise NotFound(_("No such mail item."))
        villas = {item.villa_id for item in items}
        if len(villas) != 1:
            raise ValidationFailed({"items": _("Items of one villa at a time: these are for "
                                               "different villas.")})
        villa_id = villas.pop()
        gone = [item.number for item in items if item.state != MailState.WAITING]
        if gone:
            raise Conflict(_("Already picked up or returned: {numbers}.").format(
                numbers=", ".join(gone)))
        household = active_household(session, villa_id)
        pickup = MailPickup(villa_id=villa_id, picked_up_at=now, collector_kind=kind,
                            handed_by_id=uow.actor.staff_id,
                            signed_on_paper=bool(draft.signed_on_paper))
        if kind in _RESIDENT_ROLES:
            person = session.get(Person, draft.person_id) if draft.person_id else None
            if (person is None or household is None or person.household_id != household.id
                    or not person.active or person.role not in _RESIDENT_ROLES[kind]):
                errors["collector"] = _(
                    "This person is not registered in the villa's household: record their "
                    "ID document instead (anyone else).")
            else:
                pickup.person_id, pickup.name = person.id, person.name
                # As in the household file; the register names the owner 业主 itself.
                pickup.relation = person.relation
                pickup.phone = person.phone
        elif kind == CollectorKind.COLLECTOR:
            collector = (session.get(MailCollector, draft.collector_id)
                         if draft.collector_id else None)
            if (collector is None or household is None
                    or collector.household_id != household.id or not collector.active):
                errors["collector"] = _(
                    "Not an authorised collector of this household: record their ID "
                    "document instead (anyone else).")
            else:
                pickup.collector_id, pickup.name = collector.id, collector.name
                pickup.relation, pickup.phone = collector.relation, collector.phone
                pickup.id_doc_type = collector.id_doc_type
                pickup.id_doc_number = collector.id_doc_number
        else:
            errors.update(_document_errors(draft, now.date()))
            if not errors:
                pickup.name, pickup.relation = draft.name.strip(), draft.relation.strip()
                pickup.phone = real_phone(session, draft.phone, villa_id).strip()
                pickup.id_doc_type = IdDocType(draft.id_doc_type)  # type: ignore[arg-type]
                pickup.id_doc_number = (
                    validation.normalise_id_number(draft.id_doc_number)
                    if pickup.id_doc_type == IdDocType.RESIDENT_ID
                    else draft.id_doc_number.strip())
        if errors:
            raise ValidationFailed(errors)
        session.add(pickup)
        session.flush()
        if draft.signature_png:
            from app.services.attachments import attach_in

            signature = attach_in(session, uow.actor.staff_id, now, RECORD_TYPE, pickup.id,
                                  SIGNATURE_FILE, draft.signature_png)
            pickup.signature_id = signature.id
        for item in items:
            item.state, item.pickup_id = MailState.PICKED_UP, pickup.id
        villa = session.get(Villa, villa_id)
        return PickupDone(pickup.id, villa.number if villa else "", len(items), pickup.name)


def _document_errors(draft: PickupDraft, today: dt.date) -> dict[str, str]:
    """Someone not in the household's file: their document and who they are, or the
    pick-up is refused [4.6.3]."""
    spec = collector_spec(today, draft.id_doc_type)
    errors = validation.check(spec, draft)
    no_document = draft.id_doc_type is None or not str(draft.id_doc_number).strip()
    if no_document:
        errors["id_doc_number"] = _(
            "Not the owner, a registered family member or an authorised collector: the "
            "items are handed over only against an ID document (type and number).")
        errors.pop("id_doc_type", None)
    if "phone" not in errors and not str(draft.phone).strip():
        errors["phone"] = _("This field is required.")
    return errors


@dataclass(frozen=True)
class PickupRecord:
    """A pick-up as the record and the register show it (phone and ID as the viewer may
    see them; the signature's bytes, or None when signed on paper)."""

    id: int
    picked_up_at: dt.datetime
    kind: CollectorKind
    name: str
    relation: str
    phone: str
    id_doc_type: IdDocType | None
    id_doc_number: str
    signed_on_paper: bool
    signature_png: bytes | None
    handed_by: str


@needs(SIGNED_IN)
def pickup_of_item(uow: UnitOfWork, item_id: int) -> PickupRecord | None:
    from app.models.staff import Staff

    with uow.read() as session:
        item = session.get(MailItem, item_id)
        if item is None:
            raise NotFound(_("No such mail item."))
        if item.pickup_id is None:
            return None
        pickup = session.get(MailPickup, item.pickup_id)
        assert pickup is not None
        png = signature_bytes(session, pickup.signature_id)
        staff = session.get(Staff, pickup.handed_by_id)
        return PickupRecord(pickup.id, pickup.picked_up_at, pickup.collector_kind,
                            pickup.name, pickup.relation, phone_for(uow.actor, pickup.phone),
                            pickup.id_doc_type, id_number_for(uow.actor, pickup.id_doc_number),
                            pickup.signed_on_paper, png, staff.name if staff else "")


def signature_bytes(session: Session, attachment_id: int | None) -> bytes | None:
    """The stored signature image, checked against its audited hash."""
    if attachment_id is None:
        return None
    import hashlib

    from app.models.attachments import Attachment, AttachmentContent

    row = session.execute(select(Attachment.sha256, AttachmentContent.data)
                          .join(AttachmentContent,
                                AttachmentContent.sha256 == Attachment.sha256)
                          .where(Attachment.id == attachment_id)).first()
    if row is None or hashlib.sha256(row[1]).hexdigest() != row[0]:
        return None
    return bytes(row[1])
