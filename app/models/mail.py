"""The mail register (邮件收发): items received for the villas, their pick-up, the
notifications and printed notices, and who may collect a household's parcels [004 4.6].

An item is registered with date, time, kind and number — no field left out [4.6.5] — and
waits on a shelf until the owner, a registered family member or an authorised collector
signs for it, or someone else shows an ID document that is recorded [4.6.3]. Nothing is
deleted: an item leaves the register as picked up or returned to sender (a supervisor's
decision with a reason), and every change is in the audit log.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models import attachments as _attachments  # noqa: F401  (signature_id's table)
from app.models.base import Base, str_enum
from app.models.households import IdDocType
from app.models.phone_tails import keep_reversed
from app.models.versions import Versioned


class MailKind(enum.StrEnum):
    """The kinds of the seed [4.6.1], and courier parcels, which are most of them today."""

    EMS = "ems"  # 特快专递
    REGISTERED = "registered"  # 挂号
    AIRMAIL = "airmail"  # 航空
    EXPRESS = "express"  # 快件
    PARCEL_SLIP = "parcel_slip"  # 包裹单
    REMITTANCE_SLIP = "remittance_slip"  # 汇款单
    COURIER = "courier"  # 快递包裹


class MailState(enum.StrEnum):
    WAITING = "waiting"  # 待领取
    PICKED_UP = "picked_up"  # 已领取
    RETURNED = "returned"  # 已退回


class NoticeLevel(enum.IntEnum):
    """How far an unclaimed item has been chased in writing."""

    NONE = 0
    NOTICE = 1  # 领取邮件通知
    FINAL = 2  # 最后通知


class CollectorKind(enum.StrEnum):
    """Who took the items: the first three sign; anyone else shows an ID document."""

    OWNER = "owner"  # 业主
    FAMILY = "family"  # 登记在册的家庭成员 / 住户
    COLLECTOR = "collector"  # 授权代领人
    OTHER = "other"  # 其他人：出示证件登记


class NotifyMethod(enum.StrEnum):
    PHONE = "phone"  # 电话
    SMS = "sms"  # 短信
    WECHAT = "wechat"  # 微信
    IN_PERSON = "in_person"  # 当面告知
    MAILBOX = "mailbox"  # 通知单投入信箱


class NotifyOutcome(enum.StrEnum):
    REACHED = "reached"  # 已通知到
    NO_ANSWER = "no_answer"  # 无人接听
    MESSAGE_LEFT = "message_left"  # 已留言
    WRONG_NUMBER = "wrong_number"  # 号码有误
    DELIVERED = "delivered"  # 已投递（信箱）


class MailItem(Versioned, Base):
    __tablename__ = "mail_item"
    __protected__ = True
    #: The number's digits back to front (a search by its last digits); kept from it.
    __derived__ = frozenset({"number_reversed"})
    # Each sortable column with the id as tie-breaker (keyset paging), and the waiting
    # items of a villa and of the whole site read by their state.
    __table_args__ = (
        Index("ix_mail_item_sort_received_at", "received_at", "id"),
        Index("ix_mail_item_sort_state", "state", "id"),
        Index("ix_mail_item_sort_kind", "kind", "id"),
        Index("ix_mail_item_sort_shelf", "shelf", "id"),
        Index("ix_mail_item_villa_received", "villa_id", "received_at", "id"),
        Index("ix_mail_item_state_received", "state", "received_at", "id"),
        Index("ix_mail_item_number", "number", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    villa_id: Mapped[int] = mapped_column(ForeignKey("villa.id"))
    #: As scanned, normalised (app/validation.normalise_tracking_number).
    number: Mapped[str] = mapped_column(String(40))
    number_reversed: Mapped[str] = mapped_column(String(40), default="", index=True)
    kind: Mapped[MailKind] = mapped_column(str_enum(MailKind, "mail_kind"))
    #: The carrier suggested from the number, as the desk accepted it ("" unknown).
    carrier: Mapped[str] = mapped_column(String(24), default="")
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    addressee: Mapped[str] = mapped_column(String(60), default="")
    shelf: Mapped[str] = mapped_column(String(20), default="")
    count: Mapped[int] = mapped_column(Integer, default=1)
    remarks: Mapped[str] = mapped_column(Text, default="")
    registered_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    state: Mapped[MailState] = mapped_column(str_enum(MailState, "mail_state"),
                                             default=MailState.WAITING)
    notice_level: Mapped[int] = mapped_column(Integer, default=int(NoticeLevel.NONE))
    pickup_id: Mapped[int | None] = mapped_column(ForeignKey("mail_pickup.id"), index=True)
    returned_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    return_reason: Mapped[str] = mapped_column(Text, default="")
    returned_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)


class MailPickup(Base):
    """One hand-over of one or several items of a villa, signed for."""

    __tablename__ = "mail_pickup"
    __protected__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    villa_id: Mapped[int] = mapped_column(ForeignKey("villa.id"), index=True)
    picked_up_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    collector_kind: Mapped[CollectorKind] = mapped_column(
        str_enum(CollectorKind, "mail_collector_kind"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    collector_id: Mapped[int | None] = mapped_column(ForeignKey("mail_collector.id"),
                                                     index=True)
    #: As the taker gave them at the time (a snapshot: the household file may change).
    name: Mapped[str] = mapped_column(String(60), default="")
    relation: Mapped[str] = mapped_column(String(30), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    id_doc_type: Mapped[IdDocType | None] = mapped_column(str_enum(IdDocType, "id_doc_type"))
    id_doc_number: Mapped[str] = mapped_column(String(40), default="")
    #: The signature drawn on the pad, kept as an attachment of this pick-up (PNG);
    #: None when the taker signed the paper register instead.
    signature_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"), index=True)
    signed_on_paper: Mapped[bool] = mapped_column(Boolean, default=False)
    handed_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)


class MailNotification(Base):
    """One attempt to tell a household its items are waiting, with what came of it."""

    __tablename__ = "mail_notification"
    __protected__ = True
    __table_args__ = (Index("ix_mail_notification_villa_at", "villa_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    villa_id: Mapped[int] = mapped_column(ForeignKey("villa.id"))
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    method: Mapped[NotifyMethod] = mapped_column(str_enum(NotifyMethod, "mail_notify_method"))
    outcome: Mapped[NotifyOutcome] = mapped_column(
        str_enum(NotifyOutcome, "mail_notify_outcome"))
    note: Mapped[str] = mapped_column(Text, default="")
    #: None: a notice the program issued (see MailNotice.issued_by_id).
    by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)


class MailNotice(Base):
    """A printed 《领取邮件通知》 (numbered YJ…) put into a household's mailbox."""

    __tablename__ = "mail_notice"
    __protected__ = True
    __table_args__ = (Index("ix_mail_notice_villa_issued", "villa_id", "issued_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("numbered_document.id"), unique=True)
    villa_id: Mapped[int] = mapped_column(ForeignKey("villa.id"))
    level: Mapped[int] = mapped_column(Integer)  # NoticeLevel
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime)
    #: None: issued by the program itself (`villa-desk pdf mail-notice`, run by the admin).
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)


class MailNoticeItem(Base):
    """Which items a notice listed."""

    __tablename__ = "mail_notice_item"
    __protected__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("mail_notice.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("mail_item.id"), index=True)


class MailConsent(Versioned, Base):
    """Whether a household agreed that the desk accepts parcels on its behalf (代收)."""

    __tablename__ = "mail_consent"
    __protected__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), unique=True)
    consents: Mapped[bool] = mapped_column(Boolean, default=False)
    noted_at: Mapped[dt.datetime] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text, default="")


class MailCollector(Versioned, Base):
    """Someone a household authorised to collect its mail (授权代领人): they sign like
    the owner. Retired, never deleted: past pick-ups name them."""

    __tablename__ = "mail_collector"
    __protected__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    relation: Mapped[str] = mapped_column(String(30), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    id_doc_type: Mapped[IdDocType | None] = mapped_column(str_enum(IdDocType, "id_doc_type"))
    id_doc_number: Mapped[str] = mapped_column(String(40), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    retire_reason: Mapped[str] = mapped_column(Text, default="")


keep_reversed(MailItem, "number", "number_reversed")
