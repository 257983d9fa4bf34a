"""A site that grows from one desk to several moves its SQLite file onto the server."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.bootstrap import open_database
from app.cli import main
from app.clock import FakeClock
from app.demo.build import build_demo
from app.models.reception import Channel, EntryClass, ReceptionEntry
from app.services import reception
from app.services.auth import login

pytestmark = pytest.mark.postgres


def test_one_desks_file_moves_into_an_empty_postgresql_database(
        home: Path, pg_database: str, clock: FakeClock,
        capsys: pytest.CaptureFixture[str]) -> None:
    sqlite_url = f"sqlite:///{home / 'one-desk.sqlite3'}"
    single = open_database(sqlite_url, clock=clock)
    build_demo(single.uow, villas=12, years=0.1)
    with single.uow.read() as session:
        calls = session.scalar(select(func.count()).select_from(ReceptionEntry))
    single.engine.dispose()

    assert main(["--database", sqlite_url, "move-to-postgresql", pg_database]) == 0
    out = capsys.readouterr().out
    assert "database_url" in out and pg_database in out

    shared = open_database(pg_database, clock=clock)
    try:
        with shared.uow.read() as session:
            assert session.scalar(select(func.count()).select_from(ReceptionEntry)) == calls
        # The next call taken on the server gets a new id (the sequences moved on) and
        # extends the same audit chain.
        desk = shared.uow.as_actor(login(shared.uow, "008", "123456"))
        row = reception.log_entry(desk, reception.NewEntry(
            Channel.PHONE, EntryClass.INQUIRY, "张伟", "问班车时间"))
        assert row.id > calls
    finally:
        shared.engine.dispose()
    assert main(["--database", pg_database, "verify-audit"]) == 0

    # A second move into the now-filled database is refused, and changes nothing.
    assert main(["--database", sqlite_url, "move-to-postgresql", pg_database]) == 2
    assert "不是空的" in capsys.readouterr().err
