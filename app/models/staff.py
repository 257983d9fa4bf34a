"""Staff accounts (工号) and their roles."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Boolean, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, str_enum
from app.models.versions import Versioned


class Role(enum.StrEnum):
    RECEPTIONIST = "receptionist"  # 前台接待 / 客服专员
    SUPERVISOR = "supervisor"  # 客服主管
    MANAGER = "manager"  # 项目经理 / 管理处主任


class Staff(Versioned, Base):
    __tablename__ = "staff"
    __protected__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    agent_no: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    role: Mapped[Role] = mapped_column(str_enum(Role, "staff_role"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
