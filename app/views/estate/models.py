"""The estate register's lists as table models over the services' plain rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, ClassVar

from PySide6.QtCore import Qt

from app.i18n import N_, _, fmt_number
from app.services.estate import HouseholdRow, PersonDetail, VillaRow, id_doc_type_title
from app.services.households import occupancy_title, role_title
from app.services.roster import RosterMember
from app.services.work_order_titles import department_title
from app.views.widgets.paged_model import PagedModel
from app.views.widgets.rows_model import Index, RowsModel

RETIRED_FG = Qt.GlobalColor.gray


def day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def span(start: dt.date | None, end: dt.date | None) -> str:
    """A lease or a stay: "2025-03-01 – 2026-02-28", open ends shown as "…"."""
    if start is None and end is None:
        return ""
    return f"{day(start) or '…'} – {day(end) or '…'}"


class VillasModel(PagedModel[VillaRow]):
    """The villas, a page at a time, sorted by the database (services/estate_lists.py):
    the number in its natural order (A-9 before A-10); area and owners are not sortable."""

    COL_NUMBER, COL_ZONE, COL_TYPE, COL_AREA, COL_OCCUPANCY, COL_OWNERS = range(6)
    headers = (N_("Villa"), N_("Zone"), N_("Type"), N_("Area (m²)"), N_("Occupancy"),
               N_("Owners"))
    sort_keys: ClassVar[Mapping[int, str]] = {
        COL_NUMBER: "number", COL_ZONE: "zone", COL_TYPE: "villa_type",
        COL_OCCUPANCY: "occupancy"}
    default_sort = (COL_NUMBER, Qt.SortOrder.AscendingOrder)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_for(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            occupancy = (_("Retired") if row.retired else occupancy_title(row.occupancy))
            area = fmt_number(row.area) if row.area is not None else ""
            return (row.number, row.zone, row.villa_type, area, occupancy,
                    row.owners)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.retired:
                return _("Retired on {day}: {reason}").format(day=day(row.retired_on),
                                                              reason=row.retire_reason)
            return row.note or None
        if role == Qt.ItemDataRole.ForegroundRole and row.retired:
            return RETIRED_FG
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_AREA:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def id_doc_text(person: PersonDetail) -> str:
    if not person.id_doc_number:
        return ""
    kind = id_doc_type_title(person.id_doc_type) if person.id_doc_type else ""
    return f"{kind} {person.id_doc_number}".strip()


def emergency_text(person: PersonDetail) -> str:
    return " ".join(p for p in (person.emergency_name, person.emergency_phone) if p)


class PeopleModel(RowsModel[PersonDetail]):
    """The people of one household: 业主 first, then family members and tenants."""

    COL_ROLE, COL_NAME, COL_RELATION, COL_PHONE, COL_ID, COL_LEASE, COL_EMERGENCY = range(7)
    headers = (N_("Role"), N_("Name"), N_("Relation"), N_("Phone"), N_("ID document"),
               N_("Lease"), N_("Emergency contact"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_for(index)
        if row is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            phones = " / ".join(p for p in (row.phone, row.phone2) if p)
            values = (role_title(row.role), row.name, row.relation, phones, id_doc_text(row),
                      span(row.lease_start, row.lease_end), emergency_text(row))
            text = values[index.column()]
            if role == Qt.ItemDataRole.ToolTipRole:
                return text or None
            return text
        if role == Qt.ItemDataRole.ForegroundRole and not row.active:
            return RETIRED_FG
        return None


class HouseholdHistoryModel(RowsModel[HouseholdRow]):
    """Former households of a villa, newest first, with who lived there."""

    COL_MOVED_IN, COL_MOVED_OUT, COL_PEOPLE = range(3)
    headers = (N_("Moved in"), N_("Moved out"), N_("People"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_for(index)
        if row is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == self.COL_PEOPLE:
                people = "、".join(f"{p.name}（{role_title(p.role)}）" for p in row.people)
                if role == Qt.ItemDataRole.ToolTipRole:
                    return "\n".join(
                        " ".join(v for v in (role_title(p.role), p.name, p.phone) if v)
                        for p in row.people) or None
                return people
            return (day(row.moved_in_on) or _("unknown"),
                    day(row.moved_out_on))[index.column()]
        return None


class RosterModel(PagedModel[RosterMember]):
    """The roster, a page at a time, sorted by the database (services/roster.py); the
    phone, masked for some, is not sortable."""

    COL_NAME, COL_DEPARTMENT, COL_PHONE, COL_ACTIVE = range(4)
    headers = (N_("Name"), N_("Department"), N_("Phone"), N_("Status"))
    sort_keys: ClassVar[Mapping[int, str]] = {
        COL_NAME: "name", COL_DEPARTMENT: "department", COL_ACTIVE: "active"}
    default_sort = (COL_NAME, Qt.SortOrder.AscendingOrder)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_for(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.name, department_title(row.department), row.phone,
                    _("Active") if row.active else _("Deactivated"))[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and not row.active:
            return RETIRED_FG
        return None
