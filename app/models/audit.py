"""The append-only, hash-chained audit log (操作日志).

Each entry's hash covers its own content and the previous entry's hash, so altering or
removing an entry breaks the chain from that point on. ``AuditAnchor`` remembers the last
entry, so cutting entries off the end is noticed too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base

GENESIS_HASH = "0" * 64


class AuditEntry(Base):
    __tablename__ = "audit_entry"
    __audited__ = False
    __protected__ = True
    # One record's history (the timeline, "changed since", the replay): entity, then id.
    __table_args__ = (Index("ix_audit_entry_entity_record", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor_no: Mapped[str] = mapped_column(String(10), default="")
    action: Mapped[str] = mapped_column(String(20))  # create / update / void / login …
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(40), default="", index=True)
    field: Mapped[str] = mapped_column(String(60), default="")
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    def compute_hash(self) -> str:
        return entry_hash(
            self.prev_hash,
            self.id,
            self.at,
            self.actor_id,
            self.actor_no,
            self.action,
            self.entity,
            self.entity_id,
            self.field,
            self.old,
            self.new,
        )


class AuditAnchor(Base):
    """A single row: the id and hash of the newest entry. Also the lock for appending."""

    __tablename__ = "audit_anchor"
    __audited__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default=GENESIS_HASH)


def entry_hash(
    prev_hash: str,
    entry_id: int,
    at: dt.datetime,
    actor_id: int | None,
    actor_no: str,
    action: str,
    entity: str,
    entity_id: str,
    field: str,
    old: str | None,
    new: str | None,
) -> str:
    payload = json.dumps(
        [
            prev_hash,
            entry_id,
            at.replace(microsecond=0).isoformat(),
            actor_id,
            actor_no,
            action,
            entity,
            entity_id,
            field,
            old,
            new,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
