"""The release pass application (物品放行条申请): filled in at the desk from what the
applicant says and shows, reviewed and issued in one go — or an issued pass corrected."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QTime
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, fmt_datetime
from app.models.households import IdDocType
from app.models.release_passes import NEEDS_CONSENT, ApplicantKind, ConsentKind, PassReason
from app.services import household_holds, households
from app.services.confirmations import SecondConfirmation
from app.services.errors import ValidationFailed
from app.services.household_holds import HoldRow
from app.services.permissions import Permission
from app.services.release_pass_queries import (
    PassDetail,
    applicant_title,
    pass_detail,
    reason_title,
)
from app.services.release_passes import (
    Consent,
    PassDraft,
    PassItemInput,
    Signature,
    edit_pass,
    issue_pass,
)
from app.views.desk import Desk
from app.views.feedback import FieldErrors, perform, show_failure
from app.views.widgets.attachment_list import AttachmentList
from app.views.widgets.dates import date_edit, from_qdate, to_qdate
from app.views.widgets.drafts import DraftKeeper
from app.views.widgets.record_editing import RecordEditing
from app.views.widgets.second_staff_dialog import SecondStaffDialog
from app.views.widgets.signature_pad import SignaturePad
from app.views.widgets.villa_picker import VillaPicker

ITEM_ROWS = 4


def doc_title(kind: IdDocType) -> str:
    return {
        IdDocType.RESIDENT_ID: _("Resident ID card"), IdDocType.PASSPORT: _("Passport"),
        IdDocType.HK_MACAO_PERMIT: _("Hong Kong / Macao permit"),
        IdDocType.TAIWAN_PERMIT: _("Taiwan permit"), IdDocType.OTHER: _("Other document"),
    }[kind]


def _time_edit(value: QTime, name: str) -> QTimeEdit:
    edit = QTimeEdit(value, objectName=name)
    edit.setDisplayFormat("HH:mm")
    return edit


class ItemsTable(QTableWidget):
    """The item list: name, quantity, remarks; empty lines are left out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(ITEM_ROWS, 3, parent)
        self.setObjectName("pass_items")
        self.setHorizontalHeaderLabels([_("Item name"), _("Quantity"), _("Remarks")])
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setDefaultSectionSize(26)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setTabKeyNavigation(True)
        self.setMinimumHeight(150)

    def cell(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text().strip() if item is not None else ""

    def set_rows(self, rows: list[tuple[str, str, str]]) -> None:
        self.setRowCount(max(ITEM_ROWS, len(rows) + 1))
        for row in range(self.rowCount()):
            values = rows[row] if row < len(rows) else ("", "", "")
            for column, value in enumerate(values):
                self.setItem(row, column, QTableWidgetItem(value))

    def rows(self) -> list[tuple[str, str, str]]:
        """Every line with anything typed in it, as typed."""
        found = []
        for row in range(self.rowCount()):
            values = (self.cell(row, 0), self.cell(row, 1), self.cell(row, 2))
            if any(values):
                found.append(values)
        return found

    def inputs(self) -> tuple[PassItemInput, ...]:
        """The lines as the service takes them; a quantity left empty is one."""
        items = []
        for name, quantity, remarks in self.rows():
            text = quantity or "1"
            if not (text.isascii() and text.isdigit()):
                raise ValidationFailed({"items": _("“{item}”: the quantity is a whole "
                                                   "number.").format(item=name or quantity)})
            items.append(PassItemInput(name, int(text), remarks))
        return tuple(items)

    def add_line(self) -> None:
        self.insertRow(self.rowCount())
        self.setCurrentCell(self.rowCount() - 1, 0)

    def remove_line(self) -> None:
        row = self.currentRow()
        if row >= 0:
            self.removeRow(row)
        if self.rowCount() == 0:
            self.setRowCount(1)


class PassForm(RecordEditing, QDialog):
    """Apply for and issue a pass (``detail`` None), or correct an issued one."""

    def __init__(self, desk: Desk, detail: PassDetail | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.detail = detail
        self.result_detail: PassDetail | None = None
        self.print_requested = False
        self.confirmation: SecondConfirmation | None = None
        self.holds: list[HoldRow] = []
        self.errors = FieldErrors()
        self.setObjectName("release_pass_form")
        self.setWindowTitle(_("Correct release pass {number}").format(number=detail.number)
                            if detail else _("New release pass"))
        self._build()
        if detail is not None:
            self._fill(detail)
        self._kind_changed()
        self.resize(1180, 660)
        self.start_editing(detail)
        key = f"release_passes.edit:{detail.id}" if detail else "release_passes.new"
        self.drafts = DraftKeeper(desk, self, key, _("release pass"))

    # -- building ------------------------------------------------------------------------
    def _build(self) -> None:
        today = self.desk.clock.now().date()
        self.villa = VillaPicker(self.desk)
        self.villa.setObjectName("villa")
        self.villa.villa_chosen.connect(self._villa_chosen)
        self.applicant_kind = QComboBox(objectName="applicant_kind")
        for kind in ApplicantKind:
            self.applicant_kind.addItem(applicant_title(kind), kind.value)
        self.applicant_kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.applicant_name = QLineEdit(objectName="applicant_name")
        self.applicant_name.setPlaceholderText(_("Name as on the ID document"))
        self.id_doc_type = QComboBox(objectName="id_doc_type")
        for doc in IdDocType:
            self.id_doc_type.addItem(doc_title(doc), doc.value)
        self.id_doc_number = QLineEdit(objectName="id_doc_number")
        self.phone = QLineEdit(objectName="phone")
        self.plate = QLineEdit(objectName="plate")
        self.plate.setPlaceholderText(_("e.g. 浙A12345; empty if carried by hand"))
        self.exit_date: QDateEdit = date_edit(to_qdate(today), "exit_date")
        self.window_from = _time_edit(QTime(8, 0), "window_from")
        self.window_to = _time_edit(QTime(18, 0), "window_to")
        self.reason = QComboBox(objectName="reason")
        for reason in PassReason:
            self.reason.addItem(reason_title(reason), reason.value)
        self.reason_note = QLineEdit(objectName="reason_note")
        self.reason_note.setPlaceholderText(_("Details (needed for “Other”)"))
        self.items = ItemsTable()
        self.add_line = QPushButton(_("Add line"), objectName="add_item")
        self.add_line.clicked.connect(self.items.add_line)
        self.remove_line = QPushButton(_("Remove line"), objectName="remove_item")
        self.remove_line.clicked.connect(self.items.remove_line)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("Villa:"), self.villa)
        self.errors.add("villa", self.villa, form)
        who = QHBoxLayout()
        who.addWidget(self.applicant_kind)
        who.addWidget(self.applicant_name, 1)
        form.addRow(_("Applicant:"), who)
        self.errors.add("applicant_kind", self.applicant_kind, form)
        self.errors.add("applicant_name", self.applicant_name, form)
        doc = QHBoxLayout()
        doc.addWidget(self.id_doc_type)
        doc.addWidget(self.id_doc_number, 1)
        form.addRow(_("ID document:"), doc)
        self.errors.add("id_doc_number", self.id_doc_number, form)
        contact = QHBoxLayout()
        contact.addWidget(self.phone, 1)
        contact.addWidget(QLabel(_("Plate:")))
        contact.addWidget(self.plate, 1)
        form.addRow(_("Phone:"), contact)
        self.errors.add("phone", self.phone, form)
        self.errors.add("plate", self.plate, form)
        window = QHBoxLayout()
        window.addWidget(self.exit_date)
        window.addWidget(self.window_from)
        window.addWidget(QLabel("–"))
        window.addWidget(self.window_to)
        window.addStretch(1)
        form.addRow(_("Exit date and time:"), window)
        self.errors.add("valid_until", self.window_to, form)
        reason = QHBoxLayout()
        reason.addWidget(self.reason)
        reason.addWidget(self.reason_note, 1)
        form.addRow(_("Reason:"), reason)
        self.errors.add("reason_note", self.reason_note, form)
        lines = QHBoxLayout()
        lines.addWidget(QLabel(_("Items leaving:")))
        lines.addStretch(1)
        lines.addWidget(self.add_line)
        lines.addWidget(self.remove_line)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addLayout(lines)
        left.addWidget(self.items, 1)
        self.items_error = QLabel()
        left.addWidget(self.items_error)
        self.errors.add("items", self.items, label=self.items_error)

        right = QVBoxLayout()
        right.addWidget(self._consent_box())
        right.addWidget(self._hold_box())
        right.addWidget(self._signature_box(), 1)

        body = QHBoxLayout()
        body.addLayout(left, 11)
        body.addLayout(right, 9)

        self.issue_print_button = QPushButton(
            _("Issue and print") if self.detail is None else _("Save and print"),
            objectName="issue_print")
        self.issue_button = QPushButton(_("Issue") if self.detail is None else _("Save"),
                                        objectName="issue")
        self.cancel_button = QPushButton(_("Cancel"), objectName="cancel")
        for button in (self.issue_print_button, self.issue_button, self.cancel_button):
            button.setAutoDefault(False)
        self.issue_print_button.clicked.connect(lambda: self.save(print_after=True))
        self.issue_button.clicked.connect(lambda: self.save())
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.issue_print_button, self.issue_button, self.cancel_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)

        save = QAction(_("Issue the pass"), self)
        save.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        save.triggered.connect(lambda: self.save())
        self.addAction(save)
        order = [self.villa, self.applicant_kind, self.applicant_name, self.id_doc_type,
                 self.id_doc_number, self.phone, self.plate, self.exit_date, self.window_from,
                 self.window_to, self.reason, self.reason_note, self.items]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

    def _consent_box(self) -> QGroupBox:
        box = QGroupBox(_("Owner's consent (tenant, agent or mover)"), objectName="consent_box")
        self.consent_written = QRadioButton(_("Written authorisation (scan it in)"),
                                            objectName="consent_written")
        self.consent_phone = QRadioButton(_("Owner confirmed by phone"),
                                          objectName="consent_phone")
        self.consent_group = QButtonGroup(self)
        for button in (self.consent_written, self.consent_phone):
            self.consent_group.addButton(button)
        self.consent_phone.setChecked(True)
        self.consent_files = AttachmentList(self.desk, "release_pass")
        self.consent_note = QLineEdit(objectName="consent_note")
        self.consent_note.setPlaceholderText(_("Who was called, on which number, what they "
                                               "said"))
        self.confirm_button = QPushButton(_("Second staff member confirms…"),
                                          objectName="confirm_consent")
        self.confirm_button.clicked.connect(self.ask_confirmation)
        self.confirmed_label = QLabel(objectName="consent_confirmed")
        self.confirmed_label.setStyleSheet("color: #2e7d32;")
        self.consent_error = QLabel()
        layout = QVBoxLayout(box)
        layout.addWidget(self.consent_written)
        layout.addWidget(self.consent_files)
        layout.addWidget(self.consent_phone)
        layout.addWidget(self.consent_note)
        row = QHBoxLayout()
        row.addWidget(self.confirm_button)
        row.addWidget(self.confirmed_label, 1)
        layout.addLayout(row)
        layout.addWidget(self.consent_error)
        self.errors.add("consent", self.consent_phone, label=self.consent_error)
        self.consent_note_error = QLabel()
        layout.addWidget(self.consent_note_error)
        self.errors.add("consent_note", self.consent_note, label=self.consent_note_error)
        self.consent_written.toggled.connect(lambda _c: self._consent_mode())
        self.consent_box = box
        return box

    def _hold_box(self) -> QGroupBox:
        box = QGroupBox(_("Outstanding matters"), objectName="hold_box")
        self.hold_label = QLabel(objectName="hold_label")
        self.hold_label.setWordWrap(True)
        self.hold_label.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.hold_override = QLineEdit(objectName="hold_override")
        self.hold_override.setPlaceholderText(_("Supervisor: why the pass is issued anyway"))
        self.hold_error = QLabel()
        layout = QVBoxLayout(box)
        layout.addWidget(self.hold_label)
        layout.addWidget(self.hold_override)
        layout.addWidget(self.hold_error)
        self.errors.add("hold", self.hold_override, label=self.hold_error)
        box.hide()
        self.hold_box = box
        return box

    def _signature_box(self) -> QGroupBox:
        box = QGroupBox(_("Applicant's signature"), objectName="signature_box")
        self.pad = SignaturePad()
        self.pad.setObjectName("signature_pad")
        self.pad.setMinimumHeight(120)
        self.on_paper = QCheckBox(_("Signed on the paper copy instead"), objectName="on_paper")
        self.on_paper.toggled.connect(lambda on: self.pad.setEnabled(not on))
        self.signature_error = QLabel()
        layout = QVBoxLayout(box)
        layout.addWidget(self.pad, 1)
        layout.addWidget(self.on_paper)
        layout.addWidget(self.signature_error)
        self.errors.add("signature", self.pad, label=self.signature_error)
        self.signature_box = box
        return box

    # -- reacting ------------------------------------------------------------------------
    def _kind(self) -> ApplicantKind:
        return ApplicantKind(self.applicant_kind.currentData())

    def _kind_changed(self) -> None:
        needed = self._kind() in NEEDS_CONSENT and self.detail is None
        self.consent_box.setEnabled(needed)
        self.consent_box.setVisible(self.detail is None)
        self.signature_box.setVisible(self.detail is None)
        self._consent_mode()

    def _consent_mode(self) -> None:
        written = self.consent_written.isChecked()
        self.consent_files.setEnabled(written)
        self.consent_note.setEnabled(not written)
        self.confirm_button.setEnabled(not written)

    def _villa_chosen(self, villa_id: int, _number: str) -> None:
        if not villa_id:
            self._show_holds([])
            return
        if self._kind() in (ApplicantKind.OWNER, ApplicantKind.FAMILY) \
                and not self.applicant_name.text().strip():
            found = perform(self, lambda: households.contact_for_villa(self.desk.uow, villa_id))
            name, phone = found or ("", "")
            self.applicant_name.setText(name)
            if not self.phone.text().strip():
                self.phone.setText(phone)
        if self.detail is None:
            self._show_holds(perform(self, lambda: household_holds.holds_of_villa(
                self.desk.uow, villa_id, in_force_only=True)) or [])

    def _show_holds(self, holds: list[HoldRow]) -> None:
        self.holds = holds
        self.hold_box.setVisible(bool(holds))
        self.hold_label.setText("\n".join(
            _("On hold since {when} ({who}): {reason}").format(
                when=fmt_datetime(h.set_at), who=h.set_by, reason=h.reason) for h in holds))
        may = self.desk.can(Permission.OVERRIDE)
        self.hold_override.setVisible(bool(holds) and may)
        if holds and not may:
            self.hold_label.setText(self.hold_label.text() + "\n" + _(
                "A supervisor must clear it or override it for this pass."))

    def ask_confirmation(self) -> SecondConfirmation | None:
        """The second staff member confirms the owner's phone consent at this desk."""
        villa = self.villa.villa_number() or self.villa.text()
        purpose = _("The owner of {villa} agreed by phone that {name} takes items out.").format(
            villa=villa, name=self.applicant_name.text().strip() or _("the applicant"))
        confirmation = ask_second_staff(self, self.desk, purpose)
        if confirmation is not None:
            self.confirmation = confirmation
            self.confirmed_label.setText(_("Confirmed by {who} at {time}").format(
                who=confirmation.label, time=confirmation.confirmed_at.strftime("%H:%M")))
            self.errors.clear_field("consent")
        return confirmation

    # -- saving --------------------------------------------------------------------------
    def draft(self) -> PassDraft:
        day = from_qdate(self.exit_date.date())
        start, end = self.window_from.time(), self.window_to.time()
        return PassDraft(
            villa_id=self.villa.villa_id() or None, applicant_kind=self._kind(),
            applicant_name=self.applicant_name.text(),
            id_doc_type=IdDocType(self.id_doc_type.currentData()),
            id_doc_number=self.id_doc_number.text(), phone=self.phone.text(),
            plate=self.plate.text(),
            valid_from=dt.datetime.combine(day, dt.time(start.hour(), start.minute())),
            valid_until=dt.datetime.combine(day, dt.time(end.hour(), end.minute())),
            reason=PassReason(self.reason.currentData()), reason_note=self.reason_note.text(),
            items=self.items.inputs())

    def consent(self) -> Consent:
        if self._kind() not in NEEDS_CONSENT:
            return Consent()
        if self.consent_written.isChecked():
            return Consent(ConsentKind.WRITTEN, files=tuple(
                str(path) for path in self.consent_files.pending_files()))
        return Consent(ConsentKind.PHONE, note=self.consent_note.text(),
                       confirmation=self.confirmation)

    def signature(self) -> Signature:
        if self.on_paper.isChecked():
            return Signature(on_paper=True)
        return Signature(png=None if self.pad.is_empty() else self.pad.png_bytes())

    def save(self, print_after: bool = False) -> PassDetail | None:
        uow = self.desk.uow
        self.errors.clear()
        try:
            draft = self.draft()
        except ValidationFailed as exc:
            show_failure(self, exc, self.errors)
            return None
        if self.detail is None:
            consent, signature = self.consent(), self.signature()
            override = self.hold_override.text() if self.hold_override.isVisible() else ""
            result = perform(self, lambda: issue_pass(uow, draft, consent, signature, override),
                             self.errors)
        else:
            pass_id, version = self.detail.id, self._base_version
            result = perform(self, lambda: edit_pass(uow, pass_id, draft,
                                                     expected_version=version),
                             self.errors, stale=self)
        if result is not None:
            self.drafts.discard()
            self.result_detail = result
            self.print_requested = print_after
            self.accept()
        return result

    # -- another desk saved first (widgets/record_editing.py) ------------------------------
    def fetch_detail(self, record_id: int) -> PassDetail:
        return pass_detail(self.desk.uow, record_id)

    def fill_from_detail(self, detail: PassDetail) -> None:
        self._fill(detail)

    def discard_question(self) -> str:
        return _("Discard what you typed in this release pass?")

    # -- filling and the draft -----------------------------------------------------------
    def _fill(self, d: PassDetail) -> None:
        self.villa.set_villa(d.villa_id, d.villa_number)
        self.villa.setEnabled(False)
        self.applicant_kind.setCurrentIndex(self.applicant_kind.findData(d.applicant_kind.value))
        self.applicant_kind.setEnabled(False)
        self.applicant_name.setText(d.applicant_name)
        self.id_doc_type.setCurrentIndex(self.id_doc_type.findData(d.id_doc_type.value))
        self.id_doc_number.setText(d.id_doc_number)
        self.phone.setText(d.phone)
        self.plate.setText(d.plate)
        self.exit_date.setDate(to_qdate(d.valid_from.date()))
        self.window_from.setTime(QTime(d.valid_from.hour, d.valid_from.minute))
        self.window_to.setTime(QTime(d.valid_until.hour, d.valid_until.minute))
        self.reason.setCurrentIndex(self.reason.findData(d.reason.value))
        self.reason_note.setText(d.reason_note)
        self.items.set_rows([(i.name, str(i.quantity), i.remarks) for i in d.items])

    def draft_payload(self) -> dict[str, Any]:
        return self.with_based_on(self._values())

    def _values(self) -> dict[str, Any]:
        return {
            "villa_id": self.villa.villa_id() or None, "villa": self.villa.text(),
            "applicant_kind": self.applicant_kind.currentData(),
            "applicant_name": self.applicant_name.text(),
            "id_doc_type": self.id_doc_type.currentData(),
            "id_doc_number": self.id_doc_number.text(), "phone": self.phone.text(),
            "plate": self.plate.text(),
            "exit_date": from_qdate(self.exit_date.date()).isoformat(),
            "window_from": self.window_from.time().toString("HH:mm"),
            "window_to": self.window_to.time().toString("HH:mm"),
            "reason": self.reason.currentData(), "reason_note": self.reason_note.text(),
            "items": [list(row) for row in self.items.rows()],
            "consent_written": self.consent_written.isChecked(),
            "consent_note": self.consent_note.text(),
            "consent_files": [str(p) for p in self.consent_files.pending_files()],
            "on_paper": self.on_paper.isChecked(),
            "hold_override": self.hold_override.text(),
        }

    def restore_draft(self, payload: dict[str, Any]) -> None:
        self.take_based_on(payload)
        if self.detail is None:
            if payload.get("villa_id"):
                self.villa.set_villa(int(payload["villa_id"]), payload.get("villa", ""))
                self._villa_chosen(int(payload["villa_id"]), payload.get("villa", ""))
            else:
                self.villa.clear_villa()
                self.villa.setText(payload.get("villa", ""))
            kind = self.applicant_kind.findData(payload.get("applicant_kind"))
            if kind >= 0:
                self.applicant_kind.setCurrentIndex(kind)
        self.applicant_name.setText(payload.get("applicant_name", ""))
        doc = self.id_doc_type.findData(payload.get("id_doc_type"))
        if doc >= 0:
            self.id_doc_type.setCurrentIndex(doc)
        self.id_doc_number.setText(payload.get("id_doc_number", ""))
        self.phone.setText(payload.get("phone", ""))
        self.plate.setText(payload.get("plate", ""))
        day = QDate.fromString(str(payload.get("exit_date", "")), "yyyy-MM-dd")
        if day.isValid():
            self.exit_date.setDate(day)
        for edit, key in ((self.window_from, "window_from"), (self.window_to, "window_to")):
            value = QTime.fromString(str(payload.get(key, "")), "HH:mm")
            if value.isValid():
                edit.setTime(value)
        reason = self.reason.findData(payload.get("reason"))
        if reason >= 0:
            self.reason.setCurrentIndex(reason)
        self.reason_note.setText(payload.get("reason_note", ""))
        self.items.set_rows([tuple(row) for row in payload.get("items", [])])
        (self.consent_written if payload.get("consent_written")
         else self.consent_phone).setChecked(True)
        self.consent_note.setText(payload.get("consent_note", ""))
        kept = [Path(p) for p in payload.get("consent_files", []) if Path(p).exists()]
        if kept and self.detail is None:
            self.consent_files.add_paths(kept)
        self.on_paper.setChecked(bool(payload.get("on_paper")))
        self.hold_override.setText(payload.get("hold_override", ""))
        self.applicant_name.setFocus()

    def set_aside(self) -> None:
        self.done(QDialog.DialogCode.Rejected)

    @classmethod
    def ask(cls, parent: QWidget | None, desk: Desk,
            detail: PassDetail | None = None) -> tuple[PassDetail, bool] | None:
        """The issued (or corrected) pass and whether to print it, or None if cancelled."""
        dialog = cls(desk, detail, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_detail is None:
            return None
        return dialog.result_detail, dialog.print_requested


def ask_second_staff(parent: QWidget, desk: Desk, purpose: str) -> SecondConfirmation | None:
    """The second staff member's confirmation, or None when they cancelled."""
    dialog = SecondStaffDialog(desk, purpose, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.confirmation
