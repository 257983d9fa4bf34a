"""A person of a household: 业主, family member or tenant, with phones, ID and lease."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from itertools import pairwise
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.i18n import _
from app.models.households import HouseholdRole, IdDocType
from app.services import estate
from app.services.estate import PersonInput
from app.services.households import role_title
from app.views.desk import Desk
from app.views.estate.prompts import OptionalDate
from app.views.feedback import FieldErrors, perform
from app.views.widgets.buttons import form_with_save
from app.views.widgets.stale_dialog import reapply


class PersonDialog(QDialog):
    """``person_id`` None adds someone to ``household_id``; ``saved_id`` once saved."""

    def __init__(self, desk: Desk, household_id: int, person_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.household_id = household_id
        self.person_id = person_id
        self.version = 1  # of the person as loaded (an edit passes it back)
        self.saved_id: int | None = None
        self.setObjectName("person_dialog")
        self.errors = FieldErrors()
        today = desk.clock.now().date()
        self.name = QLineEdit(objectName="name")
        self.role = QComboBox(objectName="role")
        for value in HouseholdRole:
            self.role.addItem(role_title(value), value.value)
        self.relation = QLineEdit(objectName="relation")
        self.relation.setPlaceholderText(_("e.g. spouse, child, parent"))
        self.phone = QLineEdit(objectName="phone")
        self.phone2 = QLineEdit(objectName="phone2")
        self.phone2.setPlaceholderText(_("Second phone (optional)"))
        self.id_doc_type = QComboBox(objectName="id_doc_type")
        self.id_doc_type.addItem(_("— none —"), None)
        for kind in IdDocType:
            self.id_doc_type.addItem(estate.id_doc_type_title(kind), kind.value)
        self.id_doc_number = QLineEdit(objectName="id_doc_number")
        self.lease_start = OptionalDate("lease_start", today)
        # A year's lease is the usual one; the end date is changed when it differs.
        self.lease_end = OptionalDate("lease_end", today + dt.timedelta(days=364))
        self.emergency_name = QLineEdit(objectName="emergency_name")
        self.emergency_name.setPlaceholderText(_("Name"))
        self.emergency_phone = QLineEdit(objectName="emergency_phone")
        self.emergency_phone.setPlaceholderText(_("Phone"))

        form = QFormLayout()
        self._row(form, "name", _("Name"), self.name)
        self._row(form, "role", _("Role"), self.role)
        self._row(form, "relation", _("Relation to the owner"), self.relation)
        self._row(form, "phone", _("Mobile"), self.phone)
        self._row(form, "phone2", _("Other phone"), self.phone2)
        document = QHBoxLayout()
        document.addWidget(self.id_doc_type)
        document.addWidget(self.id_doc_number, 1)
        form.addRow(_("ID document"), document)
        self.errors.add("id_doc_type", self.id_doc_type, form)
        self.errors.add("id_doc_number", self.id_doc_number, form)
        lease = QHBoxLayout()
        lease.addWidget(self.lease_start, 1)
        lease.addWidget(QLabel("—"))
        lease.addWidget(self.lease_end, 1)
        self.lease_label = QLabel(_("Lease"))
        form.addRow(self.lease_label, lease)
        self.errors.add("lease_start", self.lease_start, form)
        self.errors.add("lease_end", self.lease_end, form)
        emergency = QHBoxLayout()
        emergency.addWidget(self.emergency_name, 1)
        emergency.addWidget(self.emergency_phone, 1)
        form.addRow(_("Emergency contact"), emergency)
        self.errors.add("emergency_name", self.emergency_name, form)
        self.errors.add("emergency_phone", self.emergency_phone, form)
        self.setMinimumWidth(460)  # two dates side by side on the lease line
        form_with_save(self, form, self.save)
        order: list[QWidget] = [self.name, self.role, self.relation, self.phone, self.phone2,
                                self.id_doc_type, self.id_doc_number, self.lease_start.check,
                                self.lease_start.edit, self.lease_end.check,
                                self.lease_end.edit, self.emergency_name, self.emergency_phone]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)
        self.role.currentIndexChanged.connect(lambda _i: self._role_changed())
        if person_id is None:
            self.setWindowTitle(_("Add a person"))
        else:
            self.setWindowTitle(_("Edit person"))
            found = perform(self, lambda: estate.person_for_edit(desk.uow, person_id))
            if found is not None:
                self.fill(found)
                self.version = found.version
        self._role_changed()
        # What the form was opened with: the user's own edits are what differs from it.
        self._loaded = self._values()

    def _row(self, form: QFormLayout, field: str, title: str, widget: QWidget) -> None:
        form.addRow(title, widget)
        self.errors.add(field, widget, form)

    def _role_changed(self) -> None:
        # Lease dates belong to tenants; an owner's stay has no end date to type.
        tenant = self.role.currentData() == HouseholdRole.TENANT.value
        for widget in (self.lease_start, self.lease_end):
            widget.setEnabled(tenant or widget.value() is not None)

    def fill(self, data: PersonInput) -> None:
        self.name.setText(data.name)
        self.role.setCurrentIndex(self.role.findData(data.role.value))
        self.relation.setText(data.relation)
        self.phone.setText(data.phone)
        self.phone2.setText(data.phone2)
        self.id_doc_type.setCurrentIndex(max(self.id_doc_type.findData(
            data.id_doc_type.value if data.id_doc_type else None), 0))
        self.id_doc_number.setText(data.id_doc_number)
        self.lease_start.set_value(data.lease_start)
        self.lease_end.set_value(data.lease_end)
        self.emergency_name.setText(data.emergency_name)
        self.emergency_phone.setText(data.emergency_phone)

    def data(self) -> PersonInput:
        kind = self.id_doc_type.currentData()
        return PersonInput(
            name=self.name.text(), role=HouseholdRole(self.role.currentData()),
            relation=self.relation.text(), phone=self.phone.text(), phone2=self.phone2.text(),
            id_doc_type=IdDocType(kind) if kind else None,
            id_doc_number=self.id_doc_number.text(), lease_start=self.lease_start.value(),
            lease_end=self.lease_end.value(), emergency_name=self.emergency_name.text(),
            emergency_phone=self.emergency_phone.text())

    def save(self) -> int | None:
        data, uow = self.data(), self.desk.uow
        person_id, household_id = self.person_id, self.household_id
        if person_id is None:
            saved = perform(self, lambda: estate.add_person(uow, household_id, data),
                            self.errors)
        else:
            version = self.version
            saved = perform(self, lambda: estate.update_person(
                uow, person_id, data, expected_version=version) or person_id,
                self.errors, stale=self)
        if saved is not None:
            self.saved_id = saved
            self.accept()
        return saved

    # -- another desk saved first (see widgets/stale_dialog.py) ---------------------------
    def _values(self) -> dict[str, Any]:
        values = asdict(self.data())
        values.pop("version")  # not typed: the version the form was loaded at is kept apart
        return values

    def _reload(self) -> dict[str, Any] | None:
        person_id, uow = self.person_id, self.desk.uow
        assert person_id is not None
        fresh = perform(self, lambda: estate.person_for_edit(uow, person_id))
        if fresh is None:
            return None
        self.fill(fresh)
        self.version = fresh.version
        self._role_changed()
        self._loaded = self._values()
        return self._loaded

    def reload_and_reapply(self) -> None:
        loaded, mine = self._loaded, self._values()
        theirs = self._reload()
        if theirs is not None:
            self.fill(PersonInput(**reapply(loaded, mine, theirs)))
            self._role_changed()

    def discard_changes(self) -> None:
        self._reload()

    @classmethod
    def ask(cls, parent: QWidget | None, desk: Desk, household_id: int,
            person_id: int | None = None) -> int | None:
        dialog = cls(desk, household_id, person_id, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.saved_id
