"""The standard answer book (答客问题汇编): the same question gets the same answer [000 一.6].

Everyone at the desk searches it while the caller waits; supervisors keep it up to date.
Entries are deactivated, never deleted, so an answer once given can still be looked up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, or_, select

from app import validation
from app.i18n import _
from app.models.reception import AnswerBookEntry
from app.models.staff import Staff
from app.services.errors import NotFound, ValidationFailed
from app.services.permissions import SIGNED_IN, Permission, allowed, needs
from app.services.record_changes import check_version
from app.services.uow import UnitOfWork

_MAX_LEN = {"topic": 40, "question": 1000, "answer": 4000, "keywords": 200}
ANSWER_SPEC: validation.Spec = {
    "topic": validation.Text(_MAX_LEN["topic"]),
    "question": validation.Text(_MAX_LEN["question"], multiline=True),
    "answer": validation.Text(_MAX_LEN["answer"], multiline=True),
    "keywords": validation.Text(_MAX_LEN["keywords"]),
}
#: The most entries one search returns.
LIST_LIMIT = 500


@dataclass(frozen=True)
class AnswerDraft:
    topic: str
    question: str
    answer: str
    keywords: str = ""


@dataclass(frozen=True)
class AnswerRow:
    id: int
    topic: str
    question: str
    answer: str
    keywords: str
    active: bool
    updated_at: dt.datetime
    updated_by_name: str
    version: int = 1  # passed back by the editor (app/services/record_changes.py)


def _row(entry: AnswerBookEntry, names: dict[int, str]) -> AnswerRow:
    return AnswerRow(entry.id, entry.topic, entry.question, entry.answer, entry.keywords,
                     entry.active, entry.updated_at,
                     names.get(entry.updated_by_id, "") if entry.updated_by_id else "",
                     entry.version)


def _validate(draft: AnswerDraft) -> None:
    validation.enforce(ANSWER_SPEC, draft)
    errors = validation.collect({
        "question": (validation.required, draft.question),
        "answer": (validation.required, draft.answer),
    })
    for field, limit in _MAX_LEN.items():
        if field not in errors and len(getattr(draft, field).strip()) > limit:
            errors[field] = _("At most {n} characters.").format(n=limit)
    if errors:
        raise ValidationFailed(errors)


def _normalized_keywords(text: str) -> str:
    # People type 、，; or spaces between keywords; store one form so search can rely on it.
    for sep in "、，,;；":
        text = text.replace(sep, " ")
    return " ".join(text.split())


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@needs(SIGNED_IN, note="inactive entries only with EDIT_ANSWER_BOOK")
def search_answers(uow: UnitOfWork, text: str, include_inactive: bool = False,
                   limit: int = 100) -> list[AnswerRow]:
    """Entries matching every word of ``text`` in topic, question, answer or keywords."""
    validation.enforce({"text": validation.search_text,
                        "limit": validation.Number(1, LIST_LIMIT)}, {"text": text, "limit": limit})
    show_inactive = include_inactive and allowed(uow.actor, Permission.EDIT_ANSWER_BOOK)
    with uow.read() as session:
        query = select(AnswerBookEntry)
        for word in text.split():
            pattern = "%" + _escape_like(word) + "%"
            # ilike: SQLite's LIKE ignores ASCII case, PostgreSQL's does not ("wifi" must
            # find "WiFi" on both); on SQLite it is lower() LIKE lower(), the same rows.
            query = query.where(or_(*(
                column.ilike(pattern, escape="\\") for column in (
                    AnswerBookEntry.topic, AnswerBookEntry.question,
                    AnswerBookEntry.answer, AnswerBookEntry.keywords)
            )))
        if not show_inactive:
            query = query.where(AnswerBookEntry.active.is_(True))
        entries = list(session.scalars(
            query.order_by(AnswerBookEntry.active.desc(), AnswerBookEntry.topic,
                           AnswerBookEntry.id).limit(limit)
        ))
        ids = {e.updated_by_id for e in entries if e.updated_by_id is not None}
        names = {i: n for i, n in session.execute(
            select(Staff.id, Staff.name).where(Staff.id.in_(ids)))}
        # Hits in the question or keywords first: that is what the caller asked.
        words = text.split()

        def strength(e: AnswerBookEntry) -> int:
            return -sum((w in e.question) + (w in e.keywords) for w in words)

        return [_row(e, names) for e in sorted(entries, key=strength)]


@needs(SIGNED_IN)
def topics(uow: UnitOfWork) -> list[str]:
    with uow.read() as session:
        return list(session.scalars(
            select(AnswerBookEntry.topic).distinct()
            .where(and_(AnswerBookEntry.topic != "", AnswerBookEntry.active.is_(True)))
            .order_by(AnswerBookEntry.topic)
        ))


def _save(uow: UnitOfWork, entry_id: int | None, draft: AnswerDraft,
          expected_version: int | None = None) -> AnswerRow:
    _validate(draft)
    with uow.transaction() as session:
        if entry_id is None:
            entry = AnswerBookEntry(active=True)
            session.add(entry)
        else:
            found = session.get(AnswerBookEntry, entry_id)
            if found is None:
                raise NotFound(_("No such answer book entry."))
            entry = found
            check_version(session, entry, expected_version, entry.question)
        entry.topic = draft.topic.strip()
        entry.question = draft.question.strip()
        entry.answer = draft.answer.strip()
        entry.keywords = _normalized_keywords(draft.keywords)
        entry.updated_at = uow.clock.now()
        entry.updated_by_id = uow.actor.staff_id
        session.flush()
        return _row(entry, {uow.actor.staff_id: uow.actor.name} if uow.actor.staff_id else {})


@needs(Permission.EDIT_ANSWER_BOOK)
def create_answer(uow: UnitOfWork, draft: AnswerDraft) -> AnswerRow:
    return _save(uow, None, draft)


@needs(Permission.EDIT_ANSWER_BOOK)
def update_answer(uow: UnitOfWork, entry_id: int, draft: AnswerDraft, *,
                  expected_version: int | None = None) -> AnswerRow:
    return _save(uow, entry_id, draft, expected_version)


@needs(Permission.EDIT_ANSWER_BOOK)
def set_answer_active(uow: UnitOfWork, entry_id: int, active: bool) -> AnswerRow:
    """Withdraw an outdated answer (or bring it back); it is kept for the record."""
    with uow.transaction() as session:
        entry = session.get(AnswerBookEntry, entry_id)
        if entry is None:
            raise NotFound(_("No such answer book entry."))
        entry.active = active
        entry.updated_at = uow.clock.now()
        entry.updated_by_id = uow.actor.staff_id
        session.flush()
        return _row(entry, {uow.actor.staff_id: uow.actor.name} if uow.actor.staff_id else {})
