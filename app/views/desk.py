"""The desk as the views see it: who is signed in, the unit of work, and change signals."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.clock import Clock
from app.config import LocalConfig
from app.services.actor import Actor
from app.services.permissions import Permission, allowed
from app.services.uow import UnitOfWork


class Desk(QObject):
    #: frozenset[str] of table names a committed action changed; tabs refresh on it.
    changed = Signal(object)
    #: the new Actor after sign-in, switch user or unlock.
    actor_changed = Signal(object)

    def __init__(self, base: UnitOfWork, config: LocalConfig, actor: Actor | None = None) -> None:
        super().__init__()
        self._base = base
        self.config = config
        self._actor = actor or base.actor
        base.listeners.append(self._emit_changed)

    def _emit_changed(self, tables: frozenset[str]) -> None:
        self.changed.emit(tables)

    @property
    def actor(self) -> Actor:
        return self._actor

    @property
    def clock(self) -> Clock:
        return self._base.clock

    @property
    def uow(self) -> UnitOfWork:
        """The unit of work acting as the signed-in staff member."""
        return self._base.as_actor(self._actor)

    def can(self, permission: Permission) -> bool:
        return allowed(self._actor, permission)

    def set_actor(self, actor: Actor) -> None:
        self._actor = actor
        self.actor_changed.emit(actor)
