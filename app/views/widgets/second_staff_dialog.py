"""双人确认: a second staff member signs in at the same desk to confirm one action.

Used where one person's word is not enough: a complaint's phone callback, an owner's
consent to a release pass given by phone. The confirmation it returns is used up by the
action it was asked for (``app/services/confirmations.py``).
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services import confirmations
from app.services.confirmations import SecondConfirmation
from app.views.desk import Desk
from app.views.feedback import FieldErrors, perform


class SecondStaffDialog(QDialog):
    def __init__(self, desk: Desk, purpose: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.confirmation: SecondConfirmation | None = None
        self.setObjectName("second_staff_dialog")
        self.setWindowTitle(_("Second staff member confirms"))
        self.setMinimumWidth(400)

        what = QLabel(purpose, objectName="second_staff_purpose")
        what.setWordWrap(True)
        what.setStyleSheet("font-weight: bold;")
        hint = QLabel(_("{name} asks for this. A second staff member enters their own agent "
                        "number and password to confirm it.").format(name=desk.actor.label),
                      objectName="second_staff_hint")
        hint.setWordWrap(True)

        self.agent_no = QLineEdit(objectName="second_staff_agent_no")
        self.agent_no.setMaxLength(10)
        self.password = QLineEdit(objectName="second_staff_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        self.errors = FieldErrors()
        form.addRow(_("Agent number"), self.agent_no)
        self.errors.add("agent_no", self.agent_no, form)
        form.addRow(_("Password"), self.password)
        self.errors.add("password", self.password, form)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Confirm"))
        self.ok_button.setObjectName("second_staff_ok")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.confirm)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(buttons)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        self.agent_no.setFocus()

    def confirm(self) -> None:
        confirmation = perform(
            self, lambda: confirmations.confirm_second_staff(
                self.desk.uow, self.agent_no.text(), self.password.text()), self.errors)
        if confirmation is None:
            # A wrong password is typed again, never kept; clearing it quietly keeps the
            # message beside it (a change of the field would clear the message too).
            with QSignalBlocker(self.password):
                self.password.clear()
            return
        self.confirmation = confirmation
        self.accept()
