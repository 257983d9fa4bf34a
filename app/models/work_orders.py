"""Work orders and their dispatch slips (派工单), fee standard and callbacks."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from app.models.base import Base, str_enum
from app.models.phone_tails import keep_reversed
from app.models.types import FixedPoint, Money
from app.models.versions import Versioned, VersionedPart


class WorkOrderState(enum.StrEnum):
    RECEIVED = "received"  # 已受理
    DISPATCHED = "dispatched"  # 已派工
    IN_PROGRESS = "in_progress"  # 处理中
    PAUSED = "paused"  # 暂停 (待料)
    COMPLETED = "completed"  # 已完工
    CALLED_BACK = "called_back"  # 已回访
    CLOSED = "closed"  # 已关闭
    VOID = "void"  # 作废


class Department(enum.StrEnum):
    ENGINEERING = "engineering"  # 工程部
    CLEANING = "cleaning"  # 保洁
    SECURITY = "security"  # 秩序维护 / 保安
    CONTRACTOR = "contractor"  # 外包单位


class Rating(enum.StrEnum):
    SATISFIED = "satisfied"  # 满意
    FAIR = "fair"  # 基本满意
    UNSATISFIED = "unsatisfied"  # 不满意


class WorkCategory(Versioned, Base):
    """Editable list of repair categories (水、电、门窗 …)."""

    __tablename__ = "work_category"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class FeeItem(Versioned, Base):
    """One line of the fee standard (特需服务收费标准), kept by the manager."""

    __tablename__ = "fee_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    unit: Mapped[str] = mapped_column(String(10))
    price: Mapped[Decimal] = mapped_column(Money())  # exact, in 分 (app/models/types.py)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class WorkOrder(Versioned, Base):
    __tablename__ = "work_order"
    __protected__ = True
    #: Kept by the program from other audited values, never typed (``_keep_totals``;
    #: app/models/phone_tails.py).
    __derived__ = frozenset({"total", "contact_phone_reversed", "number_reversed"})
    # Each sortable list column with the id as tie-breaker: the list pages by keyset over
    # these (app/services/paging.py), in either direction, on SQLite and PostgreSQL.
    __table_args__ = (
        Index("ix_work_order_sort_received_at", "received_at", "id"),
        Index("ix_work_order_sort_state", "state", "id"),
        Index("ix_work_order_sort_department", "department", "id"),
        Index("ix_work_order_sort_assignee", "assignee", "id"),
        Index("ix_work_order_sort_total", "total", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    #: The number's digits back to front: the search finds a slip by its last digits.
    number_reversed: Mapped[str] = mapped_column(String(30), default="", index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("numbered_document.id"), unique=True)
    villa_id: Mapped[int | None] = mapped_column(ForeignKey("villa.id"), index=True)
    location: Mapped[str] = mapped_column(String(100), default="")
    contact_name: Mapped[str] = mapped_column(String(60), default="")
    contact_phone: Mapped[str] = mapped_column(String(30), default="")
    #: The contact phone's digits back to front: the search finds a phone's tail by it.
    contact_phone_reversed: Mapped[str] = mapped_column(String(30), default="", index=True)
    content: Mapped[str] = mapped_column(Text)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("work_category.id"), index=True)
    department: Mapped[Department] = mapped_column(str_enum(Department, "department"))
    # The name as dispatched and printed (a snapshot: a roster member may be renamed later,
    # and old data or an outside contractor has only the name).
    assignee: Mapped[str] = mapped_column(String(60), default="")
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("roster_member.id"), index=True)
    appointment_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    expected_completion_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    charged: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[WorkOrderState] = mapped_column(str_enum(WorkOrderState, "work_order_state"))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    dispatched_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    completed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    called_back_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    paused_reason: Mapped[str] = mapped_column(Text, default="")
    state_before_pause: Mapped[str] = mapped_column(String(24), default="")
    void_reason: Mapped[str] = mapped_column(Text, default="")
    completion_note: Mapped[str] = mapped_column(Text, default="")
    # 特殊要求 taken at reception (call before coming, pets at home): printed on every copy.
    special_requirements: Mapped[str] = mapped_column(Text, default="")
    reopen_count: Mapped[int] = mapped_column(Integer, default=0)
    taken_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("reception_entry.id"), index=True)
    #: The sum of the lines' amounts, stored so the list reads it instead of adding up
    #: every line on every page; kept current on every flush that touches a line.
    total: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0.00"))

    lines: Mapped[list[WorkOrderLine]] = relationship(
        back_populates="work_order", order_by="WorkOrderLine.id"
    )


class WorkOrderLine(VersionedPart, Base):
    """A charged item copied from the fee standard at the time (prices may change later)."""

    __tablename__ = "work_order_line"
    __protected__ = True
    # A line is saved through its order: changing it raises the order's version.
    version_parent = "work_order"

    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_order.id"), index=True)
    fee_item_id: Mapped[int | None] = mapped_column(ForeignKey("fee_item.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    unit: Mapped[str] = mapped_column(String(10))
    unit_price: Mapped[Decimal] = mapped_column(Money())
    quantity: Mapped[Decimal] = mapped_column(FixedPoint(2))  # hundredths, exact
    amount: Mapped[Decimal] = mapped_column(Money())

    work_order: Mapped[WorkOrder] = relationship(back_populates="lines")


class WorkOrderCallback(Base):
    """回访: quality, attitude and satisfaction, recorded within 24 hours of completion."""

    __tablename__ = "work_order_callback"
    __protected__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_order.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    quality: Mapped[Rating] = mapped_column(str_enum(Rating, "rating"))
    attitude: Mapped[Rating] = mapped_column(str_enum(Rating, "rating"))
    satisfaction: Mapped[Rating] = mapped_column(str_enum(Rating, "rating"))
    remarks: Mapped[str] = mapped_column(Text, default="")


class WorkOrderCallbackAttempt(Base):
    """A callback call that did not reach the owner (未接通): the callback stays due, and
    the desk can show how often it tried."""

    __tablename__ = "work_order_callback_attempt"
    __protected__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_order.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")


def order_total(order: WorkOrder) -> Decimal:
    return sum((Decimal(line.amount) for line in order.lines), Decimal("0.00"))


@event.listens_for(Session, "before_flush")
def _keep_totals(session: Session, _ctx: Any, _instances: Any) -> None:
    """Every order whose lines are new, changed or moved gets its ``total`` recomputed in
    the same flush, whatever wrote them (a service, the demo builder, a script): the list
    shows the stored total, so no write path may leave it behind."""
    orders: dict[int, WorkOrder] = {}
    with session.no_autoflush:
        for obj in [*session.new, *session.dirty]:
            if isinstance(obj, WorkOrderLine):
                if obj.work_order is None and obj.work_order_id is not None:
                    # Added by id alone: attach it, so the order's lines include it.
                    obj.work_order = session.get(WorkOrder, obj.work_order_id)
                if obj.work_order is not None:
                    orders[id(obj.work_order)] = obj.work_order
            elif isinstance(obj, WorkOrder) and obj in session.new:
                orders[id(obj)] = obj
        for order in orders.values():
            total = order_total(order)
            if order.total is None or Decimal(order.total) != total:
                order.total = total


keep_reversed(WorkOrder, "contact_phone", "contact_phone_reversed")
keep_reversed(WorkOrder, "number", "number_reversed")
