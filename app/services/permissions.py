"""Who may do what: the one table of roles → permissions, and of actions → what each needs.

Every public service function that takes the unit of work first is an *action* and is
declared here with ``@needs(...)`` right above its ``def``: the permission it needs
(``Permission.RECORD`` …), ``SIGNED_IN`` (any signed-in staff member), ``PUBLIC`` (also
before sign-in: the login, the first-run set-up) or ``PROGRAM`` (the program itself: the
start-up thread, the CLI; never a person). The decorator checks before the body runs, so a
refused action has used none of its arguments; the views only hide what would be refused.

``tests/services/test_permission_table.py`` finds every action, fails for one that is not
declared, and calls each as every role against this table; ``scripts/permissions_table.py``
writes the table reviewers read (docs/permissions.md).
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from app import validation
from app.i18n import _
from app.models.staff import Role
from app.services.actor import Actor
from app.services.errors import PermissionDenied

if TYPE_CHECKING:
    from app.services.uow import UnitOfWork


class Permission(enum.StrEnum):
    RECORD = "record"  # log calls, open work orders, register mail, issue passes
    SEE_PHONES = "see_phones"  # full phone numbers in the household file
    SIGN_DAILY_REVIEW = "sign_daily_review"
    EDIT_ANSWER_BOOK = "edit_answer_book"
    VOID_DOCUMENT = "void_document"
    MANAGE_STAFF = "manage_staff"
    MANAGE_RULES = "manage_rules"  # deadlines, fee standard, categories, calendar
    # Set or change a complaint's responsibility, severity or validity; step in on a
    # serious one; write the month's corrective actions (supervisor).
    CLASSIFY_COMPLAINT = "classify_complaint"
    # Management reports: the complaints' monthly analysis, its Excel export, the quarterly
    # developer report (supervisor). The monthly number register is not one: the whole desk
    # reads it.
    VIEW_REPORTS = "view_reports"
    MANAGE_ESTATE = "manage_estate"  # villas, households, people, the roster; Excel import
    REINSTATE_VILLA = "reinstate_villa"  # bring a retired villa back (manager)
    MANAGE_DATA = "manage_data"  # backups, restore, the audit check (manager)
    RETURN_MAIL = "return_mail"  # send an unclaimed item back to the sender (supervisor)
    # Set and clear a household's hold; let a pass through a hold or outside its window.
    OVERRIDE = "override"


_RECEPTIONIST = {Permission.RECORD}
_SUPERVISOR = _RECEPTIONIST | {
    Permission.SEE_PHONES,
    Permission.SIGN_DAILY_REVIEW,
    Permission.EDIT_ANSWER_BOOK,
    Permission.VOID_DOCUMENT,
    Permission.MANAGE_ESTATE,
    Permission.CLASSIFY_COMPLAINT,
    Permission.VIEW_REPORTS,
    Permission.RETURN_MAIL,
    Permission.OVERRIDE,
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


# -- actions -----------------------------------------------------------------------------

class Audience(enum.StrEnum):
    """Who may run an action that needs no particular permission."""

    SIGNED_IN = "signed in"  # any active staff member: reads, own drafts, own password
    PUBLIC = "public"  # anyone, also before sign-in: login, set-up, the site's name
    PROGRAM = "program"  # only the program itself (start-up thread, CLI), never a person


SIGNED_IN, PUBLIC, PROGRAM = Audience.SIGNED_IN, Audience.PUBLIC, Audience.PROGRAM

Need = Permission | Audience

#: Every action, "module.function" (module under app.services) → what it needs.
ACTIONS: dict[str, Need] = {}
#: Actions whose check also depends on the data (e.g. "own password, or MANAGE_STAFF"),
#: declared with the need of their general case; the note says the rest.
NOTES: dict[str, str] = {}

P = ParamSpec("P")
R = TypeVar("R")
Action = Callable[Concatenate["UnitOfWork", P], R]


def action_name(fn: Callable[..., object]) -> str:
    return f"{fn.__module__.removeprefix('app.services.')}.{fn.__name__}"


def _check(uow: UnitOfWork, need: Need) -> None:
    """Refuse (``PermissionDenied``) unless ``uow.actor`` may do what needs ``need``.

    A signed-in person's staff row is read again (``AccountChanged`` when a manager
    deactivated them or changed their role since sign-in), so a refused person sees the
    refusal, not a complaint about what they typed."""
    actor = uow.actor
    if need is PUBLIC:
        return
    if need is PROGRAM:
        if actor.staff_id is not None:
            raise PermissionDenied(_("Only the program itself does this, not a person."))
        return
    if isinstance(need, Permission):
        require(actor, need)
    if actor.staff_id is not None:
        with uow.read():  # opening it re-reads the staff row (UnitOfWork._check_actor)
            pass


def needs(need: Need, note: str = "") -> Callable[[Action[P, R]], Action[P, R]]:
    """Declare a service action and what it needs; the check runs before its body."""

    def declare(fn: Action[P, R]) -> Action[P, R]:
        code = getattr(fn, "__code__", None)
        if code is None or code.co_argcount < 1 or code.co_varnames[0] != "uow":
            raise TypeError(f"@needs declares a function taking the unit of work (uow) "
                            f"first, not {fn!r}")
        # Ids, enum members, dates: what the types alone say is checked before the body.
        guard_ids = validation.call_guard(fn)

        @functools.wraps(fn)
        def checked(uow: UnitOfWork, /, *args: P.args, **kwargs: P.kwargs) -> R:
            _check(uow, need)
            guard_ids(args, kwargs)
            return fn(uow, *args, **kwargs)

        name = action_name(fn)
        ACTIONS[name] = need
        if note:
            NOTES[name] = note
        checked.__permission__ = need  # type: ignore[attr-defined]
        return checked

    return declare


def may(actor: Actor, need: Need) -> bool:
    """What the table says ``actor``'s role may do (the account's state aside)."""
    if need is PUBLIC:
        return True
    if need is PROGRAM:
        return actor.staff_id is None
    return allowed(actor, need) if isinstance(need, Permission) else need is SIGNED_IN
