"""Drafts: typed input kept for its typist until the form is saved or the typing discarded.

Always for ``uow.actor``: a draft is private to whoever typed it, so nobody else is ever
offered it and a call typed by one shift is never credited to the next. Drafts are scratch,
not records: no audit entry, deleted on save or discard. No tab watches the ``draft`` table,
so writing one (every pause in typing) never makes a list reload or lose its selection.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app import validation
from app.i18n import _
from app.models.drafts import Draft
from app.services.errors import ValidationFailed
from app.services.permissions import SIGNED_IN, needs
from app.services.uow import UnitOfWork


@dataclass(frozen=True)
class DraftData:
    form: str
    payload: dict[str, Any]
    updated_at: dt.datetime


def _owner(uow: UnitOfWork) -> int | None:
    # The system actor (CLI, demo) types nothing: it has no drafts.
    return uow.actor.staff_id


def _find(session: Session, staff_id: int, form: str) -> Draft | None:
    return session.scalars(
        select(Draft).where(Draft.staff_id == staff_id, Draft.form == form)).first()


#: A draft is what one form holds; far more is not something a person typed.
PAYLOAD_MAX = 64_000


def _payload_text(payload: dict[str, Any]) -> str:
    """The draft as JSON, stored and given back exactly. A text with a broken character (a
    lone surrogate, which the database cannot store as such) is kept as a JSON escape."""
    if not isinstance(payload, dict):
        raise ValidationFailed({"draft": _("A draft is a form's fields.")})
    try:
        text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        if any("\ud800" <= ch <= "\udfff" for ch in text):
            text = json.dumps(payload, ensure_ascii=True, sort_keys=True)
    except (TypeError, ValueError) as exc:
        raise ValidationFailed({"draft": _("This draft holds something that cannot be "
                                           "kept.")}) from exc
    if len(text) > PAYLOAD_MAX:
        raise ValidationFailed({"draft": _("This draft is too large to keep (at most {n} "
                                           "characters).").format(n=PAYLOAD_MAX)})
    return text


@needs(SIGNED_IN)
def save_draft(uow: UnitOfWork, form: str, payload: dict[str, Any]) -> None:
    """Keep (or replace) the actor's draft of ``form``."""
    validation.enforce({"form": validation.Text(80)}, {"form": form})
    staff_id = _owner(uow)
    if staff_id is None:
        return
    text = _payload_text(payload)
    now = uow.clock.now().replace(microsecond=0)
    with uow.transaction() as session:
        draft = _find(session, staff_id, form)
        if draft is None:
            session.add(Draft(staff_id=staff_id, form=form, payload=text, updated_at=now))
        elif draft.payload != text:
            draft.payload = text
            draft.updated_at = now


@needs(SIGNED_IN)
def load_draft(uow: UnitOfWork, form: str) -> DraftData | None:
    """The actor's draft of ``form``, or None."""
    validation.enforce({"form": validation.Text(80)}, {"form": form})
    staff_id = _owner(uow)
    if staff_id is None:
        return None
    with uow.read() as session:
        draft = _find(session, staff_id, form)
        return None if draft is None else _data(draft)


@needs(SIGNED_IN)
def discard_draft(uow: UnitOfWork, form: str) -> None:
    """Forget the actor's draft of ``form`` (saved, or its typing thrown away)."""
    validation.enforce({"form": validation.Text(80)}, {"form": form})
    staff_id = _owner(uow)
    if staff_id is None:
        return
    with uow.transaction() as session:
        session.execute(delete(Draft).where(Draft.staff_id == staff_id, Draft.form == form))


@needs(SIGNED_IN)
def drafts_of(uow: UnitOfWork) -> list[DraftData]:
    """Every draft the actor has, newest first."""
    staff_id = _owner(uow)
    if staff_id is None:
        return []
    with uow.read() as session:
        rows = session.scalars(select(Draft).where(Draft.staff_id == staff_id)
                               .order_by(Draft.updated_at.desc(), Draft.id.desc()))
        return [_data(row) for row in rows]


def _data(draft: Draft) -> DraftData:
    try:
        payload = json.loads(draft.payload)
    except ValueError:
        payload = {}
    return DraftData(draft.form, payload if isinstance(payload, dict) else {}, draft.updated_at)
