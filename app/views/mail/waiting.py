"""Households with items waiting: whom to phone or notify, what came of each attempt, and
the printed notices for the mailboxes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, fmt_datetime
from app.models.mail import NoticeLevel, NotifyMethod, NotifyOutcome
from app.services import mail_notices
from app.services.mail_notices import WaitingHousehold, level_title, method_title, outcome_title
from app.views.desk import Desk
from app.views.feedback import FieldErrors, perform
from app.views.widgets.tables import configure_table

DUE_BG = {NoticeLevel.NOTICE: QColor("#fff3cd"), NoticeLevel.FINAL: QColor("#fde2e1")}


class NotifyDialog(QDialog):
    """Record one attempt to tell a household its items are waiting."""

    def __init__(self, desk: Desk, villa_id: int, villa_number: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mail_notify_dialog")
        self.setWindowTitle(_("Notify villa {villa}").format(villa=villa_number))
        self.desk, self.villa_id = desk, villa_id
        self.errors = FieldErrors()
        self.method = QComboBox(objectName="notify_method")
        for method in NotifyMethod:
            self.method.addItem(method_title(method), method)
        self.outcome = QComboBox(objectName="notify_outcome")
        for outcome in NotifyOutcome:
            self.outcome.addItem(outcome_title(outcome), outcome)
        self.note = QLineEdit(objectName="notify_note")
        self.note.setMaxLength(500)
        self.history = QPlainTextEdit(objectName="notify_history")
        self.history.setReadOnly(True)
        self.history.setMaximumHeight(150)
        form = QFormLayout()
        form.addRow(_("How"), self.method)
        form.addRow(_("Outcome"), self.outcome)
        form.addRow(_("Note"), self.note)
        self.errors.add("note", self.note, form)
        form.addRow(_("Earlier attempts"), self.history)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Record"))
        buttons.accepted.connect(self.record)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        uow = desk.uow
        attempts = perform(self, lambda: mail_notices.notifications_of(uow, villa_id)) or []
        self.history.setPlainText("\n".join(
            f"{fmt_datetime(a.at)}  {method_title(a.method)}  {outcome_title(a.outcome)}  "
            f"{a.by}  {a.note}".rstrip() for a in attempts) or _("None yet."))
        self.resize(460, 360)

    def record(self) -> None:
        uow = self.desk.uow
        method, outcome, note = (self.method.currentData(), self.outcome.currentData(),
                                 self.note.text())
        if perform(self, lambda: mail_notices.record_notification(
                uow, self.villa_id, method, outcome, note), self.errors) is not None:
            self.accept()


class ReturnDialog(QDialog):
    """A supervisor sends an unclaimed item back to the sender, with the reason."""

    def __init__(self, desk: Desk, item_id: int, version: int, number: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mail_return_dialog")
        self.setWindowTitle(_("Return {number} to the sender").format(number=number))
        self.desk, self.item_id, self.version = desk, item_id, version
        self.errors = FieldErrors()
        self.reason = QPlainTextEdit(objectName="return_reason")
        form = QFormLayout()
        form.addRow(_("Reason"), self.reason)
        self.errors.add("reason", self.reason, form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Return to sender"))
        buttons.accepted.connect(self.send_back)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(420, 240)

    def send_back(self) -> None:
        uow, reason = self.desk.uow, self.reason.toPlainText()

        def send() -> bool:
            mail_notices.return_to_sender(uow, self.item_id, self.version, reason)
            return True

        if perform(self, send, self.errors):
            self.accept()


class WaitingPanel(QWidget):
    """The households with items waiting, longest first."""

    #: villa id and number of the household to act on
    pickup_requested = Signal(int, str)
    notice_requested = Signal(int, str)
    batch_requested = Signal()
    collectors_requested = Signal(int)

    COLUMNS = 8

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mail_waiting")
        self.desk = desk
        self.rows: list[WaitingHousehold] = []
        self.headline = QLabel(objectName="mail_waiting_headline")
        self.table = QTableWidget(0, self.COLUMNS, objectName="mail_waiting_table")
        self.table.setHorizontalHeaderLabels([
            _("Villa"), _("Owner"), _("Phone"), _("Items"), _("Waiting since"), _("Days"),
            _("Notice due"), _("Attempts / last")])
        configure_table(self.table)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self._notify())
        buttons = QHBoxLayout()
        for name, text, slot in (
                ("mail_notify", _("Record notification…"), self._notify),
                ("mail_print_notice", _("Print notice…"), self._notice),
                ("mail_pickup_household", _("Pick-up…"), self._pickup),
                ("mail_household_collectors", _("Consent and collectors…"), self._collectors),
                ("mail_batch_notices", _("Notices due (batch)…"), self.batch_requested.emit)):
            button = QPushButton(text, objectName=name)
            button.clicked.connect(lambda _c=False, s=slot: s())
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        uow = self.desk.uow
        self.rows = perform(self, lambda: mail_notices.waiting_households(uow)) or []
        total = sum(r.items for r in self.rows)
        self.headline.setText(_("{households} households, {items} items waiting").format(
            households=len(self.rows), items=total))
        self.table.setRowCount(len(self.rows))
        for r, h in enumerate(self.rows):
            due = level_title(h.due) if h.due != NoticeLevel.NONE else ""
            attempts = f"{h.attempts}  {h.last_attempt}".strip() if h.attempts else "0"
            values = (h.villa_number, h.owners, h.phone, str(h.items),
                      f"{h.oldest:%m-%d %H:%M}", str(h.days_waiting), due, attempts)
            for col, text in enumerate(values):
                cell = QTableWidgetItem(text)
                if h.due in DUE_BG:
                    cell.setBackground(QBrush(DUE_BG[h.due]))
                if col in (3, 5):
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, col, cell)
        self.table.resizeColumnsToContents()

    def current(self) -> WaitingHousehold | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def select_villa(self, villa_number: str) -> bool:
        for r, h in enumerate(self.rows):
            if h.villa_number == villa_number:
                self.table.selectRow(r)
                return True
        return False

    def _notify(self) -> None:
        household = self.current()
        if household is not None:
            dialog = NotifyDialog(self.desk, household.villa_id, household.villa_number, self)
            if dialog.exec():
                self.refresh()

    def _notice(self) -> None:
        household = self.current()
        if household is not None:
            self.notice_requested.emit(household.villa_id, household.villa_number)

    def _pickup(self) -> None:
        household = self.current()
        if household is not None:
            self.pickup_requested.emit(household.villa_id, household.villa_number)

    def _collectors(self) -> None:
        household = self.current()
        if household is not None:
            self.collectors_requested.emit(household.villa_id)
