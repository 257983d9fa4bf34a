"""A second staff member confirms what one person alone must not (双人确认).

A phone callback of a complaint and an owner's consent given by phone for a release pass
count only when a second member of staff, at the same desk, signs in to confirm them. The
second person types their own agent number and password (checked, throttled and logged
exactly like a sign-in); the action that needs the confirmation takes the returned token
with ``redeem`` inside its own transaction and stores the confirming staff id on its
record, where the audit log keeps it. A token works once, for ten minutes, and never for
the person who asked for it.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from dataclasses import dataclass

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.i18n import _
from app.services.actor import Actor
from app.services.auth import LoginFailed, login
from app.services.errors import ServiceError, ValidationFailed
from app.services.permissions import SIGNED_IN, needs
from app.services.uow import UnitOfWork

VALID_FOR = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class SecondConfirmation:
    staff_id: int
    label: str
    asked_by: int
    confirmed_at: dt.datetime
    token: str


_lock = threading.Lock()
#: Tokens handed out and not yet used. In-process on purpose: the second person confirms
#: at the same desk, in the same program, moments before the action runs.
_open: dict[str, SecondConfirmation] = {}


@needs(SIGNED_IN)
def confirm_second_staff(uow: UnitOfWork, agent_no: str, password: str) -> SecondConfirmation:
    asking = uow.actor.staff_id
    if asking is None:
        raise ServiceError(_("Sign in first; a second staff member then confirms."))
    try:
        second = login(uow, agent_no, password)
    except LoginFailed as exc:
        raise ValidationFailed({"password": exc.message}) from None
    if second.staff_id == asking:
        raise ValidationFailed({"agent_no": _(
            "A second staff member must confirm: {name} is the one asking.")
            .format(name=uow.actor.name)})
    assert second.staff_id is not None
    confirmation = SecondConfirmation(second.staff_id, second.label, asking, uow.clock.now(),
                                      secrets.token_hex(16))
    with _lock:
        _open[confirmation.token] = confirmation
    return confirmation


def redeem(session: Session, confirmation: SecondConfirmation, actor: Actor,
           now: dt.datetime) -> int:
    """The confirming staff member's id. Call inside the action's transaction: the token
    is used up when that transaction commits, so an action refused for another reason
    (a field left empty) can be tried again without asking the second person twice."""
    with _lock:
        for token, old in list(_open.items()):  # forget what nobody used in time
            if now - old.confirmed_at > VALID_FOR and token != confirmation.token:
                del _open[token]
        kept = _open.get(confirmation.token)
    used = session.info.setdefault("confirmations_used", set())
    if kept is None or kept != confirmation or confirmation.token in used:
        raise ServiceError(_("This confirmation was already used or is not known; the "
                             "second staff member confirms again."))
    if kept.asked_by != actor.staff_id or kept.staff_id == actor.staff_id:
        raise ServiceError(_("The confirmation was given to someone else; the second staff "
                             "member confirms again."))
    if now - kept.confirmed_at > VALID_FOR:
        raise ServiceError(_("The confirmation is older than {minutes} minutes; the second "
                             "staff member confirms again.")
                           .format(minutes=int(VALID_FOR.total_seconds() // 60)))
    used.add(confirmation.token)

    def use_up(_session: Session) -> None:
        with _lock:
            _open.pop(confirmation.token, None)

    event.listen(session, "after_commit", use_up, once=True)
    return kept.staff_id
