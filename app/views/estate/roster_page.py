"""人员名单: the technicians and other department staff who receive dispatch slips.

They do not use the PC; the desk picks them in a work order. A member who leaves is
deactivated, never deleted, so old slips keep their name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.models.work_orders import Department
from app.services import roster
from app.services.roster import RosterFilter, RosterMember
from app.services.work_order_titles import department_title
from app.views.desk import Desk
from app.views.estate.models import RosterModel
from app.views.feedback import FieldErrors, perform
from app.views.widgets.buttons import button_row, form_with_save
from app.views.widgets.paged_model import current_id, paged_table, refresh_keeping, select_id
from app.views.widgets.rows_model import Index
from app.views.widgets.stale_dialog import Refill
from app.views.widgets.tables import fit_columns


def department_box(name: str) -> QComboBox:
    box = QComboBox(objectName=name)
    for value in Department:
        box.addItem(department_title(value), value.value)
    return box


class RosterMemberDialog(QDialog):
    """Add (``member`` None) or correct a member of the roster."""

    def __init__(self, desk: Desk, member: RosterMember | None = None,
                 department: Department | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.member = member
        self.saved_id: int | None = None
        self.setObjectName("roster_member_dialog")
        self.setWindowTitle(_("Edit {name}").format(name=member.name) if member
                            else _("Add to the roster"))
        self.errors = FieldErrors()
        self.name = QLineEdit(objectName="name")
        self.department = department_box("department")
        self.phone = QLineEdit(objectName="phone")
        form = QFormLayout()
        for field, title, widget in (("name", _("Name"), self.name),
                                     ("department", _("Department"), self.department),
                                     ("phone", _("Phone"), self.phone)):
            form.addRow(title, widget)
            self.errors.add(field, widget, form)
        form_with_save(self, form, self.save)
        chosen = member.department if member else department
        if chosen is not None:
            self.department.setCurrentIndex(self.department.findData(chosen.value))
        if member is not None:
            self._fill({"name": member.name, "department": member.department.value,
                        "phone": member.phone})
        # What the form was opened with: the user's own edits are what differs from it.
        self._loaded = self._values()

    def _values(self) -> dict[str, Any]:
        return {"name": self.name.text(), "department": self.department.currentData(),
                "phone": self.phone.text()}

    def _fill(self, values: dict[str, Any]) -> None:
        self.name.setText(values["name"])
        self.department.setCurrentIndex(self.department.findData(values["department"]))
        self.phone.setText(values["phone"])

    def _reload(self) -> None:
        """Show the member as the roster has them now (another desk saved first)."""
        assert self.member is not None
        uow, member_id = self.desk.uow, self.member.id
        fresh = perform(self, lambda: roster.member(uow, member_id))
        if fresh is not None:
            self.member = fresh
            self._fill({"name": fresh.name, "department": fresh.department.value,
                        "phone": fresh.phone})
            self._loaded = self._values()

    def save(self) -> int | None:
        uow, member = self.desk.uow, self.member
        name, phone = self.name.text(), self.phone.text()
        department = Department(self.department.currentData())
        if member is None:
            saved = perform(self, lambda: roster.add_member(uow, name, department, phone),
                            self.errors)
        else:
            stale = Refill(self._loaded, self._values, self._fill, self._reload)
            saved = perform(self, lambda: roster.update_member(
                uow, member.id, name, department, phone, expected_version=member.version)
                or member.id, self.errors, stale)
        if saved is not None:
            self.saved_id = saved
            self.accept()
        return saved

    @classmethod
    def ask(cls, parent: QWidget | None, desk: Desk, member: RosterMember | None = None,
            department: Department | None = None) -> int | None:
        dialog = cls(desk, member, department, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.saved_id


class RosterPage(QWidget):
    """The roster as a list with its buttons; only editors see the buttons."""

    def __init__(self, desk: Desk, may_edit: Callable[[], bool],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.may_edit = may_edit
        self.department = QComboBox(objectName="roster_department")
        self.department.addItem(_("All departments"), None)
        for value in Department:
            self.department.addItem(department_title(value), value.value)
        self.show_inactive = QCheckBox(_("Show deactivated"), objectName="roster_inactive")
        self.department.currentIndexChanged.connect(lambda _i: self.refresh())
        self.show_inactive.toggled.connect(lambda _on: self.refresh())
        filters = QHBoxLayout()
        filters.addWidget(QLabel(_("Department:")))
        filters.addWidget(self.department)
        filters.addStretch(1)
        filters.addWidget(self.show_inactive)

        self.model = RosterModel(self)
        #: The filter and user the list was read for (another one reads from the top).
        self._listed: tuple[RosterFilter, object] | None = None
        self.table = paged_table(self.model, "roster_table")
        fit_columns(self.table, stretch=RosterModel.COL_ACTIVE)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.doubleClicked.connect(lambda _i: self.edit())

        self.add_button = QPushButton(_("Add…"), objectName="add_member")
        self.edit_button = QPushButton(_("Edit…"), objectName="edit_member")
        self.active_button = QPushButton(_("Deactivate"), objectName="toggle_member")
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.active_button.clicked.connect(self.toggle_active)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(button_row(self.add_button, self.edit_button, self.active_button))
        self.setTabOrder(self.department, self.show_inactive)
        self.setTabOrder(self.show_inactive, self.table)
        self.setTabOrder(self.table, self.add_button)
        self._current_changed(QModelIndex(), QModelIndex())

    def chosen_department(self) -> Department | None:
        value = self.department.currentData()
        return Department(value) if value else None

    def refresh(self, chosen: int | None = None) -> None:
        """Another filter (or user): the list from the top. The same one (a change here or
        at another desk): the rows read again, selection and scroll kept."""
        keep = chosen or current_id(self.table)
        uow = self.desk.uow
        flt = RosterFilter(self.chosen_department(), self.show_inactive.isChecked())
        if self._listed == (flt, self.desk.actor):
            refresh_keeping(self.table)
        else:
            self._listed = (flt, self.desk.actor)
            self.model.load(lambda sort, after, limit: perform(
                self, lambda: roster.page_roster(uow, flt, sort, after, limit)))
        kept = keep is not None and self._choose(keep, scroll=chosen is not None)
        if not kept and self.model.rowCount():
            self.table.selectRow(0)
        self._current_changed(self.table.currentIndex(), QModelIndex())

    def _choose(self, member_id: object, scroll: bool = True) -> bool:
        """Choose a member, reading further pages until they are there (a roster is a
        few dozen people: one page)."""
        while self.model.row_of(member_id) < 0 and self.model.canFetchMore():
            self.model.fetchMore()
        return select_id(self.table, member_id, scroll)

    def show_member(self, member_id: int) -> None:
        """Choose a member, widening the department filter if it hides them."""
        self.refresh(member_id)
        if self.model.row_of(member_id) < 0:
            self.department.blockSignals(True)
            self.department.setCurrentIndex(0)
            self.department.blockSignals(False)
            self.refresh(member_id)

    def current(self) -> RosterMember | None:
        return self.model.row_for(self.table.currentIndex())

    def _current_changed(self, current: Index, _previous: Index) -> None:
        editable = self.may_edit()
        for button in (self.add_button, self.edit_button, self.active_button):
            button.setVisible(editable)
        row = self.model.row_for(current)
        self.edit_button.setEnabled(row is not None)
        self.active_button.setEnabled(row is not None)
        if row is not None:
            self.active_button.setText(_("Deactivate") if row.active else _("Reactivate"))

    def add(self) -> int | None:
        if not self.may_edit():
            return None
        saved = RosterMemberDialog.ask(self, self.desk, department=self.chosen_department())
        if saved is not None:
            self.show_member(saved)
        return saved

    def edit(self) -> int | None:
        row = self.current()
        if row is None or not self.may_edit():
            return None
        saved = RosterMemberDialog.ask(self, self.desk, row)
        if saved is not None:
            self.show_member(saved)
        return saved

    def toggle_active(self) -> bool:
        row = self.current()
        if row is None or not self.may_edit():
            return False
        uow = self.desk.uow
        done = perform(self, lambda: roster.set_member_active(uow, row.id, not row.active)
                       or True)
        if done:
            if row.active and not self.show_inactive.isChecked():
                self.show_inactive.setChecked(True)  # keep the one just deactivated in sight
            self.refresh(row.id)
        return bool(done)
