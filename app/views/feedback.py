"""The one way a view runs an action and shows what went wrong.

``FieldErrors`` puts a red message beside each field a service rejected; ``perform`` runs
one user action and turns a ``ServiceError`` into those messages (or a message box), and
anything unexpected into a logged apology. Nothing the user typed is cleared on failure.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from app.i18n import _
from app.paths import log_file
from app.services.errors import ServiceError, StaleRecord, ValidationFailed
from app.views.messages import Messages
from app.views.widgets.stale_dialog import StaleForm, show_stale

log = logging.getLogger(__name__)
T = TypeVar("T")

ERROR_STYLE = "color: #c0392b;"
INVALID_STYLE = "border: 1px solid #c0392b;"
#: What each kind of field emits when the user changes it (line and text edits, combo
#: boxes, date and time edits, spin boxes, check boxes), in the order tried.
_CHANGE_SIGNALS = ("textChanged", "currentIndexChanged", "dateTimeChanged", "dateChanged",
                   "valueChanged", "toggled")


class FieldErrors:
    """Red messages next to fields, keyed by the field names services use."""

    def __init__(self) -> None:
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}

    def add(self, name: str, widget: QWidget, layout: QFormLayout | None = None,
            label: QLabel | None = None) -> QLabel:
        """Register a field; with a form layout, the message gets its own row under it."""
        message = label or QLabel()
        message.setObjectName(f"error_{name}")
        message.setStyleSheet(ERROR_STYLE)
        message.setWordWrap(True)
        message.hide()
        if layout is not None:
            layout.addRow("", message)
        self._fields[name] = (widget, message)
        self._clear_on_change(name, widget)
        return message

    def _clear_on_change(self, name: str, widget: QWidget) -> None:
        """A message stays only until its field is changed: a corrected field must not
        keep saying it is wrong. The first change signal the widget has is used."""
        for signal_name in _CHANGE_SIGNALS:
            signal = getattr(widget, signal_name, None)
            if isinstance(signal, SignalInstance):
                signal.connect(lambda *_args, field=name: self.clear_field(field))
                return

    def clear_field(self, name: str) -> None:
        """Hide one field's message and red border (the others stay)."""
        widget, message = self._fields[name]
        if message.text():
            message.hide()
            message.clear()
            widget.setStyleSheet("")

    def show(self, errors: dict[str, str]) -> list[str]:
        """Show what belongs to a known field; return the messages that had no field."""
        self.clear()
        unplaced: list[str] = []
        first: QWidget | None = None
        for name, text in errors.items():
            if name in self._fields:
                widget, message = self._fields[name]
                message.setText(text)
                message.show()
                widget.setStyleSheet(INVALID_STYLE)
                first = first or widget
            else:
                unplaced.append(text)
        if first is not None:
            first.setFocus()
        return unplaced

    def clear(self) -> None:
        for widget, message in self._fields.values():
            message.hide()
            message.clear()
            widget.setStyleSheet("")

    def message(self, name: str) -> str:
        """The message shown for a field ('' if none) — handy for tests."""
        _widget, label = self._fields[name]
        return label.text() if label.isVisibleTo(label.parentWidget()) else ""


def apology() -> str:
    return _(
        "Sorry, something went wrong and this action was not completed. Nothing you typed "
        "has been lost. The details were written to the log file:\n{path}"
    ).format(path=log_file())


def perform(parent: QWidget | None, action: Callable[[], T],
            errors: FieldErrors | None = None,
            stale: StaleForm | None = None) -> T | None:
    """Run one user action. Returns its result, or None if it failed (already shown).
    ``stale``: the form that can reload its record when the save was based on an older
    version (it then offers to re-apply the user's edits)."""
    if errors is not None:
        errors.clear()
    try:
        return action()
    except ServiceError as exc:
        show_failure(parent, exc, errors, stale)
    except Exception as exc:
        log.exception("Unexpected error in a user action")
        show_failure(parent, exc, errors)
    return None


def show_failure(parent: QWidget | None, exc: BaseException,
                 errors: FieldErrors | None = None, stale: StaleForm | None = None) -> None:
    """Show a failed action the one way: field messages, a service message, the record
    changed at another desk (what changed, reload and re-apply), or the apology.

    Unexpected exceptions must already be logged (``perform`` and ``BackgroundJob`` do).
    """
    if isinstance(exc, StaleRecord):
        show_stale(parent, exc, stale)
    elif isinstance(exc, ValidationFailed):
        rest = errors.show(exc.errors) if errors is not None else list(exc.errors.values())
        if rest:
            Messages.warn(parent, "\n".join(rest))
    elif isinstance(exc, ServiceError):
        Messages.warn(parent, exc.message)
    else:
        Messages.warn(parent, apology())
