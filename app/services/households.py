"""Finding a villa and reading its household (业主档案的电子部分)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from app import validation
from app.i18n import _
from app.models.households import Household, HouseholdRole, Occupancy, Person, Villa
from app.services.errors import NotFound
from app.services.permissions import SIGNED_IN, needs
from app.services.privacy import id_number_for, mask_phone, phone_for, unmask_phone
from app.services.uow import UnitOfWork


@dataclass(frozen=True)
class VillaHit:
    villa_id: int
    number: str
    zone: str
    occupancy: Occupancy
    owners: str  # owner names, "、"-joined
    matched: str  # what matched: the number, a name, or a masked phone

    @property
    def label(self) -> str:
        return f"{self.number}  {self.owners}".strip()


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    role: HouseholdRole
    relation: str
    phone: str  # masked unless the viewer may see phone numbers
    id_doc: str  # masked the same way
    lease_start: dt.date | None
    lease_end: dt.date | None


@dataclass(frozen=True)
class HouseholdFile:
    villa_id: int
    number: str
    zone: str
    occupancy: Occupancy
    household_id: int | None
    moved_in_on: dt.date | None
    people: tuple[PersonRow, ...]

    @property
    def owners(self) -> tuple[PersonRow, ...]:
        return tuple(p for p in self.people if p.role == HouseholdRole.OWNER)


def _owners_by_villa(session: Session, villa_ids: list[int]) -> dict[int, list[str]]:
    rows = session.execute(
        select(Household.villa_id, Person.name)
        .join(Person, Person.household_id == Household.id)
        .where(Household.villa_id.in_(villa_ids), Household.active.is_(True),
               Person.role == HouseholdRole.OWNER, Person.active.is_(True))
        .order_by(Person.id)
    ).all()
    names: dict[int, list[str]] = {}
    for villa_id, name in rows:
        names.setdefault(villa_id, []).append(name)
    return names


def _number_condition(text: str) -> ColumnElement[bool]:
    """Villas whose number the desk meant: ``a12``, ``A12`` and ``A-12`` are A-12 and what
    starts with it (A-120 …); bare digits (``12``, ``012``) are villa 12 of every zone."""
    digits = re.sub(r"\s", "", text)
    if digits.isascii() and digits.isdigit():
        # "-12" as the tail: A-12 and C-12, never.
        return Villa.number.like(f"%-{int(digits)}")
    number = validation.normalize_villa(text)
    # ilike here and for names: SQLite's LIKE ignores ASCII case, PostgreSQL's does not;
    # on SQLite ilike (lower() LIKE lower()) matches exactly the same rows.
    return or_(Villa.number == number, Villa.number.ilike(f"{number}%"))


@needs(SIGNED_IN)
def search_villas(uow: UnitOfWork, text: str, limit: int = 20) -> list[VillaHit]:
    """Villa number (``a12``, ``A12``, ``A-12``; ``12`` is villa 12 of every zone), a
    person's name, or the last 4+ digits of a phone."""
    validation.enforce({"text": validation.search_text, "limit": validation.Number(1, 500)},
                       {"text": text, "limit": limit})
    text = text.strip()
    if not text:
        return []
    with uow.read() as session:
        matches: dict[int, str] = {}
        numbered = list(session.execute(
            select(Villa.id, Villa.number).where(_number_condition(text))
            .order_by(Villa.number).limit(limit)
        ))
        for villa_id, villa_number in sorted(numbered, key=lambda r: _villa_sort_key(r[1])):
            matches.setdefault(villa_id, villa_number)
        digits = re.sub(r"\D", "", text)
        if len(digits) >= 4 and digits == text.replace("-", "").replace(" ", ""):
            for villa_id, phone in session.execute(
                select(Household.villa_id, Person.phone)
                .join(Person, Person.household_id == Household.id)
                .where(Household.active.is_(True), Person.active.is_(True),
                       Person.phone.like(f"%{digits}")).limit(limit)
            ):
                matches.setdefault(villa_id, mask_phone(phone))
        elif not digits:
            for villa_id, name in session.execute(
                select(Household.villa_id, Person.name)
                .join(Person, Person.household_id == Household.id)
                .where(Household.active.is_(True), Person.active.is_(True),
                       Person.name.ilike(f"%{text}%")).limit(limit)
            ):
                matches.setdefault(villa_id, name)
        if not matches:
            return []
        # A retired villa is no longer offered for new records; its history stays reachable
        # from the estate register.
        villas = {v.id: v for v in session.scalars(
            select(Villa).where(Villa.id.in_(list(matches)), Villa.retired_on.is_(None)))}
        ids = [i for i in matches if i in villas][:limit]
        owners = _owners_by_villa(session, ids)
        hits = [
            VillaHit(i, villas[i].number, villas[i].zone, villas[i].occupancy,
                     "、".join(owners.get(i, [])), matches[i])
            for i in ids
        ]
        return sorted(hits, key=lambda h: _villa_sort_key(h.number))


def _villa_sort_key(number: str) -> tuple[str, int]:
    zone, _sep, digits = number.partition("-")
    return zone, int(digits) if digits.isdigit() else 0


@needs(SIGNED_IN)
def household_file(uow: UnitOfWork, villa_id: int) -> HouseholdFile:
    with uow.read() as session:
        villa = session.get(Villa, villa_id)
        if villa is None:
            raise NotFound(_("No such villa."))
        household = session.scalars(
            select(Household).where(Household.villa_id == villa_id, Household.active.is_(True))
            .order_by(Household.id.desc())
        ).first()
        people: tuple[PersonRow, ...] = ()
        if household is not None:
            people = tuple(
                PersonRow(
                    p.id, p.name, p.role, p.relation,
                    phone_for(uow.actor, p.phone),
                    id_number_for(uow.actor, p.id_doc_number),
                    p.lease_start, p.lease_end,
                )
                for p in sorted(household.people, key=lambda p: (_ROLE_ORDER[p.role], p.id))
                if p.active
            )
        return HouseholdFile(villa.id, villa.number, villa.zone, villa.occupancy,
                             household.id if household else None,
                             household.moved_in_on if household else None, people)


@needs(SIGNED_IN)
def villa_by_number(uow: UnitOfWork, number: str) -> VillaHit | None:
    hits = [h for h in search_villas(uow, number) if h.number == validation.normalize_villa(number)]
    return hits[0] if hits else None


@needs(SIGNED_IN)
def contact_for_villa(uow: UnitOfWork, villa_id: int) -> tuple[str, str]:
    """The first owner's name and phone, to prefill a call record or a work order.

    The phone is shown as the viewer may see it (masked for a receptionist), like every
    other screen. The desk must still be able to call back, so the record keeps the real
    number: when the form sends the masked text back unchanged, the saving service puts
    the stored number in its place (``real_phone``). A number typed over it is kept as
    typed.
    """
    with uow.read() as session:
        row = session.execute(
            select(Person.name, Person.phone)
            .join(Household, Person.household_id == Household.id)
            .where(Household.villa_id == villa_id, Household.active.is_(True),
                   Person.role == HouseholdRole.OWNER, Person.active.is_(True))
            .order_by(Person.id).limit(1)
        ).first()
        return (row[0], phone_for(uow.actor, row[1])) if row else ("", "")


def real_phone(session: Session, shown: str, villa_id: int | None, *known: str) -> str:
    """The number to store for a contact phone a form sent back, masked or not.

    A masked text (138****5678) is the one the screen showed: it is replaced by the
    stored number it stands for, looked up among the phones of the villa's current
    household and ``known`` (the phone of the record being taken over or edited). See
    ``privacy.unmask_phone``.
    """
    if "*" not in shown:
        return shown
    phones = list(known)
    if villa_id:
        phones += session.scalars(
            select(Person.phone).join(Household, Person.household_id == Household.id)
            .where(Household.villa_id == villa_id, Household.active.is_(True),
                   Person.active.is_(True))
        ).all()
    return unmask_phone(shown, phones)


_ROLE_ORDER = {HouseholdRole.OWNER: 0, HouseholdRole.FAMILY: 1, HouseholdRole.TENANT: 2}


def occupancy_title(value: Occupancy) -> str:
    return {
        Occupancy.OCCUPIED: _("Owner-occupied"),
        Occupancy.RENTED: _("Rented"),
        Occupancy.VACANT: _("Vacant"),
        Occupancy.UNSOLD: _("Not yet handed over"),
        Occupancy.RENOVATING: _("Under renovation"),
    }[value]


def role_title(value: HouseholdRole) -> str:
    return {
        HouseholdRole.OWNER: _("Owner"),
        HouseholdRole.FAMILY: _("Family member"),
        HouseholdRole.TENANT: _("Tenant"),
    }[value]
