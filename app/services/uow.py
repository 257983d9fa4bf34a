"""The unit of work: one user action = one transaction = one "changed" notification.

Services open ``with uow.transaction() as session:``; the audit listener (``app.services.
audit``) records every insert and update made in it under ``uow.actor``; after commit the
listeners hear which tables changed, which is how the views refresh only what changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from sqlalchemy.orm import Session, sessionmaker

from app.clock import Clock
from app.services.actor import SYSTEM, Actor

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
        from app.services import audit

        with self.sessions() as session:
            session.info["actor"] = self.actor
            session.info["clock"] = self.clock
            session.info["changes"] = set()
            with session.begin():
                if session.get_bind().dialect.name != "sqlite":
                    audit.take_writer_lock(session)
                yield session
            changes = frozenset(session.info["changes"])
        if changes:
            for listener in list(self.listeners):
                listener(changes)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A transaction that must not write; it rolls back whatever happens."""
        with self.sessions() as session:
            session.info["actor"] = self.actor
            session.info["clock"] = self.clock
            session.info["changes"] = set()
            try:
                yield session
            finally:
                # Detach first: what was read stays readable, nothing can be written back.
                session.expunge_all()
                session.rollback()
