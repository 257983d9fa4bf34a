"""Keyboard-first entry: Enter moves to the next field, Ctrl+Enter saves.

Receptionists type with the phone on their shoulder; reaching for the mouse or for Tab
between fields costs them the caller's patience, so Enter works like Tab here, as it did
on the paper-form software they used before.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QWidget

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class EnterMovesOn(QObject):
    """Event filter for the fields of one form."""

    def __init__(self, form: QWidget, save: Callable[[], object]) -> None:
        super().__init__(form)
        self._form = form
        self._save = save

    def watch(self, *widgets: QWidget) -> None:
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.key() not in _ENTER:
            return False
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers == Qt.KeyboardModifier.ControlModifier:
            self._save()
            return True
        if modifiers == Qt.KeyboardModifier.ShiftModifier:
            return False  # a new line inside a multi-line field
        if modifiers != Qt.KeyboardModifier.NoModifier:
            return False
        if isinstance(watched, QAbstractButton) and not watched.isCheckable():
            return False  # Enter on a push button presses it
        self._form.focusNextChild()
        return True
