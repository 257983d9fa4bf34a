"""The unit of work: one user action = one transaction = one "changed" notification.

Services open ``with uow.transaction() as session:``; the audit listener (``app.services.
audit``) records every insert and update made in it under ``uow.actor``; after commit the
listeners hear which tables changed, which is how the views refresh only what changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache, cached_property

from sqlalchemy import Engine, Select, bindparam, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from app.clock import Clock
from app.services.actor import SYSTEM, Actor
from app.services.errors import PermissionDenied

ChangeListener = Callable[[frozenset[str]], None]


@dataclass(frozen=True)
class UnitOfWork:
    sessions: sessionmaker[Session]
    clock: Clock
    actor: Actor = SYSTEM
    listeners: list[ChangeListener] = field(default_factory=list)

    def as_actor(self, actor: Actor) -> UnitOfWork:
        """The same database, clock and listeners, acting as someone else."""
        return replace(self, actor=actor)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        # Importing audit also installs the flush listeners that write the audit log.
        from app.services import audit, change_feed

        with self.sessions() as session:
            session.info["actor"] = self.actor
            session.info["clock"] = self.clock
            session.info["changes"] = set()
            try:
                # Other desks hear of the commit (app/services/change_feed.py).
                with change_feed.OwnCommit() as own, session.begin():
                    if session.get_bind().dialect.name != "sqlite":
                        audit.take_writer_lock(session)
                    self._check_actor(session)
                    own.started(session)
                    yield session
                    own.committing(session)
            except StaleDataError as exc:
                # Another desk's change slipped in between a service's version check and
                # its write: refuse like a stale form (app/services/record_changes.py).
                from app.services.record_changes import changed_meanwhile

                raise changed_meanwhile() from exc
            changes = frozenset(session.info["changes"])
        if changes:
            for listener in list(self.listeners):
                listener(changes)

    @cached_property
    def _read_bind(self) -> Engine:
        from app.db import READ_ONLY

        engine: Engine = self.sessions.kw["bind"]
        return engine.execution_options(**{READ_ONLY: True})

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A transaction that must not write; it rolls back whatever happens. On SQLite it
        begins deferred: it reads a snapshot and takes no lock a writer would wait for."""
        with self.sessions(bind=self._read_bind) as session:
            session.info["actor"] = self.actor
            session.info["clock"] = self.clock
            session.info["changes"] = set()
            try:
                self._check_actor(session)
                yield session
            finally:
                # Detach first: what was read stays readable, nothing can be written back.
                session.expunge_all()
                session.rollback()

    def _check_actor(self, session: Session) -> None:
        """Refuse to act for a signed-in person whose account changed since sign-in.

        Permissions are checked against the role captured at sign-in; re-reading the staff
        row in every transaction means a demoted or deactivated person's open session can
        do nothing more than their account now allows (they sign in again).
        """
        if self.actor.staff_id is None:
            return
        row = session.execute(_account(), {"staff_id": self.actor.staff_id}).first()
        if row is None or not row.active or row.role != self.actor.role:
            raise AccountChanged()


@cache
def _account() -> Select[tuple[bool, str]]:
    """The signed-in person's account as it is now, built once: every read and every
    transaction runs it (the search box, as the desk types)."""
    from app.models.staff import Staff

    return select(Staff.active, Staff.role).where(Staff.id == bindparam("staff_id"))


class AccountChanged(PermissionDenied):
    """The signed-in person was deactivated or given another role by a manager."""

    def __init__(self) -> None:
        from app.i18n import _

        super().__init__(_("Your account was changed by a manager since you signed in. "
                           "Lock the screen (Ctrl+L) and sign in again."))

