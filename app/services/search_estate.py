"""Search kinds of the estate register: villas by number, people by name, pinyin, phone."""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from app import validation
from app.i18n import _
from app.models.households import Household, HouseholdRole, Person, Villa
from app.services.actor import Actor
from app.services.households import role_title
from app.services.privacy import phone_for
from app.services.search import Hit, Opens, Query, SearchKind, register
from app.services.search_index import contains, ends_with, starts


def _villa_condition(query: Query) -> ColumnElement[bool] | None:
    """``a12``, ``A12``, ``A-12`` are A-12 and what starts with it (A-120 …); bare digits
    (``12``, ``012``) are villa 12 of every zone. The villa table is the size of the
    estate (hundreds of rows), read by its unique number index or, for bare digits, whole."""
    text = query.text.replace(" ", "")
    if query.digits and len(query.digits) <= 4 and query.digits == text:
        return Villa.number.like(f"%-{int(query.digits)}")
    number = validation.normalize_villa(text)
    if not re.match(r"^[A-Z]{1,2}(-\d{0,4})?$", number):
        return None
    return or_(Villa.number == number, Villa.number.ilike(f"{number}%"))


def _villa_sort_key(number: str) -> tuple[str, int]:
    zone, _sep, digits = number.partition("-")
    return zone, int(digits) if digits.isdigit() else 0


def find_villas(session: Session, query: Query, limit: int, _actor: Actor) -> list[Hit]:
    condition = _villa_condition(query)
    if condition is None:
        return []
    villas = list(session.scalars(select(Villa).where(condition)
                                  .order_by(Villa.number).limit(limit * 4)))
    if not villas:
        return []
    villas.sort(key=lambda v: (v.retired_on is not None, _villa_sort_key(v.number)))
    villas = villas[:limit]
    owners: dict[int, list[str]] = {}
    for villa_id, name in session.execute(
            select(Household.villa_id, Person.name)
            .join(Person, Person.household_id == Household.id)
            .where(Household.villa_id.in_([v.id for v in villas]),
                   Household.active.is_(True), Person.active.is_(True),
                   Person.role == HouseholdRole.OWNER).order_by(Person.id)):
        owners.setdefault(villa_id, []).append(name)
    hits = []
    for villa in villas:
        retired = villa.retired_on is not None
        subtitle = "、".join(owners.get(villa.id, [])) or _("no owner registered")
        if villa.zone:
            subtitle = f"{villa.zone} · {subtitle}"
        title = villa.number + ("  " + _("(retired)") if retired else "")
        hits.append(Hit("villa", villa.id, title, subtitle, Opens("villa", villa.id,
                                                                  villa.number), retired))
    return hits


def _person_condition(session: Session, query: Query) -> ColumnElement[bool] | None:
    if query.phone_tail:
        return (contains(session, [(Person.phone, query.phone_tail)])
                & ends_with(Person.phone, query.phone_tail))
    if not query.has_letters:
        return None
    if query.short:
        conditions = [starts(session, Person.name, query.text)]
        if query.pinyin:
            conditions += [starts(session, Person.name_initials, query.pinyin),
                           starts(session, Person.name_pinyin, query.pinyin)]
        return or_(*conditions)
    terms = [(Person.name, query.text)]
    if query.pinyin:
        terms += [(Person.name_pinyin, query.pinyin), (Person.name_initials, query.pinyin)]
    return contains(session, terms)


def find_people(session: Session, query: Query, limit: int, actor: Actor) -> list[Hit]:
    condition = _person_condition(session, query)
    if condition is None:
        return []
    rows = session.execute(
        select(Person, Household.villa_id, Household.active, Villa.number)
        .join(Household, Household.id == Person.household_id)
        .join(Villa, Villa.id == Household.villa_id)
        .where(condition)
        # No ORDER BY: sorting by id would tempt SQLite to walk the whole table in id
        # order instead of reading the indexes; the few rows are sorted below.
        .limit(limit * 4)
    ).all()
    # People living there first, then former residents (still found: their calls and
    # orders are history), each by villa.
    rows.sort(key=lambda r: (not (r[0].active and r[2]), _villa_sort_key(r[3]), r[0].id))
    hits = []
    for person, villa_id, household_active, villa_number in rows[:limit]:
        current = person.active and household_active
        parts = [villa_number, role_title(person.role)]
        if person.relation:
            parts[-1] += f"（{person.relation}）"
        if person.phone:
            parts.append(phone_for(actor, person.phone))
        title = person.name + ("" if current else "  " + _("(former resident)"))
        hits.append(Hit("person", person.id, title, " · ".join(parts),
                        Opens("villa", villa_id, villa_number), not current))
    return hits


register(SearchKind("villa", lambda: _("Villas"), find_villas))
register(SearchKind("person", lambda: _("People"), find_people))
