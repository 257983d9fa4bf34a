"""Complaints (投诉) and their handling record (《顾客投诉处理记录表》).

A complaint is numbered (series TS), classified three ways — responsibility 一类/二类/三类
[001 4.1–4.3], severity 普通/严重/紧急 [002 第十条, 003 3.6], validity 有效/无效 [003 3.6.3]
— each with who decided and when; it runs against the deadline rules of
``app.models.deadlines`` and escalates level by level while overdue [001 5.4.5]; it closes
(消单) only after a callback with a satisfied complainant [001 5.4.6, 004 4.3.12].
Every step that matters later (a classification changed and why, an escalation, a
callback) is a ``ComplaintStep`` row, so the record shows its own history in order.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, str_enum
from app.models.phone_tails import keep_reversed
from app.models.versions import Versioned


class ComplaintState(enum.StrEnum):
    OPEN = "open"  # 处理中 (received, being investigated)
    HANDLED = "handled"  # 已处理: result recorded, callback due
    CLOSED = "closed"  # 已消单: called back, complainant satisfied
    VOID = "void"  # 作废 (number kept)


class Channel(enum.StrEnum):
    PHONE = "phone"  # 电话
    VISIT = "visit"  # 来访
    LETTER = "letter"  # 信函
    EMAIL = "email"  # 电子邮件
    ONLINE = "online"  # 网络 / 公众号
    DEPARTMENT = "department"  # 其他部门转来
    GOVERNMENT = "government"  # 政府部门转来


class LetterKind(enum.StrEnum):
    """The written letter a complaint calls for besides its handling record."""

    DEVELOPER_REPORT = "developer_report"  # 二类: written report to the developer
    NOTICE = "notice"  # 三类: written notice to the relevant body
    EXPLANATION = "explanation"  # 无效: explanation record
    ESCALATION_NOTICE = "escalation_notice"  # a level with no account at the desk


class Category(enum.StrEnum):
    """What the complaint is about: the monthly report's bars and the repeat check."""

    ATTITUDE = "attitude"  # 服务态度
    REPAIR = "repair"  # 维修
    CLEANING = "cleaning"  # 保洁
    LANDSCAPING = "landscaping"  # 绿化
    SECURITY = "security"  # 安全 / 秩序
    NOISE = "noise"  # 噪音
    PARKING = "parking"  # 停车
    FEES = "fees"  # 收费
    COMMON_AREA = "common_area"  # 公共设施
    NEIGHBOUR = "neighbour"  # 邻里纠纷
    BUILDING = "building"  # 房屋质量 (often 二类)
    OUTSIDE = "outside"  # 外部环境 (often 三类)
    OTHER = "other"  # 其他


#: The categories of the public summary (common area, public interest, neighbour disputes
#: [001 5.6.3]).
PUBLIC_CATEGORIES = frozenset({Category.CLEANING, Category.LANDSCAPING, Category.SECURITY,
                               Category.NOISE, Category.PARKING, Category.COMMON_AREA,
                               Category.NEIGHBOUR})


class Responsibility(enum.StrEnum):
    PROPERTY = "property"  # 一类: property-service faults
    DEVELOPER = "developer"  # 二类: developer's building quality / supporting facilities
    EXTERNAL = "external"  # 三类: outside the managed area


class Severity(enum.StrEnum):
    GENERAL = "general"  # 普通 / 一般
    SERIOUS = "serious"  # 严重 / 重大
    URGENT = "urgent"  # 紧急


class Validity(enum.StrEnum):
    VALID = "valid"  # 有效
    INVALID = "invalid"  # 无效


class Level(enum.StrEnum):
    """Who a complaint sits with; overdue moves it one level up [001 5.4.5]."""

    SPECIALIST = "specialist"  # 客服专员
    SUPERVISOR = "supervisor"  # 客服主管
    PROJECT_MANAGER = "project_manager"  # 项目经理
    GENERAL_MANAGER = "general_manager"  # 总经理


LEVELS = (Level.SPECIALIST, Level.SUPERVISOR, Level.PROJECT_MANAGER, Level.GENERAL_MANAGER)


class ComplaintDepartment(enum.StrEnum):
    CUSTOMER_SERVICE = "customer_service"  # 客服部
    ENGINEERING = "engineering"  # 工程部
    CLEANING = "cleaning"  # 保洁部
    SECURITY = "security"  # 秩序维护部
    LANDSCAPING = "landscaping"  # 绿化部
    MANAGEMENT = "management"  # 管理处
    DEVELOPER = "developer"  # 开发商
    OUTSIDE = "outside"  # 外部单位


class CallbackMethod(enum.StrEnum):
    PHONE = "phone"  # 电话 (needs a second staff member's confirmation)
    VISIT = "visit"  # 上门


class CallbackOutcome(enum.StrEnum):
    SATISFIED = "satisfied"  # 满意 → 消单
    UNSATISFIED = "unsatisfied"  # 不满意 → reopened
    NOT_REACHED = "not_reached"  # 未联系上 → callback stays due


class StepKind(enum.StrEnum):
    OPENED = "opened"
    CLASSIFIED = "classified"  # a classification set or changed (field, old → new, reason)
    REPORTED = "reported"  # reported to the supervisor
    RESPONDED = "responded"  # the responsible department responded
    STEPPED_IN = "stepped_in"  # the supervisor stepped in (serious / urgent)
    CONTACTED = "contacted"  # other units contacted the complainant (三类)
    EXPLAINED = "explained"  # invalid: explained to the complainant
    HANDLED = "handled"  # cause, responsibility, measures, result recorded
    ESCALATED = "escalated"  # overdue → the next level
    CALLBACK = "callback"  # a callback (outcome in ``new``)
    REOPENED = "reopened"
    CLOSED = "closed"
    VOIDED = "voided"


class Complaint(Versioned, Base):
    __tablename__ = "complaint"
    __protected__ = True
    __derived__ = frozenset({"number_reversed", "phone_reversed"})
    __table_args__ = (
        Index("ix_complaint_sort_received_at", "received_at", "id"),
        Index("ix_complaint_sort_state", "state", "id"),
        Index("ix_complaint_sort_category", "category", "id"),
        Index("ix_complaint_sort_severity", "severity", "id"),
        Index("ix_complaint_sort_level", "level", "id"),
        # The repeat check: the same villa and category within some days.
        Index("ix_complaint_villa_category", "villa_id", "category", "received_at"),
        # The search's one- and two-character names (a range on SQLite).
        Index("ix_complaint_complainant", "complainant"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    number_reversed: Mapped[str] = mapped_column(String(30), default="", index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("numbered_document.id"), unique=True)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("reception_entry.id"), index=True)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, "complaint_channel"))
    complainant: Mapped[str] = mapped_column(String(60), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    phone_reversed: Mapped[str] = mapped_column(String(30), default="", index=True)
    villa_id: Mapped[int | None] = mapped_column(ForeignKey("villa.id"), index=True)
    #: A non-resident complainant (a visitor, a neighbour outside the resort) or a place.
    location: Mapped[str] = mapped_column(String(100), default="")
    category: Mapped[Category] = mapped_column(str_enum(Category, "complaint_category"))
    content: Mapped[str] = mapped_column(Text)
    demands: Mapped[str] = mapped_column(Text, default="")
    first_contact_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    department: Mapped[ComplaintDepartment] = mapped_column(
        str_enum(ComplaintDepartment, "complaint_department"))
    responsible_person: Mapped[str] = mapped_column(String(60), default="")

    responsibility: Mapped[Responsibility | None] = mapped_column(
        str_enum(Responsibility, "complaint_responsibility"))
    responsibility_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    responsibility_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    severity: Mapped[Severity] = mapped_column(str_enum(Severity, "complaint_severity"))
    severity_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    severity_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    validity: Mapped[Validity | None] = mapped_column(str_enum(Validity, "complaint_validity"))
    validity_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    validity_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    #: The earlier complaint this repeats (same villa and category within the set days).
    repeat_of_id: Mapped[int | None] = mapped_column(ForeignKey("complaint.id"), index=True)

    state: Mapped[ComplaintState] = mapped_column(str_enum(ComplaintState, "complaint_state"))
    level: Mapped[Level] = mapped_column(str_enum(Level, "complaint_level"))
    reported_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    responded_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    stepped_in_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    contacted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    explained_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    handled_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    called_back_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    investigation: Mapped[str] = mapped_column(Text, default="")
    cause: Mapped[str] = mapped_column(Text, default="")
    measures: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(Text, default="")
    #: 难点: the supervisor calls back personally within 24 hours [000 三.2].
    difficult: Mapped[bool] = mapped_column(Boolean, default=False)
    reopen_count: Mapped[int] = mapped_column(Integer, default=0)
    void_reason: Mapped[str] = mapped_column(Text, default="")
    taken_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)


class ComplaintStep(Base):
    """One step of a complaint's history: a classification and its reason, an escalation
    with its level, a callback with its outcome and confirming colleague."""

    __tablename__ = "complaint_step"
    __protected__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id"), index=True)
    kind: Mapped[StepKind] = mapped_column(str_enum(StepKind, "complaint_step_kind"))
    #: When it happened (an escalation: when the deadline passed).
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    field: Mapped[str] = mapped_column(String(30), default="")
    old: Mapped[str] = mapped_column(String(40), default="")
    new: Mapped[str] = mapped_column(String(40), default="")
    level: Mapped[str] = mapped_column(String(24), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    method: Mapped[str] = mapped_column(String(24), default="")
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)


keep_reversed(Complaint, "number", "number_reversed")
keep_reversed(Complaint, "phone", "phone_reversed")


class ComplaintMonthNote(Versioned, Base):
    """The supervisor's corrective and preventive actions for one month's analysis
    [001 5.6.1, 003 3.7.7]."""

    __tablename__ = "complaint_month_note"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # "2026-10"
    actions: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
