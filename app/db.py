"""Engine, sessions, SQLite pragmas, migrations and backups.

SQLite is opened in WAL mode with ``synchronous=FULL`` (a receipt that was printed must be
on disk), foreign keys on and a busy timeout. Every transaction starts with
``BEGIN IMMEDIATE`` so two desks (or two processes) never both read a counter and then
fail to upgrade to a write lock; they queue on the busy timeout instead. Reads (the unit of
work's ``read()``) begin deferred, so a long list query never holds writers up.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from app.paths import backup_dir, install_root

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 15_000
#: Execution option of the unit of work's reads: a deferred (non-locking) transaction.
READ_ONLY = "villa_desk_read_only"


def make_engine(url: str, **kwargs: Any) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, **kwargs)

    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Take BEGIN out of the driver's hands; ``_on_begin`` emits our own.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Reads begin deferred: in WAL mode they see a snapshot and never block a writer.
        # Writes take the write lock up front, so two desks queue instead of deadlocking.
        if conn.get_execution_options().get(READ_ONLY):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # expire_on_commit=False: services hand plain data out after commit.
    return sessionmaker(engine, expire_on_commit=False)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def sqlite_path(engine: Engine) -> Path | None:
    if not is_sqlite(engine):
        return None
    database = engine.url.database
    if not database or database == ":memory:":
        return None
    return Path(database)


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    script_location = install_root() / "app" / "migrations"
    cfg = Config()
    # Alembic's options go through ConfigParser interpolation: a literal % (a percent-encoded
    # URL, so any data path with Chinese, spaces or a Windows drive's colon) must be doubled.
    cfg.set_main_option("script_location", str(script_location).replace("%", "%%"))
    cfg.set_main_option("sqlalchemy.url",
                        engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    cfg.attributes["engine"] = engine
    return cfg


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config(engine)).get_current_head()


#: ``revision = "0010"`` and ``down_revision = "0009"`` (or None) in a migration file.
_REVISION = re.compile(r"""^revision(?:\s*:[^=\n]*)?\s*=\s*["']([^"']+)["']""", re.M)
_DOWN_REVISION = re.compile(
    r"""^down_revision(?:\s*:[^=\n]*)?\s*=\s*(?:["']([^"']+)["']|None)\s*$""", re.M)


def newest_revision_in_files() -> str | None:
    """The head revision read from the migration files' own two lines, without Alembic
    (whose import and script scan took ~100 ms of every start). None when the files do not
    name exactly one head in that plain form (a merge, say): Alembic then decides."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (install_root() / "app" / "migrations" / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        revision = _REVISION.search(text)
        if revision is None:
            continue  # __init__.py
        down = _DOWN_REVISION.search(text)
        if down is None:
            return None
        revisions.add(revision[1])
        if down[1]:
            parents.add(down[1])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _stamped_revision(engine: Engine) -> str | None:
    """The revision the database says it is at (its ``alembic_version`` row), plain SQL."""
    try:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    except DBAPIError:
        return None  # a new database: no table yet
    return str(rows[0][0]) if len(rows) == 1 else None


def migrate(engine: Engine) -> Path | None:
    """Bring the schema to the newest revision; back the file up first if it has data.

    Returns the backup file, if one was made. An up-to-date database (every start but the
    first after an update) is recognised without importing Alembic.
    """
    newest = newest_revision_in_files()
    if newest is not None and _stamped_revision(engine) == newest:
        return None
    from alembic import command

    current = current_revision(engine)
    if current == head_revision(engine):
        return None
    backup: Path | None = None
    path = sqlite_path(engine)
    if path is not None and path.exists() and inspect(engine).get_table_names():
        from app.backups import backup_name, write_backup

        backup = write_backup(path, backup_dir() / backup_name(
            path, f"pre-migrate-{current or 'none'}", dt.datetime.now()))
    command.upgrade(_alembic_config(engine), "head")
    return backup
