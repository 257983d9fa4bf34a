"""Complaints (投诉): opening, classifying, handling, escalating, calling back, closing.

The register that never lets a complaint be forgotten [001; 002 第十条; 003 §3; 004 4.3]:
numbered TS from the numbering service, three classifications each with who and when
(changing one needs a reason), deadlines from the rule table, escalation level by level,
a callback for every complaint (a phone callback confirmed by a second staff member), and
closure (消单) only with a satisfied complainant. One transaction per action; the audit
listener records every field, and ``ComplaintStep`` rows give the history in words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import validation
from app.i18n import _
from app.models.complaints import (
    CallbackMethod,
    CallbackOutcome,
    Category,
    Channel,
    Complaint,
    ComplaintDepartment,
    ComplaintMonthNote,
    ComplaintState,
    ComplaintStep,
    Level,
    Responsibility,
    Severity,
    StepKind,
    Validity,
)
from app.models.households import Villa
from app.models.numbering import DocumentKind, DocumentState, NumberedDocument
from app.models.reception import EntryClass, ReceptionEntry
from app.services import numbering
from app.services.complaint_deadlines import escalations, initial_level
from app.services.complaint_queries import (
    ComplaintDetail,
    DeadlineContext,
    complaint_for,
    detail_of,
    levels_since,
    times_of,
)
from app.services.confirmations import SecondConfirmation, redeem
from app.services.errors import Conflict, NotFound, ValidationFailed
from app.services.households import real_phone
from app.services.permissions import SIGNED_IN, Permission, needs
from app.services.record_changes import check_version
from app.services.short_numbers import phone_check
from app.services.uow import UnitOfWork
from app.settings import COMPLAINT_REPEAT_DAYS, read_setting

RECORD_TYPE = "complaint"
FUTURE_TOLERANCE = dt.timedelta(minutes=5)

DRAFT_SPEC: validation.Spec = {
    "channel": validation.Choice(Channel),
    "complainant": validation.Text(60),
    "phone": validation.Text(30),
    "villa_id": validation.RecordId(optional=True),
    "location": validation.Text(100),
    "category": validation.Choice(Category),
    "content": validation.Text(4000, multiline=True),
    "demands": validation.Text(2000, multiline=True),
    "department": validation.Choice(ComplaintDepartment),
    "responsible_person": validation.Text(60),
    "severity": validation.Choice(Severity),
    "received_at": validation.When(optional=True),
    "entry_id": validation.RecordId(optional=True),
}
_DRAFT_KEYS = {"villa_id": "villa", "entry_id": "entry"}
HANDLING_SPEC: validation.Spec = {
    "investigation": validation.Text(4000, multiline=True),
    "cause": validation.Text(2000, multiline=True),
    "measures": validation.Text(2000, multiline=True),
    "result": validation.Text(2000, multiline=True),
    "difficult": validation.Flag(),
}
NOTE_SPEC: validation.Spec = {"reason": validation.REASON,
                              "remarks": validation.Text(1000, multiline=True),
                              "actions": validation.Text(8000, multiline=True)}


def on_the_minute(value: dt.datetime) -> dt.datetime:
    return value.replace(second=0, microsecond=0)


def _now(uow: UnitOfWork) -> dt.datetime:
    return on_the_minute(uow.clock.now())


@dataclass(frozen=True)
class ComplaintDraft:
    """What the desk types to open or edit a complaint."""

    channel: Channel
    category: Category
    content: str
    department: ComplaintDepartment = ComplaintDepartment.CUSTOMER_SERVICE
    complainant: str = ""
    phone: str = ""
    villa_id: int | None = None
    location: str = ""  # a non-resident, or where (when no villa)
    demands: str = ""
    responsible_person: str = ""
    severity: Severity = Severity.GENERAL  # opening only; later through classify
    received_at: dt.datetime | None = None  # None: the reception entry's time, else now
    entry_id: int | None = None


@dataclass(frozen=True)
class HandlingInput:
    """调查情况, 原因及责任, 纠正措施, 处理结果 of the handling record."""

    investigation: str
    cause: str
    measures: str
    result: str
    difficult: bool = False


@dataclass(frozen=True)
class RepeatHint:
    """An earlier complaint of the same villa and category within the set days."""

    complaint_id: int
    number: str
    received_at: dt.datetime
    days: int


def _staff_id(uow: UnitOfWork) -> int:
    if uow.actor.staff_id is None:
        raise Conflict(_("Sign in to record a complaint."))
    return uow.actor.staff_id


def _step(session: Session, complaint: Complaint, kind: StepKind, at: dt.datetime,
          by_id: int | None, **fields: object) -> ComplaintStep:
    step = ComplaintStep(complaint_id=complaint.id, kind=kind, at=at, by_id=by_id,
                         field=str(fields.get("field", "")), old=str(fields.get("old", "")),
                         new=str(fields.get("new", "")), level=str(fields.get("level", "")),
                         reason=str(fields.get("reason", "")),
                         method=str(fields.get("method", "")),
                         confirmed_by_id=fields.get("confirmed_by_id"))  # type: ignore[arg-type]
    session.add(step)
    return step


def _check_draft(session: Session, draft: ComplaintDraft, phone: str,
                 received_at: dt.datetime, now: dt.datetime,
                 kept: Complaint | None = None) -> None:
    errors = validation.collect({
        "content": (validation.required, draft.content),
        "phone": (phone_check(session), phone),
    })
    if not draft.villa_id and not draft.location.strip():
        errors["location"] = _("Give the villa, or who the complainant is (a non-resident) "
                               "and where.")
    villa = session.get(Villa, draft.villa_id) if draft.villa_id else None
    if draft.villa_id and villa is None:
        errors["villa"] = _("No such villa.")
    elif villa is not None and villa.retired_on and not (kept and kept.villa_id == villa.id):
        errors["villa"] = _("Villa {number} is retired; new records cannot be filed under "
                            "it.").format(number=villa.number)
    if received_at > now + FUTURE_TOLERANCE:
        errors["received_at"] = _("The time received cannot be in the future.")
    if errors:
        raise ValidationFailed(errors)


def _entry_for(session: Session, entry_id: int) -> ReceptionEntry:
    entry = session.get(ReceptionEntry, entry_id)
    if entry is None:
        raise NotFound(_("No such reception record."))
    if entry.voided:
        raise Conflict(_("This record was voided."))
    if entry.entry_class != EntryClass.COMPLAINT:
        raise Conflict(_("Only a reception record of class complaint becomes a complaint."))
    existing = session.scalar(select(Complaint.number).where(
        Complaint.entry_id == entry_id, Complaint.state != ComplaintState.VOID))
    if existing:
        raise Conflict(_("Complaint {number} was already opened from this record.")
                       .format(number=existing))
    return entry


def _repeat_of(session: Session, villa_id: int | None, category: Category,
               received_at: dt.datetime, exclude: int | None = None) -> RepeatHint | None:
    if villa_id is None:
        return None
    days = int(read_setting(session, COMPLAINT_REPEAT_DAYS))
    query = (select(Complaint.id, Complaint.number, Complaint.received_at)
             .where(Complaint.villa_id == villa_id, Complaint.category == category,
                    Complaint.received_at >= received_at - dt.timedelta(days=days),
                    Complaint.received_at <= received_at,
                    Complaint.state != ComplaintState.VOID)
             .order_by(Complaint.received_at.desc()).limit(2))
    for row_id, number, at in session.execute(query).all():
        if row_id != exclude:
            return RepeatHint(row_id, number, at, days)
    return None


def _apply(c: Complaint, draft: ComplaintDraft, phone: str) -> None:
    c.channel = draft.channel
    c.category = draft.category
    c.content = draft.content.strip()
    c.demands = draft.demands.strip()
    c.department = draft.department
    c.complainant = draft.complainant.strip()
    c.phone = validation.normalize_phone(phone) if phone.strip() else ""
    c.villa_id = draft.villa_id or None
    c.location = draft.location.strip()
    c.responsible_person = draft.responsible_person.strip()


@needs(SIGNED_IN)
def repeat_hint(uow: UnitOfWork, villa_id: int | None, category: Category,
                received_at: dt.datetime | None = None) -> RepeatHint | None:
    """What the form shows while typing: is this a repeat (so suggest serious)?"""
    with uow.read() as session:
        return _repeat_of(session, villa_id, category, received_at or _now(uow))


@needs(Permission.RECORD)
def open_complaint(uow: UnitOfWork, draft: ComplaintDraft,
                   evidence: tuple[tuple[str, bytes], ...] = ()) -> ComplaintDetail:
    """Open a numbered complaint (TS…); ``evidence`` files (name, bytes) are kept with it."""
    validation.enforce(DRAFT_SPEC, draft, _DRAFT_KEYS)
    now = _now(uow)
    staff_id = _staff_id(uow)
    with uow.transaction() as session:
        entry = _entry_for(session, draft.entry_id) if draft.entry_id else None
        phone = real_phone(session, draft.phone, draft.villa_id,
                           entry.contact_phone if entry else "")
        received_at = on_the_minute(draft.received_at or (entry.occurred_at if entry else now))
        _check_draft(session, draft, phone, received_at, now)
        repeat = _repeat_of(session, draft.villa_id, draft.category, received_at)
        document = numbering.allocate(session, DocumentKind.COMPLAINT, record_type=RECORD_TYPE,
                                      actor=uow.actor, now=now, year=received_at.year)
        level = initial_level(draft.severity)
        c = Complaint(number=document.number, document_id=document.id,
                      entry_id=entry.id if entry else None, received_at=received_at,
                      first_contact_id=entry.taken_by_id if entry else staff_id,
                      taken_by_id=staff_id, severity=draft.severity, severity_by_id=staff_id,
                      severity_at=now, state=ComplaintState.OPEN, level=level,
                      repeat_of_id=repeat.complaint_id if repeat else None,
                      reopen_count=0, difficult=False, investigation="", cause="",
                      measures="", result="", void_reason="")
        _apply(c, draft, phone)
        if level == Level.SUPERVISOR:
            c.reported_at = now  # a serious complaint goes to the supervisor at once
        session.add(c)
        session.flush()
        document.record_id = c.id
        _step(session, c, StepKind.OPENED, received_at, staff_id, level=level.value,
              new=draft.severity.value)
        if evidence:
            from app.services.attachments import attach_in
            for name, data in evidence:
                attach_in(session, staff_id, now, RECORD_TYPE, c.id, name, data)
        session.flush()
        return detail_of(session, c, uow.actor, now)


def _open_for_change(session: Session, complaint_id: int,
                     expected_version: int | None) -> Complaint:
    c = complaint_for(session, complaint_id)
    check_version(session, c, expected_version, _("Complaint {number}").format(number=c.number))
    if c.state == ComplaintState.VOID:
        raise Conflict(_("Complaint {number} was voided.").format(number=c.number))
    return c


@needs(Permission.RECORD)
def edit_complaint(uow: UnitOfWork, complaint_id: int, draft: ComplaintDraft,
                   expected_version: int | None = None) -> ComplaintDetail:
    """Correct what was typed (not the classifications: they change with a reason)."""
    validation.enforce(DRAFT_SPEC, draft, _DRAFT_KEYS)
    now = _now(uow)
    with uow.transaction() as session:
        c = _open_for_change(session, complaint_id, expected_version)
        if c.state == ComplaintState.CLOSED:
            raise Conflict(_("Complaint {number} is closed.").format(number=c.number))
        phone = real_phone(session, draft.phone, draft.villa_id, c.phone)
        _check_draft(session, draft, phone, c.received_at, now, kept=c)
        _apply(c, draft, phone)
        session.flush()
        return detail_of(session, c, uow.actor, now)


_CLASS_FIELDS = {"responsibility": Responsibility, "severity": Severity, "validity": Validity}


@needs(Permission.CLASSIFY_COMPLAINT)
def classify(uow: UnitOfWork, complaint_id: int, responsibility: Responsibility | None = None,
             severity: Severity | None = None, validity: Validity | None = None,
             reason: str = "", expected_version: int | None = None) -> ComplaintDetail:
    """Set the classifications given (None: leave as is). Changing one already decided
    needs a reason; each records who decided and when. Serious or urgent sends a
    complaint still with the specialist to the supervisor."""
    validation.enforce({"reason": NOTE_SPEC["reason"]}, {"reason": reason})
    now = _now(uow)
    staff_id = _staff_id(uow)
    with uow.transaction() as session:
        c = _open_for_change(session, complaint_id, expected_version)
        if c.state == ComplaintState.CLOSED:
            raise Conflict(_("Complaint {number} is closed.").format(number=c.number))
        given = {"responsibility": responsibility, "severity": severity, "validity": validity}
        changes = {name: value for name, value in given.items()
                   if value is not None and getattr(c, name) != value}
        changing = [name for name in changes if getattr(c, name) is not None]
        if changing and not reason.strip():
            raise ValidationFailed({"reason": _("Say why the classification changes.")})
        for name, value in changes.items():
            old = getattr(c, name)
            setattr(c, name, value)
            setattr(c, f"{name}_by_id", staff_id)
            setattr(c, f"{name}_at", now)
            _step(session, c, StepKind.CLASSIFIED, now, staff_id, field=name,
                  old=old.value if old is not None else "", new=value.value,
                  reason=reason.strip(), level=c.level.value)
        if (changes.get("severity") in (Severity.SERIOUS, Severity.URGENT)
                and c.level == Level.SPECIALIST and c.state == ComplaintState.OPEN):
            c.level = Level.SUPERVISOR
            c.reported_at = c.reported_at or now
            _step(session, c, StepKind.ESCALATED, now, staff_id, level=Level.SUPERVISOR.value,
                  reason=_("serious or urgent"))
        session.flush()
        return detail_of(session, c, uow.actor, now)


_PROGRESS = {StepKind.REPORTED: "reported_at", StepKind.RESPONDED: "responded_at",
             StepKind.CONTACTED: "contacted_at", StepKind.EXPLAINED: "explained_at"}


@needs(Permission.RECORD)
def record_progress(uow: UnitOfWork, complaint_id: int, kind: StepKind, note: str = "",
                    expected_version: int | None = None) -> ComplaintDetail:
    """Reported to the supervisor, the department responded, other units contacted the
    complainant, an invalid complaint explained: each stops its deadline."""
    validation.enforce({"note": NOTE_SPEC["remarks"]}, {"note": note})
    if kind not in _PROGRESS:
        raise ValidationFailed({"kind": _("Not a step the desk records here.")})
    now = _now(uow)
    with uow.transaction() as session:
        c = _open_for_change(session, complaint_id, expected_version)
        if getattr(c, _PROGRESS[kind]) is None:
            setattr(c, _PROGRESS[kind], now)
            _step(session, c, kind, now, _staff_id(uow), reason=note.strip(),
                  level=c.level.value)
        session.flush()
        return detail_of(session, c, uow.actor, now)


@needs(Permission.CLASSIFY_COMPLAINT)
def step_in(uow: UnitOfWork, complaint_id: int, note: str = "",
            expected_version: int | None = None) -> ComplaintDetail:
    """The supervisor steps in on a serious or urgent complaint (1 hour [002 第十条.3])."""
    validation.enforce({"note": NOTE_SPEC["remarks"]}, {"note": note})
    now = _now(uow)
    with uow.transaction() as session:
        c = _open_for_change(session, complaint_id, expected_version)
        if c.stepped_in_at is None:
            c.stepped_in_at = now
            c.reported_at = c.reported_at or now
            _step(session, c, StepKind.STEPPED_IN, now, _staff_id(uow), reason=note.strip(),
                  level=c.level.value)
        session.flush()
        return detail_of(session, c, uow.actor, now)


@needs(Permission.RECORD)
def record_handling(uow: UnitOfWork, complaint_id: int, handling: HandlingInput,
                    expected_version: int | None = None) -> ComplaintDetail:
    """The investigation, cause and responsibility, corrective measures and result; the
    complaint is handled and its callback falls due. An invalid one: the explanation."""
    validation.enforce(HANDLING_SPEC, handling)
    now = _now(uow)
    with uow.transaction() as session:
        c = _open_for_change(session, complaint_id, expected_version)
        if c.state != ComplaintState.OPEN:
            raise Conflict(_("Complaint {number} is not open.").format(number=c.number))
        errors = validation.collect({"result": (validation.required, handling.result)})
        if c.validity != Validity.INVALID:
            errors |= validation.collect({"cause": (validation.required, handling.cause)})
        if errors:
            raise ValidationFailed(errors)
        c.investigation, c.cause = handling.investigation.strip(), handling.cause.strip()
        c.measures, c.result = handling.measures.strip(), handling.result.strip()
        c.difficult = bool(handling.difficult)
        c.handled_at = now
        c.responded_at = c.responded_at or now
        if c.validity == Validity.INVALID:
            c.explained_at = c.explained_at or now
        c.state = ComplaintState.HANDLED
        _step(session, c, StepKind.HANDLED, now, _staff_id(uow), level=c.level.value)
        session.flush()
        return detail_of(session, c, uow.actor, now)


@needs(Permission.RECORD)
def record_callback(uow: UnitOfWork, complaint_id: int, method: CallbackMethod,
                    outcome: CallbackOutcome, remarks: str = "",
                    confirmation: SecondConfirmation | None = None,
                    expected_version: int | None = None) -> ComplaintDetail:
    """回访 [001 5.4.2]: satisfied → closed (消单); unsatisfied → reopened (the remarks
    say why); not reached → the callback stays due. A phone callback is confirmed by a
    second staff member (who signs in to confirm at this desk)."""
    validation.enforce({"remarks": NOTE_SPEC["remarks"]}, {"remarks": remarks})
    now = _now(uow)
    staff_id = _staff_id(uow)
    with uow.transaction() as session:
        c = _open_for_change(session, complaint_id, expected_version)
        if c.state != ComplaintState.HANDLED:
            raise Conflict(_("Complaint {number} has no result to call back about yet.")
                           .format(number=c.number))
        if outcome == CallbackOutcome.UNSATISFIED and not remarks.strip():
            raise ValidationFailed({"remarks": _("Say what the complainant is unhappy "
                                                 "with.")})
        confirmed_by = None
        if method == CallbackMethod.PHONE and outcome != CallbackOutcome.NOT_REACHED:
            if confirmation is None:
                raise ValidationFailed({"confirmation": _(
                    "A phone callback is confirmed by a second staff member.")})
            confirmed_by = redeem(session, confirmation, uow.actor, uow.clock.now())
        _step(session, c, StepKind.CALLBACK, now, staff_id, method=method.value,
              new=outcome.value, reason=remarks.strip(), confirmed_by_id=confirmed_by,
              level=c.level.value)
        if outcome == CallbackOutcome.SATISFIED:
            c.called_back_at = now
            c.state, c.closed_at = ComplaintState.CLOSED, now
            _step(session, c, StepKind.CLOSED, now, staff_id)
        elif outcome == CallbackOutcome.UNSATISFIED:
            c.called_back_at = None
            c.state, c.handled_at = ComplaintState.OPEN, None
            c.reopen_count = (c.reopen_count or 0) + 1
            _step(session, c, StepKind.REOPENED, now, staff_id, reason=remarks.strip())
        session.flush()
        return detail_of(session, c, uow.actor, now)


@needs(Permission.RECORD)
def close_complaint(uow: UnitOfWork, complaint_id: int) -> ComplaintDetail:
    """Closing is the satisfied callback; there is no other way to close (100% callback
    [004 4.3.12])."""
    with uow.read() as session:
        c = complaint_for(session, complaint_id)
        if c.state == ComplaintState.CLOSED:
            raise Conflict(_("Complaint {number} is already closed.").format(number=c.number))
        raise Conflict(_("Complaint {number} closes only after a callback in which the "
                         "complainant is satisfied.").format(number=c.number))


@needs(Permission.VOID_DOCUMENT)
def void_complaint(uow: UnitOfWork, complaint_id: int, reason: str,
                   expected_version: int | None = None) -> ComplaintDetail:
    """Void (the number stays, with who, when and why)."""
    validation.enforce({"reason": NOTE_SPEC["reason"]}, {"reason": reason})
    if not reason.strip():
        raise ValidationFailed({"reason": _("Say why the complaint is voided.")})
    now = _now(uow)
    with uow.transaction() as session:
        c = _open_for_change(session, complaint_id, expected_version)
        c.state, c.void_reason = ComplaintState.VOID, reason.strip()
        document = session.get(NumberedDocument, c.document_id)
        if document is not None:
            document.state, document.voided_at = DocumentState.VOID, now
            document.voided_by_id, document.void_reason = uow.actor.staff_id, reason.strip()
        _step(session, c, StepKind.VOIDED, now, _staff_id(uow), reason=reason.strip())
        session.flush()
        return detail_of(session, c, uow.actor, now)


@dataclass(frozen=True)
class Escalation:
    complaint_id: int
    number: str
    level: Level
    at: dt.datetime


@needs(SIGNED_IN, note="any desk that is open records the escalations that fell due")
def escalate_due(uow: UnitOfWork) -> list[Escalation]:
    """Move every overdue open complaint up, one level per passed deadline, each step
    recorded at the moment its deadline passed [001 5.4.5]."""
    now = uow.clock.now()
    done: list[Escalation] = []
    with uow.transaction() as session:
        context = DeadlineContext.load(session)
        found = list(session.scalars(select(Complaint).where(
            Complaint.state == ComplaintState.OPEN)))
        since = levels_since(session, found)
        for c in found:
            steps = escalations(times_of(c, since[c.id]), context.rules, context.calendar, now)
            for level, at in steps:
                c.level = level
                if level == Level.SUPERVISOR:
                    c.reported_at = c.reported_at or at
                _step(session, c, StepKind.ESCALATED, at, None, level=level.value,
                      reason=_("overdue"))
                done.append(Escalation(c.id, c.number, level, at))
            if steps:
                session.flush()
    return done


@needs(Permission.CLASSIFY_COMPLAINT)
def set_month_actions(uow: UnitOfWork, year: int, month: int, actions: str,
                      expected_version: int | None = None) -> int:
    """The supervisor's corrective and preventive actions of a month's analysis; returns
    the note's version."""
    validation.enforce(validation.MONTH_SPEC, {"year": year, "month": month})
    validation.enforce({"actions": NOTE_SPEC["actions"]}, {"actions": actions})
    key = f"{year:04d}-{month:02d}"
    with uow.transaction() as session:
        note = session.get(ComplaintMonthNote, key)
        if note is None:
            note = ComplaintMonthNote(month=key, actions="")
            session.add(note)
        else:
            check_version(session, note, expected_version,
                          _("Corrective actions of {month}").format(month=key))
        note.actions = actions.strip()
        note.updated_by_id, note.updated_at = uow.actor.staff_id, _now(uow)
        session.flush()
        return note.version


def draft_of(detail: ComplaintDetail) -> ComplaintDraft:
    """The form's fields of a saved complaint (for an edit)."""
    return ComplaintDraft(
        channel=detail.channel, category=detail.category, content=detail.content,
        department=detail.department, complainant=detail.complainant, phone=detail.phone,
        villa_id=detail.villa_id, location=detail.location, demands=detail.demands,
        responsible_person=detail.responsible_person, severity=detail.severity,
        received_at=detail.received_at, entry_id=detail.entry_id)



@dataclass(frozen=True)
class EntryForComplaint:
    """A reception record of class 投诉, ready to become a complaint."""

    entry_id: int
    villa_id: int | None
    villa_number: str
    caller_name: str
    contact_phone: str  # as the viewer may see it
    content: str
    occurred_at: dt.datetime


@needs(Permission.RECORD)
def entry_for_complaint(uow: UnitOfWork, entry_id: int) -> EntryForComplaint:
    from app.services.privacy import phone_for
    with uow.read() as session:
        entry = _entry_for(session, entry_id)
        villa = session.get(Villa, entry.villa_id) if entry.villa_id else None
        return EntryForComplaint(entry.id, entry.villa_id, villa.number if villa else "",
                                 entry.caller_name, phone_for(uow.actor, entry.contact_phone),
                                 entry.content, entry.occurred_at)
