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

from app.models.drafts import Draft
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


@needs(SIGNED_IN)
def save_draft(uow: UnitOfWork, form: str, payload: dict[str, Any]) -> None:
    """Keep (or replace) the actor's draft of ``form``."""
    staff_id = _owner(uow)
    if staff_id is None:
        return
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
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
    staff_id = _owner(uow)
    if staff_id is None:
        return None
    with uow.read() as session:
        draft = _find(session, staff_id, form)
        return None if draft is None else _data(draft)


@needs(SIGNED_IN)
def discard_draft(uow: UnitOfWork, form: str) -> None:
    """Forget the actor's draft of ``form`` (saved, or its typing thrown away)."""
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
