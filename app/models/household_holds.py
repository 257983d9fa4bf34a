"""Holds on a household (未结事项): a finance or other matter that stops a release pass.

A household with outstanding matters cannot take furniture off the estate until the matter
is cleared, or a supervisor overrides it for one pass with a reason [DOMAIN "Release
passes"]. A hold is set by a supervisor with a reason and is never deleted: clearing it
records who, when and why, so the household file shows every hold it ever had.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import DateTime, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, str_enum
from app.models.versions import Versioned


class HoldKind(enum.StrEnum):
    FINANCE = "finance"  # 财务欠费
    OTHER = "other"  # 其他未结事项


class HouseholdHold(Versioned, Base):
    __tablename__ = "household_hold"
    __protected__ = True
    # The holds in force for a villa are read on every pass application.
    __table_args__ = (Index("ix_household_hold_villa_open", "villa_id", "cleared_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    villa_id: Mapped[int] = mapped_column(ForeignKey("villa.id"), index=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("household.id"), index=True)
    kind: Mapped[HoldKind] = mapped_column(str_enum(HoldKind, "hold_kind"))
    reason: Mapped[str] = mapped_column(Text)
    set_at: Mapped[dt.datetime] = mapped_column(DateTime)
    set_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    cleared_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    cleared_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    clear_reason: Mapped[str] = mapped_column(Text, default="")
