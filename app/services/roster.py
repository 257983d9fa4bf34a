"""The roster (派工名册): who receives slips, picked in a work order instead of typed.

Supervisors and managers keep it (``MANAGE_ESTATE``); a member who leaves is made inactive,
never deleted, so old slips keep naming them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app import validation
from app.i18n import _
from app.models.roster import RosterMember as Member
from app.models.work_orders import Department
from app.services import paging
from app.services.errors import Conflict, NotFound, ValidationFailed
from app.services.permissions import SIGNED_IN, Permission, needs
from app.services.privacy import phone_for
from app.services.record_changes import check_version
from app.services.uow import UnitOfWork

_DEPARTMENT_ORDER = {d: i for i, d in enumerate(Department)}


@dataclass(frozen=True)
class RosterMember:
    id: int
    name: str
    department: Department
    phone: str  # masked per viewer
    active: bool
    version: int = 1  # passed back by the editor (app/services/record_changes.py)


def _row(uow: UnitOfWork, m: Member) -> RosterMember:
    return RosterMember(m.id, m.name, m.department, phone_for(uow.actor, m.phone), m.active,
                        m.version)


@needs(SIGNED_IN)
def list_roster(uow: UnitOfWork, department: Department | None = None,
                include_inactive: bool = False) -> list[RosterMember]:
    """By department, then name; inactive members only when asked (old slips, the editor)."""
    with uow.read() as session:
        query = select(Member)
        if department is not None:
            query = query.where(Member.department == department)
        if not include_inactive:
            query = query.where(Member.active.is_(True))
        members = sorted(session.scalars(query),
                         key=lambda m: (not m.active, _DEPARTMENT_ORDER[m.department], m.name))
        return [_row(uow, m) for m in members]


@dataclass(frozen=True)
class RosterFilter:
    department: Department | None = None
    include_inactive: bool = False


FILTER_SPEC: validation.Spec = {"department": validation.Choice(Department, optional=True),
                                "include_inactive": validation.Flag()}

#: The roster list's sortable columns, each served by a (column, id) index (0010). The
#: phone is not sortable: a receptionist sees it masked, and its order would tell more.
ROSTER = paging.Register(
    id=Member.id,
    keys={
        "name": paging.SortKey(Member.name, validation.Text(60)),
        "department": paging.SortKey(Member.department, validation.Choice(Department)),
        "active": paging.SortKey(Member.active, validation.Flag()),
    },
    default=paging.Sort("name", paging.Direction.ASC),
)


def roster_query(flt: RosterFilter, sort: paging.Sort = ROSTER.default,
                 after: paging.Cursor | None = None) -> Select[tuple[Member]]:
    query = select(Member)
    if flt.department is not None:
        query = query.where(Member.department == flt.department)
    if not flt.include_inactive:
        query = query.where(Member.active.is_(True))
    return ROSTER.ordered(query, sort, after)


@needs(SIGNED_IN)
def page_roster(uow: UnitOfWork, flt: RosterFilter, sort: paging.Sort = ROSTER.default,
                after: paging.Cursor | None = None,
                limit: int = paging.PAGE_SIZE) -> paging.Page[RosterMember]:
    """One page of the roster (the estate tab's list) in ``sort`` order, after ``after``."""
    validation.enforce(FILTER_SPEC, flt)
    ROSTER.check(sort, after, limit)
    with uow.read() as session:
        found = list(session.scalars(roster_query(flt, sort, after).limit(limit + 1)))
        return ROSTER.page(found, sort, limit, lambda m: m, lambda m: _row(uow, m))


@needs(SIGNED_IN)
def member(uow: UnitOfWork, member_id: int) -> RosterMember:
    with uow.read() as session:
        return _row(uow, _member(session, member_id))


def _member(session: Session, member_id: int) -> Member:
    found = session.get(Member, member_id)
    if found is None:
        raise NotFound(_("No such person on the roster."))
    return found


#: A roster member as typed: the name on slips, the department, a phone.
MEMBER_SPEC: validation.Spec = {
    "name": validation.Text(60), "department": validation.Choice(Department),
    "phone": validation.Text(30),
}


def _check(session: Session, name: str, department: Department, phone: str,
           member_id: int | None) -> None:
    validation.enforce(MEMBER_SPEC, {"name": name, "department": department, "phone": phone})
    errors = validation.collect({"name": (validation.required, name),
                                 "phone": (validation.phone, phone)})
    if "name" not in errors and len(name.strip()) > 60:
        errors["name"] = _("At most {n} characters.").format(n=60)
    if "name" not in errors:
        same = session.scalar(select(Member.id).where(
            Member.name == name.strip(), Member.department == department,
            Member.active.is_(True), Member.id != (member_id or 0)))
        if same is not None:
            errors["name"] = _("{name} is already on the roster.").format(name=name.strip())
    if errors:
        raise ValidationFailed(errors)


def _fill(m: Member, name: str, department: Department, phone: str) -> None:
    m.name, m.department = name.strip(), department
    m.phone = validation.normalize_phone(phone) if phone.strip() else ""


@needs(Permission.MANAGE_ESTATE)
def add_member(uow: UnitOfWork, name: str, department: Department, phone: str) -> int:
    with uow.transaction() as session:
        _check(session, name, department, phone, None)
        new = Member(active=True)
        _fill(new, name, department, phone)
        session.add(new)
        session.flush()
        return new.id


@needs(Permission.MANAGE_ESTATE)
def update_member(uow: UnitOfWork, member_id: int, name: str, department: Department,
                  phone: str, *, expected_version: int | None = None) -> None:
    """Correct a member; slips already printed keep the name they were dispatched with."""
    with uow.transaction() as session:
        target = _member(session, member_id)
        check_version(session, target, expected_version, target.name)
        _check(session, name, department, phone, member_id)
        _fill(target, name, department, phone)


@needs(Permission.MANAGE_ESTATE)
def set_member_active(uow: UnitOfWork, member_id: int, active: bool) -> None:
    with uow.transaction() as session:
        target = _member(session, member_id)
        if active and session.scalar(select(Member.id).where(
                Member.name == target.name, Member.department == target.department,
                Member.active.is_(True), Member.id != member_id)) is not None:
            raise Conflict(_("{name} is already on the roster.").format(name=target.name))
        target.active = active


def assignee_for(session: Session, member_id: int, kept_id: int | None = None) -> Member:
    """The roster member a work order is dispatched to, inside the caller's transaction.

    An inactive member is refused, except the one the order already has (``kept_id``), so
    an order can still be edited after its technician left."""
    found = session.get(Member, member_id)
    if found is None:
        raise ValidationFailed({"assignee": _("No such person on the roster.")})
    if not found.active and found.id != kept_id:
        raise ValidationFailed({"assignee": _(
            "{name} is no longer on the roster; choose someone else.").format(name=found.name)})
    return found
