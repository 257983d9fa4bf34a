"""Reception records (接待登记): every call and visit, the answer book, promises, reviews."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, str_enum
from app.models.phone_tails import keep_reversed
from app.models.versions import Versioned


class Channel(enum.StrEnum):
    PHONE = "phone"  # 来电
    VISIT = "visit"  # 来访
    OTHER = "other"  # 其他 (WeChat, letter …)


class EntryClass(enum.StrEnum):
    REPAIR = "repair"  # 报修
    INQUIRY = "inquiry"  # 咨询
    COMPLAINT = "complaint"  # 投诉
    HELP = "help"  # 求助


class ReceptionEntry(Versioned, Base):
    """One call or visit. ``taken_by`` is the first-contact owner (首问责任人)."""

    __tablename__ = "reception_entry"
    __protected__ = True
    #: Kept from the contact phone (app/models/phone_tails.py), never typed nor logged.
    __derived__ = frozenset({"contact_phone_reversed"})
    # Each sortable list column with the id as tie-breaker (keyset paging, any direction).
    __table_args__ = (
        # Also holds the class and the voided flag: the class counts of a date range are
        # read from this index alone.
        Index("ix_reception_entry_sort_occurred_at", "occurred_at", "id", "entry_class",
              "voided"),
        # The time too: sorted by another column over a wide range, the list walks this
        # index and skips records outside the range without reading them (0010).
        Index("ix_reception_entry_sort_entry_class", "entry_class", "id", "occurred_at"),
        Index("ix_reception_entry_sort_channel", "channel", "id", "occurred_at"),
        Index("ix_reception_entry_sort_caller_name", "caller_name", "id", "occurred_at"),
        # A villa's, a person's or a class's records in time order, for the list filtered
        # by one of them (the staff index also holds what the class counts need).
        Index("ix_reception_entry_villa_occurred_at", "villa_id", "occurred_at", "id"),
        Index("ix_reception_entry_taken_by_occurred_at", "taken_by_id", "occurred_at", "id",
              "entry_class", "voided"),
        Index("ix_reception_entry_class_occurred_at", "entry_class", "occurred_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, "channel"))
    entry_class: Mapped[EntryClass] = mapped_column(str_enum(EntryClass, "entry_class"))
    caller_name: Mapped[str] = mapped_column(String(60))
    villa_id: Mapped[int | None] = mapped_column(ForeignKey("villa.id"))
    contact_phone: Mapped[str] = mapped_column(String(30), default="")
    #: The contact phone's digits back to front: the search finds a phone's tail by it.
    contact_phone_reversed: Mapped[str] = mapped_column(String(30), default="", index=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    back_entered: Mapped[bool] = mapped_column(Boolean, default=False)  # 补录
    content: Mapped[str] = mapped_column(Text)
    appointment_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    special_requirements: Mapped[str] = mapped_column(Text, default="")
    taken_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    voided: Mapped[bool] = mapped_column(Boolean, default=False)
    void_reason: Mapped[str] = mapped_column(Text, default="")


class AnswerBookEntry(Versioned, Base):
    """A standard answer (答客问题汇编): the same question gets the same answer."""

    __tablename__ = "answer_book_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    topic: Mapped[str] = mapped_column(String(40), default="")
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    keywords: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)


class InquiryPromise(Base):
    """An inquiry nobody could answer on the spot: promised an answer within 24 hours."""

    __tablename__ = "inquiry_promise"
    __protected__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("reception_entry.id"), unique=True)
    due_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    # Indexed: the open promises (answered_at IS NULL) are counted on every refresh.
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime, index=True)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    answer: Mapped[str] = mapped_column(Text, default="")


class DailyReview(Base):
    """A supervisor's signature under one day's reception records [000 一.4]."""

    __tablename__ = "daily_review"
    __protected__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, unique=True)
    signed_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    signed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    remarks: Mapped[str] = mapped_column(Text, default="")
    entry_count: Mapped[int] = mapped_column(Integer, default=0)


keep_reversed(ReceptionEntry, "contact_phone", "contact_phone_reversed")
