"""Calls per day and class, kept current in the flush that writes the calls.

The reception tab shows the class counts of its date range on every refresh. Counted from
the records, a range of ten years reads 200,000 index entries each time; summed from one
row per day and class it reads at most 4 × 3,650. The rows are derived, like a work
order's total: written here for every insert, void, re-dating or re-classing of a record
(whatever wrote it: a service, the demo, a script through the ORM), never typed, not
audited, and checked by the audit check against a count of the records themselves
(``services/audit_replay.RECOMPUTE_TABLES``). Voided records are not counted (as the tab
does not count them).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from sqlalchemy import Date, Integer, event, insert, inspect, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.models.base import Base, str_enum
from app.models.reception import EntryClass, ReceptionEntry


class ReceptionDayCount(Base):
    """The records (not voided) of one day and class."""

    __tablename__ = "reception_day_count"
    __audited__ = False
    #: Every column is derived from ``reception_entry`` (see the module's docstring).
    __derived__ = frozenset({"day", "entry_class", "count"})

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    entry_class: Mapped[EntryClass] = mapped_column(str_enum(EntryClass, "entry_class"),
                                                    primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


Key = tuple[dt.date, EntryClass]


def _key(occurred_at: Any, entry_class: Any, voided: Any) -> Key | None:
    """Where a record counts, or None (voided, or not complete yet)."""
    if voided or occurred_at is None or entry_class is None:
        return None
    return occurred_at.date(), EntryClass(entry_class)


def _before_after(entry: ReceptionEntry) -> tuple[Key | None, Key | None]:
    """The record's place in the counts before this flush and after it."""
    state = inspect(entry)
    old: dict[str, Any] = {}
    for field in ("occurred_at", "entry_class", "voided"):
        history = state.attrs[field].history
        old[field] = (history.deleted[0] if history.deleted
                      else history.unchanged[0] if history.unchanged
                      else getattr(entry, field))
    return (_key(old["occurred_at"], old["entry_class"], old["voided"]),
            _key(entry.occurred_at, entry.entry_class, entry.voided))


def changes(session: Session) -> Counter[Key]:
    """How this flush moves the counts (day and class → +/- records)."""
    moved: Counter[Key] = Counter()
    for obj in session.new:
        if isinstance(obj, ReceptionEntry):
            after = _key(obj.occurred_at, obj.entry_class, obj.voided)
            if after is not None:
                moved[after] += 1
    for obj in session.dirty:
        if isinstance(obj, ReceptionEntry):
            before, after = _before_after(obj)
            if before != after:
                if before is not None:
                    moved[before] -= 1
                if after is not None:
                    moved[after] += 1
    for obj in session.deleted:
        if isinstance(obj, ReceptionEntry):
            before = _before_after(obj)[0]
            if before is not None:
                moved[before] -= 1
    return Counter({key: n for key, n in moved.items() if n})


@event.listens_for(Session, "after_flush")
def _keep_day_counts(session: Session, _ctx: Any) -> None:
    """Add this flush's records to their day's count, in the same transaction. Writers
    queue behind one another (SQLite's write lock, the audit anchor's row lock on
    PostgreSQL), so the read-free ``count = count + n`` cannot lose a concurrent call."""
    moved = changes(session)
    if not moved:
        return
    table = ReceptionDayCount.__table__
    conn = session.connection()  # Core, not ORM: not a change the feed reports by itself
    for (day, entry_class), n in sorted(moved.items()):
        done = conn.execute(update(table).where(
            table.c.day == day, table.c.entry_class == entry_class,
        ).values(count=table.c.count + n))
        if done.rowcount == 0:
            conn.execute(insert(table).values(day=day, entry_class=entry_class, count=n))
