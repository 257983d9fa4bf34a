"""The class counts of a date range come from per-day counts kept with the calls.

The desk's counts line sums one row per day and class instead of counting ten years of
calls on every refresh; these tests make sure every way a call changes keeps those rows
right, that the audit check notices when they are wrong, and that a desk updated from an
older version gets them filled in.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, text, update

from app.clock import FakeClock
from app.models.audit import AuditEntry
from app.models.reception import Channel, EntryClass, ReceptionEntry
from app.models.reception_counts import ReceptionDayCount
from app.services import reception
from app.services.audit_replay import replay_records
from app.services.reception import EntryFilter, NewEntry, entry_counts, log_entry, void_entry
from app.services.uow import UnitOfWork

TODAY = dt.date(2026, 11, 24)


def call(entry_class: EntryClass, when: dt.datetime | None = None) -> NewEntry:
    return NewEntry(Channel.PHONE, entry_class, "张伟", "厨房水龙头漏水", occurred_at=when)


def stored(uow: UnitOfWork) -> dict[tuple[dt.date, EntryClass], int]:
    with uow.read() as session:
        return {(d, c): n for d, c, n in session.execute(select(
            ReceptionDayCount.day, ReceptionDayCount.entry_class, ReceptionDayCount.count))
            if n}


def counted(uow: UnitOfWork) -> dict[tuple[dt.date, EntryClass], int]:
    with uow.read() as session:
        found: dict[tuple[dt.date, EntryClass], int] = {}
        for when, cls in session.execute(select(ReceptionEntry.occurred_at,
                                                ReceptionEntry.entry_class)
                                         .where(ReceptionEntry.voided.is_(False))):
            found[(when.date(), cls)] = found.get((when.date(), cls), 0) + 1
        return found


def test_a_weeks_calls_voids_and_corrections_keep_the_day_counts_right(
        receptionist: UnitOfWork, supervisor: UnitOfWork, clock: FakeClock) -> None:
    now = clock.now()
    log_entry(receptionist, call(EntryClass.REPAIR))
    log_entry(receptionist, call(EntryClass.REPAIR))
    mistaken = log_entry(receptionist, call(EntryClass.INQUIRY))
    log_entry(receptionist, call(EntryClass.HELP, now - dt.timedelta(days=3)))
    moved = log_entry(receptionist, call(EntryClass.COMPLAINT, now - dt.timedelta(days=6)))
    void_entry(supervisor, mistaken.id, "重复登记")
    # A record written through the ORM some other way (a correction of its day and class):
    # the counts follow it in the same flush.
    with supervisor.transaction() as session:
        entry = session.get(ReceptionEntry, moved.id)
        assert entry is not None
        entry.occurred_at = now - dt.timedelta(days=2)
        entry.entry_class = EntryClass.REPAIR

    assert stored(receptionist) == counted(receptionist) == {
        (TODAY, EntryClass.REPAIR): 2,
        (TODAY - dt.timedelta(days=3), EntryClass.HELP): 1,
        (TODAY - dt.timedelta(days=2), EntryClass.REPAIR): 1,
    }
    week = entry_counts(receptionist, EntryFilter(TODAY - dt.timedelta(days=6), TODAY))
    assert (week.repair, week.inquiry, week.complaint, week.help) == (3, 0, 0, 1)
    # The range's ends are whole days, as the list's.
    assert entry_counts(receptionist, EntryFilter(TODAY - dt.timedelta(days=2),
                                                  TODAY - dt.timedelta(days=2))).total == 1
    # Filtered by villa or staff, the records themselves are counted (the same answer).
    mine = entry_counts(receptionist, EntryFilter(TODAY - dt.timedelta(days=6), TODAY,
                                                  taken_by_id=receptionist.actor.staff_id))
    assert (mine.repair, mine.help, mine.total) == (3, 1, 4)
    with receptionist.read() as session:
        assert replay_records(session) == []


def test_the_audit_check_notices_a_day_count_edited_in_the_database_file(
        receptionist: UnitOfWork, supervisor: UnitOfWork) -> None:
    log_entry(receptionist, call(EntryClass.REPAIR))
    with supervisor.transaction() as session:
        session.execute(update(ReceptionDayCount).values(count=ReceptionDayCount.count + 5))
    with supervisor.read() as session:
        problems = replay_records(session)
    assert [(p.entity, p.entity_id, p.field, p.logged, p.actual) for p in problems] == [
        ("reception_day_count", f"{TODAY.isoformat()}/repair", "count", "1", "6")]


def test_calls_taken_before_the_update_are_counted_once_migrated(
        receptionist: UnitOfWork, supervisor: UnitOfWork, clock: FakeClock) -> None:
    """A desk updated from an older version: 0010 fills the day counts from the calls
    already there, without a log entry, and the audit check agrees."""
    from alembic import command

    from app.db import _alembic_config, migrate
    from tests.schema import schema_drift

    log_entry(receptionist, call(EntryClass.REPAIR))
    log_entry(receptionist, call(EntryClass.INQUIRY, clock.now() - dt.timedelta(days=400)))
    voided = log_entry(receptionist, call(EntryClass.HELP))
    void_entry(supervisor, voided.id, "重复登记")
    engine = receptionist.sessions.kw["bind"]
    command.downgrade(_alembic_config(engine), "0009")
    with engine.connect() as conn:
        assert "reception_day_count" not in {r[0] for r in conn.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'table'"))}
    with receptionist.read() as session:
        logged = session.scalar(select(func.count()).select_from(AuditEntry))
    migrate(engine)
    assert schema_drift(engine) == []
    assert stored(receptionist) == counted(receptionist) == {
        (TODAY, EntryClass.REPAIR): 1,
        (TODAY - dt.timedelta(days=400), EntryClass.INQUIRY): 1}
    years = entry_counts(receptionist, EntryFilter(dt.date(2020, 1, 1), TODAY))
    assert (years.repair, years.inquiry, years.help) == (1, 1, 0)
    with receptionist.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == logged
        assert replay_records(session) == []


def test_the_counts_of_a_plain_range_read_the_day_counts_not_the_calls(
        receptionist: UnitOfWork) -> None:
    """Fails if the counts go back to counting the calls of the range."""
    from tests.services.test_query_plans import plans

    found = plans(receptionist, lambda: reception.entry_counts(
        receptionist, EntryFilter(dt.date(2016, 1, 1), TODAY)))
    counting = [sql for sql, _lines in found if "count" in sql.lower()
                and "reception_entry" in sql]
    assert counting == []
    assert any("FROM reception_day_count" in sql for sql, _lines in found)
