"""Release passes (物品放行条): applying, issuing, correcting and voiding a pass.

The owner (or someone the owner agreed to) applies for a pass to take bulky items off the
estate; customer service reviews and issues it [004 4.7.1–4.7.2]. Issuing is one
transaction: the consent rules and the villa's holds are checked, the number is taken
from the numbering service (series FX), the applicant's signature (pad or paper) is kept,
and a written authorisation is stored with the pass. The gate copy coming back is in
``release_pass_gate``; reading and listing in ``release_pass_queries``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import validation
from app.i18n import _
from app.models.households import Household, IdDocType, Villa
from app.models.numbering import DocumentKind, NumberedDocument
from app.models.release_passes import (
    NEEDS_CONSENT,
    ApplicantKind,
    ConsentKind,
    PassReason,
    PassState,
    ReleasePass,
    ReleasePassItem,
)
from app.services import numbering
from app.services.attachments import attach_in, read_file
from app.services.confirmations import SecondConfirmation, redeem
from app.services.errors import Conflict, ServiceError, ValidationFailed
from app.services.household_holds import holds_in_force
from app.services.households import real_phone
from app.services.permissions import Permission, allowed, needs
from app.services.privacy import mask_id_number
from app.services.record_changes import check_version
from app.services.release_pass_queries import PassDetail, detail_of, pass_for, state_title
from app.services.uow import UnitOfWork

RECORD_TYPE = "release_pass"
#: The name the pad's signature is kept under with the pass.
SIGNATURE_FILE = "signature.png"
#: How long one pass may stay open: a move takes a day or a weekend, not a month.
LONGEST_WINDOW = dt.timedelta(days=7)
#: A pass is issued for today or later; a little slack for the desk's clock.
PAST_TOLERANCE = dt.timedelta(minutes=5)
MAX_ITEMS = 40
MAX_QUANTITY = 999
SIGNATURE_MAX = 512 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

DRAFT_SPEC: validation.Spec = {
    "villa_id": validation.RecordId(optional=True),
    "applicant_kind": validation.Choice(ApplicantKind),
    "applicant_name": validation.Text(60),
    "id_doc_type": validation.Choice(IdDocType),
    "id_doc_number": validation.Text(40),
    "phone": validation.Text(30),
    "plate": validation.Text(20),
    "valid_from": validation.When(),
    "valid_until": validation.When(),
    "reason": validation.Choice(PassReason),
    "reason_note": validation.Text(500, multiline=True),
}
_KEYS = {"villa_id": "villa"}
ITEM_SPEC: validation.Spec = {
    "name": validation.Text(80),
    "quantity": validation.Number(1, MAX_QUANTITY),
    "remarks": validation.Text(200),
}
CONSENT_SPEC: validation.Spec = {
    "kind": validation.Choice(ConsentKind),
    "note": validation.Text(500, multiline=True),
}


@dataclass(frozen=True)
class PassItemInput:
    """One line of the item list: what, how many, and anything the guard should know."""

    name: str
    quantity: int
    remarks: str = ""


@dataclass(frozen=True)
class PassDraft:
    """What the desk types in from the application."""

    villa_id: int | None
    applicant_kind: ApplicantKind
    applicant_name: str
    id_doc_type: IdDocType
    id_doc_number: str
    phone: str
    plate: str
    valid_from: dt.datetime
    valid_until: dt.datetime
    reason: PassReason
    items: tuple[PassItemInput, ...]
    reason_note: str = ""


@dataclass(frozen=True)
class Consent:
    """The owner's consent for a tenant, agent or mover: a written authorisation scanned
    (``files``) or a phone call confirmed by a second staff member (``confirmation``)."""

    kind: ConsentKind = ConsentKind.NOT_NEEDED
    note: str = ""
    #: Paths of the scans the desk chose (as text: what a file dialog hands over).
    files: tuple[str, ...] = ()
    confirmation: SecondConfirmation | None = None


@dataclass(frozen=True)
class Signature:
    """The applicant's signature: drawn on the pad (PNG), or on the paper copy."""

    png: bytes | None = None
    on_paper: bool = False


# -- checks ------------------------------------------------------------------------------

def _draft_errors(session: Session, draft: PassDraft, now: dt.datetime,
                  kept: ReleasePass | None = None) -> dict[str, str]:
    errors = validation.check(DRAFT_SPEC, draft, _KEYS)
    if errors and not validation.readable(DRAFT_SPEC, draft):
        return errors
    if not draft.villa_id:
        errors.setdefault("villa", _("Choose the villa the items leave from."))
    else:
        villa = session.get(Villa, draft.villa_id)
        if villa is None:
            errors["villa"] = _("No such villa.")
        elif villa.retired_on and not (kept and kept.villa_id == villa.id):
            errors["villa"] = _("Villa {number} is retired; new records cannot be filed "
                                "under it.").format(number=villa.number)
    for name, message in (("applicant_name", _("Who applies? Give the name.")),
                          ("id_doc_number", _("Give the number of the ID document shown.")),
                          ("phone", _("Give a phone number to reach the applicant."))):
        if name not in errors and not str(getattr(draft, name)).strip():
            errors[name] = message
    if "id_doc_number" not in errors and draft.id_doc_type == IdDocType.RESIDENT_ID:
        message = validation.mainland_id_number(draft.id_doc_number, now.date())
        if message:
            errors["id_doc_number"] = message
    if "phone" not in errors:
        message = validation.phone(draft.phone)
        if message:
            errors["phone"] = message
    if "valid_from" not in errors and "valid_until" not in errors:
        if draft.valid_until <= draft.valid_from:
            errors["valid_until"] = _("The window must end after it starts.")
        elif draft.valid_until - draft.valid_from > LONGEST_WINDOW:
            errors["valid_until"] = _("A pass is valid for at most {days} days; issue "
                                      "another for a later day.").format(
                days=LONGEST_WINDOW.days)
        elif kept is None and draft.valid_until < now - PAST_TOLERANCE:
            errors["valid_until"] = _("This window is already over.")
    if draft.reason == PassReason.OTHER and "reason_note" not in errors \
            and not draft.reason_note.strip():
        errors["reason_note"] = _("Say why the items leave.")
    message = _items_error(draft.items)
    if message:
        errors["items"] = message
    return errors


def _items_error(items: object) -> str | None:
    if not isinstance(items, tuple | list):
        return _("List the items that leave.")
    if not items:
        return _("List at least one item that leaves.")
    if len(items) > MAX_ITEMS:
        return _("At most {n} lines; put the rest on another pass.").format(n=MAX_ITEMS)
    for item in items:
        if not isinstance(item, PassItemInput):
            return _("List the items that leave.")
        line_errors = validation.check(ITEM_SPEC, item)
        if line_errors:
            return next(iter(line_errors.values()))
        if not item.name.strip():
            return _("Every line needs the item's name.")
    return None


def _check_signature(signature: Signature) -> None:
    if not isinstance(signature, Signature) or not isinstance(signature.on_paper, bool):
        raise ValidationFailed({"signature": _("The applicant signs on the pad or on the "
                                               "paper copy.")})
    png = signature.png
    if png is not None and (not isinstance(png, bytes) or not png.startswith(PNG_MAGIC)
                            or len(png) > SIGNATURE_MAX):
        raise ValidationFailed({"signature": _("The signature could not be read; ask the "
                                               "applicant to sign again.")})
    if png is None and not signature.on_paper:
        raise ValidationFailed({"signature": _("The applicant signs on the pad, or tick "
                                               "“signed on paper”.")})


def _consent_errors(draft: PassDraft, consent: Consent) -> dict[str, str]:
    if not isinstance(consent, Consent):
        return {"consent": _("Say how the owner agreed.")}
    errors = validation.check(CONSENT_SPEC, consent, {"kind": "consent", "note": "consent_note"})
    if errors:
        return errors
    kind = ConsentKind(consent.kind)
    if ApplicantKind(draft.applicant_kind) not in NEEDS_CONSENT:
        return {}
    if kind == ConsentKind.NOT_NEEDED:
        return {"consent": _("A tenant, agent or mover needs the owner's consent: a written "
                             "authorisation on file, or the owner's confirmation by phone "
                             "confirmed by a second staff member.")}
    if kind == ConsentKind.WRITTEN and not consent.files:
        return {"consent": _("Attach the scan of the owner's written authorisation.")}
    if kind == ConsentKind.PHONE:
        if consent.confirmation is None:
            return {"consent": _("A second staff member confirms the owner's call.")}
        if not consent.note.strip():
            return {"consent_note": _("Who was called, on which number, and what they "
                                      "said.")}
    return {}


def _needs_override(session: Session, uow: UnitOfWork, villa_id: int,
                    override_reason: str) -> tuple[int | None, str]:
    """The supervisor and reason letting a pass through the villa's holds, or (None, "")
    when there is none in force."""
    holds = holds_in_force(session, villa_id)
    if not holds:
        return None, ""
    listed = "；".join(hold.reason for hold in holds)
    if not override_reason.strip():
        raise ValidationFailed({"hold": _(
            "This household has outstanding matters: {matters}. A pass can be issued once "
            "they are cleared, or if a supervisor overrides them with a reason.").format(
            matters=listed)})
    if not allowed(uow.actor, Permission.OVERRIDE):
        raise ValidationFailed({"hold": _(
            "Only a supervisor may override the household's outstanding matters "
            "({matters}).").format(matters=listed)})
    return uow.actor.staff_id, override_reason.strip()


def _household_id(session: Session, villa_id: int) -> int | None:
    return session.scalar(select(Household.id).where(
        Household.villa_id == villa_id, Household.active.is_(True))
        .order_by(Household.id.desc()).limit(1))


def _clean(draft: PassDraft) -> PassDraft:
    return replace(
        draft, applicant_name=draft.applicant_name.strip(),
        id_doc_number=(validation.normalise_id_number(draft.id_doc_number)
                       if draft.id_doc_type == IdDocType.RESIDENT_ID
                       else draft.id_doc_number.strip()),
        phone=validation.normalize_phone(draft.phone), plate=draft.plate.strip().upper(),
        reason_note=draft.reason_note.strip(),
        valid_from=draft.valid_from.replace(second=0, microsecond=0),
        valid_until=draft.valid_until.replace(second=0, microsecond=0),
        items=tuple(PassItemInput(i.name.strip(), i.quantity, i.remarks.strip())
                    for i in draft.items))


def _apply(record: ReleasePass, draft: PassDraft) -> None:
    record.villa_id = draft.villa_id  # type: ignore[assignment]
    record.applicant_kind = ApplicantKind(draft.applicant_kind)
    record.applicant_name = draft.applicant_name
    record.id_doc_type = IdDocType(draft.id_doc_type)
    record.id_doc_number = draft.id_doc_number
    record.phone = draft.phone
    record.plate = draft.plate
    record.valid_from = draft.valid_from
    record.valid_until = draft.valid_until
    record.reason = PassReason(draft.reason)
    record.reason_note = draft.reason_note


def _set_items(session: Session, record: ReleasePass, items: tuple[PassItemInput, ...]) -> None:
    """The lines as typed. A line taken off keeps its row with quantity 0 (rows of a
    numbered record are never deleted); lines are matched by position."""
    existing = {line.position: line for line in record.items}
    for position, item in enumerate(items, start=1):
        line = existing.pop(position, None)
        if line is None:
            session.add(ReleasePassItem(release_pass=record, position=position,
                                        name=item.name, quantity=item.quantity,
                                        remarks=item.remarks))
            continue
        if (line.name, line.quantity, line.remarks) != (item.name, item.quantity,
                                                        item.remarks):
            line.name, line.quantity, line.remarks = item.name, item.quantity, item.remarks
    for line in existing.values():
        line.quantity = 0


def _scans(paths: tuple[str, ...]) -> list[tuple[str, bytes]]:
    """The chosen scans' names and bytes, or the reason beside the consent why not."""
    found = []
    for text in paths:
        if not isinstance(text, str) or not text.strip() or "\0" in text:
            raise ValidationFailed({"consent": _("Choose the scan of the authorisation "
                                                 "again.")})
        path = Path(text)
        try:
            found.append((path.name, read_file(path)))
        except ServiceError as exc:
            raise ValidationFailed({"consent": exc.message}) from None
        except (OSError, ValueError):
            raise ValidationFailed({"consent": _("The scan {path} cannot be read.").format(
                path=text)}) from None
    return found


def _kept_id(shown: str, stored: str) -> str:
    """The stored ID number when the form sends back its masked form unchanged."""
    return stored if "*" in shown and mask_id_number(stored) == shown.strip() else shown


def _staff_id(uow: UnitOfWork) -> int:
    if uow.actor.staff_id is None:
        raise Conflict(_("Only a signed-in staff member issues a pass."))
    return uow.actor.staff_id


# -- actions -----------------------------------------------------------------------------

@needs(Permission.RECORD, note="overriding a hold needs OVERRIDE (a supervisor)")
def issue_pass(uow: UnitOfWork, draft: PassDraft, consent: Consent, signature: Signature,
               hold_override_reason: str = "") -> PassDetail:
    """Review the application and issue the numbered pass.

    Refused, beside the fields, when: something required is missing; a tenant, agent or
    mover has no consent on file or confirmed; the villa's household has outstanding
    matters and no supervisor overrode them with a reason; the applicant has not signed."""
    now = uow.clock.now()
    validation.enforce({"hold_override_reason": validation.REASON},
                       {"hold_override_reason": hold_override_reason}, {
                           "hold_override_reason": "hold"})
    errors = {}
    with uow.transaction() as session:
        if isinstance(draft, PassDraft) and validation.readable(DRAFT_SPEC, draft):
            # The owner's phone as the picker showed it (masked) stands for the stored one.
            draft = replace(draft, phone=real_phone(session, draft.phone, draft.villa_id))
        if isinstance(draft, PassDraft):
            errors = _draft_errors(session, draft, now)
            if not errors:
                errors.update(_consent_errors(draft, consent))
        else:
            errors = {"villa": _("Fill in the application.")}
        if errors:
            raise ValidationFailed(errors)
        _check_signature(signature)
        draft = _clean(draft)
        assert draft.villa_id is not None
        staff_id = _staff_id(uow)
        override_by, override_reason = _needs_override(session, uow, draft.villa_id,
                                                       hold_override_reason)
        confirmed_by = None
        if consent.kind == ConsentKind.PHONE and consent.confirmation is not None \
                and ApplicantKind(draft.applicant_kind) in NEEDS_CONSENT:
            confirmed_by = redeem(session, consent.confirmation, uow.actor, now)
        files = (_scans(consent.files) if ConsentKind(consent.kind) == ConsentKind.WRITTEN
                 else [])
        document = numbering.allocate(session, DocumentKind.RELEASE_PASS,
                                      record_type=RECORD_TYPE, actor=uow.actor, now=now)
        needed = ApplicantKind(draft.applicant_kind) in NEEDS_CONSENT
        record = ReleasePass(
            number=document.number, document_id=document.id,
            household_id=_household_id(session, draft.villa_id),
            consent=ConsentKind(consent.kind) if needed else ConsentKind.NOT_NEEDED,
            consent_note=consent.note.strip() if needed else "",
            consent_confirmed_by_id=confirmed_by,
            hold_override_by_id=override_by, hold_override_reason=override_reason,
            signed_on_paper=signature.png is None,
            state=PassState.ISSUED, issued_at=now, issued_by_id=staff_id,
            guard_name="", gate_note="", late_override_reason="", void_reason="",
        )
        if signature.png is not None:
            # Named before the first flush, so the new pass is written once (version 1).
            record.signature_sha256 = hashlib.sha256(signature.png).hexdigest()
        _apply(record, draft)
        session.add(record)
        _set_items(session, record, draft.items)
        session.flush()
        document.record_id = record.id
        for name, data in files if needed else []:
            attach_in(session, staff_id, now, RECORD_TYPE, record.id, name, data)
        if signature.png is not None:
            attach_in(session, staff_id, now, RECORD_TYPE, record.id, SIGNATURE_FILE,
                      signature.png)
        session.flush()
        return detail_of(session, record, now)


@needs(Permission.RECORD)
def edit_pass(uow: UnitOfWork, pass_id: int, draft: PassDraft,
              expected_version: int | None = None) -> PassDetail:
    """Correct an issued pass not yet back from the gate (a plate, the window, an item).
    Who applies, for which villa, stays: that is what the consent and the holds were
    checked for; a different applicant takes a new pass."""
    now = uow.clock.now()
    with uow.transaction() as session:
        record = pass_for(session, pass_id)
        check_version(session, record, expected_version,
                      _("Release pass {number}").format(number=record.number))
        if record.state != PassState.ISSUED:
            raise Conflict(_("{number} is {state}; only a pass not yet used can be "
                             "corrected.").format(number=record.number,
                                                  state=state_title(record.state)))
        if not isinstance(draft, PassDraft):
            raise ValidationFailed({"villa": _("Fill in the application.")})
        if validation.readable(DRAFT_SPEC, draft):
            # What the form showed masked and sent back unchanged stands for the stored.
            draft = replace(
                draft, phone=real_phone(session, draft.phone, draft.villa_id, record.phone),
                id_doc_number=_kept_id(draft.id_doc_number, record.id_doc_number))
        errors = _draft_errors(session, draft, now, kept=record)
        if not errors and (draft.villa_id != record.villa_id
                           or ApplicantKind(draft.applicant_kind) != record.applicant_kind):
            errors["applicant_kind"] = _("The villa and who applies cannot change on an "
                                         "issued pass; void it and issue a new one.")
        if errors:
            raise ValidationFailed(errors)
        draft = _clean(draft)
        # One flush for the pass and its lines: one version step for one correction.
        with session.no_autoflush:
            _apply(record, draft)
            _set_items(session, record, draft.items)
        session.flush()
        return detail_of(session, record, now)


@needs(Permission.VOID_DOCUMENT)
def void_pass(uow: UnitOfWork, pass_id: int, reason: str,
              expected_version: int | None = None) -> PassDetail:
    """Void keeps the number (and every copy printed of it) with who, when and why."""
    validation.enforce({"reason": validation.REASON}, {"reason": reason})
    if not reason.strip():
        raise ValidationFailed({"reason": _("Give a reason for voiding.")})
    now = uow.clock.now()
    with uow.transaction() as session:
        record = pass_for(session, pass_id)
        check_version(session, record, expected_version,
                      _("Release pass {number}").format(number=record.number))
        if record.state == PassState.USED:
            raise Conflict(_("{number} was used at the gate; a used pass is not voided.")
                           .format(number=record.number))
        document = session.get(NumberedDocument, record.document_id)
        assert document is not None
        numbering.void(session, document, actor=uow.actor, reason=reason, now=now)
        record.state = PassState.VOID
        record.void_reason = reason.strip()
        session.flush()
        return detail_of(session, record, now)
