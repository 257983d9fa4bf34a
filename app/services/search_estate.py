"""Search kinds of the estate register: villas by number, people by name, pinyin, phone."""

from __future__ import annotations

import re

from sqlalchemy import Integer, bindparam, or_, select
from sqlalchemy.orm import Session

from app import validation
from app.i18n import _
from app.models.households import Household, HouseholdRole, Person, Villa
from app.services import search_index as index
from app.services.actor import Actor
from app.services.households import role_title
from app.services.privacy import phone_for
from app.services.search import Hit, Opens, Query, SearchKind, register


def _villa_match(query: Query) -> index.Match | None:
    """``a12``, ``A12``, ``A-12`` are A-12 and what starts with it (A-120 …); bare digits
    (``12``, ``012``) are villa 12 of every zone. The villa table is the size of the
    estate (hundreds of rows), read by its unique number index or, for bare digits, whole."""
    text = query.text.replace(" ", "")
    if query.digits and len(query.digits) <= 4 and query.digits == text:
        return index.Match(("villa digits",), index.statement(
            ("villa digits",), lambda: Villa.number.like(bindparam("villa_pattern"))),
            {"villa_pattern": f"%-{int(query.digits)}"})
    number = validation.normalize_villa(text)
    if not re.match(r"^[A-Z]{1,2}(-\d{0,4})?$", number):
        return None
    return index.Match(("villa number",), index.statement(
        ("villa number",), lambda: or_(Villa.number == bindparam("villa_number"),
                                       Villa.number.ilike(bindparam("villa_pattern")))),
        {"villa_number": number, "villa_pattern": f"{number}%"})


def _villa_sort_key(number: str) -> tuple[str, int]:
    zone, _sep, digits = number.partition("-")
    return zone, int(digits) if digits.isdigit() else 0


#: The owners living in the villas found (their names are the hit's subtitle).
_OWNERS = (select(Household.villa_id, Person.name)
           .join(Person, Person.household_id == Household.id)
           .where(Household.villa_id.in_(bindparam("villa_ids", expanding=True)),
                  Household.active.is_(True), Person.active.is_(True),
                  Person.role == HouseholdRole.OWNER).order_by(Person.id))


def find_villas(session: Session, query: Query, limit: int, _actor: Actor) -> list[Hit]:
    match = _villa_match(query)
    if match is None:
        return []
    villas = session.execute(index.statement(("villas", match.shape), lambda: (
        select(Villa.id, Villa.number, Villa.zone, Villa.retired_on)
        .where(match.condition).order_by(Villa.number)
        .limit(bindparam("limit", type_=Integer)))), {**match.values, "limit": limit * 4}
    ).all()
    if not villas:
        return []
    villas.sort(key=lambda v: (v.retired_on is not None, _villa_sort_key(v.number)))
    villas = villas[:limit]
    owners: dict[int, list[str]] = {}
    for villa_id, name in session.execute(_OWNERS, {"villa_ids": [v.id for v in villas]}):
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


def _person_match(session: Session, query: Query) -> index.Match | None:
    if query.phone_tail:
        return (index.contains(session, [(Person.phone, query.phone_tail)])
                & index.ends_with(Person.phone, query.phone_tail))
    if not query.has_letters:
        return None
    if query.short:
        matches = [index.starts(session, Person.name, query.text)]
        if query.pinyin:
            matches += [index.starts(session, Person.name_initials, query.pinyin),
                        index.starts(session, Person.name_pinyin, query.pinyin)]
        return index.either(*matches)
    terms = [(Person.name, query.text)]
    if query.pinyin:
        terms += [(Person.name_pinyin, query.pinyin), (Person.name_initials, query.pinyin)]
    return index.contains(session, terms)


def find_people(session: Session, query: Query, limit: int, actor: Actor) -> list[Hit]:
    match = _person_match(session, query)
    if match is None:
        return []
    rows = session.execute(index.statement(("people", match.shape), lambda: (
        # Columns, not the Person entity: no identity map to fill for a list of hits.
        select(Person.id, Person.name, Person.active, Person.role, Person.relation,
               Person.phone, Household.villa_id, Household.active, Villa.number)
        .join(Household, Household.id == Person.household_id)
        .join(Villa, Villa.id == Household.villa_id)
        .where(match.condition)
        # No ORDER BY: sorting by id would tempt SQLite to walk the whole table in id
        # order instead of reading the indexes; the few rows are sorted below.
        .limit(bindparam("limit", type_=Integer)))), {**match.values, "limit": limit * 4}
    ).all()
    # People living there first, then former residents (still found: their calls and
    # orders are history), each by villa.
    rows.sort(key=lambda r: (not (r[2] and r[7]), _villa_sort_key(r[8]), r[0]))
    hits = []
    for (person_id, name, active, role, relation, phone, villa_id, household_active,
         villa_number) in rows[:limit]:
        current = active and household_active
        parts = [villa_number, role_title(role)]
        if relation:
            parts[-1] += f"（{relation}）"
        if phone:
            parts.append(phone_for(actor, phone))
        title = name + ("" if current else "  " + _("(former resident)"))
        hits.append(Hit("person", person_id, title, " · ".join(parts),
                        Opens("villa", villa_id, villa_number), not current))
    return hits


register(SearchKind("villa", lambda: _("Villas"), find_villas))
register(SearchKind("person", lambda: _("People"), find_people))
