"""Promised answers (承诺答复): an inquiry nobody could answer on the spot [000 一.6].

The desk asks up first; if the answer is still unknown it records the question and
promises the caller an answer within the ``INQUIRY_ANSWER`` deadline (24 hours by default),
counted from when the caller asked, not from when someone typed it in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app import validation
from app.i18n import _
from app.models.deadlines import DeadlineEvent
from app.models.households import Villa
from app.models.reception import EntryClass, InquiryPromise, ReceptionEntry
from app.models.staff import Staff
from app.services.actor import Actor
from app.services.deadlines import due_at
from app.services.errors import Conflict, NotFound, ValidationFailed
from app.services.permissions import SIGNED_IN, Permission, needs
from app.services.privacy import phone_for
from app.services.uow import UnitOfWork

ANSWER_MAX = 2000


def _pairs(session: Session, query: Select[tuple[int, str]]) -> dict[int, str]:
    """id → label from a two-column query."""
    return {key: value for key, value in session.execute(query)}


@dataclass(frozen=True)
class PromiseRow:
    id: int
    entry_id: int
    villa_number: str
    caller_name: str
    contact_phone: str
    question: str
    asked_at: dt.datetime
    taken_by_name: str  # the first-contact owner who has to see it through
    due_at: dt.datetime
    answered_at: dt.datetime | None
    answered_by_name: str
    answer: str
    overdue: bool  # still open after the deadline (as of the read)

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


def create_promise(session: Session, entry: ReceptionEntry) -> InquiryPromise:
    """Attach a promise to an inquiry inside the caller's transaction."""
    if entry.entry_class != EntryClass.INQUIRY:
        raise Conflict(_("Only an inquiry can be promised an answer."))
    if entry.voided:
        raise Conflict(_("This record was voided."))
    existing = session.scalar(select(InquiryPromise.id).where(InquiryPromise.entry_id == entry.id))
    if existing is not None:
        raise Conflict(_("An answer has already been promised for this inquiry."))
    promise = InquiryPromise(
        entry_id=entry.id,
        due_at=due_at(session, DeadlineEvent.INQUIRY_ANSWER, entry.occurred_at),
        answer="",
    )
    session.add(promise)
    session.flush()
    return promise


def _rows(session: Session, promises: list[InquiryPromise], now: dt.datetime) -> list[PromiseRow]:
    if not promises:
        return []
    entries = {
        e.id: e for e in session.scalars(
            select(ReceptionEntry).where(ReceptionEntry.id.in_({p.entry_id for p in promises}))
        )
    }
    viewer: Actor = session.info["actor"]  # phones as this viewer may see them
    villa_ids = {e.villa_id for e in entries.values() if e.villa_id is not None}
    villas = _pairs(session, select(Villa.id, Villa.number).where(Villa.id.in_(villa_ids)))
    staff_ids = {e.taken_by_id for e in entries.values()}
    staff_ids |= {p.answered_by_id for p in promises if p.answered_by_id is not None}
    names = _pairs(session, select(Staff.id, Staff.name).where(Staff.id.in_(staff_ids)))
    rows = []
    for p in promises:
        e = entries[p.entry_id]
        rows.append(PromiseRow(
            id=p.id, entry_id=e.id,
            villa_number=villas.get(e.villa_id, "") if e.villa_id is not None else "",
            caller_name=e.caller_name, contact_phone=phone_for(viewer, e.contact_phone),
            question=e.content,
            asked_at=e.occurred_at, taken_by_name=names.get(e.taken_by_id, ""),
            due_at=p.due_at, answered_at=p.answered_at,
            answered_by_name=names.get(p.answered_by_id, "") if p.answered_by_id else "",
            answer=p.answer, overdue=p.answered_at is None and p.due_at < now,
        ))
    return rows


@needs(Permission.RECORD)
def promise_answer(uow: UnitOfWork, entry_id: int) -> PromiseRow:
    """Promise an answer for an inquiry that was logged without one."""
    with uow.transaction() as session:
        entry = session.get(ReceptionEntry, entry_id)
        if entry is None:
            raise NotFound(_("No such reception record."))
        promise = create_promise(session, entry)
        return _rows(session, [promise], uow.clock.now())[0]


@needs(Permission.RECORD)
def answer_promise(uow: UnitOfWork, promise_id: int, answer: str) -> PromiseRow:
    """Record the answer given to the caller; late answers are recorded too, and stay late."""
    validation.enforce({"answer": validation.Text(ANSWER_MAX, multiline=True)},
                       {"answer": answer})
    answer = answer.strip()
    if not answer:
        raise ValidationFailed({"answer": _("Write down the answer given to the caller.")})
    if len(answer) > ANSWER_MAX:
        raise ValidationFailed({"answer": _("The answer is too long.")})
    with uow.transaction() as session:
        promise = session.get(InquiryPromise, promise_id)
        if promise is None:
            raise NotFound(_("No such promise."))
        if promise.answered_at is not None:
            raise Conflict(_("This inquiry has already been answered."))
        promise.answer = answer
        promise.answered_at = uow.clock.now()
        promise.answered_by_id = uow.actor.staff_id
        session.flush()
        return _rows(session, [promise], uow.clock.now())[0]


@needs(SIGNED_IN)
def open_promises(uow: UnitOfWork) -> list[PromiseRow]:
    """Every unanswered promise, the most urgent first."""
    with uow.read() as session:
        promises = list(session.scalars(
            select(InquiryPromise)
            .join(ReceptionEntry, ReceptionEntry.id == InquiryPromise.entry_id)
            .where(InquiryPromise.answered_at.is_(None), ReceptionEntry.voided.is_(False))
            .order_by(InquiryPromise.due_at, InquiryPromise.id)
        ))
        return _rows(session, promises, uow.clock.now())


@needs(SIGNED_IN)
def promise_for_entry(uow: UnitOfWork, entry_id: int) -> PromiseRow | None:
    with uow.read() as session:
        promise = session.scalar(select(InquiryPromise).where(InquiryPromise.entry_id == entry_id))
        return _rows(session, [promise], uow.clock.now())[0] if promise else None
