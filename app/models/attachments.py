"""Files kept with a record: a complaint's evidence, a release pass's written consent.

The bytes live in the database, one copy per distinct content keyed by its SHA-256, so
every desk sharing a PostgreSQL database and every backup has them, and nothing is lost
when the original file on a USB stick or in Downloads moves. Neither table is ever
deleted from. ``attachment`` is audited with the hash; ``attachment_content`` is not (the
log would carry every photo twice) — reading checks the bytes against the audited hash,
so content swapped behind the program's back is found.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class Attachment(Base):
    __tablename__ = "attachment"
    __protected__ = True
    __table_args__ = (Index("ix_attachment_record", "record_type", "record_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_type: Mapped[str] = mapped_column(String(40))  # the owning table's name
    record_id: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(ForeignKey("attachment_content.sha256"), index=True)
    added_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime)


class AttachmentContent(Base):
    __tablename__ = "attachment_content"
    __protected__ = True
    __audited__ = False  # its key is its hash, checked on every read

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
