"""A periodic check that runs only while its widget is on screen.

A closed window's widgets must not keep querying a database that may be gone, and a check
nobody can see is wasted work. Shown again after being hidden (a tab switched back to, a
window reopened), the check runs at once to catch up; the first show does not repeat the
work the widget did while it was built.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class WhileShown(QObject):
    def __init__(self, widget: QWidget, interval_ms: int, check: Callable[[], None]) -> None:
        super().__init__(widget)
        self._check = check
        self._missed = False
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(check)
        widget.installEventFilter(self)
        if widget.isVisible():
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and not self.timer.isActive():
            self.timer.start()
            if self._missed:
                self._missed = False
                self._check()
        elif event.type() == QEvent.Type.Hide and self.timer.isActive():
            self.timer.stop()
            self._missed = True
        return False
