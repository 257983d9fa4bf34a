"""Record versions: every record people edit carries a counter that each change raises.

A form remembers the version it was loaded with; a save based on an older version is
refused (``app.services.record_changes``) instead of silently undoing another desk's work.
SQLAlchemy's version counter also puts ``WHERE version = <loaded>`` on every UPDATE, so a
change slipping in between the check and the write fails with ``StaleDataError`` too.

The counter is raised here, before each flush, rather than by SQLAlchemy itself, because a
record's version must also move when only its parts change: a work order's fee lines are
saved through the order, and adding a ¥60 line is a change to the order.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, event, inspect
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column


class Versioned:
    """Mixin: a ``version`` column (1 for a new record) checked on every UPDATE."""

    version: Mapped[int] = mapped_column(Integer, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version, "version_id_generator": False}


class VersionedPart:
    """Mixin for rows saved through a parent record (a work order's fee lines): changing
    one raises the parent's version. ``version_parent`` names the relationship."""

    version_parent: str = ""


#: ``session.info`` key: the (record, old, new) versions raised in the current flush. The
#: flush consumes a version column's history, so the audit log reads them from here.
BUMPS = "version_bumps"


def _raise(session: Session, obj: Versioned, bumped: set[int]) -> None:
    if id(obj) in bumped:
        return
    state = inspect(obj)
    if state.pending or state.transient:
        return
    bumped.add(id(obj))
    if not state.attrs.version.history.added:
        old = obj.version or 1
        obj.version = old + 1
        session.info.setdefault(BUMPS, []).append((obj, old, old + 1))


@event.listens_for(Session, "before_flush")
def _raise_versions(session: Session, _ctx: Any, _instances: Any) -> None:
    bumped: set[int] = set()
    with session.no_autoflush:
        for obj in list(session.dirty):
            if isinstance(obj, Versioned) and session.is_modified(
                    obj, include_collections=False):
                _raise(session, obj, bumped)
        for obj in [*session.new, *session.dirty, *session.deleted]:
            if isinstance(obj, VersionedPart) and obj.version_parent and (
                    obj in session.new or obj in session.deleted
                    or session.is_modified(obj, include_collections=False)):
                parent = getattr(obj, obj.version_parent, None)
                if isinstance(parent, Versioned):
                    _raise(session, parent, bumped)
