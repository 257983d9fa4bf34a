"""The mail register (邮件收发): registering what arrives, and each household's consent
and authorised collectors [004 4.6].

Built for a barcode scanner: the number is scanned (typed, then Enter), the villa stays
chosen, and each save is one short transaction — a duplicate scan of an item already
waiting is caught before anything is written. The number's shape only suggests a carrier
(app/services/couriers.py); a UPU S10 number must have its check digit right
(``validation.tracking_number``). Pick-up, notices and the sheets live in the
``mail_*`` modules beside this one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import validation
from app.i18n import _
from app.models.households import Household, IdDocType, Villa
from app.models.mail import MailCollector, MailConsent, MailItem, MailKind, MailState
from app.services.couriers import suggest_carrier
from app.services.errors import NotFound, ValidationFailed
from app.services.households import real_phone
from app.services.mail_queries import MailItemRow, item_row
from app.services.permissions import SIGNED_IN, Permission, needs
from app.services.privacy import id_number_for, phone_for
from app.services.record_changes import check_version
from app.services.uow import UnitOfWork

RECORD_TYPE = "mail_item"
#: A registration time more than this ahead of the desk's clock is a typo.
FUTURE_TOLERANCE = dt.timedelta(minutes=5)
MAX_COUNT = 99

ITEM_SPEC: validation.Spec = {
    "villa_id": validation.RecordId(),
    "number": validation.tracking_number,
    "kind": validation.Choice(MailKind),
    "received_at": validation.When(optional=True),
    "addressee": validation.Text(60),
    "shelf": validation.Text(20),
    "count": validation.Number(1, MAX_COUNT),
    "remarks": validation.Text(500, multiline=True),
}
_KEYS = {"villa_id": "villa"}


@dataclass(frozen=True)
class MailDraft:
    """One item as scanned and typed at the desk."""

    villa_id: int
    number: str
    kind: MailKind
    received_at: dt.datetime | None = None  # None: now
    addressee: str = ""
    shelf: str = ""
    count: int = 1
    remarks: str = ""


def _villa(session: Session, villa_id: int) -> Villa:
    villa = session.get(Villa, villa_id)
    if villa is None:
        raise ValidationFailed({"villa": _("No such villa.")})
    return villa


def waiting_with_number(session: Session, number: str) -> MailItem | None:
    """The item with this number that is still on the shelf (a duplicate scan)."""
    return session.scalars(
        select(MailItem).where(MailItem.number == number,
                               MailItem.state == MailState.WAITING).limit(1)).first()


@needs(Permission.RECORD)
def register_item(uow: UnitOfWork, draft: MailDraft) -> MailItemRow:
    """Register one item received for a villa. Date, time, kind and number are all
    required [4.6.5]; an item whose number is already waiting is refused (scanned twice)."""
    validation.enforce(ITEM_SPEC, draft, _KEYS)
    number = validation.normalise_tracking_number(draft.number)
    now = uow.clock.now()
    received_at = (draft.received_at or now).replace(microsecond=0)
    with uow.transaction() as session:
        villa = _villa(session, draft.villa_id)
        errors: dict[str, str] = {}
        if villa.retired_on:
            errors["villa"] = _("Villa {number} is retired; new records cannot be filed "
                                "under it.").format(number=villa.number)
        if received_at > now + FUTURE_TOLERANCE:
            errors["received_at"] = _("This time is in the future.")
        twin = waiting_with_number(session, number)
        if twin is not None:
            twin_villa = session.get(Villa, twin.villa_id)
            errors["number"] = _(
                "{number} is already waiting for {villa} (registered {when}): scanned "
                "twice?").format(number=number, villa=twin_villa.number if twin_villa else "",
                                 when=twin.received_at.strftime("%Y-%m-%d %H:%M"))
        if errors:
            raise ValidationFailed(errors)
        carrier = suggest_carrier(number)
        item = MailItem(
            villa_id=villa.id, number=number, kind=MailKind(draft.kind),
            carrier=carrier.value if carrier else "", received_at=received_at,
            addressee=draft.addressee.strip(), shelf=draft.shelf.strip(),
            count=int(draft.count), remarks=draft.remarks.strip(),
            registered_by_id=uow.actor.staff_id, state=MailState.WAITING,
        )
        session.add(item)
        session.flush()
        return MailItemRow(
            id=item.id, number=number, kind=item.kind, carrier=item.carrier,
            received_at=received_at, villa_id=villa.id, villa_number=villa.number,
            addressee=item.addressee, shelf=item.shelf, count=item.count,
            remarks=item.remarks, state=item.state, notice_level=0,
            registered_by=uow.actor.name, picked_up_at=None, picked_up_by="",
            version=item.version)


EDIT_SPEC: validation.Spec = {
    "shelf": validation.Text(20), "remarks": validation.Text(500, multiline=True),
    "addressee": validation.Text(60), "count": validation.Number(1, MAX_COUNT),
}


@needs(Permission.RECORD)
def edit_item(uow: UnitOfWork, item_id: int, expected_version: int, *, shelf: str,
              remarks: str, addressee: str, count: int) -> MailItemRow:
    """Move an item to another shelf, correct the count, the addressee or the remarks.
    The number, kind and time are what was registered; a wrong one is returned to the
    register's supervisor, not overwritten."""
    validation.enforce(EDIT_SPEC, {"shelf": shelf, "remarks": remarks,
                                   "addressee": addressee, "count": count})
    with uow.transaction() as session:
        item = session.get(MailItem, item_id)
        if item is None:
            raise NotFound(_("No such mail item."))
        check_version(session, item, expected_version,
                      _("mail item {number}").format(number=item.number))
        item.shelf, item.remarks = shelf.strip(), remarks.strip()
        item.addressee, item.count = addressee.strip(), int(count)
        session.flush()
        return item_row(session, item.id)


# -- consent (代收) and authorised collectors ------------------------------------------

@dataclass(frozen=True)
class CollectorRow:
    id: int
    name: str
    relation: str
    phone: str  # as the viewer may see it
    id_doc_type: IdDocType | None
    id_doc_number: str  # as the viewer may see it
    active: bool
    version: int


@dataclass(frozen=True)
class HouseholdMail:
    """A villa's household as the mail desk needs it: consent and collectors."""

    villa_id: int
    villa_number: str
    household_id: int | None  # None: nobody lives there (no active household)
    consents: bool
    consent_note: str
    consent_version: int  # 0: never recorded
    collectors: tuple[CollectorRow, ...]


def active_household(session: Session, villa_id: int) -> Household | None:
    return session.scalars(
        select(Household).where(Household.villa_id == villa_id, Household.active.is_(True))
        .order_by(Household.id.desc()).limit(1)).first()


@needs(SIGNED_IN)
def household_mail(uow: UnitOfWork, villa_id: int) -> HouseholdMail:
    with uow.read() as session:
        villa = session.get(Villa, villa_id)
        if villa is None:
            raise NotFound(_("No such villa."))
        household = active_household(session, villa_id)
        if household is None:
            return HouseholdMail(villa.id, villa.number, None, False, "", 0, ())
        consent = session.scalars(select(MailConsent).where(
            MailConsent.household_id == household.id)).first()
        collectors = session.scalars(select(MailCollector).where(
            MailCollector.household_id == household.id).order_by(MailCollector.id)).all()
        actor = uow.actor
        return HouseholdMail(
            villa.id, villa.number, household.id,
            bool(consent and consent.consents), consent.note if consent else "",
            consent.version if consent else 0,
            tuple(CollectorRow(c.id, c.name, c.relation, phone_for(actor, c.phone),
                               c.id_doc_type, id_number_for(actor, c.id_doc_number),
                               c.active, c.version) for c in collectors))


def _household_or_refuse(session: Session, villa_id: int) -> Household:
    household = active_household(session, villa_id)
    if household is None:
        raise ValidationFailed({"villa": _("Nobody is registered as living in this villa; "
                                           "register the household first.")})
    return household


@needs(Permission.RECORD)
def set_consent(uow: UnitOfWork, villa_id: int, consents: bool, note: str = "",
                expected_version: int = 0) -> HouseholdMail:
    """Record whether the household agreed that the desk accepts parcels for it (代收)."""
    validation.enforce({"note": validation.Text(500, multiline=True)}, {"note": note})
    with uow.transaction() as session:
        household = _household_or_refuse(session, villa_id)
        consent = session.scalars(select(MailConsent).where(
            MailConsent.household_id == household.id)).first()
        if consent is None:
            session.add(MailConsent(household_id=household.id, consents=consents,
                                    noted_at=uow.clock.now(), note=note.strip()))
        else:
            check_version(session, consent, expected_version or None,
                          _("the mail consent of this household"))
            consent.consents, consent.note = consents, note.strip()
            consent.noted_at = uow.clock.now()
    return household_mail(uow, villa_id)


@dataclass(frozen=True)
class CollectorDraft:
    name: str
    relation: str
    phone: str
    id_doc_type: IdDocType | None = None
    id_doc_number: str = ""


def collector_spec(today: dt.date, doc_type: object) -> validation.Spec:
    """The fields of a person named at the desk (a collector, or whoever takes items with
    an ID document): a mainland resident ID is checked by its GB 11643 check digit, other
    documents are free text."""
    number: validation.Limit = (validation.MainlandId(today)
                                if doc_type == IdDocType.RESIDENT_ID
                                else validation.Text(40, required=True))
    return {
        "name": validation.Text(60, required=True),
        "relation": validation.Text(30, required=True),
        "phone": validation.phone,
        "id_doc_type": validation.Choice(IdDocType),
        "id_doc_number": number,
    }


def _check_collector(draft: CollectorDraft, today: dt.date) -> None:
    spec = collector_spec(today, draft.id_doc_type)
    if draft.id_doc_type is None and not draft.id_doc_number.strip():
        # A collector known to the household may be registered without a document.
        spec = {k: v for k, v in spec.items() if k not in ("id_doc_type", "id_doc_number")}
    validation.enforce(spec, draft)


@needs(Permission.RECORD)
def add_collector(uow: UnitOfWork, villa_id: int, draft: CollectorDraft) -> HouseholdMail:
    """Authorise someone to collect the household's mail; they sign like the owner."""
    _check_collector(draft, uow.clock.now().date())
    with uow.transaction() as session:
        household = _household_or_refuse(session, villa_id)
        session.add(MailCollector(
            household_id=household.id, name=draft.name.strip(),
            relation=draft.relation.strip(),
            phone=real_phone(session, draft.phone, villa_id).strip(),
            id_doc_type=draft.id_doc_type,
            id_doc_number=validation.normalise_id_number(draft.id_doc_number)
            if draft.id_doc_type == IdDocType.RESIDENT_ID else draft.id_doc_number.strip()))
    return household_mail(uow, villa_id)


@needs(Permission.RECORD)
def retire_collector(uow: UnitOfWork, collector_id: int, expected_version: int,
                     reason: str) -> None:
    """The household withdrew the authorisation: kept, no longer accepted at pick-up."""
    validation.enforce({"reason": validation.Text(500, required=True, multiline=True)},
                       {"reason": reason})
    with uow.transaction() as session:
        collector = session.get(MailCollector, collector_id)
        if collector is None:
            raise NotFound(_("No such collector."))
        check_version(session, collector, expected_version,
                      _("collector {name}").format(name=collector.name))
        collector.active, collector.retire_reason = False, reason.strip()
