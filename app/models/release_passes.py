"""Release passes (物品放行条): bulky items leaving the estate, from the desk to the gate.

The owner fills in and signs the pass, customer service reviews and issues it [004
4.7.1–4.7.2], the gate checks it and its gate copy comes back to the desk, which marks the
pass used. A pass is a numbered document (series ``FX``): never deleted, voided with a
reason, every print counted (补打).

States stored are issued, used and void; "expired" is an issued pass whose validity window
has passed, computed against the clock (a state that changed by itself at midnight would
be a write nobody made).
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, str_enum
from app.models.households import IdDocType
from app.models.phone_tails import keep_reversed
from app.models.versions import Versioned, VersionedPart


class PassState(enum.StrEnum):
    ISSUED = "issued"  # 已签发, not back from the gate
    USED = "used"  # 已使用: the gate copy came back
    VOID = "void"  # 作废


class ListedState(enum.StrEnum):
    """What the register shows: the stored state, with "expired" for an issued pass past
    its window."""

    ISSUED = "issued"
    USED = "used"
    EXPIRED = "expired"
    VOID = "void"


class ApplicantKind(enum.StrEnum):
    OWNER = "owner"  # 业主
    FAMILY = "family"  # 家庭成员
    TENANT = "tenant"  # 租户
    AGENT = "agent"  # 代理人
    MOVER = "mover"  # 搬家公司


#: Who moves items only with the owner's consent.
NEEDS_CONSENT: frozenset[ApplicantKind] = frozenset(
    {ApplicantKind.TENANT, ApplicantKind.AGENT, ApplicantKind.MOVER})


class PassReason(enum.StrEnum):
    MOVING_OUT = "moving_out"  # 搬出
    REPLACEMENT = "replacement"  # 更换家具家电
    REPAIR = "repair"  # 送修
    OTHER = "other"  # 其他


class ConsentKind(enum.StrEnum):
    NOT_NEEDED = "not_needed"  # the owner or family applies
    WRITTEN = "written"  # 书面授权, scanned and attached
    PHONE = "phone"  # 电话确认, confirmed by a second staff member


class ReleasePass(Versioned, Base):
    __tablename__ = "release_pass"
    __protected__ = True
    #: Kept from the number on every write (app/models/phone_tails.py).
    __derived__ = frozenset({"number_reversed"})
    # Each sortable list column with the id as tie-breaker (keyset paging); the state with
    # the window's end, so "issued, not back" and "expired" are index ranges.
    __table_args__ = (
        Index("ix_release_pass_sort_issued_at", "issued_at", "id"),
        Index("ix_release_pass_sort_valid_until", "valid_until", "id"),
        Index("ix_release_pass_state_valid_until", "state", "valid_until", "id"),
        Index("ix_release_pass_sort_used_at", "used_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    number_reversed: Mapped[str] = mapped_column(String(30), default="", index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("numbered_document.id"), unique=True)
    villa_id: Mapped[int] = mapped_column(ForeignKey("villa.id"), index=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("household.id"), index=True)
    applicant_kind: Mapped[ApplicantKind] = mapped_column(
        str_enum(ApplicantKind, "applicant_kind"))
    applicant_name: Mapped[str] = mapped_column(String(60))
    id_doc_type: Mapped[IdDocType] = mapped_column(str_enum(IdDocType, "id_doc_type"))
    id_doc_number: Mapped[str] = mapped_column(String(40))
    phone: Mapped[str] = mapped_column(String(30))
    plate: Mapped[str] = mapped_column(String(20), default="")
    valid_from: Mapped[dt.datetime] = mapped_column(DateTime)
    valid_until: Mapped[dt.datetime] = mapped_column(DateTime)
    reason: Mapped[PassReason] = mapped_column(str_enum(PassReason, "pass_reason"))
    reason_note: Mapped[str] = mapped_column(Text, default="")
    consent: Mapped[ConsentKind] = mapped_column(str_enum(ConsentKind, "consent_kind"))
    #: Who at the owner's end agreed, and how (the number called, the letter's date).
    consent_note: Mapped[str] = mapped_column(Text, default="")
    #: The second staff member who confirmed a phone consent (confirmations.redeem).
    consent_confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"),
                                                                index=True)
    #: A hold in force that a supervisor overrode for this pass, and why.
    hold_override_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"),
                                                            index=True)
    hold_override_reason: Mapped[str] = mapped_column(Text, default="")
    #: The applicant's signature drawn on the pad: a PNG kept with the pass as an
    #: attachment, named here by its SHA-256 ("" when signed on the paper copy).
    signature_sha256: Mapped[str] = mapped_column(String(64), default="")
    signed_on_paper: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[PassState] = mapped_column(str_enum(PassState, "pass_state"))
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime)
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    # The gate copy back at the desk.
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    guard_name: Mapped[str] = mapped_column(String(60), default="")
    returned_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    items_matched: Mapped[bool | None] = mapped_column(Boolean)
    gate_note: Mapped[str] = mapped_column(Text, default="")
    #: Marked used after the window closed: the supervisor who allowed it, and why.
    late_override_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"),
                                                            index=True)
    late_override_reason: Mapped[str] = mapped_column(Text, default="")
    void_reason: Mapped[str] = mapped_column(Text, default="")

    items: Mapped[list[ReleasePassItem]] = relationship(
        back_populates="release_pass", order_by="ReleasePassItem.position")


class ReleasePassItem(VersionedPart, Base):
    """One line of the item list. Rows of a numbered record are never deleted: a line taken
    off an issued pass keeps its row with quantity 0."""

    __tablename__ = "release_pass_item"
    __protected__ = True
    version_parent = "release_pass"

    id: Mapped[int] = mapped_column(primary_key=True)
    release_pass_id: Mapped[int] = mapped_column(ForeignKey("release_pass.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(80))
    quantity: Mapped[int] = mapped_column(Integer)
    remarks: Mapped[str] = mapped_column(String(200), default="")

    release_pass: Mapped[ReleasePass] = relationship(back_populates="items")


def listed_state(state: PassState, valid_until: dt.datetime, now: dt.datetime) -> ListedState:
    if state == PassState.ISSUED and valid_until < now:
        return ListedState.EXPIRED
    return ListedState(state.value)


keep_reversed(ReleasePass, "number", "number_reversed")
