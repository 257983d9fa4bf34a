"""The complaint form (投诉登记): open a complaint, from a reception record or directly, or
correct one. Typing is kept as a draft (widgets/drafts.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, fmt_date
from app.models.complaints import Category, Channel, ComplaintDepartment, Severity
from app.services import complaints
from app.services.attachments import read_file
from app.services.complaint_queries import ComplaintDetail, complaint_detail
from app.services.complaint_titles import (
    category_title,
    channel_title,
    department_title,
    severity_title,
)
from app.services.complaints import ComplaintDraft, EntryForComplaint, RepeatHint
from app.views.desk import Desk
from app.views.feedback import FieldErrors, perform
from app.views.widgets.attachment_list import AttachmentList
from app.views.widgets.dates import datetime_edit, from_qdatetime, to_qdatetime
from app.views.widgets.drafts import DraftKeeper, time_from_json, time_to_json
from app.views.widgets.record_editing import RecordEditing
from app.views.widgets.villa_picker import VillaPicker


def _combo(name: str, values: list[Any], title: Any) -> QComboBox:
    box = QComboBox(objectName=name)
    for value in values:
        box.addItem(title(value), value.value)
    return box


def _text(name: str, hint: str, height: int) -> QPlainTextEdit:
    edit = QPlainTextEdit(objectName=name)
    edit.setTabChangesFocus(True)
    edit.setPlaceholderText(hint)
    edit.setFixedHeight(height)
    return edit


class ComplaintEditor(RecordEditing, QDialog):
    """New (``detail`` None) or an edit; ``result_detail`` is the saved complaint."""

    def __init__(self, desk: Desk, detail: ComplaintDetail | None = None,
                 entry: EntryForComplaint | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.detail = detail
        self.entry = entry
        self.result_detail: ComplaintDetail | None = None
        self.errors = FieldErrors()
        self.setObjectName("complaint_editor")
        self.setWindowTitle(_("Edit complaint {number}").format(number=detail.number)
                            if detail else _("New complaint"))
        self._hint_timer = QTimer(self, singleShot=True, interval=300)
        self._hint_timer.timeout.connect(self._check_repeat)
        self._build()
        if detail is not None:
            self._fill_from_detail(detail)
        elif entry is not None:
            self._fill_from_entry(entry)
        self.resize(980, 560)
        self.start_editing(detail)
        key = (f"complaints.edit:{detail.id}" if detail is not None
               else f"complaints.from_entry:{entry.entry_id}" if entry is not None
               else "complaints.new")
        self.drafts = DraftKeeper(desk, self, key, _("complaint"))

    # -- building ------------------------------------------------------------------------
    def _build(self) -> None:
        now = self.desk.clock.now()
        self.channel = _combo("channel", list(Channel), channel_title)
        self.received_at = datetime_edit(now, "received_at", self)
        self.villa = VillaPicker(self.desk)
        self.villa.setObjectName("villa")
        self.location = QLineEdit(objectName="location")
        self.location.setPlaceholderText(_("A non-resident: who and where"))
        self.complainant = QLineEdit(objectName="complainant")
        self.complainant.setPlaceholderText(_("Name"))
        self.phone = QLineEdit(objectName="phone")
        self.phone.setPlaceholderText(_("Phone"))
        self.category = _combo("category", list(Category), category_title)
        self.severity = _combo("severity", list(Severity), severity_title)
        self.department = _combo("department", list(ComplaintDepartment), department_title)
        self.responsible = QLineEdit(objectName="responsible_person")
        self.responsible.setPlaceholderText(_("Responsible person"))
        self.content = _text("content", _("What the complainant says happened"), 90)
        self.demands = _text("demands", _("What the complainant asks for"), 56)
        self.repeat_label = QLabel(objectName="repeat_hint")
        self.repeat_label.setWordWrap(True)
        self.repeat_label.setStyleSheet("color: #b71c1c;")
        self.repeat_label.hide()
        self.files = AttachmentList(self.desk, complaints.RECORD_TYPE)
        if self.detail is not None:
            self.files.show_record(self.detail.id)
            self.severity.setEnabled(False)
            self.severity.setToolTip(_("A severity is changed with a reason: Classify…"))

        left = QFormLayout()
        left.addRow(_("Channel"), self.channel)
        left.addRow(_("Received at"), self.received_at)
        self.errors.add("received_at", self.received_at, left)
        left.addRow(_("Villa"), self.villa)
        self.errors.add("villa", self.villa, left)
        left.addRow(_("Non-resident / place"), self.location)
        self.errors.add("location", self.location, left)
        left.addRow(_("Complainant"), self.complainant)
        left.addRow(_("Phone"), self.phone)
        self.errors.add("phone", self.phone, left)
        left.addRow(_("Category"), self.category)
        left.addRow(_("Severity"), self.severity)
        left.addRow("", self.repeat_label)
        right = QFormLayout()
        right.addRow(_("Content"), self.content)
        self.errors.add("content", self.content, right)
        right.addRow(_("Demands"), self.demands)
        right.addRow(_("Department"), self.department)
        right.addRow(_("Responsible person"), self.responsible)
        right.addRow(_("Evidence"), self.files)
        grid = QGridLayout()
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(1, 1)

        self.save_button = QPushButton(_("Save"), objectName="save_complaint")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton(_("Cancel"), objectName="cancel_complaint")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addLayout(buttons)
        self.villa.textChanged.connect(lambda _t: self._hint_timer.start())
        self.category.currentIndexChanged.connect(lambda _i: self._hint_timer.start())

    def _fill_from_detail(self, d: ComplaintDetail) -> None:
        self._set(self.channel, d.channel.value)
        self.received_at.setDateTime(to_qdatetime(d.received_at))
        self.received_at.setEnabled(False)
        if d.villa_id:
            self.villa.set_villa(d.villa_id, d.villa_number)
        self.location.setText(d.location)
        self.complainant.setText(d.complainant)
        self.phone.setText(d.phone)
        self._set(self.category, d.category.value)
        self._set(self.severity, d.severity.value)
        self._set(self.department, d.department.value)
        self.responsible.setText(d.responsible_person)
        self.content.setPlainText(d.content)
        self.demands.setPlainText(d.demands)

    def _fill_from_entry(self, e: EntryForComplaint) -> None:
        self.received_at.setDateTime(to_qdatetime(e.occurred_at))
        self.received_at.setEnabled(False)
        if e.villa_id:
            self.villa.set_villa(e.villa_id, e.villa_number)
        self.complainant.setText(e.caller_name)
        self.phone.setText(e.contact_phone)
        self.content.setPlainText(e.content)

    @staticmethod
    def _set(box: QComboBox, value: str) -> None:
        index = box.findData(value)
        if index >= 0:
            box.setCurrentIndex(index)

    # -- the repeat check ---------------------------------------------------------------
    def _check_repeat(self) -> None:
        villa_id = self.villa.villa_id() or None
        category = Category(self.category.currentData())
        hint: RepeatHint | None = None
        if villa_id:
            exclude = self.detail.id if self.detail else None
            hint = perform(self, lambda: complaints.repeat_hint(self.desk.uow, villa_id,
                                                                category))
            if hint is not None and hint.complaint_id == exclude:
                hint = None
        if hint is None:
            self.repeat_label.hide()
            return
        self.repeat_label.setText(_(
            "Repeat: {number} of {date} is the same villa and category within {days} days. "
            "Consider classifying it as serious.").format(
                number=hint.number, date=fmt_date(hint.received_at.date()), days=hint.days))
        self.repeat_label.show()
        if self.detail is None and self.severity.currentData() == Severity.GENERAL.value:
            self._set(self.severity, Severity.SERIOUS.value)

    # -- saving --------------------------------------------------------------------------
    def draft(self) -> ComplaintDraft:
        return ComplaintDraft(
            channel=Channel(self.channel.currentData()),
            category=Category(self.category.currentData()),
            content=self.content.toPlainText(),
            department=ComplaintDepartment(self.department.currentData()),
            complainant=self.complainant.text(), phone=self.phone.text(),
            villa_id=self.villa.villa_id() or None, location=self.location.text(),
            demands=self.demands.toPlainText(), responsible_person=self.responsible.text(),
            severity=Severity(self.severity.currentData()),
            received_at=(None if self.entry or self.detail
                         else from_qdatetime(self.received_at.dateTime())),
            entry_id=self.entry.entry_id if self.entry else None)

    def save(self) -> ComplaintDetail | None:
        draft = self.draft()
        uow = self.desk.uow
        if self.detail is None:
            paths = self.files.pending_files()
            evidence = perform(self, lambda: tuple((p.name, read_file(p)) for p in paths))
            if evidence is None:
                return None
            result = perform(self, lambda: complaints.open_complaint(uow, draft, evidence),
                             self.errors)
        else:
            complaint_id, version = self.detail.id, self._base_version
            result = perform(self, lambda: complaints.edit_complaint(
                uow, complaint_id, draft, expected_version=version), self.errors, stale=self)
        if result is not None:
            self.drafts.discard()
            self.result_detail = result
            self.accept()
        return result

    # -- another desk saved first (widgets/record_editing.py) ------------------------------
    def fetch_detail(self, record_id: int) -> ComplaintDetail:
        return complaint_detail(self.desk.uow, record_id)

    def fill_from_detail(self, detail: ComplaintDetail) -> None:
        self._fill_from_detail(detail)

    def discard_question(self) -> str:
        return _("Discard what you typed in this complaint?")

    # -- the draft -----------------------------------------------------------------------
    def _values(self) -> dict[str, Any]:
        return {
            "channel": self.channel.currentData(), "villa_id": self.villa.villa_id() or None,
            "villa": self.villa.text(), "location": self.location.text(),
            "complainant": self.complainant.text(), "phone": self.phone.text(),
            "category": self.category.currentData(), "severity": self.severity.currentData(),
            "department": self.department.currentData(),
            "responsible_person": self.responsible.text(),
            "content": self.content.toPlainText(), "demands": self.demands.toPlainText(),
            "received_at": time_to_json(from_qdatetime(self.received_at.dateTime())),
        }

    def draft_payload(self) -> dict[str, Any]:
        return self.with_based_on(self._values())

    def restore_draft(self, payload: dict[str, Any]) -> None:
        self.take_based_on(payload)
        self._set(self.channel, payload.get("channel", ""))
        if payload.get("villa_id"):
            self.villa.set_villa(int(payload["villa_id"]), payload.get("villa", ""))
        else:
            self.villa.clear_villa()
            self.villa.setText(payload.get("villa", ""))
        self.location.setText(payload.get("location", ""))
        self.complainant.setText(payload.get("complainant", ""))
        self.phone.setText(payload.get("phone", ""))
        self._set(self.category, payload.get("category", ""))
        self._set(self.severity, payload.get("severity", ""))
        self._set(self.department, payload.get("department", ""))
        self.responsible.setText(payload.get("responsible_person", ""))
        self.content.setPlainText(payload.get("content", ""))
        self.demands.setPlainText(payload.get("demands", ""))
        received = time_from_json(payload.get("received_at"))
        if received is not None and self.received_at.isEnabled():
            self.received_at.setDateTime(to_qdatetime(received))
        self.content.setFocus()

    def set_aside(self) -> None:
        self.done(QDialog.DialogCode.Rejected)

    @classmethod
    def ask(cls, parent: QWidget | None, desk: Desk, detail: ComplaintDetail | None = None,
            entry: EntryForComplaint | None = None) -> ComplaintDetail | None:
        dialog = cls(desk, detail, entry, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_detail
