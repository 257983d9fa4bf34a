"""Drafts (草稿): what someone typed into a form and has not saved yet.

A draft is working scratch, not a record: it belongs to the staff member who typed it, is
never audited, and is deleted once the form is saved or its typing discarded. One draft per
person and form (``form`` names the form, e.g. ``reception.entry`` or ``work_orders.edit:12``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class Draft(Base):
    __tablename__ = "draft"
    # Scratch: keeping every keystroke in the audit log would bury the real changes.
    __audited__ = False
    __table_args__ = (UniqueConstraint("staff_id", "form"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    form: Mapped[str] = mapped_column(String(80))
    payload: Mapped[str] = mapped_column(Text)  # JSON object of the form's fields
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
