"""The one way a view runs slow work off the GUI thread (after Anki's QueryOp/CollectionOp).

``BackgroundJob(work).start()`` runs ``work(report)`` in a ``QThread``. Everything the
view hears comes back on the GUI thread through queued signals: ``progressed`` while it
runs, then exactly one of ``succeeded`` / ``failed`` / ``cancelled``, then ``finished``.

Rules this module keeps so no caller has to remember them:

- The GUI thread never waits for the worker. The outcome is delivered when the thread's
  own ``finished`` arrives (queued), so by then the work is over; the thread object is
  then removed with ``deleteLater`` — no ``QThread.wait()`` on the GUI thread, which is
  what froze the first-run demo (the GUI thread waited for a thread whose ``quit()`` sat
  in the GUI queue).
- A running job and its thread are kept referenced here, so neither is collected by
  Python mid-run, and the thread has no widget parent, so closing a dialog never
  destroys a running thread.
- Cancelling is cooperative: ``cancel()`` sets a flag and the next ``report()`` inside the
  work raises ``Cancelled``. If the parent widget is closed (hidden by the program, not
  minimised) or destroyed mid-run, the job cancels itself and the thread just ends.
- Unexpected exceptions are logged with their traceback and delivered via ``failed``;
  a ``ServiceError`` (e.g. ``ValidationFailed``) is delivered as is, for the view to show
  through ``app.views.feedback.show_failure``.

Report from the work function per step (a month of history, a sheet of a file), not per
row: each call is one queued signal.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread, Signal
from PySide6.QtWidgets import QWidget

from app.services.errors import ServiceError

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside the work function by report() once cancel() was asked."""


#: (step text, done, total); thread-safe; raises Cancelled after cancel().
Report = Callable[[str, int, int], None]

_SUCCEEDED, _FAILED, _CANCELLED = "succeeded", "failed", "cancelled"

#: Jobs whose thread is still running, so Python does not collect them mid-run.
_running: set[_JobThread] = set()


class _JobThread(QThread):
    """Runs the work once; its outcome is read on the GUI thread after ``finished``."""

    progressed = Signal(str, int, int)
    ended = Signal(str, object)  # outcome kind, value; emitted on the GUI thread

    def __init__(self, work: Callable[[Report], object], cancel_asked: threading.Event) -> None:
        # Owned by the application, not by a dialog: a closing dialog must not destroy a
        # running thread ("QThread: Destroyed while thread is still running" aborts).
        super().__init__(QCoreApplication.instance())
        self._work = work
        self.cancel_asked = cancel_asked
        self._outcome: tuple[str, object] = (_FAILED, RuntimeError("job did not run"))
        # This object lives on the GUI thread and ``finished`` is emitted by the worker,
        # so the slot runs queued on the GUI thread, after the work has returned.
        self.finished.connect(self._deliver)

    def report(self, step: str, done: int, total: int) -> None:
        if self.cancel_asked.is_set():
            raise Cancelled
        self.progressed.emit(step, done, total)

    def run(self) -> None:
        try:
            self._outcome = (_SUCCEEDED, self._work(self.report))
        except Cancelled:
            self._outcome = (_CANCELLED, None)
        except ServiceError as exc:
            self._outcome = (_FAILED, exc)
        except Exception as exc:
            log.exception("Background work failed")
            self._outcome = (_FAILED, exc)
        finally:
            self._work = _spent  # drop what the work captured as soon as it is done

    def _deliver(self) -> None:
        kind, value = self._outcome
        self._outcome = (kind, None)
        _running.discard(self)
        self.ended.emit(kind, value)
        self.deleteLater()


def _spent(_report: Report) -> object:
    raise RuntimeError("a background job runs once")


class BackgroundJob(QObject):
    """Slow work in a thread, results on the GUI thread; start once, cancel any time."""

    progressed = Signal(str, int, int)  # delivered on the GUI thread
    succeeded = Signal(object)          # the work function's return value
    failed = Signal(object)             # the exception: ServiceError/ValidationFailed or other
    cancelled = Signal()
    finished = Signal()                 # always last, after one of the three above

    def __init__(self, work: Callable[[Report], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work: Callable[[Report], object] | None = work
        self._thread: _JobThread | None = None
        self._running = False
        self._cancel_asked = cancel_asked = threading.Event()
        # If the parent goes away, this job goes with it; the thread must then stop too.
        # (Not a method of ``self``: it is half-destroyed when ``destroyed`` fires.)
        self.destroyed.connect(lambda *_args: cancel_asked.set())
        self._watched = parent if isinstance(parent, QWidget) else None
        if self._watched is not None:
            self._watched.installEventFilter(self)

    def start(self) -> None:
        if self._work is None:
            raise RuntimeError("a background job runs once")
        # The thread is made here, not in __init__, so a job never started leaves nothing.
        thread = _JobThread(self._work, self._cancel_asked)
        self._work = None
        thread.progressed.connect(self.progressed)
        thread.ended.connect(self._on_ended)
        self._thread, self._running = thread, True
        _running.add(thread)
        thread.start()

    def cancel(self) -> None:
        """Ask the work to stop at its next report(); ``cancelled`` follows."""
        self._cancel_asked.set()

    def is_running(self) -> bool:
        return self._running

    def is_cancelling(self) -> bool:
        return self._running and self._cancel_asked.is_set()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The program hiding the parent means it was closed (accept/reject/close);
        # a spontaneous hide is the window being minimised, which must not cancel.
        if (watched is self._watched and event.type() == QEvent.Type.Hide
                and not event.spontaneous() and self._running):
            self.cancel()
        return False

    def _on_ended(self, kind: str, value: object) -> None:
        self._running = False
        self._thread = None
        if self._watched is not None:
            self._watched.removeEventFilter(self)
            self._watched = None
        if kind == _SUCCEEDED:
            self.succeeded.emit(value)
        elif kind == _CANCELLED:
            self.cancelled.emit()
        else:
            self.failed.emit(value)
        self.finished.emit()


def running_jobs() -> int:
    """How many jobs still have a thread running (tests and shutdown use this)."""
    return len(_running)


def stop_all(timeout_ms: int = 10_000) -> None:
    """At program exit only: cancel every job and let its thread end before Qt goes away.

    This is the one place that waits, because after it the QApplication is destroyed and a
    still-running thread would abort the process.
    """
    for thread in list(_running):
        thread.cancel_asked.set()
    for thread in list(_running):
        if not thread.wait(timeout_ms):
            log.error("A background job did not stop within %s ms", timeout_ms)
