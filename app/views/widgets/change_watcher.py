"""Other desks' changes reach this desk's lists: ``Desk.changed`` for their commits too.

``ChangeWatcher`` polls the change feed (``app/services/change_feed.py``) from a thread of
its own, once a second on SQLite and as soon as a notification arrives on PostgreSQL, and
emits ``Desk.changed(tables)`` on the GUI thread, so every tab and the status bar refresh
exactly as they do after this desk's own actions. The GUI thread never waits for the
database here: a poll on PostgreSQL waits on the network (and reconnects after a lost
connection, which may take seconds), so it does not run on the GUI thread at all.

While the screen is locked the news is collected, not shown (a refresh then could only ask
questions nobody is there to answer); unlocking delivers it at once, so the person signing
in sees the lists as they are now.
"""

from __future__ import annotations

import logging
import threading

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

from app.services.change_feed import ChangeFeed, open_feed
from app.views.desk import Desk

log = logging.getLogger(__name__)

#: Seconds between two looks on SQLite; the longest wait for a notification on PostgreSQL.
POLL_S = 1.0

_running: set[_FeedThread] = set()
_running_lock = threading.Lock()


class _FeedThread(QThread):
    news = Signal(object)  # frozenset[str]; queued to the GUI thread

    def __init__(self, feed: ChangeFeed) -> None:
        # Owned by the application, not the window: destroying the window must not
        # destroy a running thread.
        super().__init__(QCoreApplication.instance())
        self.feed = feed
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                tables = self.feed.poll(timeout=POLL_S)
                if tables and not self.stopping.is_set():
                    self.news.emit(tables)
        except Exception:
            log.exception("The change feed stopped; other desks' changes show on refresh")
        finally:
            self.feed.close()

    def stop(self) -> None:
        self.stopping.set()
        self.feed.interrupt()
        if not shiboken6.isValid(self):
            # The application (its parent) is already gone at interpreter exit; so is the
            # thread, and there is nothing left to wait for.
            return
        # At most one short wait on the socket (0.1 s) or one SQLite read.
        self.wait()
        with _running_lock:
            _running.discard(self)
        self.deleteLater()


class ChangeWatcher(QObject):
    def __init__(self, desk: Desk, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self._held: set[str] | None = None
        self._thread: _FeedThread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        thread = _FeedThread(open_feed(self.desk.uow))
        thread.news.connect(self._arrived)
        with _running_lock:
            _running.add(thread)
        self._thread = thread
        thread.start()

    def stop(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.stop()

    @property
    def running(self) -> bool:
        return self._thread is not None

    @property
    def held(self) -> frozenset[str]:
        """The tables heard of while held, not yet shown."""
        return frozenset(self._held or ())

    def hold(self) -> None:
        """Collect news without showing it (the screen is locked)."""
        if self._held is None:
            self._held = set()

    def release(self) -> None:
        """Show what was collected while held."""
        held, self._held = self._held, None
        if held:
            self.desk.changed.emit(frozenset(held))

    def _arrived(self, tables: frozenset[str]) -> None:
        if self._held is not None:
            self._held.update(tables)
        else:
            self.desk.changed.emit(tables)


def stop_all() -> None:
    """Before Qt goes away: a feed thread still running then would abort the process."""
    with _running_lock:
        threads = list(_running)
    for thread in threads:
        thread.stop()
