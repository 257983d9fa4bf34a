"""Signing in (登录) with 工号 + password, argon2-hashed, with slowed-down retries."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from app import validation
from app.i18n import _
from app.models.staff import Staff
from app.services import audit
from app.services.actor import Actor
from app.services.errors import ServiceError
from app.services.permissions import PUBLIC, needs
from app.services.uow import UnitOfWork
from app.settings import LOGIN_FREE_ATTEMPTS, read_setting

#: Argon2id at OWASP's first recommended setting (m = 46 MiB, t = 1, p = 1; the cheat sheet
#: lists it beside m = 19 MiB, t = 2 as equal in strength). argon2-cffi's own default
#: (64 MiB, t = 3, p = 4) took 0.25-0.6 s per sign-in on the desk's two cores, on the GUI
#: thread, at every start and unlock; this takes ~75 ms. Hashes made with other settings
#: still verify (the settings are in the hash) and are rehashed at the next sign-in.
_hasher = PasswordHasher(time_cost=1, memory_cost=46 * 1024, parallelism=1)

#: Longest wait imposed between attempts after repeated wrong passwords.
MAX_WAIT_SECONDS = 300


class LoginFailed(ServiceError):
    pass


class LoginThrottled(ServiceError):
    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        super().__init__(
            _("Too many wrong passwords. Try again in {seconds} seconds.").format(
                seconds=seconds
            )
        )


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def wait_after(failures: int, free_attempts: int) -> int:
    """Seconds to wait before the next attempt: doubling after the free attempts."""
    if failures < free_attempts:
        return 0
    return min(MAX_WAIT_SECONDS, 2 ** (failures - free_attempts + 2))


def actor_of(staff: Staff) -> Actor:
    return Actor(staff.id, staff.agent_no, staff.name, staff.role)


@needs(PUBLIC)
def login(uow: UnitOfWork, agent_no: str, password: str) -> Actor:
    now = uow.clock.now()
    typed = validation.normalize_agent_no(agent_no)
    if validation.Text(128)(password) is not None:
        # Not a password anyone can have (a broken character, a control character, pages
        # of text): checked like any wrong one, so it fails, counts and takes as long.
        password = "\x00"
    with uow.transaction() as session:
        staff = None
        if validation.agent_no(typed) is None:
            staff = session.scalars(select(Staff).where(Staff.agent_no == typed)).first()
        if staff is None or not staff.active:
            # Verify against a dummy hash so an unknown 工号 takes as long as a real one:
            # the answer's speed must not tell which agent numbers exist.
            _hasher_verify_dummy(password)
            # What was typed is not kept: a password typed into the wrong box would stay in
            # the append-only log for ever. A known (deactivated) 工号 is named by its id.
            audit.record_event(session, "login_failed", "staff",
                               str(staff.id) if staff is not None else "")
            raise_later: ServiceError = LoginFailed(_("Wrong agent number or password."))
        else:
            free = read_setting(session, LOGIN_FREE_ATTEMPTS)
            wait = wait_after(staff.failed_logins, free)
            if wait and staff.last_failed_at:
                remaining = int((staff.last_failed_at + dt.timedelta(seconds=wait) - now)
                                .total_seconds())
                if remaining > 0:
                    raise LoginThrottled(remaining)
            if verify_hash(staff.password_hash, password):
                if staff.failed_logins:
                    staff.failed_logins = 0
                if _hasher.check_needs_rehash(staff.password_hash):
                    staff.password_hash = hash_password(password)
                audit.record_event(session, "login", "staff", str(staff.id), staff.agent_no)
                return actor_of(staff)
            staff.failed_logins += 1
            staff.last_failed_at = now
            audit.record_event(session, "login_failed", "staff", str(staff.id))
            raise_later = LoginFailed(_("Wrong agent number or password."))
    # Raised after commit so the failure count and its audit entry are kept.
    raise raise_later


@functools.cache
def _dummy_hash() -> str:
    return hash_password("not a password anybody has")


def _hasher_verify_dummy(password: str) -> None:
    with contextlib.suppress(VerificationError, InvalidHashError):
        _hasher.verify(_dummy_hash(), password)


def verify_hash(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@needs(PUBLIC)
def verify_password(uow: UnitOfWork, actor: Actor, password: str) -> bool:
    """Unlocking the screen: the same person's password, with the same throttling."""
    try:
        again = login(uow, actor.agent_no, password)
    except LoginFailed:
        return False
    return again.staff_id == actor.staff_id
