"""The work-order form (派工单): open a new order, from a call record or directly, or edit one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import pairwise
from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, fmt_datetime
from app.models.work_orders import Department
from app.services import fee_standard, households, reception, work_categories, work_orders
from app.services.reception import EntrySummary
from app.services.work_order_queries import WorkOrderDetail, work_order_detail
from app.services.work_order_titles import department_title
from app.services.work_orders import WorkOrderDraft
from app.views.desk import Desk
from app.views.feedback import FieldErrors, perform
from app.views.widgets.dates import datetime_edit, from_qdatetime, to_qdatetime
from app.views.widgets.drafts import DraftKeeper, time_from_json, time_to_json
from app.views.widgets.keys import EnterMovesOn
from app.views.widgets.record_editing import RecordEditing
from app.views.widgets.roster_picker import RosterPicker
from app.views.widgets.stale_dialog import merge_rows
from app.views.widgets.tab_stops import one_tab_stop
from app.views.widgets.villa_picker import VillaPicker
from app.views.work_orders.fee_lines import ChargesBox, FeeLineRow


class OptionalDateTime(QWidget):
    """A date and time that may be left out (no appointment made, no date promised)."""

    def __init__(self, name: str, default: dt.datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = QCheckBox(objectName=f"{name}_set")
        self.edit = datetime_edit(default, name)
        self.edit.setEnabled(False)
        self.check.toggled.connect(self.edit.setEnabled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.check)
        row.addWidget(self.edit, 1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setFocusProxy(self.check)

    def value(self) -> dt.datetime | None:
        return from_qdatetime(self.edit.dateTime()) if self.check.isChecked() else None

    def set_value(self, value: dt.datetime | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.edit.setDateTime(to_qdatetime(value))


class WorkOrderEditor(RecordEditing, QDialog):
    """Create (``detail`` None) or edit a work order. ``result_detail`` holds the saved order;
    ``print_requested`` says the user chose "Save and print"."""

    def __init__(self, desk: Desk, detail: WorkOrderDetail | None = None,
                 entry: EntrySummary | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.detail = detail
        self.entry = entry
        self.result_detail: WorkOrderDetail | None = None
        self.print_requested = False
        self.errors = FieldErrors()
        self.setObjectName("work_order_editor")
        self.setWindowTitle(_("Edit work order {number}").format(number=detail.number)
                            if detail else _("New work order"))
        self._build()
        self._load_choices()
        if detail is not None:
            self._fill_from_detail(detail)
        elif entry is not None:
            self._fill_from_entry(entry)
        self.resize(1040, 520)
        # What the form was opened with (the user's own edits are what differs from it)
        # and the version passed back on save, so a save over another desk's newer change
        # is refused (it moves on with a reload or a restored draft).
        self.start_editing(detail)
        # Typing is kept per form: a new order, one from a given call, an edit of one order.
        key = (f"work_orders.edit:{detail.id}" if detail is not None
               else f"work_orders.from_entry:{entry.entry_id}" if entry is not None
               else "work_orders.new")
        self.drafts = DraftKeeper(desk, self, key, _("work order"))

    # -- building ------------------------------------------------------------------------
    def _build(self) -> None:
        now = self.desk.clock.now()
        self.villa = VillaPicker(self.desk)
        self.villa.setObjectName("villa")
        self.villa.villa_chosen.connect(self._villa_chosen)
        self.location = QLineEdit(objectName="location")
        self.location.setPlaceholderText(_("Room or place, e.g. second-floor bathroom"))
        self.contact_name = QLineEdit(objectName="contact_name")
        self.contact_name.setPlaceholderText(_("Name"))
        self.contact_phone = QLineEdit(objectName="contact_phone")
        self.contact_phone.setPlaceholderText(_("Phone"))
        self.category = QComboBox(objectName="category")
        self.department = QComboBox(objectName="department")
        for value in Department:
            self.department.addItem(department_title(value), value.value)
        self.content = QPlainTextEdit(objectName="content")
        self.content.setTabChangesFocus(True)
        self.content.setPlaceholderText(_("What is wrong, as the caller described it"))
        self.content.setFixedHeight(84)
        self.special_requirements = QLineEdit(objectName="special_requirements")
        self.special_requirements.setPlaceholderText(_("e.g. call before coming; pets at home"))
        self.special_requirements.setToolTip(_("Printed on every copy of the slip"))
        self.received_at = datetime_edit(now, "received_at", self)
        self.received_at.setToolTip(_("When the request came in; earlier for a request "
                                      "written on paper and typed in later (补录)."))
        self.appointment_at = OptionalDateTime("appointment_at", now)
        self.expected_at = OptionalDateTime("expected_completion_at", now)
        # Picked from the department's roster; an outside contractor can still be typed.
        self.assignee = RosterPicker(self.desk)
        self.assignee.setObjectName("assignee")
        self.department.currentIndexChanged.connect(lambda _i: self.assignee.set_department(
            Department(self.department.currentData())))
        self.dispatch_now = QCheckBox(_("Dispatch now"), objectName="dispatch_now")
        self.dispatch_now.setToolTip(_("Send the slip to the assignee as soon as it is saved"))
        self.assignee.textChanged.connect(
            lambda text: self.dispatch_now.setChecked(bool(text.strip())))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        place = QHBoxLayout()
        place.addWidget(self.villa, 1)
        place.addWidget(self.location, 2)
        form.addRow(_("Villa / location:"), place)
        self.errors.add("villa", self.villa, form)
        self.errors.add("location", self.location, form)
        contact = QHBoxLayout()
        contact.addWidget(self.contact_name, 1)
        contact.addWidget(self.contact_phone, 1)
        form.addRow(_("Contact / phone:"), contact)
        self.errors.add("contact_name", self.contact_name, form)
        self.errors.add("contact_phone", self.contact_phone, form)
        kind = QHBoxLayout()
        kind.addWidget(self.category, 1)
        kind.addWidget(self.department, 1)
        form.addRow(_("Category / department:"), kind)
        self.errors.add("category", self.category, form)
        form.addRow(_("Content:"), self.content)
        self.errors.add("content", self.content, form)
        form.addRow(_("Special requirements:"), self.special_requirements)
        self.errors.add("special_requirements", self.special_requirements, form)
        if self.detail is None:
            form.addRow(_("Received at:"), self.received_at)
            self.errors.add("received_at", self.received_at, form)
        else:
            self.received_at.hide()  # fixed once the order exists
        form.addRow(_("Appointment:"), self.appointment_at)
        self.errors.add("appointment_at", self.appointment_at, form)
        form.addRow(_("Expected completion:"), self.expected_at)
        self.errors.add("expected_completion_at", self.expected_at, form)
        who = QHBoxLayout()
        who.addWidget(self.assignee, 1)
        who.addWidget(self.dispatch_now)
        self.dispatch_now.setVisible(self.detail is None)
        form.addRow(_("Assignee:"), who)
        self.errors.add("assignee", self.assignee, form)
        self.source = QLabel(objectName="source")
        self.source.setStyleSheet("color: #555;")
        self.source.setWordWrap(True)
        form.addRow(self.source)

        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addStretch(1)
        self.charges = ChargesBox()
        self.errors.add("fee_lines", self.charges.lines_view, label=self.charges.error)
        right = self.charges
        body = QHBoxLayout()
        # Even halves: the fee lines need room for long item names beside money columns.
        body.addWidget(left, 1)
        body.addWidget(right, 1)

        self.save_button = QPushButton(_("Save"), objectName="save")
        self.save_button.setToolTip(_("Save (Ctrl+Enter)"))
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.save_print_button = QPushButton(_("Save and print slip"), objectName="save_print")
        self.save_print_button.setAutoDefault(False)
        self.cancel_button = QPushButton(_("Cancel"), objectName="cancel")
        self.cancel_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.save_print_button.clicked.connect(lambda: self.save(print_after=True))
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.save_button, self.save_print_button, self.cancel_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)

        save_action = QAction(_("Save the work order"), self)
        save_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        save_action.triggered.connect(self.save)
        self.addAction(save_action)
        self.keys = EnterMovesOn(self, self.save)
        self.keys.watch(self.villa, self.location, self.contact_name, self.contact_phone,
                        self.category, self.department, self.special_requirements,
                        self.received_at, self.appointment_at.check, self.appointment_at.edit,
                        self.expected_at.check, self.expected_at.edit, self.assignee,
                        self.dispatch_now, self.charges.charged)
        order = [self.villa, self.location, self.contact_name, self.contact_phone,
                 self.category, self.department, self.content, self.special_requirements,
                 *([self.received_at] if self.detail is None else []),
                 self.appointment_at.check, self.appointment_at.edit, self.expected_at.check,
                 self.expected_at.edit, self.assignee, self.dispatch_now,
                 *self.charges.tab_order(),
                 self.save_button, self.save_print_button, self.cancel_button]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)
        one_tab_stop(self.received_at, self.appointment_at.edit, self.expected_at.edit)

    def _load_choices(self) -> None:
        categories = perform(self, lambda: work_categories.list_categories(self.desk.uow)) or []
        self.category.addItem(_("— choose —"), None)
        for category in categories:
            self.category.addItem(category.name, category.id)
        if self.detail and self.detail.category_id and self.category.findData(
                self.detail.category_id) < 0:
            self.category.addItem(self.detail.category, self.detail.category_id)
        self.charges.set_items(perform(
            self, lambda: fee_standard.list_fee_items(self.desk.uow)) or [])
        self.assignee.set_department(Department(self.department.currentData()))

    # -- filling -------------------------------------------------------------------------
    def _fill_from_detail(self, d: WorkOrderDetail) -> None:
        if d.villa_id:
            self.villa.set_villa(d.villa_id, d.villa_number)
        self.location.setText(d.location)
        self.contact_name.setText(d.contact_name)
        self.contact_phone.setText(d.contact_phone)
        self.category.setCurrentIndex(max(self.category.findData(d.category_id), 0))
        self.department.setCurrentIndex(self.department.findData(d.department.value))
        self.content.setPlainText(d.content)
        self.special_requirements.setText(d.special_requirements)
        self.appointment_at.set_value(d.appointment_at)
        self.expected_at.set_value(d.expected_completion_at)
        self.assignee.set_assignee(d.assignee, d.assignee_id)
        self.charges.set_lines(d.charged, [
            FeeLineRow(line.fee_item_id or 0, line.name, line.unit, line.unit_price,
                       line.quantity) for line in d.lines])
        self.source.setText(_("Received {time}; first contact {name}.").format(
            time=fmt_datetime(d.received_at), name=d.taken_by))

    def _fill_from_entry(self, entry: EntrySummary) -> None:
        if entry.villa_id:
            self.villa.set_villa(entry.villa_id, entry.villa_number)
        self.contact_name.setText(entry.caller_name)
        self.contact_phone.setText(entry.contact_phone)
        self.content.setPlainText(entry.content)
        self.special_requirements.setText(entry.special_requirements)
        self.appointment_at.set_value(entry.appointment_at)
        self.received_at.setDateTime(to_qdatetime(entry.occurred_at))
        self.received_at.setEnabled(False)
        self.source.setText(_("From the call record of {time}; the one who took the call "
                              "stays the first contact (首问责任人).").format(
            time=fmt_datetime(entry.occurred_at)))

    def _villa_chosen(self, villa_id: int, _number: str) -> None:
        # Prefill the owner as contact unless someone was already typed in.
        if villa_id and not self.contact_name.text().strip():
            found = perform(self, lambda: households.contact_for_villa(self.desk.uow, villa_id))
            name, phone = found or ("", "")
            self.contact_name.setText(name)
            if not self.contact_phone.text().strip():
                self.contact_phone.setText(phone)

    # -- saving --------------------------------------------------------------------------
    def draft(self) -> WorkOrderDraft:
        charged = self.charges.charged.isChecked()
        department = self.department.currentData()
        return WorkOrderDraft(
            content=self.content.toPlainText(), department=Department(department),
            category_id=self.category.currentData(), villa_id=self.villa.villa_id() or None,
            location=self.location.text(), contact_name=self.contact_name.text(),
            contact_phone=self.contact_phone.text(), assignee=self.assignee.text(),
            assignee_id=self.assignee.member_id(),
            special_requirements=self.special_requirements.text(),
            appointment_at=self.appointment_at.value(),
            expected_completion_at=self.expected_at.value(), charged=charged,
            fee_lines=self.charges.lines.inputs() if charged else (),
            entry_id=self.entry.entry_id if self.entry else None,
            received_at=None if self.entry else from_qdatetime(self.received_at.dateTime()),
        )

    def save(self, print_after: bool = False) -> WorkOrderDetail | None:
        draft = self.draft()
        uow = self.desk.uow
        if self.detail is None:
            dispatch = self.dispatch_now.isChecked()
            result = perform(self, lambda: work_orders.open_work_order(uow, draft, dispatch),
                             self.errors)
        else:
            order_id, version = self.detail.id, self._base_version
            result = perform(self, lambda: work_orders.edit_work_order(
                uow, order_id, draft, expected_version=version), self.errors, stale=self)
        if result is not None:
            self.drafts.discard()
            self.result_detail = result
            self.print_requested = print_after
            self.accept()
        return result

    # -- another desk saved first (widgets/record_editing.py) ------------------------------
    reapply_together = (("villa_id", "villa"), ("assignee", "assignee_id"))

    def fetch_detail(self, record_id: int) -> WorkOrderDetail:
        return work_order_detail(self.desk.uow, record_id)

    def fill_from_detail(self, detail: WorkOrderDetail) -> None:
        self._fill_from_detail(detail)

    def reapply_merge(self) -> dict[str, Any]:
        """A fee line the user added, changed or took off is theirs; the other desk's
        lines stay."""
        return {"fee_lines": merge_rows(lambda row: row[0])}

    def discard_question(self) -> str:
        return _("Discard what you typed in this work order?")

    # -- the draft (see widgets/drafts.py) -----------------------------------------------
    def draft_payload(self) -> dict[str, Any]:
        return self.with_based_on(self._values())

    def _values(self) -> dict[str, Any]:
        d = self.draft()
        return {
            "villa_id": d.villa_id, "villa": self.villa.text(), "location": d.location,
            "contact_name": d.contact_name, "contact_phone": d.contact_phone,
            "category_id": d.category_id, "department": d.department.value,
            "content": d.content, "special_requirements": d.special_requirements,
            "received_at": time_to_json(from_qdatetime(self.received_at.dateTime())),
            "appointment_at": time_to_json(d.appointment_at),
            "expected_completion_at": time_to_json(d.expected_completion_at),
            "assignee": d.assignee, "assignee_id": d.assignee_id,
            "dispatch_now": self.dispatch_now.isChecked(), "charged": d.charged,
            "fee_lines": [[r.fee_item_id, r.name, r.unit, str(r.unit_price), str(r.quantity)]
                          for r in self.charges.lines.rows()],
        }

    def restore_draft(self, payload: dict[str, Any]) -> None:
        self.take_based_on(payload)
        if payload.get("villa_id"):
            self.villa.set_villa(int(payload["villa_id"]), payload.get("villa", ""))
        else:
            self.villa.clear_villa()
            self.villa.setText(payload.get("villa", ""))
        self.location.setText(payload.get("location", ""))
        self.contact_name.setText(payload.get("contact_name", ""))
        self.contact_phone.setText(payload.get("contact_phone", ""))
        self.category.setCurrentIndex(max(self.category.findData(payload.get("category_id")), 0))
        department = self.department.findData(payload.get("department"))
        if department >= 0:
            self.department.setCurrentIndex(department)
        self.content.setPlainText(payload.get("content", ""))
        self.special_requirements.setText(payload.get("special_requirements") or "")
        received = time_from_json(payload.get("received_at"))
        if received is not None and self.received_at.isEnabled():
            self.received_at.setDateTime(to_qdatetime(received))
        self.appointment_at.set_value(time_from_json(payload.get("appointment_at")))
        self.expected_at.set_value(time_from_json(payload.get("expected_completion_at")))
        self.assignee.set_assignee(payload.get("assignee", ""), payload.get("assignee_id"))
        self.dispatch_now.setChecked(bool(payload.get("dispatch_now")))
        self.charges.set_lines(bool(payload.get("charged")), [
            FeeLineRow(int(item), name, unit, Decimal(price), Decimal(quantity))
            for item, name, unit, price, quantity in payload.get("fee_lines", [])])
        self.content.setFocus()

    def set_aside(self) -> None:
        """The typing was kept as its typist's draft: close without asking."""
        self.done(QDialog.DialogCode.Rejected)

    @classmethod
    def ask(cls, parent: QWidget | None, desk: Desk, detail: WorkOrderDetail | None = None,
            entry: EntrySummary | None = None) -> tuple[WorkOrderDetail, bool] | None:
        """The saved order and whether to print it, or None if cancelled."""
        dialog = cls(desk, detail, entry, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_detail is None:
            return None
        return dialog.result_detail, dialog.print_requested


def entry_summary(desk: Desk, parent: QWidget, entry_id: int) -> EntrySummary | None:
    return perform(parent, lambda: reception.entry_for_work_order(desk.uow, entry_id))
