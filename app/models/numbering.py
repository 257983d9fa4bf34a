"""Numbered documents (编号单据): the series and every number ever issued.

Every number handed out has a row in ``numbered_document`` — nothing is ever deleted, a
voided slip keeps its number and shows who voided it, when and why, and each print is
counted in ``print_log``. This is what makes "filed in number order, counted monthly,
never altered or reused" checkable.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, str_enum


class DocumentKind(enum.StrEnum):
    DISPATCH_SLIP = "dispatch_slip"  # 派工单
    COMPLAINT = "complaint"  # 投诉处理记录
    RELEASE_PASS = "release_pass"  # 物品放行条
    MAIL_NOTICE = "mail_notice"  # 领取邮件通知


#: Default prefix and width per kind; a site may change them (site setting ``numbering``).
DEFAULT_FORMATS: dict[DocumentKind, tuple[str, int]] = {
    DocumentKind.DISPATCH_SLIP: ("PG", 6),
    DocumentKind.COMPLAINT: ("TS", 6),
    DocumentKind.RELEASE_PASS: ("FX", 6),
    DocumentKind.MAIL_NOTICE: ("YJ", 6),
}


class DocumentState(enum.StrEnum):
    ISSUED = "issued"
    VOID = "void"


class NumberSeries(Base):
    """The counter of one kind in one year. ``next_value`` only ever grows."""

    __tablename__ = "number_series"
    __table_args__ = (UniqueConstraint("kind", "year"),)
    # The counter itself is not audited; every number it hands out is (numbered_document).
    __audited__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DocumentKind] = mapped_column(str_enum(DocumentKind, "document_kind"))
    year: Mapped[int] = mapped_column(Integer)
    prefix: Mapped[str] = mapped_column(String(10))
    width: Mapped[int] = mapped_column(Integer)
    next_value: Mapped[int] = mapped_column(Integer, default=1)


class NumberedDocument(Base):
    __tablename__ = "numbered_document"
    __table_args__ = (UniqueConstraint("kind", "year", "seq"),)
    __protected__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DocumentKind] = mapped_column(str_enum(DocumentKind, "document_kind"))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int | None] = mapped_column(Integer)
    state: Mapped[DocumentState] = mapped_column(
        str_enum(DocumentState, "document_state"), default=DocumentState.ISSUED
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    voided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    voided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    void_reason: Mapped[str] = mapped_column(Text, default="")
    print_count: Mapped[int] = mapped_column(Integer, default=0)


class PrintLog(Base):
    """One row per print of a numbered document; the first is the original, later ones 补打."""

    __tablename__ = "print_log"
    __protected__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("numbered_document.id"), index=True)
    printed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    printed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)  # 1 = original print, 2+ = reprints
    mode: Mapped[str] = mapped_column(String(20), default="plain")
    printer: Mapped[str] = mapped_column(String(80), default="")
