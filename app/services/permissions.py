"""Who may do what. Checked in the services; the views only hide what would be refused."""

from __future__ import annotations

import enum

from app.i18n import _
from app.models.staff import Role
from app.services.actor import Actor
from app.services.errors import PermissionDenied


class Permission(enum.StrEnum):
    RECORD = "record"  # log calls, open work orders, register mail, issue passes
    SEE_PHONES = "see_phones"  # full phone numbers in the household file
    SIGN_DAILY_REVIEW = "sign_daily_review"
    EDIT_ANSWER_BOOK = "edit_answer_book"
    VOID_DOCUMENT = "void_document"
    CLASSIFY_COMPLAINT = "classify_complaint"
    MANAGE_STAFF = "manage_staff"
    MANAGE_RULES = "manage_rules"  # deadlines, fee standard, categories, calendar
    VIEW_REPORTS = "view_reports"
    MANAGE_ESTATE = "manage_estate"  # villas, households, people, the roster; Excel import
    REINSTATE_VILLA = "reinstate_villa"  # bring a retired villa back (manager)
    MANAGE_DATA = "manage_data"  # backups, restore, the audit check (manager)


_RECEPTIONIST = {Permission.RECORD}
_SUPERVISOR = _RECEPTIONIST | {
    Permission.SEE_PHONES,
    Permission.SIGN_DAILY_REVIEW,
    Permission.EDIT_ANSWER_BOOK,
    Permission.VOID_DOCUMENT,
    Permission.CLASSIFY_COMPLAINT,
    Permission.MANAGE_ESTATE,
}
_MANAGER = set(Permission)

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.RECEPTIONIST: frozenset(_RECEPTIONIST),
    Role.SUPERVISOR: frozenset(_SUPERVISOR),
    Role.MANAGER: frozenset(_MANAGER),
}


def allowed(actor: Actor, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[actor.role]


def require(actor: Actor, permission: Permission) -> None:
    if not allowed(actor, permission):
        raise PermissionDenied(
            _("{name} may not do this; ask a supervisor or manager.").format(name=actor.label)
        )


def role_title(role: Role) -> str:
    return {
        Role.RECEPTIONIST: _("Receptionist"),
        Role.SUPERVISOR: _("Supervisor"),
        Role.MANAGER: _("Manager"),
    }[role]
