"""One Tab per field: date and time edits are left with a single Tab like any other field.

Qt's ``QDateTimeEdit`` walks Tab through its sections (year, month, day, hour, minute), so
the call form took five Tabs to get from the time to the class. Here Tab and Shift+Tab
leave the whole field; the sections are still chosen with ←/→ or the mouse and changed with
↑/↓, the wheel or by typing digits.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractSpinBox, QWidget


class _LeaveOnTab(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and isinstance(watched, QWidget)
                and not event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                             | Qt.KeyboardModifier.AltModifier)):
            forward = {Qt.Key.Key_Tab: True, Qt.Key.Key_Backtab: False}.get(
                Qt.Key(event.key()))
            if forward is not None:
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    forward = False
                # QWidget's own focus move, not the date edit's section walk.
                QWidget.focusNextPrevChild(watched, forward)
                return True
        return False


def one_tab_stop(*edits: QAbstractSpinBox) -> None:
    """Make each date/time edit a single Tab stop (see the module's docstring)."""
    for edit in edits:
        keeper = _LeaveOnTab(edit)
        keeper.setObjectName("one_tab_stop")
        edit.installEventFilter(keeper)
