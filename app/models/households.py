"""Villas, households and the people in them (业主、家庭成员、租户)."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Index, Numeric, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, str_enum
from app.models.versions import Versioned


class Occupancy(enum.StrEnum):
    OCCUPIED = "occupied"  # 自住
    RENTED = "rented"  # 出租
    VACANT = "vacant"  # 空置
    UNSOLD = "unsold"  # 未售 / 未入伙
    RENOVATING = "renovating"  # 装修中


class HouseholdRole(enum.StrEnum):
    OWNER = "owner"  # 业主
    FAMILY = "family"  # 家庭成员
    TENANT = "tenant"  # 租户


class IdDocType(enum.StrEnum):
    RESIDENT_ID = "resident_id"  # 居民身份证
    PASSPORT = "passport"  # 护照
    HK_MACAO_PERMIT = "hk_macao"  # 港澳居民来往内地通行证
    TAIWAN_PERMIT = "taiwan"  # 台湾居民来往大陆通行证
    OTHER = "other"


def number_order(number: str) -> str:
    """The villa number as the list sorts it, A-2 before A-12: the zone, then the number
    padded (a space sorts before the letters and digits of a zone, so zone A comes before
    zone AB), then the number itself (unique, and the tie-break of a number without
    digits). One line of text, so a list's cursor on it is checked like any text."""
    zone, _sep, digits = number.partition("-")
    padded = f"{int(digits):020d}" if digits.isdigit() and len(digits) <= 20 else "0" * 20
    return f"{zone} {padded} {number}"


class Villa(Versioned, Base):
    __tablename__ = "villa"
    __protected__ = True
    #: Kept from the number on every write (``_keep_number_order``); not logged, checked
    #: against the number by the audit check.
    __derived__ = frozenset({"number_order"})
    # The villa list's sortable columns, each with the id as tie-breaker (keyset paging).
    __table_args__ = (
        Index("ix_villa_sort_number_order", "number_order", "id"),
        Index("ix_villa_sort_zone", "zone", "id"),
        Index("ix_villa_sort_villa_type", "villa_type", "id"),
        Index("ix_villa_sort_occupancy", "occupancy", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    number_order: Mapped[str] = mapped_column(String(64), default="")
    zone: Mapped[str] = mapped_column(String(40), default="")
    villa_type: Mapped[str] = mapped_column(String(30), default="")  # 独栋, 双拼, 联排 …
    area: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))  # m², as on the deed
    occupancy: Mapped[Occupancy] = mapped_column(
        str_enum(Occupancy, "occupancy"), default=Occupancy.OCCUPIED
    )
    note: Mapped[str] = mapped_column(Text, default="")
    # Retired, never deleted: hidden from pickers, its history stays.
    retired_on: Mapped[dt.date | None] = mapped_column(Date)
    retire_reason: Mapped[str] = mapped_column(Text, default="")

    households: Mapped[list[Household]] = relationship(back_populates="villa")


class Household(Versioned, Base):
    """One household living in (or owning) a villa; 一户一档 hangs off this."""

    __tablename__ = "household"
    __protected__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    villa_id: Mapped[int] = mapped_column(ForeignKey("villa.id"), index=True)
    moved_in_on: Mapped[dt.date | None] = mapped_column(Date)
    moved_out_on: Mapped[dt.date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    villa: Mapped[Villa] = relationship(back_populates="households")
    people: Mapped[list[Person]] = relationship(back_populates="household")


class Person(Versioned, Base):
    __tablename__ = "person"
    __protected__ = True
    # Search keys kept from the name (app/models/name_pinyin.py) on every write; not logged
    # nor replayed: they say nothing the audited name does not.
    __derived__ = frozenset({"name_pinyin", "name_initials"})

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), index=True)
    name: Mapped[str] = mapped_column(String(60), index=True)
    #: 张三 → "zhangsan", 单田芳 → "shantianfang": full pinyin, lower case, no spaces.
    name_pinyin: Mapped[str] = mapped_column(String(400), default="", index=True)
    #: 张三 → "zs": the first letter of each syllable (or word of a Latin name).
    name_initials: Mapped[str] = mapped_column(String(60), default="", index=True)
    role: Mapped[HouseholdRole] = mapped_column(str_enum(HouseholdRole, "household_role"))
    relation: Mapped[str] = mapped_column(String(30), default="")  # 配偶, 子女, 父母 …
    phone: Mapped[str] = mapped_column(String(30), default="", index=True)
    phone2: Mapped[str] = mapped_column(String(30), default="")
    id_doc_type: Mapped[IdDocType | None] = mapped_column(str_enum(IdDocType, "id_doc_type"))
    id_doc_number: Mapped[str] = mapped_column(String(40), default="")
    lease_start: Mapped[dt.date | None] = mapped_column(Date)
    lease_end: Mapped[dt.date | None] = mapped_column(Date)
    emergency_name: Mapped[str] = mapped_column(String(60), default="")
    emergency_phone: Mapped[str] = mapped_column(String(30), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    retire_reason: Mapped[str] = mapped_column(Text, default="")

    household: Mapped[Household] = relationship(back_populates="people")


def _keep_name_pinyin(_mapper: object, _connection: object, person: Person) -> None:
    """Every write path (forms, the Excel import, the demo) keeps the pinyin of the name."""
    from sqlalchemy import inspect as inspect_state

    from app.models.name_pinyin import initials_of, pinyin_of

    state = inspect_state(person)
    if state.pending or state.attrs.name.history.has_changes() or not person.name_pinyin:
        person.name_pinyin = pinyin_of(person.name or "")
        person.name_initials = initials_of(person.name or "")


event.listen(Person, "before_insert", _keep_name_pinyin)
event.listen(Person, "before_update", _keep_name_pinyin)


def _keep_number_order(_mapper: object, _connection: object, villa: Villa) -> None:
    """Every write path (forms, the Excel import, the demo) keeps the sort form."""
    villa.number_order = number_order(villa.number or "")


event.listen(Villa, "before_insert", _keep_number_order)
event.listen(Villa, "before_update", _keep_number_order)
