"""The one audit path: every insert and update of an audited model is logged on flush.

Listening at flush time (not in each service) means no change can slip past the log. A
create is one entry holding all values; an update is one entry per changed field (old →
new). Deleting a protected record is refused outright. Entries are hash-chained and appended
under the single ``audit_anchor`` row, locked for the transaction.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import event, insert, inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.audit import GENESIS_HASH, AuditAnchor, AuditEntry, entry_hash
from app.models.base import Base
from app.models.versions import BUMPS
from app.services.actor import SYSTEM, Actor
from app.services.errors import ServiceError

REDACTED = "***"
_REDACT = {"password_hash"}
_VOID_VALUES = {"void", True}


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _text(value: Any) -> str | None:
    if value is None:
        return None
    plain = _plain(value)
    return plain if isinstance(plain, str) else json.dumps(plain, ensure_ascii=False)


@dataclass(frozen=True)
class _Pending:
    action: str
    entity: str
    entity_id: str
    field: str
    old: str | None
    new: str | None


def _identity(obj: Base) -> str:
    # In after_flush the identity map is not updated yet; the mapper reads the new key.
    state = inspect(obj)
    key = state.identity or state.mapper.primary_key_from_instance(obj)
    return "/".join(str(part) for part in key if part is not None)


def _created(obj: Base) -> _Pending:
    values = {}
    for column in inspect(obj).mapper.column_attrs:
        if column.key in obj.__derived__:  # recomputed by the check, never logged
            continue
        value = getattr(obj, column.key)
        values[column.key] = REDACTED if column.key in _REDACT else _plain(value)
    return _Pending("create", obj.__tablename__, _identity(obj), "", None,
                    json.dumps(values, ensure_ascii=False, sort_keys=True))


def _updated(obj: Base) -> list[_Pending]:
    state = inspect(obj)
    entries: list[_Pending] = []
    is_void = False
    for column in state.mapper.column_attrs:
        if column.key in obj.__derived__:
            continue
        history = state.attrs[column.key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if _plain(old) == _plain(new):
            continue
        if column.key in ("state", "voided") and _plain(new) in _VOID_VALUES:
            is_void = True
        if column.key in _REDACT:
            old, new = (REDACTED if old else None), REDACTED
        entries.append(_Pending("update", obj.__tablename__, _identity(obj), column.key,
                                _text(old), _text(new)))
    if is_void:
        entries = [replace(e, action="void") for e in entries]
    return entries


def take_writer_lock(session: Session) -> None:
    """Queue this write transaction behind any other, before it touches a row.

    Every write ends by locking the anchor to extend the chain. On PostgreSQL, a transaction
    that first locked a work order or a number series and then waits for the anchor could
    deadlock with one holding the anchor and wanting that row; taking the anchor first gives
    every writer the same order, as SQLite's BEGIN IMMEDIATE does. (Before the first write
    of a database there is no anchor; ``append`` handles that race.)
    """
    session.execute(select(AuditAnchor.id).where(AuditAnchor.id == 1).with_for_update())


def append(session: Session, pending: list[_Pending]) -> None:
    """Write entries after the chain's head, holding the anchor row's lock."""
    if not pending:
        return
    actor: Actor = session.info.get("actor", SYSTEM)
    clock = session.info.get("clock")
    now = (clock.now() if clock else dt.datetime.now()).replace(microsecond=0)
    conn = session.connection()
    lock_anchor = (
        select(AuditAnchor.last_id, AuditAnchor.last_hash)
        .where(AuditAnchor.id == 1)
        .with_for_update()
    )
    anchor = conn.execute(lock_anchor).first()
    if anchor is None:
        # The very first write of a database. On PostgreSQL a missing row cannot be locked,
        # so another desk may be creating it too: the loser's insert waits for the winner
        # and fails; the savepoint keeps the rest of its transaction, and it then appends
        # after the winner's entries. (SQLite's BEGIN IMMEDIATE never lets two in here.)
        try:
            with conn.begin_nested():
                conn.execute(insert(AuditAnchor).values(id=1, last_id=0,
                                                        last_hash=GENESIS_HASH))
            last_id, last_hash = 0, GENESIS_HASH
        except IntegrityError:
            last_id, last_hash = conn.execute(lock_anchor).one()
    else:
        last_id, last_hash = anchor
    rows = []
    for item in pending:
        last_id += 1
        digest = entry_hash(last_hash, last_id, now, actor.staff_id, actor.agent_no,
                            item.action, item.entity, item.entity_id, item.field,
                            item.old, item.new)
        rows.append({
            "id": last_id, "at": now, "actor_id": actor.staff_id, "actor_no": actor.agent_no,
            "action": item.action, "entity": item.entity, "entity_id": item.entity_id,
            "field": item.field, "old": item.old, "new": item.new,
            "prev_hash": last_hash, "hash": digest,
        })
        last_hash = digest
    conn.execute(insert(AuditEntry), rows)
    conn.execute(
        update(AuditAnchor).where(AuditAnchor.id == 1).values(last_id=last_id, last_hash=last_hash)
    )


def record_event(session: Session, action: str, entity: str, entity_id: str = "",
                 detail: str | None = None) -> None:
    """Log something that is not a row change (a login, a print, a failed password)."""
    append(session, [_Pending(action, entity, entity_id, "", None, detail)])
    session.info.setdefault("changes", set()).add(AuditEntry.__tablename__)


@event.listens_for(Session, "before_flush")
def _refuse_deletes(session: Session, _ctx: Any, _instances: Any) -> None:
    for obj in session.deleted:
        if isinstance(obj, Base) and obj.__protected__:
            raise ServiceError(_("This record must be kept; void it instead of deleting it."))


@event.listens_for(Session, "after_flush")
def _log_changes(session: Session, _ctx: Any) -> None:
    pending: list[_Pending] = []
    changes: set[str] = session.info.setdefault("changes", set())
    for obj in session.new:
        if isinstance(obj, Base):
            changes.add(obj.__tablename__)
            if obj.__audited__:
                pending.append(_created(obj))
    for obj in session.dirty:
        if isinstance(obj, Base) and session.is_modified(obj, include_collections=False):
            changes.add(obj.__tablename__)
            if obj.__audited__:
                pending.extend(_updated(obj))
    for obj in session.deleted:
        if isinstance(obj, Base):
            changes.add(obj.__tablename__)
            if obj.__audited__:
                pending.append(_Pending("delete", obj.__tablename__, _identity(obj), "",
                                        None, None))
    # Record versions (app/models/versions.py): the flush consumes their history, so the
    # versions raised are handed over; a fee line alone also moves its order's version.
    for obj, old, new in session.info.pop(BUMPS, []):
        changes.add(obj.__tablename__)
        if obj.__audited__:
            pending.append(_Pending("update", obj.__tablename__, _identity(obj), "version",
                                    _text(old), _text(new)))
    append(session, pending)


@dataclass(frozen=True)
class TamperReport:
    ok: bool
    checked: int
    first_bad_id: int | None
    reason: str


#: The chain walk looks whether the program is closing every this many entries.
CHAIN_STOP_EVERY = 2000


def verify_chain(session: Session) -> TamperReport:
    """Walk the chain; report the first entry that was altered, removed or cut off.

    Raises ``ReplayStopped`` when the program is closing (a ten-year chain takes ~20 s, and
    the closing desk waited for all of it)."""
    from app.services.audit_replay import CLOSING, ReplayStopped  # it imports this module

    expected_prev = GENESIS_HASH
    expected_id = 1
    checked = 0
    # yield_per: read in batches (without it the ORM builds every entry of ten years before
    # the first is looked at: seconds, and a gigabyte, before closing could stop it).
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.id)
                           .execution_options(yield_per=CHAIN_STOP_EVERY)).scalars()
    try:
        for entry in rows:
            if checked % CHAIN_STOP_EVERY == 0 and CLOSING.is_set():
                raise ReplayStopped()
            if entry.id != expected_id:
                return TamperReport(False, checked, expected_id, "missing")
            if entry.prev_hash != expected_prev or entry.compute_hash() != entry.hash:
                return TamperReport(False, checked, entry.id, "altered")
            expected_prev = entry.hash
            expected_id += 1
            checked += 1
            session.expunge(entry)
    finally:
        rows.close()  # a batched read is a server-side cursor on PostgreSQL
    anchor = session.get(AuditAnchor, 1)
    last_id = anchor.last_id if anchor else 0
    last_hash = anchor.last_hash if anchor else GENESIS_HASH
    if last_id != checked or last_hash != expected_prev:
        return TamperReport(False, checked, checked + 1, "truncated")
    return TamperReport(True, checked, None, "")
