"""The estate register in Excel: the template a site fills from its own lists, the import
(all or nothing) and the export (the same sheets, so an export can be imported again).

Every row is checked before anything is written; one bad row refuses the whole file with a
report of each bad row, column and reason. A good file is written in one transaction.
Importing the same file again matches villas by number and people by villa and ID number,
or villa, name and role, and only updates what changed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import validation
from app.i18n import _
from app.models.households import Household, HouseholdRole, Occupancy, Person, Villa
from app.services import estate
from app.services.errors import ValidationFailed
from app.services.estate import PersonInput, VillaInput
from app.services.estate_sheets import (
    ID_DOC_WORDS,
    OCCUPANCY_WORDS,
    PEOPLE_COLUMNS,
    PEOPLE_SHEET,
    ROLE_WORDS,
    VILLA_COLUMNS,
    VILLA_SHEET,
    BadCell,
    Column,
    area_text_of,
    choices,
    date_of,
    looks_like_resident_id,
    lookup,
    number_text_of,
    text_of,
)
from app.services.estate_workbook import new_workbook, save_workbook
from app.services.permissions import SIGNED_IN, Permission, needs
from app.services.privacy import id_number_for, phone_for
from app.services.uow import UnitOfWork

log = logging.getLogger(__name__)

#: (step text, done, total); may raise to cancel, which rolls the import back.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class RowProblem:
    sheet: str
    row: int  # as Excel shows it (the headings are row 1)
    column: str  # the heading
    reason: str  # in the user's language


@dataclass(frozen=True)
class ImportReport:
    villas_added: int
    villas_updated: int
    people_added: int
    people_updated: int
    unchanged: int
    problems: tuple[RowProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class _VillaLine:
    row: int
    data: VillaInput
    present: frozenset[str]  # fields whose column is in the file


@dataclass(frozen=True)
class _PersonLine:
    row: int
    villa_number: str
    data: PersonInput
    present: frozenset[str]


@dataclass
class _Parsed:
    villas: list[_VillaLine] = field(default_factory=list)
    people: list[_PersonLine] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


class _Refused(Exception):
    """Raised inside the import's transaction so nothing of a bad file is written."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__("refused")
        self.report = report


# -- reading the file --------------------------------------------------------------------

def _load(path: Path) -> Any:
    from openpyxl import load_workbook

    if not path.is_file():
        raise ValidationFailed({"file": _("There is no file {path}.").format(path=path)})
    try:
        return load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        log.info("cannot read %s as a workbook: %r", path, exc)
        raise ValidationFailed({"file": _(
            "{path} is not an Excel workbook (.xlsx); save it from Excel as “Excel Workbook” "
            "and try again.").format(path=path.name)}) from None


def _clean_heading(value: Any) -> str:
    return text_of(value).replace(" ", "").replace("　", "").rstrip("*＊")


def _heading_map(sheet: Any, columns: tuple[Column, ...], problems: list[RowProblem],
                 title: str) -> dict[str, int]:
    """Heading → column index; headings are matched by name, other columns are ignored."""
    found: dict[str, int] = {}
    for index, cell in enumerate(next(sheet.iter_rows(min_row=1, max_row=1), ())):
        name = _clean_heading(cell.value)
        if name and name not in found:
            found[name] = index
    for column in columns:
        if column.required and column.heading not in found:
            problems.append(RowProblem(title, 1, column.heading,
                                       _("This column is missing; copy it from the template.")))
    return found


def _rows(sheet: Any, headings: dict[str, int]) -> Iterable[tuple[int, dict[str, Any]]]:
    for cells in sheet.iter_rows(min_row=2):
        values = {name: cells[i].value if i < len(cells) else None
                  for name, i in headings.items()}
        if all(text_of(v) == "" for v in values.values()):
            continue
        yield cells[0].row, values


def _field_problems(title: str, row: int, columns: tuple[Column, ...],
                    errors: dict[str, str]) -> list[RowProblem]:
    heading = {c.field: c.heading for c in columns if c.field}
    return [RowProblem(title, row, heading.get(name, name), message)
            for name, message in errors.items()]


def _parse_villas(sheet: Any, parsed: _Parsed) -> None:
    headings = _heading_map(sheet, VILLA_COLUMNS, parsed.problems, VILLA_SHEET)
    if "别墅编号" not in headings:
        return
    present = frozenset(c.field for c in VILLA_COLUMNS if c.heading in headings)
    seen: dict[str, int] = {}
    for row, values in _rows(sheet, headings):
        problems: list[RowProblem] = []
        state_text = text_of(values.get("状态"))
        occupancy = lookup(OCCUPANCY_WORDS, state_text) if state_text else Occupancy.OCCUPIED
        if occupancy is None:
            problems.append(RowProblem(VILLA_SHEET, row, "状态", _(
                "Unknown state “{value}”; use one of {choices}.").format(
                value=state_text, choices=choices(OCCUPANCY_WORDS))))
        data = VillaInput(
            number=text_of(values.get("别墅编号")), zone=text_of(values.get("区域")),
            villa_type=text_of(values.get("类型")), area=area_text_of(values.get("面积")),
            occupancy=occupancy or Occupancy.OCCUPIED, note=text_of(values.get("备注")))
        errors, _area = estate.check_villa(data)
        problems += _field_problems(VILLA_SHEET, row, VILLA_COLUMNS, errors)
        number = validation.normalize_villa(data.number)
        if "number" not in errors and number in seen:
            problems.append(RowProblem(VILLA_SHEET, row, "别墅编号", _(
                "Villa {number} is already on row {row}.").format(number=number, row=seen[number])))
        seen.setdefault(number, row)
        parsed.problems += problems
        fields = present if state_text else present - {"occupancy"}
        parsed.villas.append(_VillaLine(row, replace(data, number=number), fields))


def _person_cells(row: int, values: dict[str, Any],
                  problems: list[RowProblem]) -> dict[str, Any]:
    """The cells of one person row converted; a cell that cannot be read is a problem."""
    out: dict[str, Any] = {}
    for column in PEOPLE_COLUMNS[1:]:
        raw = values.get(column.heading)
        try:
            if column.field in ("lease_start", "lease_end"):
                out[column.field] = date_of(raw)
            elif column.text:
                out[column.field] = number_text_of(raw)
            else:
                out[column.field] = text_of(raw)
        except BadCell as bad:
            problems.append(RowProblem(PEOPLE_SHEET, row, column.heading, str(bad)))
            out[column.field] = None if column.field.startswith("lease") else ""
    return out


def _parse_people(sheet: Any, parsed: _Parsed) -> None:
    headings = _heading_map(sheet, PEOPLE_COLUMNS, parsed.problems, PEOPLE_SHEET)
    if not {"别墅编号", "姓名", "身份"} <= set(headings):
        return
    present = frozenset(c.field for c in PEOPLE_COLUMNS if c.field and c.heading in headings)
    seen: dict[tuple[str, ...], int] = {}
    for row, values in _rows(sheet, headings):
        problems: list[RowProblem] = []
        number = validation.normalize_villa(text_of(values.get("别墅编号")))
        message = validation.villa_number(number)
        if message:
            problems.append(RowProblem(PEOPLE_SHEET, row, "别墅编号", message))
        cells = _person_cells(row, values, problems)
        role_text = cells["role"]
        role = lookup(ROLE_WORDS, role_text)
        if role is None:
            problems.append(RowProblem(PEOPLE_SHEET, row, "身份", _(
                "Unknown role “{value}”; use one of {choices}.").format(
                value=role_text, choices=choices(ROLE_WORDS)) if role_text else _(
                "This field is required.")))
        doc_text, doc_number = cells["id_doc_type"], cells["id_doc_number"]
        doc_type = lookup(ID_DOC_WORDS, doc_text) if doc_text else None
        if doc_text and doc_type is None:
            problems.append(RowProblem(PEOPLE_SHEET, row, "证件类型", _(
                "Unknown document type “{value}”; use one of {choices}.").format(
                value=doc_text, choices=choices(ID_DOC_WORDS))))
        elif not doc_text and looks_like_resident_id(doc_number):
            doc_type = estate.IdDocType.RESIDENT_ID
        data = PersonInput(
            name=cells["name"], role=role or HouseholdRole.FAMILY, relation=cells["relation"],
            phone=cells["phone"], phone2=cells["phone2"], id_doc_type=doc_type,
            id_doc_number=doc_number, lease_start=cells["lease_start"],
            lease_end=cells["lease_end"], emergency_name=cells["emergency_name"],
            emergency_phone=cells["emergency_phone"])
        errors = estate.check_person(data)
        if doc_text and doc_type is None:
            errors.pop("id_doc_number", None)
            errors.pop("id_doc_type", None)
        if role is None:
            errors.pop("lease_start", None)
        problems += _field_problems(PEOPLE_SHEET, row, PEOPLE_COLUMNS, errors)
        if not problems:
            doc_key = estate.clean_doc_number(doc_type, doc_number)
            key = (number, "id", doc_key) if doc_key else (number, data.name.strip(), role or "")
            if key in seen:
                problems.append(RowProblem(PEOPLE_SHEET, row, "证件号码" if doc_key else "姓名", _(
                    "The same person is already on row {row}.").format(row=seen[key])))
            seen.setdefault(key, row)
        parsed.problems += problems
        parsed.people.append(_PersonLine(row, number, data, present))


def _parse(path: Path) -> _Parsed:
    book = _load(path)
    try:
        names = set(book.sheetnames)
        if VILLA_SHEET not in names and PEOPLE_SHEET not in names:
            raise ValidationFailed({"file": _(
                "This workbook has neither a “{villas}” nor a “{people}” sheet; start from the "
                "template.").format(villas=VILLA_SHEET, people=PEOPLE_SHEET)})
        parsed = _Parsed()
        if VILLA_SHEET in names:
            _parse_villas(book[VILLA_SHEET], parsed)
        if PEOPLE_SHEET in names:
            _parse_people(book[PEOPLE_SHEET], parsed)
        return parsed
    finally:
        book.close()


# -- matching against the register -------------------------------------------------------

@dataclass
class _Counts:
    villas_added: int = 0
    villas_updated: int = 0
    people_added: int = 0
    people_updated: int = 0
    unchanged: int = 0


def _check_against_register(session: Session, parsed: _Parsed) -> None:
    numbers = {line.data.number for line in parsed.villas} | {
        line.villa_number for line in parsed.people}
    known = {v.number: v for v in session.scalars(select(Villa).where(Villa.number.in_(numbers)))}
    in_sheet = {line.data.number for line in parsed.villas}
    for line in parsed.villas:
        existing = known.get(line.data.number)
        if existing is not None and existing.retired_on is not None:
            parsed.problems.append(RowProblem(VILLA_SHEET, line.row, "别墅编号", _(
                "Villa {number} is retired; a manager reinstates it first.").format(
                number=line.data.number)))
    for person in parsed.people:
        existing = known.get(person.villa_number)
        if validation.villa_number(person.villa_number):
            continue  # already reported
        if existing is None and person.villa_number not in in_sheet:
            parsed.problems.append(RowProblem(PEOPLE_SHEET, person.row, "别墅编号", _(
                "Villa {number} is neither in the register nor in sheet “{sheet}”.").format(
                number=person.villa_number, sheet=VILLA_SHEET)))
        elif existing is not None and existing.retired_on is not None:
            parsed.problems.append(RowProblem(PEOPLE_SHEET, person.row, "别墅编号", _(
                "Villa {number} is retired; a manager reinstates it first.").format(
                number=person.villa_number)))


def _changes(target: Any, wanted: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in wanted.items() if getattr(target, name) != value}


def _villa_values(line: _VillaLine) -> dict[str, Any]:
    data = line.data
    values = {"zone": data.zone.strip(), "villa_type": data.villa_type.strip(),
              "area": estate.parse_area(data.area), "occupancy": data.occupancy,
              "note": data.note.strip()}
    return {name: value for name, value in values.items() if name in line.present}


def _person_values(line: _PersonLine) -> dict[str, Any]:
    d = line.data
    phone = validation.normalize_phone
    values = {
        "name": d.name.strip(), "role": d.role, "relation": d.relation.strip(),
        "phone": phone(d.phone), "phone2": phone(d.phone2),
        "id_doc_type": d.id_doc_type,
        "id_doc_number": estate.clean_doc_number(d.id_doc_type, d.id_doc_number),
        "lease_start": d.lease_start, "lease_end": d.lease_end,
        "emergency_name": d.emergency_name.strip(), "emergency_phone": phone(d.emergency_phone),
    }
    present = set(line.present) | {"name", "role"}
    if "id_doc_number" in present:
        present.add("id_doc_type")
    return {name: value for name, value in values.items() if name in present}


def _match(people: list[Person], values: dict[str, Any]) -> Person | None:
    """The same person in the household: by ID number when the row has one, else (or if
    the register has none yet) by name and role."""
    number = values.get("id_doc_number", "")
    if number:
        for person in people:
            if person.id_doc_number == number:
                return person
    for person in people:
        if (person.name, person.role) == (values["name"], values["role"]) and (
                not number or not person.id_doc_number):
            return person
    return None


def _merge(session: Session, parsed: _Parsed, write: bool, progress: Progress) -> _Counts:
    """Add or update what the file says; with ``write`` False only count what would be."""
    counts = _Counts()
    total = len(parsed.villas) + len(parsed.people)
    villas = {v.number: v for v in session.scalars(select(Villa).where(Villa.number.in_(
        {line.data.number for line in parsed.villas} | {p.villa_number for p in parsed.people})))}
    for done, line in enumerate(parsed.villas, 1):
        progress(_("Villas"), done, total)
        existing = villas.get(line.data.number)
        values = _villa_values(line)
        if existing is None:
            counts.villas_added += 1
            if write:
                new = Villa(number=line.data.number, zone="", villa_type="", note="",
                            retire_reason="", occupancy=line.data.occupancy)
                for name, value in values.items():
                    setattr(new, name, value)
                session.add(new)
                villas[new.number] = new
        elif changed := _changes(existing, values):
            counts.villas_updated += 1
            if write:
                for name, value in changed.items():
                    setattr(existing, name, value)
        else:
            counts.unchanged += 1
    if write:
        session.flush()
    households: dict[str, Household | None] = {}
    for done, person_line in enumerate(parsed.people, len(parsed.villas) + 1):
        progress(_("People"), done, total)
        number = person_line.villa_number
        if number not in households:
            villa_ = villas.get(number)
            households[number] = session.scalars(select(Household).where(
                Household.villa_id == villa_.id, Household.active.is_(True))
                .order_by(Household.id)).first() if villa_ is not None and villa_.id else None
        household = households[number]
        values = _person_values(person_line)
        found = _match([p for p in household.people if p.active], values) if household else None
        if found is None:
            counts.people_added += 1
            if write:
                if household is None:
                    household = Household(villa_id=villas[number].id, active=True)
                    session.add(household)
                    households[number] = household
                person = Person(household=household, active=True, retire_reason="",
                                relation="", phone="", phone2="", id_doc_number="",
                                emergency_name="", emergency_phone="")
                for name, value in values.items():
                    setattr(person, name, value)
                session.add(person)
                session.flush()
        elif changed := _changes(found, values):
            counts.people_updated += 1
            if write:
                for name, value in changed.items():
                    setattr(found, name, value)
        else:
            counts.unchanged += 1
    return counts


def _report(counts: _Counts, problems: Iterable[RowProblem]) -> ImportReport:
    order = {VILLA_SHEET: 0, PEOPLE_SHEET: 1}
    headings = [c.heading for c in VILLA_COLUMNS + PEOPLE_COLUMNS]
    ordered = sorted(set(problems), key=lambda p: (
        order.get(p.sheet, 2), p.row, headings.index(p.column) if p.column in headings else 99))
    return ImportReport(counts.villas_added, counts.villas_updated, counts.people_added,
                        counts.people_updated, counts.unchanged, tuple(ordered))


def _quiet(_step: str, _done: int, _total: int) -> None:
    pass


@needs(Permission.MANAGE_ESTATE)
def check_file(uow: UnitOfWork, path: Path) -> ImportReport:
    """What importing ``path`` would do, or why it would be refused; writes nothing."""
    parsed = _parse(path)
    with uow.read() as session:
        _check_against_register(session, parsed)
        if parsed.problems:
            return _report(_Counts(), parsed.problems)
        return _report(_merge(session, parsed, write=False, progress=_quiet), ())


@needs(Permission.MANAGE_ESTATE)
def import_estate(uow: UnitOfWork, path: Path, progress: Progress | None = None) -> ImportReport:
    """Import villas and people from ``path`` in one transaction, or nothing at all."""
    say = progress or _quiet
    say(_("Reading the file"), 0, 1)
    parsed = _parse(path)
    try:
        with uow.transaction() as session:
            _check_against_register(session, parsed)
            if parsed.problems:
                raise _Refused(_report(_Counts(), parsed.problems))
            counts = _merge(session, parsed, write=True, progress=say)
    except _Refused as refused:
        return refused.report
    return _report(counts, ())


# -- template and export -----------------------------------------------------------------

def write_template(path: Path) -> None:
    """An empty workbook with the sheets, headings and a 说明 sheet explaining each column."""
    save_workbook(new_workbook(), path)


@needs(SIGNED_IN)
def export_estate(uow: UnitOfWork, path: Path) -> int:
    """Current villas and the people of their current households, in the template's
    layout; phones and ID numbers as the viewer may see them. Returns the rows written."""
    book = new_workbook()
    villa_sheet, people_sheet = book[VILLA_SHEET], book[PEOPLE_SHEET]
    actor = uow.actor
    villa_rows = people_rows = 1  # the headings
    with uow.read() as session:
        villas = sorted(session.scalars(select(Villa).where(Villa.retired_on.is_(None))),
                        key=lambda v: estate.villa_sort_key(v.number))
        for v in villas:
            villa_rows += 1
            _put(villa_sheet, villa_rows, [
                v.number, v.zone, v.villa_type, float(v.area) if v.area is not None else None,
                OCCUPANCY_WORDS[v.occupancy][0], v.note])
            household = session.scalars(select(Household).where(
                Household.villa_id == v.id, Household.active.is_(True))
                .order_by(Household.id)).first()
            if household is None:
                continue
            order = {HouseholdRole.OWNER: 0, HouseholdRole.FAMILY: 1, HouseholdRole.TENANT: 2}
            for p in sorted((p for p in household.people if p.active),
                            key=lambda p: (order[p.role], p.id)):
                people_rows += 1
                _put(people_sheet, people_rows, [
                    v.number, p.name, ROLE_WORDS[p.role][0], phone_for(actor, p.phone),
                    ID_DOC_WORDS[p.id_doc_type][0] if p.id_doc_type else "",
                    id_number_for(actor, p.id_doc_number), p.relation,
                    phone_for(actor, p.phone2), p.lease_start, p.lease_end, p.emergency_name,
                    phone_for(actor, p.emergency_phone)])
    save_workbook(book, path)
    return villa_rows - 1 + people_rows - 1


def _put(sheet: Any, row: int, values: list[Any]) -> None:
    # Rows are written by number: the template's formatted empty rows count as used.
    for column, value in enumerate(values, 1):
        cell = sheet.cell(row=row, column=column, value=value)
        if isinstance(value, dt.date):
            cell.number_format = "yyyy-mm-dd"
