"""The gate copy coming back, holds on a household, voiding a pass."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, fmt_datetime
from app.models.household_holds import HoldKind
from app.services import household_holds
from app.services.household_holds import HoldRow, hold_title
from app.services.permissions import Permission
from app.services.release_pass_gate import GateReturn, mark_used
from app.services.release_pass_queries import PassDetail, applicant_title
from app.services.release_passes import void_pass
from app.views.desk import Desk
from app.views.feedback import FieldErrors, perform
from app.views.widgets.dates import datetime_edit, from_qdatetime
from app.views.widgets.villa_picker import VillaPicker


def _summary(detail: PassDetail) -> str:
    items = "、".join(f"{i.name} × {i.quantity}" for i in detail.items)
    return _("{number} · {villa} · {name} ({kind})\nValid {start} to {end}\nItems: {items}"
             ).format(number=detail.number, villa=detail.villa_number,
                      name=detail.applicant_name, kind=applicant_title(detail.applicant_kind),
                      start=fmt_datetime(detail.valid_from), end=fmt_datetime(detail.valid_until),
                      items=items)


class GateReturnDialog(QDialog):
    """What the guard wrote on the gate copy: who, when, whether the items matched."""

    def __init__(self, desk: Desk, detail: PassDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.detail = detail
        self.result_detail: PassDetail | None = None
        self.errors = FieldErrors()
        self.setObjectName("gate_return_dialog")
        self.setWindowTitle(_("Gate copy back — {number}").format(number=detail.number))
        summary = QLabel(_summary(detail), objectName="gate_summary")
        summary.setWordWrap(True)
        self.guard_name = QLineEdit(objectName="guard_name")
        self.guard_name.setPlaceholderText(_("As signed on the gate copy"))
        now = desk.clock.now()
        self.passed_at = datetime_edit(min(now, max(detail.valid_from, now)), "passed_at", self)
        self.matched = QRadioButton(_("Yes, as listed"), objectName="items_matched")
        self.not_matched = QRadioButton(_("No, different"), objectName="items_differ")
        self.matched.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.matched)
        group.addButton(self.not_matched)
        self.note = QPlainTextEdit(objectName="gate_note")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(64)
        self.note.setPlaceholderText(_("What was different (e.g. only one box left)"))
        self.override = QLineEdit(objectName="late_override")
        self.override.setPlaceholderText(_("Supervisor: why a pass outside its window is "
                                           "accepted"))
        self.override.setVisible(desk.can(Permission.OVERRIDE))
        form = QFormLayout()
        form.addRow(_("Guard:"), self.guard_name)
        self.errors.add("guard_name", self.guard_name, form)
        form.addRow(_("Items went out at:"), self.passed_at)
        self.errors.add("passed_at", self.passed_at, form)
        matched = QHBoxLayout()
        matched.addWidget(self.matched)
        matched.addWidget(self.not_matched)
        matched.addStretch(1)
        form.addRow(_("Items matched the list:"), matched)
        form.addRow(_("Note:"), self.note)
        self.errors.add("note", self.note, form)
        if self.override.isVisible():
            form.addRow(_("Override:"), self.override)
        self.errors.add("override", self.override, form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Mark used"))
        self.ok_button.setObjectName("mark_used")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(560, 380)
        self.guard_name.setFocus()

    def save(self) -> PassDetail | None:
        gate = GateReturn(self.guard_name.text(), from_qdatetime(self.passed_at.dateTime()),
                          self.matched.isChecked(), self.note.toPlainText(),
                          self.override.text() if self.override.isVisible() else "")
        uow, number = self.desk.uow, self.detail.number
        result = perform(self, lambda: mark_used(uow, number, gate), self.errors)
        if result is not None:
            self.result_detail = result
            self.accept()
        return result

    @classmethod
    def ask(cls, parent: QWidget | None, desk: Desk, detail: PassDetail) -> PassDetail | None:
        dialog = cls(desk, detail, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_detail


class VoidPassDialog(QDialog):
    def __init__(self, desk: Desk, detail: PassDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.detail = detail
        self.result_detail: PassDetail | None = None
        self.errors = FieldErrors()
        self.setObjectName("void_pass_dialog")
        self.setWindowTitle(_("Void release pass {number}").format(number=detail.number))
        summary = QLabel(_summary(detail))
        summary.setWordWrap(True)
        hint = QLabel(_("The number stays in the register marked void, with your reason."))
        hint.setWordWrap(True)
        self.reason = QLineEdit(objectName="void_reason")
        form = QFormLayout()
        form.addRow(summary)
        form.addRow(hint)
        form.addRow(_("Reason:"), self.reason)
        self.errors.add("reason", self.reason, form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Void"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(520, 240)

    def save(self) -> PassDetail | None:
        uow, pass_id, version = self.desk.uow, self.detail.id, self.detail.version
        result = perform(self, lambda: void_pass(uow, pass_id, self.reason.text(), version),
                         self.errors)
        if result is not None:
            self.result_detail = result
            self.accept()
        return result

    @classmethod
    def ask(cls, parent: QWidget | None, desk: Desk, detail: PassDetail) -> PassDetail | None:
        dialog = cls(desk, detail, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_detail


class HoldDialog(QDialog):
    """The villa's holds (未结事项): a supervisor sets one with a reason, or clears one
    with a reason; cleared ones stay listed."""

    def __init__(self, desk: Desk, villa_id: int | None = None, villa_number: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.villa_id = villa_id
        self.errors = FieldErrors()
        self.holds: list[HoldRow] = []
        self.setObjectName("hold_dialog")
        self.setWindowTitle(_("Outstanding matters of a household"))
        self.villa = VillaPicker(desk)
        self.villa.setObjectName("hold_villa")
        if villa_id:
            self.villa.set_villa(villa_id, villa_number)
        self.villa.villa_chosen.connect(self._villa_chosen)
        self.list = QListWidget(objectName="holds")
        self.kind = QComboBox(objectName="hold_kind")
        for kind in HoldKind:
            self.kind.addItem(hold_title(kind), kind.value)
        self.reason = QLineEdit(objectName="hold_reason")
        self.reason.setPlaceholderText(_("What is outstanding, e.g. 2026 fees unpaid"))
        self.set_button = QPushButton(_("Put on hold"), objectName="set_hold")
        self.set_button.clicked.connect(self.set_hold)
        self.clear_reason = QLineEdit(objectName="clear_reason")
        self.clear_reason.setPlaceholderText(_("How it was settled"))
        self.clear_button = QPushButton(_("Clear the selected hold"), objectName="clear_hold")
        self.clear_button.clicked.connect(self.clear_hold)
        may = desk.can(Permission.OVERRIDE)
        for widget in (self.kind, self.reason, self.set_button, self.clear_reason,
                       self.clear_button):
            widget.setEnabled(may)
        new = QHBoxLayout()
        new.addWidget(self.kind)
        new.addWidget(self.reason, 1)
        new.addWidget(self.set_button)
        clear = QHBoxLayout()
        clear.addWidget(self.clear_reason, 1)
        clear.addWidget(self.clear_button)
        form = QFormLayout()
        form.addRow(_("New hold:"), new)
        self.errors.add("reason", self.reason, form)
        form.addRow(_("Clear:"), clear)
        self.clear_error = QLabel()
        form.addRow("", self.clear_error)
        # The clearing's reason is the service's "reason" too: a form of its own.
        self.clear_errors = FieldErrors()
        self.clear_errors.add("reason", self.clear_reason, label=self.clear_error)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        villa = QHBoxLayout()
        villa.addWidget(QLabel(_("Villa:")))
        villa.addWidget(self.villa, 1)
        layout.addLayout(villa)
        if not may:
            layout.addWidget(QLabel(_("Only a supervisor sets or clears a hold.")))
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addWidget(close)
        self.resize(640, 420)
        self.reload()

    def _villa_chosen(self, villa_id: int, _number: str) -> None:
        self.villa_id = villa_id or None
        self.reload()

    def reload(self) -> None:
        villa_id = self.villa_id
        self.holds = perform(self, lambda: household_holds.holds_of_villa(
            self.desk.uow, villa_id)) or [] if villa_id else []
        self.list.clear()
        for hold in self.holds:
            text = _("{kind}: {reason} — set {when} by {who}").format(
                kind=hold_title(hold.kind), reason=hold.reason, when=fmt_datetime(hold.set_at),
                who=hold.set_by)
            if not hold.in_force and hold.cleared_at is not None:
                text += "\n" + _("Cleared {when} by {who}: {reason}").format(
                    when=fmt_datetime(hold.cleared_at), who=hold.cleared_by,
                    reason=hold.clear_reason)
            item = QListWidgetItem(text)
            if hold.in_force:
                item.setForeground(self.palette().text())
            else:
                item.setForeground(self.palette().placeholderText())
            self.list.addItem(item)

    def set_hold(self) -> None:
        uow, villa_id = self.desk.uow, self.villa_id
        if villa_id is None:
            self.errors.show({"reason": _("Choose the villa first.")})
            return
        kind = HoldKind(self.kind.currentData())
        if perform(self, lambda: household_holds.set_hold(uow, villa_id, kind,
                                                          self.reason.text()),
                   self.errors) is not None:
            self.reason.clear()
            self.reload()

    def clear_hold(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.holds):
            self.clear_errors.show({"reason": _("Choose the hold to clear.")})
            return
        hold = self.holds[row]
        uow = self.desk.uow
        if perform(self, lambda: household_holds.clear_hold(
                uow, hold.id, self.clear_reason.text(), hold.version),
                self.clear_errors) is not None:
            self.clear_reason.clear()
            self.reload()
