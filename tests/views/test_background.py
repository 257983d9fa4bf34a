"""Slow work runs in a real thread while the desk stays alive, and always ends cleanly."""

from __future__ import annotations

import logging
import threading
import time

import pytest
from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from app.services.errors import ValidationFailed
from app.views.feedback import FieldErrors, show_failure
from app.views.messages import Messages
from app.views.widgets.background import BackgroundJob, Cancelled, Report, running_jobs

WAIT_MS = 10_000


class Heard:
    """What a view connected to a job hears, in order, and on which thread."""

    def __init__(self, job: BackgroundJob) -> None:
        self.events: list[tuple[object, ...]] = []
        self.threads: set[QThread] = set()
        job.progressed.connect(lambda *a: self._add("progressed", *a))
        job.succeeded.connect(lambda v: self._add("succeeded", v))
        job.failed.connect(lambda e: self._add("failed", e))
        job.cancelled.connect(lambda: self._add("cancelled"))
        job.finished.connect(lambda: self._add("finished"))

    def _add(self, *event: object) -> None:
        self.events.append(event)
        self.threads.add(QThread.currentThread())

    def kinds(self) -> list[object]:
        return [event[0] for event in self.events]


def gui_thread() -> QThread:
    return QThread.currentThread()


def test_a_month_by_month_job_reports_in_order_and_returns_on_the_gui_thread(
        qtbot: QtBot) -> None:
    worker_threads: list[QThread] = []

    def work(report: Report) -> str:
        worker_threads.append(QThread.currentThread())
        for month in range(1, 4):
            report(f"month {month}", month, 3)
        return "36 months written"

    job = BackgroundJob(work)
    heard = Heard(job)
    with qtbot.waitSignal(job.finished, timeout=WAIT_MS):
        job.start()
        assert job.is_running()
    assert heard.events == [
        ("progressed", "month 1", 1, 3),
        ("progressed", "month 2", 2, 3),
        ("progressed", "month 3", 3, 3),
        ("succeeded", "36 months written"),
        ("finished",),
    ]
    assert worker_threads and worker_threads[0] is not gui_thread()
    assert heard.threads == {gui_thread()}
    assert not job.is_running()
    qtbot.waitUntil(lambda: running_jobs() == 0)


def test_the_desk_keeps_ticking_while_the_work_runs(qtbot: QtBot) -> None:
    """The work waits for three ticks of a GUI timer: a blocked GUI thread never gets there."""
    ticks: list[int] = []
    ticked_three_times = threading.Event()
    timer = QTimer()
    timer.setInterval(10)

    def tick() -> None:
        ticks.append(1)
        if len(ticks) >= 3:
            ticked_three_times.set()

    timer.timeout.connect(tick)

    def work(report: Report) -> bool:
        report("waiting for the desk", 0, 1)
        return ticked_three_times.wait(timeout=5)

    job = BackgroundJob(work)
    results: list[object] = []
    job.succeeded.connect(results.append)
    timer.start()
    with qtbot.waitSignal(job.finished, timeout=WAIT_MS):
        job.start()
    timer.stop()
    assert results == [True]


def test_a_slip_in_the_work_is_logged_and_delivered(qtbot: QtBot,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    def work(report: Report) -> None:
        report("reading", 0, 1)
        raise ZeroDivisionError("the bug")

    job = BackgroundJob(work)
    heard = Heard(job)
    with caplog.at_level(logging.ERROR), qtbot.waitSignal(job.finished, timeout=WAIT_MS):
        job.start()
    assert heard.kinds() == ["progressed", "failed", "finished"]
    assert isinstance(heard.events[1][1], ZeroDivisionError)
    logged = [r for r in caplog.records if r.exc_info]
    assert logged and "ZeroDivisionError: the bug" in caplog.text


def test_a_refused_input_is_delivered_without_a_traceback_in_the_log(
        qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    def work(report: Report) -> None:
        raise ValidationFailed({"phone": "手机号码为 11 位数字"})

    job = BackgroundJob(work)
    failures: list[object] = []
    job.failed.connect(failures.append)
    with caplog.at_level(logging.ERROR), qtbot.waitSignal(job.finished, timeout=WAIT_MS):
        job.start()
    assert isinstance(failures[0], ValidationFailed)
    assert not [r for r in caplog.records if r.exc_info]


def test_cancel_stops_the_work_at_its_next_report(qtbot: QtBot) -> None:
    first_report = threading.Event()
    go_on = threading.Event()
    months_written: list[int] = []

    def work(report: Report) -> str:
        for month in range(1, 37):
            report("month", month, 36)
            months_written.append(month)
            if month == 1:
                first_report.set()
                go_on.wait(timeout=5)
        return "all written"

    job = BackgroundJob(work)
    heard = Heard(job)
    job.start()
    qtbot.waitUntil(first_report.is_set, timeout=WAIT_MS)
    job.cancel()
    assert job.is_cancelling()
    with qtbot.waitSignal(job.finished, timeout=WAIT_MS):
        go_on.set()
    assert months_written == [1]
    assert heard.kinds()[-2:] == ["cancelled", "finished"]
    assert "succeeded" not in heard.kinds()


def test_closing_the_dialog_mid_run_cancels_and_the_thread_ends(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    started = threading.Event()
    stopped_by: list[str] = []

    def work(report: Report) -> None:
        started.set()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                report("busy", 0, 1)
            except Cancelled:
                stopped_by.append("cancel")
                raise
            time.sleep(0.01)

    job = BackgroundJob(work, dialog)
    cancelled: list[bool] = []
    job.cancelled.connect(lambda: cancelled.append(True))
    job.start()
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    dialog.reject()  # the person closes the dialog while the work runs
    qtbot.waitUntil(lambda: running_jobs() == 0, timeout=WAIT_MS)
    assert stopped_by == ["cancel"]
    qtbot.waitUntil(lambda: cancelled == [True], timeout=WAIT_MS)


def test_a_dialog_destroyed_mid_run_takes_its_job_along_safely(qtbot: QtBot) -> None:
    dialog = QDialog()
    started = threading.Event()
    stopped: list[bool] = []

    def work(report: Report) -> None:
        started.set()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                report("busy", 0, 1)
            except Cancelled:
                stopped.append(True)
                raise
            time.sleep(0.01)

    job = BackgroundJob(work, dialog)
    job.start()
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    dialog.deleteLater()
    del job, dialog
    qtbot.waitUntil(lambda: running_jobs() == 0, timeout=WAIT_MS)
    assert stopped == [True]


def test_show_failure_puts_a_refused_field_beside_it(qtbot: QtBot,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    said: list[str] = []
    monkeypatch.setattr(Messages, "warn", classmethod(lambda cls, parent, text, title="":
                                                      said.append(text)))
    edit = QLineEdit("13812")
    qtbot.addWidget(edit)
    errors = FieldErrors()
    errors.add("phone", edit)
    show_failure(None, ValidationFailed({"phone": "手机号码为 11 位数字"}), errors)
    assert errors.message("phone") == "手机号码为 11 位数字"
    show_failure(None, ZeroDivisionError("the bug"))
    assert len(said) == 1 and "抱歉" in said[0] and "ZeroDivisionError" not in said[0]


def test_a_job_runs_once(qtbot: QtBot) -> None:
    job = BackgroundJob(lambda report: "done")
    with qtbot.waitSignal(job.finished, timeout=WAIT_MS):
        job.start()
    with pytest.raises(RuntimeError):
        job.start()
