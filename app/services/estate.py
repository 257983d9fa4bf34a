"""The estate register: villas, their households and the people in them (业主档案的电子部分).

Supervisors and managers edit (``MANAGE_ESTATE``); everyone else reads, with phones and ID
numbers masked by ``privacy``. Nothing here is ever deleted: a villa is retired, a household
moves out and becomes former, a person is retired — and all of it stays readable.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app import validation
from app.i18n import _
from app.models.households import Household, HouseholdRole, IdDocType, Occupancy, Person, Villa
from app.services.errors import Conflict, NotFound, ValidationFailed
from app.services.permissions import SIGNED_IN, Permission, needs
from app.services.privacy import id_number_for, phone_for
from app.services.record_changes import check_version
from app.services.uow import UnitOfWork

MAX_AREA = Decimal("99999999.99")
_VILLA_LIMITS = {"zone": 40, "villa_type": 30, "note": 1000}
_PERSON_LIMITS = {"name": 60, "relation": 30, "emergency_name": 60}
#: Every field of a villa and of a person as typed (a form or an Excel row), checked first.
VILLA_SPEC: validation.Spec = {
    "number": validation.Text(20), "zone": validation.Text(_VILLA_LIMITS["zone"]),
    "villa_type": validation.Text(_VILLA_LIMITS["villa_type"]), "area": validation.Text(20),
    "occupancy": validation.Choice(Occupancy),
    "note": validation.Text(_VILLA_LIMITS["note"], multiline=True),
}
PERSON_SPEC: validation.Spec = {
    "name": validation.Text(_PERSON_LIMITS["name"]), "role": validation.Choice(HouseholdRole),
    "relation": validation.Text(_PERSON_LIMITS["relation"]),
    "phone": validation.Text(30), "phone2": validation.Text(30),
    "id_doc_type": validation.Choice(IdDocType, optional=True),
    "id_doc_number": validation.Text(40),
    "lease_start": validation.Day(optional=True), "lease_end": validation.Day(optional=True),
    "emergency_name": validation.Text(_PERSON_LIMITS["emergency_name"]),
    "emergency_phone": validation.Text(30),
}
_ROLE_ORDER = {HouseholdRole.OWNER: 0, HouseholdRole.FAMILY: 1, HouseholdRole.TENANT: 2}
_AREA_UNITS = re.compile(r"(㎡|m²|m2|平方米|平米|平)$", re.IGNORECASE)
_DOC_NUMBER = re.compile(r"^[A-Za-z0-9()（）-]{3,30}$")


@dataclass(frozen=True)
class VillaInput:
    """What an edit form (or an Excel row) sends; text as typed."""

    number: str
    zone: str
    villa_type: str
    area: str
    occupancy: Occupancy
    note: str


@dataclass(frozen=True)
class VillaRow:
    id: int
    number: str
    zone: str
    villa_type: str
    area: Decimal | None
    occupancy: Occupancy
    note: str
    retired: bool
    retired_on: dt.date | None
    owners: str  # current owners' names "、"-joined
    household_id: int | None  # the current (active) household, if any
    retire_reason: str = ""
    version: int = 1  # passed back by the edit form (app/services/record_changes.py)


@dataclass(frozen=True)
class PersonInput:
    name: str
    role: HouseholdRole
    relation: str
    phone: str
    phone2: str
    id_doc_type: IdDocType | None
    id_doc_number: str
    lease_start: dt.date | None
    lease_end: dt.date | None
    emergency_name: str
    emergency_phone: str
    #: The version these values were read at (``person_for_edit``); not saved.
    version: int = 1


@dataclass(frozen=True)
class PersonDetail:
    """A person as the viewer may see them: phones and ID masked through ``privacy``."""

    id: int
    household_id: int
    name: str
    role: HouseholdRole
    relation: str
    phone: str
    phone2: str
    id_doc_type: IdDocType | None
    id_doc_number: str
    lease_start: dt.date | None
    lease_end: dt.date | None
    emergency_name: str
    emergency_phone: str
    active: bool
    retire_reason: str = ""
    version: int = 1


@dataclass(frozen=True)
class HouseholdRow:
    id: int
    villa_id: int
    moved_in_on: dt.date | None
    moved_out_on: dt.date | None
    former: bool
    people: tuple[PersonDetail, ...]  # active people first, retired after


# -- reading -----------------------------------------------------------------------------

def villa_sort_key(number: str) -> tuple[str, int, str]:
    """A-2 before A-12: the zone letters, then the number as a number."""
    zone, _sep, digits = number.partition("-")
    return zone, int(digits) if digits.isdigit() else 0, number


def _current_households(session: Session, villa_ids: list[int]) -> dict[int, int]:
    if not villa_ids:
        return {}
    # Sorted here, not by ORDER BY id: that tempts SQLite to walk the whole table in id
    # order instead of reading the page's villas by the villa_id index.
    rows = sorted(session.execute(
        select(Household.villa_id, Household.id)
        .where(Household.villa_id.in_(villa_ids), Household.active.is_(True))
    ).all(), key=lambda found: found[1])
    return {villa_id: household_id for villa_id, household_id in rows}


def _owner_names(session: Session, household_ids: list[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {}
    if not household_ids:
        return names
    for _id, household_id, name in sorted(session.execute(  # by id: see above
        select(Person.id, Person.household_id, Person.name)
        .where(Person.household_id.in_(household_ids), Person.role == HouseholdRole.OWNER,
               Person.active.is_(True))
    ).all()):
        names.setdefault(household_id, []).append(name)
    return names


def villa_rows(session: Session, villas: list[Villa]) -> list[VillaRow]:
    """The villas as the lists show them, in the order given."""
    current = _current_households(session, [v.id for v in villas])
    owners = _owner_names(session, list(current.values()))
    return [
        VillaRow(
            id=v.id, number=v.number, zone=v.zone, villa_type=v.villa_type,
            area=Decimal(v.area) if v.area is not None else None, occupancy=v.occupancy,
            note=v.note, retired=v.retired_on is not None, retired_on=v.retired_on,
            owners="、".join(owners.get(current.get(v.id, 0), [])),
            household_id=current.get(v.id), retire_reason=v.retire_reason,
            version=v.version,
        )
        for v in villas
    ]


def _rows(session: Session, villas: list[Villa]) -> list[VillaRow]:
    return sorted(villa_rows(session, villas), key=lambda row: villa_sort_key(row.number))


@needs(SIGNED_IN)
def list_villas(uow: UnitOfWork, text: str = "", include_retired: bool = False) -> list[VillaRow]:
    """Villas by number, zone or the name of anyone who lived there (former households too,
    so a moved-out owner is still found), sorted A-2 before A-12."""
    validation.enforce({"text": validation.search_text}, {"text": text})
    text = text.strip()
    with uow.read() as session:
        query = select(Villa)
        if not include_retired:
            query = query.where(Villa.retired_on.is_(None))
        if text:
            # ilike: SQLite's LIKE ignores ASCII case and PostgreSQL's does not.
            like = f"%{text}%"
            named = (select(Household.villa_id).join(Person, Person.household_id == Household.id)
                     .where(Person.name.ilike(like)))
            query = query.where(or_(
                Villa.number.ilike(like), Villa.number == validation.normalize_villa(text),
                Villa.zone.ilike(like), Villa.id.in_(named)))
        return _rows(session, list(session.scalars(query)))


def _villa(session: Session, villa_id: int) -> Villa:
    found = session.get(Villa, villa_id)
    if found is None:
        raise NotFound(_("No such villa."))
    return found


@needs(SIGNED_IN)
def villa(uow: UnitOfWork, villa_id: int) -> VillaRow:
    with uow.read() as session:
        return _rows(session, [_villa(session, villa_id)])[0]


def _person_detail(uow: UnitOfWork, p: Person) -> PersonDetail:
    return PersonDetail(
        id=p.id, household_id=p.household_id, name=p.name, role=p.role, relation=p.relation,
        phone=phone_for(uow.actor, p.phone), phone2=phone_for(uow.actor, p.phone2),
        id_doc_type=p.id_doc_type, id_doc_number=id_number_for(uow.actor, p.id_doc_number),
        lease_start=p.lease_start, lease_end=p.lease_end, emergency_name=p.emergency_name,
        emergency_phone=phone_for(uow.actor, p.emergency_phone), active=p.active,
        retire_reason=p.retire_reason, version=p.version,
    )


@needs(SIGNED_IN)
def households_of(uow: UnitOfWork, villa_id: int) -> list[HouseholdRow]:
    """The villa's households: the current one first, then former ones newest first."""
    with uow.read() as session:
        _villa(session, villa_id)
        households = list(session.scalars(select(Household).where(Household.villa_id == villa_id)))
        households.sort(key=lambda h: (not h.active, -(h.moved_out_on or dt.date.max).toordinal(),
                                       -h.id))
        return [
            HouseholdRow(
                id=h.id, villa_id=h.villa_id, moved_in_on=h.moved_in_on,
                moved_out_on=h.moved_out_on, former=not h.active,
                people=tuple(_person_detail(uow, p) for p in sorted(
                    h.people, key=lambda p: (not p.active, _ROLE_ORDER[p.role], p.id))),
            )
            for h in households
        ]


@needs(SIGNED_IN)
def villa_type_suggestions(uow: UnitOfWork) -> list[str]:
    """The usual types, then whatever the site has typed itself."""
    usual = [_("Detached"), _("Semi-detached"), _("Townhouse"), _("Stacked")]
    with uow.read() as session:
        typed = session.scalars(select(Villa.villa_type).where(Villa.villa_type != "")
                                .distinct()).all()
    return usual + sorted(t for t in typed if t not in usual)


def id_doc_type_title(value: IdDocType) -> str:
    return {
        IdDocType.RESIDENT_ID: _("Resident ID card"),
        IdDocType.PASSPORT: _("Passport"),
        IdDocType.HK_MACAO_PERMIT: _("Home-return permit (HK/Macao)"),
        IdDocType.TAIWAN_PERMIT: _("Taiwan compatriot permit"),
        IdDocType.OTHER: _("Other document"),
    }[value]


# -- villas ------------------------------------------------------------------------------

def parse_area(text: str) -> Decimal | None:
    """``320``, ``320.5`` or ``320㎡`` → Decimal; empty → None; anything else ValueError."""
    cleaned = _AREA_UNITS.sub("", text.strip().replace(",", "")).strip()
    if not cleaned:
        return None
    try:
        area = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(cleaned) from None
    if not area.is_finite() or area <= 0 or area > MAX_AREA or area != area.quantize(
            Decimal("0.01")):
        raise ValueError(cleaned)
    return area.quantize(Decimal("0.01"))


def check_villa(data: VillaInput) -> tuple[dict[str, str], Decimal | None]:
    """Field → message for what is wrong with ``data`` (no database needed); the area."""
    limits = validation.check(VILLA_SPEC, data)
    if not validation.readable(VILLA_SPEC, data):  # the checks below need text
        return limits, None
    errors = validation.collect({"number": (validation.villa_number, data.number)})
    for name, limit in _VILLA_LIMITS.items():
        if len(str(getattr(data, name)).strip()) > limit:
            errors[name] = _("At most {n} characters.").format(n=limit)
    area = None
    try:
        area = parse_area(data.area)
    except ValueError:
        errors["area"] = _("The area is a number of square metres above zero, like 320.5.")
    errors.update(limits)
    return errors, None if limits else area


def _check_villa_in(session: Session, data: VillaInput, villa_id: int | None) -> Decimal | None:
    errors, area = check_villa(data)
    number = validation.normalize_villa(data.number)
    if "number" not in errors:
        other = session.scalar(select(Villa.id).where(Villa.number == number))
        if other is not None and other != villa_id:
            errors["number"] = _("Villa {number} is already in the register.").format(
                number=number)
    if errors:
        raise ValidationFailed(errors)
    return area


def _fill_villa(target: Villa, data: VillaInput, area: Decimal | None) -> None:
    target.number = validation.normalize_villa(data.number)
    target.zone = data.zone.strip()
    target.villa_type = data.villa_type.strip()
    target.area = area
    target.occupancy = data.occupancy
    target.note = data.note.strip()


@needs(Permission.MANAGE_ESTATE)
def add_villa(uow: UnitOfWork, data: VillaInput) -> int:
    with uow.transaction() as session:
        area = _check_villa_in(session, data, None)
        new = Villa(retire_reason="")
        _fill_villa(new, data, area)
        session.add(new)
        session.flush()
        return new.id


@needs(Permission.MANAGE_ESTATE)
def update_villa(uow: UnitOfWork, villa_id: int, data: VillaInput, *,
                 expected_version: int | None = None) -> None:
    """``expected_version``: the version the form was loaded with (a newer change made
    at another desk is refused, not overwritten)."""
    with uow.transaction() as session:
        target = _villa(session, villa_id)
        check_version(session, target, expected_version,
                      _("Villa {number}").format(number=target.number))
        area = _check_villa_in(session, data, villa_id)
        _fill_villa(target, data, area)


def _reason(text: str) -> str:
    validation.enforce({"reason": validation.REASON}, {"reason": text})
    if not text.strip():
        raise ValidationFailed({"reason": _("Give a reason.")})
    if len(text.strip()) > 500:
        raise ValidationFailed({"reason": _("At most {n} characters.").format(n=500)})
    return text.strip()


@needs(Permission.MANAGE_ESTATE)
def retire_villa(uow: UnitOfWork, villa_id: int, reason: str) -> None:
    """Take a villa out of the pickers (entered twice, merged, demolished); its history stays."""
    why = _reason(reason)
    with uow.transaction() as session:
        target = _villa(session, villa_id)
        if target.retired_on is not None:
            raise Conflict(_("Villa {number} is already retired.").format(number=target.number))
        if _current_households(session, [villa_id]):
            raise Conflict(_("Villa {number} still has a household living in it; move it out "
                             "first.").format(number=target.number))
        target.retired_on, target.retire_reason = uow.clock.now().date(), why


@needs(Permission.REINSTATE_VILLA)
def reinstate_villa(uow: UnitOfWork, villa_id: int) -> None:
    with uow.transaction() as session:
        target = _villa(session, villa_id)
        if target.retired_on is None:
            raise Conflict(_("Villa {number} is not retired.").format(number=target.number))
        target.retired_on, target.retire_reason = None, ""


# -- households --------------------------------------------------------------------------

def _household(session: Session, household_id: int) -> Household:
    found = session.get(Household, household_id)
    if found is None:
        raise NotFound(_("No such household."))
    return found


@needs(Permission.MANAGE_ESTATE)
def start_household(uow: UnitOfWork, villa_id: int, moved_in_on: dt.date | None) -> int:
    """A new household moves in; the villa may have only one current household."""
    validation.enforce({"moved_in_on": validation.Day(optional=True)},
                       {"moved_in_on": moved_in_on})
    with uow.transaction() as session:
        target = _villa(session, villa_id)
        if target.retired_on is not None:
            raise Conflict(_("Villa {number} is retired.").format(number=target.number))
        if _current_households(session, [villa_id]):
            raise Conflict(_("Villa {number} already has a current household; move it out "
                             "first.").format(number=target.number))
        last_out = session.scalar(select(Household.moved_out_on).where(
            Household.villa_id == villa_id).order_by(Household.moved_out_on.desc()).limit(1))
        if moved_in_on and last_out and moved_in_on < last_out:
            raise ValidationFailed({"moved_in_on": _(
                "The previous household moved out on {date}; the new one cannot move in "
                "before that.").format(date=last_out.isoformat())})
        household = Household(villa_id=villa_id, moved_in_on=moved_in_on, active=True)
        session.add(household)
        session.flush()
        return household.id


@needs(Permission.MANAGE_ESTATE)
def move_out(uow: UnitOfWork, household_id: int, moved_out_on: dt.date) -> None:
    """The household becomes former with its date; its people and history stay with it."""
    validation.enforce({"moved_out_on": validation.Day()}, {"moved_out_on": moved_out_on})
    with uow.transaction() as session:
        household = _household(session, household_id)
        if not household.active:
            raise Conflict(_("This household already moved out."))
        if moved_out_on > uow.clock.now().date():
            raise ValidationFailed({"moved_out_on": _("This date is in the future.")})
        if household.moved_in_on and moved_out_on < household.moved_in_on:
            raise ValidationFailed({"moved_out_on": _(
                "The move-out cannot be before the move-in ({date}).").format(
                date=household.moved_in_on.isoformat())})
        household.active, household.moved_out_on = False, moved_out_on
        villa_ = _villa(session, household.villa_id)
        if villa_.occupancy in (Occupancy.OCCUPIED, Occupancy.RENTED):
            villa_.occupancy = Occupancy.VACANT


# -- people ------------------------------------------------------------------------------

def _doc_number_error(doc_type: IdDocType | None, number: str) -> str | None:
    if not number:
        return None
    if doc_type == IdDocType.RESIDENT_ID:
        return validation.mainland_id_number(number)
    if not _DOC_NUMBER.match(number):
        return _("A document number has 3 to 30 letters and digits.")
    return None


def check_person(data: PersonInput) -> dict[str, str]:
    """Field → message for what is wrong with ``data`` (no database needed)."""
    limits = validation.check(PERSON_SPEC, data)
    if not validation.readable(PERSON_SPEC, data):  # the checks below need text and dates
        return limits
    errors = validation.collect({
        "name": (validation.required, data.name),
        "phone": (validation.phone, data.phone),
        "phone2": (validation.phone, data.phone2),
        "emergency_phone": (validation.phone, data.emergency_phone),
    })
    for name, limit in _PERSON_LIMITS.items():
        if name not in errors and len(str(getattr(data, name)).strip()) > limit:
            errors[name] = _("At most {n} characters.").format(n=limit)
    number = data.id_doc_number.strip()
    if number and data.id_doc_type is None:
        errors["id_doc_type"] = _("Choose the kind of ID document.")
    message = _doc_number_error(data.id_doc_type, number)
    if message:
        errors["id_doc_number"] = message
    if data.role != HouseholdRole.TENANT and (data.lease_start or data.lease_end):
        errors["lease_start"] = _("Only a tenant has a lease.")
    elif data.lease_start and data.lease_end and data.lease_end < data.lease_start:
        errors["lease_end"] = _("The lease cannot end before it starts.")
    if data.emergency_phone.strip() and not data.emergency_name.strip():
        errors.setdefault("emergency_name", _("Whom does this number reach?"))
    errors.update(limits)
    return errors


def _clean_phone(value: str) -> str:
    return validation.normalize_phone(value) if value.strip() else ""


def clean_doc_number(doc_type: IdDocType | None, number: str) -> str:
    v = number.strip()
    return v.upper() if doc_type == IdDocType.RESIDENT_ID else v


def _fill_person(person: Person, data: PersonInput) -> None:
    person.name = data.name.strip()
    person.role = data.role
    person.relation = data.relation.strip()
    person.phone = _clean_phone(data.phone)
    person.phone2 = _clean_phone(data.phone2)
    person.id_doc_type = data.id_doc_type
    person.id_doc_number = clean_doc_number(data.id_doc_type, data.id_doc_number)
    person.lease_start, person.lease_end = data.lease_start, data.lease_end
    person.emergency_name = data.emergency_name.strip()
    person.emergency_phone = _clean_phone(data.emergency_phone)


def _check_person_in(session: Session, household_id: int, data: PersonInput,
                     person_id: int | None) -> None:
    errors = check_person(data)
    if "name" not in errors and "role" not in errors:  # the query reads both
        same = session.scalar(select(Person.id).where(
            Person.household_id == household_id, Person.name == data.name.strip(),
            Person.role == data.role, Person.active.is_(True), Person.id != (person_id or 0)))
        if same is not None:
            errors["name"] = _("{name} is already in this household.").format(
                name=data.name.strip())
    if errors:
        raise ValidationFailed(errors)


def _person(session: Session, person_id: int) -> Person:
    found = session.get(Person, person_id)
    if found is None:
        raise NotFound(_("No such person."))
    return found


@needs(Permission.MANAGE_ESTATE)
def add_person(uow: UnitOfWork, household_id: int, data: PersonInput) -> int:
    with uow.transaction() as session:
        household = _household(session, household_id)
        if not household.active:
            raise Conflict(_("This household moved out; start a new household for new people."))
        _check_person_in(session, household_id, data, None)
        person = Person(household_id=household_id, active=True, retire_reason="")
        _fill_person(person, data)
        session.add(person)
        session.flush()
        return person.id


@needs(Permission.MANAGE_ESTATE)
def person_for_edit(uow: UnitOfWork, person_id: int) -> PersonInput:
    """The person's full values, for the edit form of someone who may edit them."""
    with uow.read() as session:
        p = _person(session, person_id)
        return PersonInput(
            name=p.name, role=p.role, relation=p.relation, phone=p.phone, phone2=p.phone2,
            id_doc_type=p.id_doc_type, id_doc_number=p.id_doc_number,
            lease_start=p.lease_start, lease_end=p.lease_end, emergency_name=p.emergency_name,
            emergency_phone=p.emergency_phone, version=p.version)


@needs(Permission.MANAGE_ESTATE)
def update_person(uow: UnitOfWork, person_id: int, data: PersonInput, *,
                  expected_version: int | None = None) -> None:
    with uow.transaction() as session:
        person = _person(session, person_id)
        check_version(session, person, expected_version, person.name)
        _check_person_in(session, person.household_id, data, person_id)
        _fill_person(person, data)


@needs(Permission.MANAGE_ESTATE)
def retire_person(uow: UnitOfWork, person_id: int, reason: str) -> None:
    """Someone leaves the household (or was entered by mistake): kept, no longer current."""
    why = _reason(reason)
    with uow.transaction() as session:
        person = _person(session, person_id)
        if not person.active:
            raise Conflict(_("{name} is already retired.").format(name=person.name))
        person.active, person.retire_reason = False, why
