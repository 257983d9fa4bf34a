"""The intake form, built for a USB barcode scanner.

A scanner types the tracking number and presses Enter. So the cursor starts in the number
field, the villa stays chosen between items, Enter saves, and the form is at once ready for
the next item of the same villa (number, count, addressee and remarks cleared; villa, kind
and shelf kept). The time is "now" at each save unless the desk typed one (a late entry).
A wrong S10 check digit or a duplicate scan shows beside the number; nothing is cleared.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import validation
from app.i18n import _
from app.models.mail import MailKind
from app.services import mail
from app.services.couriers import suggest_carrier
from app.services.mail import MailDraft
from app.services.mail_queries import MailItemRow
from app.services.mail_titles import kind_title
from app.views.desk import Desk
from app.views.feedback import FieldErrors, perform
from app.views.widgets.dates import datetime_edit, from_qdatetime, to_qdatetime
from app.views.widgets.drafts import DraftKeeper, time_from_json, time_to_json
from app.views.widgets.villa_picker import VillaPicker

DRAFT_KEY = "mail.intake"


class MailIntakeForm(QWidget):
    """Register items one after another; ``saved`` carries each registered row."""

    saved = Signal(object)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mail_intake")
        self.desk = desk
        self.errors = FieldErrors()
        self._build()
        self.drafts = DraftKeeper(desk, self, DRAFT_KEY, _("mail item"))

    def _build(self) -> None:
        self.number = QLineEdit(objectName="mail_number")
        self.number.setPlaceholderText(_("Scan or type the tracking number, then Enter"))
        self.number.setMaxLength(validation.TRACKING_MAX + 10)
        self.number.returnPressed.connect(self.save)
        self.number.textChanged.connect(self._suggest)
        self.carrier = QLabel(objectName="mail_carrier")
        self.carrier.setStyleSheet("color: #555;")
        self.villa = VillaPicker(self.desk)
        self.villa.setObjectName("mail_villa")
        # Choosing the villa sends the cursor back to the number: the next scan is for it.
        self.villa.villa_chosen.connect(self._villa_chosen)
        self.consent = QLabel(objectName="mail_consent_note")
        self.consent.setStyleSheet("color: #555;")
        self.kind = QComboBox(objectName="mail_kind")
        for kind in MailKind:
            self.kind.addItem(kind_title(kind), kind)
        self.kind.setCurrentIndex(self.kind.findData(MailKind.COURIER))
        self.shelf = QLineEdit(objectName="mail_shelf")
        self.shelf.setMaxLength(20)
        self.shelf.setPlaceholderText(_("e.g. A3"))
        self.count = QSpinBox(objectName="mail_count")
        self.count.setRange(1, mail.MAX_COUNT)
        self.addressee = QLineEdit(objectName="mail_addressee")
        self.addressee.setMaxLength(60)
        self.addressee.setPlaceholderText(_("As on the label, if not the owner"))
        self.remarks = QLineEdit(objectName="mail_remarks")
        self.remarks.setMaxLength(500)
        self.late = QCheckBox(_("Received earlier at:"), objectName="mail_late")
        self.received_at = datetime_edit(self.desk.clock.now(), "mail_received_at")
        self.received_at.setEnabled(False)
        self.late.toggled.connect(self.received_at.setEnabled)
        self.save_button = QPushButton(_("Register (Enter)"), objectName="mail_save")
        self.save_button.clicked.connect(self.save)
        self.last = QLabel(objectName="mail_last_saved")
        self.last.setStyleSheet("color: #2e7d32;")

        form = QFormLayout()
        form.addRow(_("Tracking number"), self.number)
        self.errors.add("number", self.number, form)
        form.addRow("", self.carrier)
        form.addRow(_("Villa"), self.villa)
        self.errors.add("villa", self.villa, form)
        form.addRow("", self.consent)
        form.addRow(_("Kind"), self.kind)
        self.errors.add("kind", self.kind, form)
        row = QHBoxLayout()
        row.addWidget(self.shelf, 1)
        row.addWidget(QLabel(_("Count")))
        row.addWidget(self.count)
        form.addRow(_("Shelf"), row)
        self.errors.add("shelf", self.shelf, form)
        self.errors.add("count", self.count, form)
        form.addRow(_("Addressee"), self.addressee)
        self.errors.add("addressee", self.addressee, form)
        form.addRow(_("Remarks"), self.remarks)
        self.errors.add("remarks", self.remarks, form)
        when = QHBoxLayout()
        when.addWidget(self.late)
        when.addWidget(self.received_at, 1)
        form.addRow(_("Time"), when)
        self.errors.add("received_at", self.received_at, form)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.last, 1)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        layout.addStretch(1)
        QWidget.setTabOrder(self.number, self.villa)
        self.setFocusProxy(self.number)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.number.setFocus(Qt.FocusReason.OtherFocusReason)

    def _villa_chosen(self, villa_id: int, _number: str) -> None:
        """The household's 代收 consent beside the villa; the cursor back to the number:
        the next scan is for this villa."""
        self.consent.clear()
        if not villa_id:
            return
        uow = self.desk.uow
        household = perform(self, lambda: mail.household_mail(uow, villa_id))
        if household is not None and household.household_id is not None:
            collectors = sum(1 for c in household.collectors if c.active)
            text = (_("Agreed that the desk accepts parcels for it") if household.consents
                    else _("No consent to accept parcels on file"))
            if collectors:
                text += " · " + _("{n} authorised collectors").format(n=collectors)
            self.consent.setText(text)
        self.number.setFocus()

    def _suggest(self, text: str) -> None:
        carrier = suggest_carrier(text) if text.strip() else None
        self.carrier.setText(_("Looks like {carrier}").format(carrier=carrier.title)
                             if carrier else "")

    def draft(self) -> MailDraft:
        return MailDraft(
            villa_id=self.villa.villa_id(), number=self.number.text(),
            kind=self.kind.currentData(),
            received_at=from_qdatetime(self.received_at.dateTime()) if self.late.isChecked()
            else None,
            addressee=self.addressee.text(), shelf=self.shelf.text(),
            count=self.count.value(), remarks=self.remarks.text())

    def save(self) -> MailItemRow | None:
        draft = self.draft()
        if not draft.villa_id:
            self.errors.show({"villa": _("Choose the villa: its number, owner name or phone "
                                         "tail.")})
            return None
        uow = self.desk.uow
        row = perform(self, lambda: mail.register_item(uow, draft), self.errors)
        if row is None:
            return None
        self.last.setText(_("Registered {number} for {villa}").format(
            number=row.number, villa=row.villa_number))
        self.next_item()
        self.drafts.discard()
        self.saved.emit(row)
        return row

    def next_item(self) -> None:
        """Ready for the next item of the same villa."""
        self.number.clear()
        self.count.setValue(1)
        self.addressee.clear()
        self.remarks.clear()
        self.late.setChecked(False)
        self.received_at.setDateTime(to_qdatetime(self.desk.clock.now()))
        self.number.setFocus()

    def set_villa(self, villa_id: int, number: str) -> None:
        self.villa.set_villa(villa_id, number)

    # -- drafts (widgets/drafts.py) --------------------------------------------------------
    def draft_payload(self) -> dict[str, Any]:
        return {"number": self.number.text(), "villa_id": self.villa.villa_id(),
                "villa": self.villa.villa_number(), "kind": str(self.kind.currentData()),
                "shelf": self.shelf.text(), "count": self.count.value(),
                "addressee": self.addressee.text(), "remarks": self.remarks.text(),
                "late": self.late.isChecked(),
                "received_at": time_to_json(from_qdatetime(self.received_at.dateTime()))
                if self.late.isChecked() else None}

    def restore_draft(self, payload: dict[str, Any]) -> None:
        self.number.setText(str(payload.get("number", "")))
        villa_id = payload.get("villa_id")
        if isinstance(villa_id, int) and villa_id:
            self.villa.set_villa(villa_id, str(payload.get("villa", "")))
        index = self.kind.findData(MailKind(payload["kind"])) if payload.get("kind") in {
            k.value for k in MailKind} else -1
        if index >= 0:
            self.kind.setCurrentIndex(index)
        self.shelf.setText(str(payload.get("shelf", "")))
        count = payload.get("count")
        if isinstance(count, int):
            self.count.setValue(count)
        self.addressee.setText(str(payload.get("addressee", "")))
        self.remarks.setText(str(payload.get("remarks", "")))
        when = time_from_json(payload.get("received_at"))
        self.late.setChecked(bool(payload.get("late")) and when is not None)
        if when is not None:
            self.received_at.setDateTime(to_qdatetime(when))

    def set_aside(self) -> None:
        self.villa.clear_villa()
        self.shelf.clear()
        self.next_item()
