"""Refusing a save based on an older version, and saying what changed since.

Each edit service gets the version its form was loaded with (``expected_version``) and calls
``check_version`` inside its write transaction before touching anything. When the record has
moved on, the audit log tells what happened since that version, in plain words: "刘主管
changed 维修人员 from 李强 to 王师傅 at 10:42", "… added fee line 换阀芯 ¥60 at 10:43".
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.audit import AuditEntry
from app.models.base import Base
from app.models.versions import Versioned
from app.services.errors import StaleRecord

#: Fields whose values are private (phones, ID numbers): the summary names them only.
_PRIVATE = ("phone", "id_doc_number", "id_number")
#: Fields not worth a line of their own (the version itself, ids shown by a name field, and
#: bookkeeping written with every change).
_SILENT = {"version", "assignee_id", "updated_at", "updated_by_id", "amount"}


def field_title(field: str) -> str:
    titles = {
        "villa_id": _("villa"), "location": _("location"), "contact_name": _("contact"),
        "contact_phone": _("contact phone"), "content": _("content"),
        "category_id": _("category"), "department": _("department"),
        "assignee": _("assignee"), "appointment_at": _("appointment"),
        "expected_completion_at": _("expected completion"), "charged": _("charged"),
        "state": _("state"), "special_requirements": _("special requirements"),
        "paused_reason": _("pause reason"), "void_reason": _("void reason"),
        "completion_note": _("completion note"), "name": _("name"), "phone": _("phone"),
        "phone2": _("second phone"), "role": _("role"), "relation": _("relation"),
        "id_doc_type": _("ID type"), "id_doc_number": _("ID number"),
        "lease_start": _("lease start"), "lease_end": _("lease end"),
        "emergency_name": _("emergency contact"), "emergency_phone": _("emergency phone"),
        "active": _("active"), "number": _("villa number"), "zone": _("zone"),
        "villa_type": _("villa type"), "area": _("area"), "occupancy": _("occupancy"),
        "note": _("note"), "retired_on": _("retired on"), "retire_reason": _("retire reason"),
        "unit": _("unit"), "price": _("price"), "topic": _("topic"),
        "question": _("question"), "answer": _("answer"), "keywords": _("keywords"),
        "caller_name": _("caller"), "channel": _("channel"), "entry_class": _("class"),
        "occurred_at": _("time of the call"), "voided": _("voided"),
        "sort_order": _("order"), "quantity": _("quantity"),
    }
    return titles.get(field, field)


def _when(at: dt.datetime, today: dt.date) -> str:
    return at.strftime("%H:%M") if at.date() == today else at.strftime("%m-%d %H:%M")


def _value(session: Session, field: str, text: str | None) -> str:
    """An audit value as the desk reads it: names for ids, titles for states."""
    if text is None or text == "":
        return "—"
    from app.models.households import Villa
    from app.models.work_orders import Department, WorkCategory, WorkOrderState
    from app.services.work_order_titles import department_title, state_title

    try:
        if field == "villa_id":
            villa = session.get(Villa, int(text))
            return villa.number if villa is not None else text
        if field == "category_id":
            category = session.get(WorkCategory, int(text))
            return category.name if category is not None else text
        if field == "state":
            return state_title(WorkOrderState(text))
        if field == "department":
            return department_title(Department(text))
    except ValueError:
        return text
    if text in ("true", "false"):
        return _("yes") if text == "true" else _("no")
    return text if len(text) <= 40 else text[:39] + "…"


def _describe(session: Session, entry: AuditEntry, who: str, today: dt.date) -> str | None:
    at = _when(entry.at, today)
    if entry.entity == "work_order_line":
        return _describe_line(session, entry, who, at)
    if entry.action == "create" or entry.field in _SILENT or not entry.field:
        return None
    field = field_title(entry.field)
    if any(part in entry.field for part in _PRIVATE):
        return _("{who} changed {field} at {at}").format(who=who, field=field, at=at)
    return _("{who} changed {field} from {old} to {new} at {at}").format(
        who=who, field=field, old=_value(session, entry.field, entry.old),
        new=_value(session, entry.field, entry.new), at=at)


def _describe_line(session: Session, entry: AuditEntry, who: str, at: str) -> str | None:
    from app.models.work_orders import WorkOrderLine

    if entry.action == "create" and entry.new:
        values = json.loads(entry.new)
        return _("{who} added fee line {name} ¥{amount} at {at}").format(
            who=who, name=values.get("name", ""), amount=values.get("amount", ""), at=at)
    if entry.field != "quantity":
        return None
    line = session.get(WorkOrderLine, int(entry.entity_id))
    name = line.name if line is not None else entry.entity_id
    if entry.new is None or Decimal(entry.new) == 0:
        return _("{who} took off fee line {name} at {at}").format(who=who, name=name, at=at)
    return _("{who} changed the quantity of fee line {name} from {old} to {new} at {at}"
             ).format(who=who, name=name, old=entry.old, new=entry.new, at=at)


def _since(session: Session, entity: str, entity_id: str, version: int) -> int:
    """The audit id after which the record's changes since ``version`` start."""
    rows = session.execute(
        select(AuditEntry.id, AuditEntry.field, AuditEntry.old, AuditEntry.new,
               AuditEntry.action, AuditEntry.at, AuditEntry.actor_id)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(AuditEntry.id)).all()
    reached = [r.id for r in rows if r.field == "version" and r.new == str(version)]
    if reached:
        return reached[-1]
    if version <= 1:
        # Version 1 came with the create, or with the migration for older records: start
        # after the last change made before the first version bump.
        bump = next((r for r in rows if r.field == "version"), None)
        if bump is None:
            return rows[-1].id if rows else 0
        before = [r.id for r in rows if r.id < bump.id
                  and (r.at, r.actor_id) != (bump.at, bump.actor_id)]
        return before[-1] if before else 0
    return 0


def changes_since(session: Session, record: Base, version: int,
                  parts: Sequence[tuple[str, Sequence[int]]] = ()) -> tuple[str, ...]:
    """What changed in ``record`` after ``version``, oldest first, one line per change.
    ``parts`` are (table, ids) of rows saved through it (a work order's fee lines)."""
    from app.services.work_order_queries import staff_names

    entity, entity_id = record.__tablename__, str(record.id)
    start = _since(session, entity, entity_id, version)
    query = select(AuditEntry).where(AuditEntry.id > start)
    conditions = [(AuditEntry.entity == entity) & (AuditEntry.entity_id == entity_id)]
    for table, ids in parts:
        if ids:
            conditions.append((AuditEntry.entity == table)
                              & AuditEntry.entity_id.in_([str(i) for i in ids]))
    entries = session.scalars(query.where(or_(*conditions)).order_by(AuditEntry.id)).all()
    names = staff_names(session)
    clock = session.info.get("clock")
    today = (clock.now() if clock else dt.datetime.now()).date()
    lines: list[str] = []
    for entry in entries:
        who = names.get(entry.actor_id or 0, "") or _("someone")
        text = _describe(session, entry, who, today)
        if text and text not in lines:
            lines.append(text)
    return tuple(lines)


def check_version(session: Session, record: Versioned, expected_version: int | None,
                  title: str, parts: Sequence[tuple[str, Sequence[int]]] = ()) -> None:
    """Refuse to save over changes the form has not seen. ``title`` names the record as
    the desk knows it (工单 WO-2026-0012, villa A-12). ``None`` skips the check (imports
    and scripts that act on the current record, never a form)."""
    if expected_version is None or record.version == expected_version:
        return
    raise stale(session, record, expected_version, title, parts)


def stale(session: Session, record: Any, expected_version: int, title: str,
          parts: Sequence[tuple[str, Sequence[int]]] = ()) -> StaleRecord:
    changes = changes_since(session, record, expected_version, parts)
    message = _("{record} was changed at another desk after you opened it, so your "
                "changes were not saved.").format(record=title)
    if changes:
        message += "\n" + "\n".join(changes)
    return StaleRecord(message, changes, record.version)


def changed_meanwhile() -> StaleRecord:
    """A change that slipped in between the check and the write: the UPDATE found another
    version (SQLAlchemy's ``StaleDataError``). The unit of work raises this instead."""
    return StaleRecord(_("This record was changed at another desk at the same moment, so "
                         "your changes were not saved. Open it again to see what changed."),
                       (), 0)
