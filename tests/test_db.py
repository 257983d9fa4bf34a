"""The database file: pragmas, migrations from empty, and a backup before migrating."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import text

from app.backups import write_backup
from app.bootstrap import open_database
from app.db import make_engine, migrate
from app.paths import backup_dir
from tests.schema import check_empty_database_migrates_to_head


def test_sqlite_is_opened_with_wal_full_sync_and_foreign_keys(home: Path) -> None:
    engine = make_engine(f"sqlite:///{home / 'x.sqlite3'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 15000
    engine.dispose()


def test_an_empty_database_is_migrated_to_head_and_matches_the_models(home: Path) -> None:
    engine = check_empty_database_migrates_to_head(f"sqlite:///{home / 'new.sqlite3'}")
    engine.dispose()


def test_a_database_with_data_is_backed_up_before_migrating(home: Path) -> None:
    """A file at an older revision (here: the empty schema's "base") is copied first."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / "old.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE paper_register (line TEXT)")
        raw.execute("INSERT INTO paper_register VALUES ('旧登记簿第1页')")
    engine = make_engine(f"sqlite:///{path}")
    backup = migrate(engine)
    engine.dispose()
    assert backup is not None and backup.parent == backup_dir()
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT line FROM paper_register").fetchone() == ("旧登记簿第1页",)
        assert copy.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'work_order'").fetchone() == (0,)
    with sqlite3.connect(path) as migrated:
        assert migrated.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'work_order'").fetchone() == (1,)


def test_online_backup_copies_a_database_in_use(home: Path) -> None:
    opened = open_database(f"sqlite:///{home / 'live.sqlite3'}")
    with opened.engine.begin() as conn:
        conn.execute(text("INSERT INTO site (name, phone, address) VALUES ('会所', '', '')"))
    target = write_backup(home / "live.sqlite3", home / "copy.sqlite3")
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT count(*) FROM site").fetchone() == (1,)
    opened.engine.dispose()
