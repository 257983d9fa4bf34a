"""What other desks committed: the tables another program changed since this one last looked.

Inside one program the unit of work tells its listeners which tables a transaction changed.
Another desk is another process (on the same SQLite file) or another PC (on the shared
PostgreSQL database); this module carries the same news across. No Qt.

**PostgreSQL.** Every write transaction ends with ``pg_notify('villa_desk_changes',
'<program> <table>,<table>…')`` just before its commit (``OwnCommit.committing``). A
notification is delivered only when its transaction commits, so a rollback tells nobody.
``PostgresFeed`` owns one dedicated autocommit connection that ``LISTEN``s and hands out the
tables of other programs' notifications; its own (the ``<program>`` token is this process's)
are skipped, since the in-process listeners have already refreshed the desk. If the
connection was lost, notifications may have been missed: the first poll after reconnecting
reports every table.

**SQLite.** There is no NOTIFY. ``PRAGMA data_version`` on one dedicated connection changes
when any other connection commits — including this program's own pooled connections. So
``SqliteFeed`` answers "which tables?" from the audit log: every change a tab can watch is
audited (``tests/services/test_change_feed.py`` checks every watched table), entries have
increasing ids, and ``audit_anchor.last_id`` is the newest. Each write transaction of this
program registers the id range of its own entries ``(start, end]`` before it commits, while
it holds SQLite's write lock (``BEGIN IMMEDIATE``), so the range is exact. A poll whose
``data_version`` moved reads the anchor; the entries above what it saw last, minus this
program's ranges, are other desks' — their ``entity`` column names the tables. A change
that writes no audit entry (a draft being typed at another desk, a number counter) reports
nothing, which is what the tabs need. More than ``SCAN_MAX`` foreign entries at once (an
import, a demo) report every table rather than reading them all; so does a log that went
backwards (a restore).

"Every table" is ``everything()``: the names of all tables of the models, so each watching
tab refreshes. A spurious refresh costs a query; a missed one leaves a desk showing old data.

Polls never wait for a lock: the SQLite connection has no busy timeout (a busy database is
looked at again on the next poll; ``data_version`` keeps the news), and the PostgreSQL one
waits only for notifications, at most ``timeout`` seconds. The views poll from a thread of
their own (``app/views/widgets/change_watcher.py``).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
import uuid
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, event, func, select
from sqlalchemy.engine import URL
from sqlalchemy.orm import ORMExecuteState, Session

from app.services.permissions import SIGNED_IN, needs
from app.services.uow import UnitOfWork

log = logging.getLogger(__name__)

#: The PostgreSQL notification channel every desk of a site listens on.
CHANNEL = "villa_desk_changes"
#: This program's token in its notifications, so its own can be told apart.
PROGRAM = f"{os.getpid()}.{uuid.uuid4().hex[:8]}"
#: A payload longer than this (PostgreSQL allows 8000 bytes) says "everything" instead.
PAYLOAD_MAX = 7000
EVERYTHING_MARK = "*"
#: Foreign audit entries read for their table names in one poll; more report every table.
SCAN_MAX = 20_000
#: How long one wait on the PostgreSQL socket lasts, so an interrupt is heard soon.
_SLICE_S = 0.1

NOTHING: frozenset[str] = frozenset()


def everything() -> frozenset[str]:
    """Every table of the models: what "something changed, no telling what" stands for."""
    import app.models  # noqa: F401  (every model module, so all tables are known)
    from app.models.base import Base

    return frozenset(Base.metadata.tables)


class ChangeFeed(Protocol):
    def poll(self, timeout: float = 0.0) -> frozenset[str]:
        """Tables other programs changed since the last poll; waits at most ``timeout``
        seconds for news (less after ``interrupt``). Called from one thread only."""

    def interrupt(self) -> None:
        """From any thread: end a waiting poll now; later polls return at once."""

    def close(self) -> None:
        """From the polling thread: release the dedicated connection."""


@needs(SIGNED_IN, note="the signed-in desk hears which tables other desks changed")
def open_feed(uow: UnitOfWork) -> ChangeFeed:
    """The feed for the database behind ``uow``."""
    engine = uow.sessions.kw["bind"]
    assert isinstance(engine, Engine)
    if engine.dialect.name == "postgresql":
        return PostgresFeed(engine.url)
    from app.db import sqlite_path

    path = sqlite_path(engine)
    if path is None:  # an in-memory database has no other desks
        return QuietFeed()
    return SqliteFeed(path)


class QuietFeed:
    """No other desk can reach this database."""

    def __init__(self) -> None:
        self._stop = threading.Event()

    def poll(self, timeout: float = 0.0) -> frozenset[str]:
        self._stop.wait(timeout)
        return NOTHING

    def interrupt(self) -> None:
        self._stop.set()

    def close(self) -> None:
        pass


# --- this program's own commits --------------------------------------------------------------

_registry_lock = threading.Lock()
#: Open SQLite feeds by database file: they hear this program's own commits.
_sqlite_feeds: dict[str, set[SqliteFeed]] = {}


def _file_key(path: Path | str) -> str:
    return os.path.normcase(os.path.realpath(path))


def _feeds_for(session: Session) -> list[SqliteFeed]:
    bind = session.get_bind()
    # A session joined to an outer transaction (the demo's all-or-nothing build) commits
    # only a savepoint here; its entries are reported when the outer one commits, as an
    # other desk's would be (a refresh too many, never one too few).
    if isinstance(bind, Connection) or bind.dialect.name != "sqlite":
        return []
    database = bind.url.database
    if not database or database == ":memory:":
        return []
    with _registry_lock:
        return list(_sqlite_feeds.get(_file_key(database), ()))


def _anchor(session: Session) -> int:
    from app.models.audit import AuditAnchor

    last = session.execute(select(AuditAnchor.last_id).where(AuditAnchor.id == 1)).scalar()
    return int(last or 0)


class OwnCommit:
    """Used by ``UnitOfWork.transaction`` around one write transaction:
    ``started`` once the transaction holds the write lock, ``committing`` after the
    caller's work and just before the commit; leaving with an error takes it back."""

    def __init__(self) -> None:
        self._feeds: list[SqliteFeed] = []
        self._start = 0
        self._range: tuple[int, int] | None = None

    def __enter__(self) -> OwnCommit:
        return self

    def started(self, session: Session) -> None:
        self._feeds = _feeds_for(session)
        if self._feeds:
            self._start = _anchor(session)

    def committing(self, session: Session) -> None:
        # The last flush first: its changes (and audit entries) belong to this commit.
        session.flush()
        changes: set[str] = session.info.get("changes", set())
        bind = session.get_bind()
        if changes and bind.dialect.name == "postgresql":
            session.execute(select(func.pg_notify(CHANNEL, _payload(changes))))
        if self._feeds:
            end = _anchor(session)
            if end > self._start:
                self._range = (self._start, end)
                for feed in self._feeds:
                    feed.own_entries(self._range)

    def __exit__(self, kind: type[BaseException] | None, _value: BaseException | None,
                 _tb: TracebackType | None) -> None:
        if kind is not None and self._range is not None:
            # Rolled back: those ids will be someone else's entries.
            for feed in self._feeds:
                feed.forget_entries(self._range)


def _payload(changes: set[str]) -> str:
    tables = ",".join(sorted(changes))
    if len(tables) > PAYLOAD_MAX:
        tables = EVERYTHING_MARK
    return f"{PROGRAM} {tables}"


@event.listens_for(Session, "do_orm_execute")
def _note_bulk_changes(state: ORMExecuteState) -> None:
    """``session.execute(insert/update/delete(Model)…)`` bypasses the flush listener that
    collects ``session.info["changes"]``; note its table too, so neither this program's
    listeners nor the other desks miss it."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    if mapper is not None and mapper.local_table is not None:
        name = getattr(mapper.local_table, "name", None)
        if name:
            state.session.info.setdefault("changes", set()).add(name)


# --- SQLite ----------------------------------------------------------------------------------

class SqliteFeed:
    """``PRAGMA data_version`` as the cheap trigger, the audit log for the table names."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._key = _file_key(path)
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._own: list[tuple[int, int]] = []
        self._conn: sqlite3.Connection | None = None
        self._version: int | None = None
        self._seen: int | None = None
        with _registry_lock:
            _sqlite_feeds.setdefault(self._key, set()).add(self)
        # Where "since" starts: now, not at the first poll a second later.
        try:
            self._look()
        except sqlite3.Error:
            log.info("The change feed could not read %s yet", path, exc_info=True)

    # -- told by this program's unit of work (any thread) --
    def own_entries(self, entries: tuple[int, int]) -> None:
        with self._lock:
            self._own.append(entries)

    def forget_entries(self, entries: tuple[int, int]) -> None:
        with self._lock:
            if entries in self._own:
                self._own.remove(entries)

    # -- the polling thread --
    def poll(self, timeout: float = 0.0) -> frozenset[str]:
        if timeout > 0:
            self._stop.wait(timeout)
        if self._stop.is_set():
            return NOTHING
        try:
            return self._look()
        except sqlite3.Error as exc:
            # Busy (a checkpoint, a restore) or gone: data_version keeps the news for the
            # next poll, which tries again.
            log.debug("Change feed poll of %s failed: %s", self.path, exc)
            return NOTHING

    def _connect(self) -> sqlite3.Connection:
        if self._conn is None:
            # timeout=0: a poll must never wait for a lock. check_same_thread=False: the
            # feed is opened on the GUI thread and polled from its own thread, one at a time.
            self._conn = sqlite3.connect(self.path, timeout=0, isolation_level=None,
                                         check_same_thread=False)
        return self._conn

    def _look(self) -> frozenset[str]:
        conn = self._connect()
        version = conn.execute("PRAGMA data_version").fetchone()[0]
        if version == self._version:
            return NOTHING
        row = conn.execute("SELECT last_id FROM audit_anchor WHERE id = 1").fetchone()
        head = int(row[0]) if row else 0
        seen, self._seen, self._version = self._seen, head, version
        with self._lock:
            own = [(max(start, seen or 0), min(end, head)) for start, end in self._own
                   if end > (seen or 0) and start < head]
            self._own = [entries for entries in self._own if entries[1] > head]
        if seen is None or head == seen:
            return NOTHING
        if head < seen:
            return everything()  # the log went back: the file was restored
        foreign = (head - seen) - sum(end - start for start, end in own)
        if foreign <= 0:
            return NOTHING
        if foreign > SCAN_MAX:
            return everything()
        sql = "SELECT DISTINCT entity FROM audit_entry WHERE id > ? AND id <= ?"
        params: list[Any] = [seen, head]
        for start, end in own:
            sql += " AND NOT (id > ? AND id <= ?)"
            params += [start, end]
        names = {name for (name,) in conn.execute(sql, params)}
        return frozenset(names | {"audit_entry"})

    def interrupt(self) -> None:
        self._stop.set()

    def close(self) -> None:
        self._stop.set()
        with _registry_lock:
            feeds = _sqlite_feeds.get(self._key)
            if feeds is not None:
                feeds.discard(self)
                if not feeds:
                    del _sqlite_feeds[self._key]
        if self._conn is not None:
            self._conn.close()
            self._conn = None


# --- PostgreSQL ------------------------------------------------------------------------------

class PostgresFeed:
    """One dedicated autocommit connection that ``LISTEN``s on ``CHANNEL``."""

    def __init__(self, url: URL) -> None:
        self._conninfo = url.set(drivername="postgresql").render_as_string(
            hide_password=False)
        self._stop = threading.Event()
        self._conn: Any = None
        self._lost = False
        # Listening from now on: a commit a moment after the window opens is heard.
        try:
            self._connect()
        except Exception:
            log.warning("The change feed could not listen on the database yet", exc_info=True)

    def _connect(self) -> Any:
        import psycopg

        conn = psycopg.connect(self._conninfo, autocommit=True, connect_timeout=5)
        conn.execute(f"LISTEN {CHANNEL}")
        self._conn = conn
        return conn

    def poll(self, timeout: float = 0.0) -> frozenset[str]:
        import psycopg

        deadline = time.monotonic() + timeout
        if self._stop.is_set():
            return NOTHING
        news: set[str] = set()
        try:
            conn = self._conn
            if conn is None or conn.closed:
                conn = self._connect()
                if self._lost:  # notifications sent meanwhile are gone: refresh everything
                    self._lost = False
                    return everything()
            while True:
                remaining = max(0.0, deadline - time.monotonic())
                for note in conn.notifies(timeout=min(_SLICE_S, remaining), stop_after=1):
                    self._take(note.payload, news)
                if news:
                    # The rest of a burst (several desks, or one packet of many).
                    for note in conn.notifies(timeout=0):
                        self._take(note.payload, news)
                    break
                if self._stop.is_set() or time.monotonic() >= deadline:
                    break
        except psycopg.Error as exc:
            log.info("The change feed lost the database (%s); it listens again", exc)
            self._drop()
            self._lost = True
            self._stop.wait(max(0.0, deadline - time.monotonic()))
        return frozenset(news)

    @staticmethod
    def _take(payload: str, news: set[str]) -> None:
        program, _space, tables = payload.partition(" ")
        if program == PROGRAM:
            return  # this program's own commit: its listeners already heard it
        if tables == EVERYTHING_MARK:
            news.update(everything())
        else:
            news.update(name for name in tables.split(",") if name)

    def interrupt(self) -> None:
        self._stop.set()

    def _drop(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:
                log.debug("Closing the change feed's connection failed", exc_info=True)
        self._conn = None

    def close(self) -> None:
        self._stop.set()
        self._drop()
