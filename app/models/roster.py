"""The roster (派工名册): technicians and other department staff who receive slips.

They do not sign in; the desk picks them in a work order instead of typing a name, so the
same person is spelt the same way on every slip and can be counted.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, str_enum
from app.models.versions import Versioned
from app.models.work_orders import Department


class RosterMember(Versioned, Base):
    __tablename__ = "roster_member"
    # A member who left is made inactive: old slips still name them.
    __protected__ = True
    # The roster list's sortable columns, each with the id as tie-breaker (keyset paging).
    __table_args__ = (
        Index("ix_roster_member_sort_name", "name", "id"),
        Index("ix_roster_member_sort_department", "department", "id"),
        Index("ix_roster_member_sort_active", "active", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    department: Mapped[Department] = mapped_column(str_enum(Department, "department"))
    phone: Mapped[str] = mapped_column(String(30), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
