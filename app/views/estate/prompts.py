"""Small one-question dialogs of the register: a reason to retire, a date to move in or out.

Each runs its service call itself through ``perform``, so a refusal shows beside the field
and the dialog stays open with what was typed; ``ask`` returns the result or None.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.i18n import _
from app.views.feedback import FieldErrors, perform
from app.views.widgets.buttons import form_with_save
from app.views.widgets.dates import date_edit, from_qdate, to_qdate


class OptionalDate(QWidget):
    """A date that may be left out (a move-in date nobody remembers, an open lease)."""

    def __init__(self, name: str, default: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = QCheckBox(objectName=f"{name}_set")
        self.edit = date_edit(to_qdate(default), name)
        self.edit.setEnabled(False)
        self.check.toggled.connect(self.edit.setEnabled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.check)
        row.addWidget(self.edit, 1)
        self.setFocusProxy(self.check)

    def value(self) -> dt.date | None:
        return from_qdate(self.edit.date()) if self.check.isChecked() else None

    def set_value(self, value: dt.date | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.edit.setDate(to_qdate(value))


class ReasonDialog(QDialog):
    """Why a villa or a person is retired; ``run(reason)`` is the service call."""

    def __init__(self, title: str, intro: str, run: Callable[[str], Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reason_dialog")
        self.setWindowTitle(title)
        self._run = run
        self.done_result: Any = None
        self.errors = FieldErrors()
        form = QFormLayout()
        note = QLabel(intro)
        note.setWordWrap(True)
        form.addRow(note)
        self.reason = QLineEdit(objectName="reason")
        form.addRow(_("Reason"), self.reason)
        self.errors.add("reason", self.reason, form)
        form_with_save(self, form, self.save)

    def save(self) -> bool:
        reason = self.reason.text()
        done = perform(self, lambda: self._run(reason) or True, self.errors)
        if done:
            self.accept()
        return bool(done)

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, intro: str,
            run: Callable[[str], Any]) -> bool:
        return cls(title, intro, run, parent).exec() == QDialog.DialogCode.Accepted


class DateDialog(QDialog):
    """A move-in (date optional) or move-out (date required) day; ``run(day)`` saves it."""

    def __init__(self, title: str, intro: str, label: str, field: str, default: dt.date,
                 run: Callable[[dt.date | None], Any], optional: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("date_dialog")
        self.setWindowTitle(title)
        self._run = run
        self.errors = FieldErrors()
        form = QFormLayout()
        note = QLabel(intro)
        note.setWordWrap(True)
        form.addRow(note)
        self.optional: OptionalDate | None = None
        self.edit: QDateEdit
        if optional:
            self.optional = OptionalDate(field, default)
            self.optional.check.setChecked(True)
            self.edit = self.optional.edit
            form.addRow(label, self.optional)
            self.errors.add(field, self.optional, form)
        else:
            self.edit = date_edit(to_qdate(default), field)
            form.addRow(label, self.edit)
            self.errors.add(field, self.edit, form)
        form_with_save(self, form, self.save)

    def value(self) -> dt.date | None:
        if self.optional is not None:
            return self.optional.value()
        return from_qdate(self.edit.date())

    def save(self) -> bool:
        when = self.value()
        done = perform(self, lambda: self._run(when) or True, self.errors)
        if done:
            self.accept()
        return bool(done)
