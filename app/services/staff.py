"""Staff accounts: creating, changing roles and passwords, deactivating (never deleting)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import validation
from app.i18n import _
from app.models.staff import Role, Staff
from app.services.auth import hash_password, verify_hash
from app.services.errors import NotFound, ValidationFailed
from app.services.permissions import SIGNED_IN, Permission, needs, require
from app.services.uow import UnitOfWork


@dataclass(frozen=True)
class StaffRow:
    id: int
    agent_no: str
    name: str
    role: Role
    active: bool


def _get(session: Session, staff_id: int) -> Staff:
    staff = session.get(Staff, staff_id)
    if staff is None:
        raise NotFound(_("No such staff member."))
    return staff


def _row(staff: Staff) -> StaffRow:
    return StaffRow(staff.id, staff.agent_no, staff.name, staff.role, staff.active)


#: A staff account as the manager types it; a password is any text up to 128 characters.
STAFF_SPEC: validation.Spec = {
    "agent_no": validation.Text(10), "name": validation.Text(60),
    "password": validation.Text(128),
}


def validate_new_staff(session_has: bool, agent_no: str, name: str, password: str) -> None:
    validation.enforce(STAFF_SPEC, {"agent_no": agent_no, "name": name, "password": password})
    errors = validation.collect({
        "agent_no": (validation.agent_no, agent_no),
        "name": (validation.required, name),
        "password": (validation.password, password),
    })
    if session_has and "agent_no" not in errors:
        errors["agent_no"] = _("Agent number {no} is taken.").format(no=agent_no)
    if errors:
        raise ValidationFailed(errors)


def new_staff(agent_no: str, name: str, role: Role, password: str, now: object) -> Staff:
    return Staff(agent_no=validation.normalize_agent_no(agent_no), name=name.strip(),
                 role=role, active=True,
                 password_hash=hash_password(password), failed_logins=0, created_at=now)


@needs(Permission.MANAGE_STAFF)
def create_staff(uow: UnitOfWork, agent_no: str, name: str, role: Role, password: str) -> StaffRow:
    validation.enforce({**STAFF_SPEC, "role": validation.Choice(Role)},
                       {"agent_no": agent_no, "name": name, "password": password, "role": role})
    with uow.transaction() as session:
        taken = session.scalar(select(Staff.id).where(
            Staff.agent_no == validation.normalize_agent_no(agent_no)))
        validate_new_staff(taken is not None, agent_no, name, password)
        staff = new_staff(agent_no, name, role, password, uow.clock.now())
        session.add(staff)
        session.flush()
        return _row(staff)


@needs(SIGNED_IN)
def list_staff(uow: UnitOfWork, include_inactive: bool = False) -> list[StaffRow]:
    with uow.read() as session:
        query = select(Staff).order_by(Staff.agent_no)
        if not include_inactive:
            query = query.where(Staff.active.is_(True))
        return [_row(s) for s in session.scalars(query)]


@needs(Permission.MANAGE_STAFF)
def set_active(uow: UnitOfWork, staff_id: int, active: bool) -> StaffRow:
    validation.enforce({"active": validation.Flag()}, {"active": active})
    if staff_id == uow.actor.staff_id and not active:
        raise ValidationFailed({"active": _("You cannot deactivate your own account.")})
    with uow.transaction() as session:
        staff = _get(session, staff_id)
        if not active:
            _keep_a_manager(session, staff, "active")
        staff.active = active
        return _row(staff)


@needs(Permission.MANAGE_STAFF)
def set_role(uow: UnitOfWork, staff_id: int, role: Role) -> StaffRow:
    validation.enforce({"role": validation.Choice(Role)}, {"role": role})
    if staff_id == uow.actor.staff_id and role != Role.MANAGER:
        # The last door out of user management must not lock itself.
        raise ValidationFailed({"role": _("You cannot take away your own manager role.")})
    with uow.transaction() as session:
        staff = _get(session, staff_id)
        if role != Role.MANAGER:
            _keep_a_manager(session, staff, "role")
        staff.role = role
        return _row(staff)


def _keep_a_manager(session: Session, staff: Staff, field: str) -> None:
    """The site must always have an active manager: without one nobody could manage staff,
    and an empty manager list must never look like a database waiting to be set up.
    Checked inside the writing transaction, so two managers demoting each other from two
    desks cannot both succeed."""
    if staff.role != Role.MANAGER or not staff.active:
        return
    others = session.scalar(
        select(func.count()).select_from(Staff).where(
            Staff.role == Role.MANAGER, Staff.active.is_(True), Staff.id != staff.id))
    if not others:
        raise ValidationFailed({field: _("{name} is the last active manager; make someone "
                                         "else a manager first.").format(name=staff.name)})


@needs(SIGNED_IN, note="one's own, with the old password; anyone else's needs MANAGE_STAFF")
def change_password(uow: UnitOfWork, staff_id: int, new_password: str,
                    old_password: str = "") -> None:
    """Own password (the old one is asked: a desk left signed in must not let a passer-by
    take the account over), or anyone's for a manager."""
    own = uow.actor.staff_id == staff_id
    if not own:
        require(uow.actor, Permission.MANAGE_STAFF)
    validation.enforce({"password": STAFF_SPEC["password"],
                        "old_password": STAFF_SPEC["password"]},
                       {"password": new_password, "old_password": old_password})
    message = validation.password(new_password)
    if message:
        raise ValidationFailed({"password": message})
    with uow.transaction() as session:
        staff = _get(session, staff_id)
        if own and not verify_hash(staff.password_hash, old_password):
            raise ValidationFailed({"old_password": _("This is not your current password.")})
        staff.password_hash = hash_password(new_password)
        staff.failed_logins = 0
