"""A long list query on one desk never holds up another desk's save."""

from __future__ import annotations

import time

from sqlalchemy import func, select, text

from app.models.reception import Channel, EntryClass, ReceptionEntry
from app.services import reception
from app.services.uow import UnitOfWork


def test_a_save_goes_through_while_a_long_read_is_open(receptionist: UnitOfWork) -> None:
    reception.log_entry(receptionist, reception.NewEntry(
        Channel.PHONE, EntryClass.INQUIRY, "张伟", "问班车时间"))
    with receptionist.read() as session:
        # The read has begun and holds its snapshot (a ten-year list query, say) …
        before = session.scalar(select(func.count()).select_from(ReceptionEntry))
        started = time.monotonic()
        # … while the evening shift saves a call on another connection.
        reception.log_entry(receptionist, reception.NewEntry(
            Channel.VISIT, EntryClass.HELP, "李娜", "借梯子"))
        waited = time.monotonic() - started
        # The read still sees its own snapshot, unchanged by the write.
        assert session.scalar(select(func.count()).select_from(ReceptionEntry)) == before
    # With a locking read the save would have waited out the 15 s busy timeout and failed.
    assert waited < 5
    with receptionist.read() as session:
        assert session.scalar(select(func.count()).select_from(ReceptionEntry)) == before + 1


def test_writes_still_take_the_write_lock_at_once(receptionist: UnitOfWork) -> None:
    with receptionist.transaction() as session:
        # BEGIN IMMEDIATE: this connection holds the RESERVED lock before reading anything.
        locked = session.execute(text("PRAGMA main.locking_mode")).scalar()
        assert locked == "normal"
        other = receptionist.sessions.kw["bind"].raw_connection()
        try:
            other.execute("PRAGMA busy_timeout = 0")
            try:
                other.execute("BEGIN IMMEDIATE")
                got_lock = True
                other.execute("ROLLBACK")
            except Exception:
                got_lock = False
        finally:
            other.close()
        assert not got_lock
