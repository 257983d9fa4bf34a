"""Closing the desk at the end of the day: the exit backup runs off the GUI thread and a
small window says so while it takes, then closes by itself."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.views import closing


def _closing_window() -> closing.ClosingWindow | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, closing.ClosingWindow) and widget.isVisible():
            return widget
    return None


def test_a_long_exit_backup_shows_a_window_that_closes_by_itself(
        qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(closing, "SHOW_AFTER_MS", 10)
    copy_may_end = threading.Event()
    seen: list[str] = []
    worker: list[str] = []

    def exit_backup() -> None:  # a ten-year file being copied and checked
        worker.append(threading.current_thread().name)
        assert copy_may_end.wait(30)

    def look() -> None:
        window = _closing_window()
        if window is None:
            QTimer.singleShot(20, look)
            return
        seen.append(window.windowTitle())
        window.close()  # the user clicks the cross: the window stays until the copy is done
        seen.append("still shown" if window.isVisible() else "closed")
        copy_may_end.set()

    QTimer.singleShot(0, look)
    closing.finish_while_showing(exit_backup)
    assert seen == ["Villa Desk 正在关闭", "still shown"]
    assert worker and worker[0] != threading.current_thread().name  # not the GUI thread
    assert _closing_window() is None


def test_a_quick_exit_shows_nothing(qtbot) -> None:
    shown: list[bool] = []
    closing.finish_while_showing(lambda: shown.append(_closing_window() is not None))
    qtbot.wait(closing.SHOW_AFTER_MS + 100)
    assert shown == [False]
    assert _closing_window() is None
