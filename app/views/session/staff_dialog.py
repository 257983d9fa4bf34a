"""员工账户: the manager adds staff, changes roles, resets passwords, deactivates.

Accounts are never deleted: their 工号 stays on every record they took.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _
from app.models.staff import Role
from app.services import staff
from app.services.permissions import role_title
from app.services.staff import StaffRow
from app.views.desk import Desk
from app.views.feedback import FieldErrors, perform
from app.views.messages import Messages
from app.views.widgets.buttons import form_with_save
from app.views.widgets.rows_model import Index, RowsModel
from app.views.widgets.tables import configure_table, size_columns


class StaffModel(RowsModel[StaffRow]):
    COL_AGENT_NO, COL_NAME, COL_ROLE, COL_ACTIVE = range(4)
    headers = (N_("Agent number"), N_("Name"), N_("Role"), N_("Status"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_for(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.agent_no, row.name, role_title(row.role),
                    _("Active") if row.active else _("Deactivated"))[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and not row.active:
            return Qt.GlobalColor.gray
        return None


class NewStaffDialog(QDialog):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.created: StaffRow | None = None
        self.setObjectName("new_staff_dialog")
        self.setWindowTitle(_("New staff account"))
        form = QFormLayout()
        self.errors = FieldErrors()
        self.agent_no = QLineEdit(objectName="agent_no")
        self.name = QLineEdit(objectName="name")
        self.role = QComboBox(objectName="role")
        for value in Role:
            self.role.addItem(role_title(value), value)
        self.password = QLineEdit(objectName="password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        for field, title, widget in (("agent_no", _("Agent number"), self.agent_no),
                                     ("name", _("Name"), self.name),
                                     ("role", _("Role"), self.role),
                                     ("password", _("Initial password"), self.password)):
            form.addRow(title, widget)
            self.errors.add(field, widget, form)
        form_with_save(self, form, self.save)

    def save(self) -> StaffRow | None:
        uow = self.desk.uow
        created = perform(self, lambda: staff.create_staff(
            uow, self.agent_no.text(), self.name.text(), Role(self.role.currentData()),
            self.password.text()), self.errors)
        if created is not None:
            self.created = created
            self.accept()
        return created


class PasswordDialog(QDialog):
    """Change one's own password, or (manager) set someone else's."""

    def __init__(self, desk: Desk, target: StaffRow | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.staff_id = target.id if target else desk.actor.staff_id
        self.setObjectName("password_dialog")
        who = target.name if target else desk.actor.name
        self.setWindowTitle(_("Password for {name}").format(name=who))
        form = QFormLayout()
        self.errors = FieldErrors()
        self.own = self.staff_id == desk.actor.staff_id
        self.old_password = QLineEdit(objectName="old_password")
        self.password = QLineEdit(objectName="password")
        self.again = QLineEdit(objectName="again")
        for edit in (self.old_password, self.password, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        if self.own:
            form.addRow(_("Current password"), self.old_password)
            self.errors.add("old_password", self.old_password, form)
        form.addRow(_("New password"), self.password)
        self.errors.add("password", self.password, form)
        form.addRow(_("Password again"), self.again)
        self.errors.add("again", self.again, form)
        form_with_save(self, form, self.save)

    def save(self) -> bool:
        if self.password.text() != self.again.text():
            self.errors.show({"again": _("The two passwords differ.")})
            return False
        uow, staff_id = self.desk.uow, self.staff_id
        if staff_id is None:
            return False
        done = perform(self, lambda: staff.change_password(
            uow, staff_id, self.password.text(), self.old_password.text()) or True, self.errors)
        if done:
            self.accept()
        return bool(done)


class StaffDialog(QDialog):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setObjectName("staff_dialog")
        self.setWindowTitle(_("Staff accounts"))
        self.resize(640, 420)
        self.model = StaffModel(self)
        self.table = QTableView(objectName="staff_table")
        self.table.setModel(self.model)
        configure_table(self.table)
        size_columns(self.table, {StaffModel.COL_AGENT_NO: 80, StaffModel.COL_NAME: 140,
                                  StaffModel.COL_ROLE: 120}, StaffModel.COL_ACTIVE)
        self.add_button = QPushButton(_("Add…"), objectName="add_staff")
        self.role_box = QComboBox(objectName="change_role")
        for value in Role:
            self.role_box.addItem(role_title(value), value)
        self.role_button = QPushButton(_("Set role"), objectName="set_role")
        self.password_button = QPushButton(_("Set password…"), objectName="set_password")
        self.active_button = QPushButton(_("Deactivate"), objectName="toggle_active")
        self.add_button.clicked.connect(self.add)
        self.role_button.clicked.connect(self.set_role)
        self.password_button.clicked.connect(self.set_password)
        self.active_button.clicked.connect(self.toggle_active)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        actions = QHBoxLayout()
        for widget in (self.add_button, self.role_box, self.role_button,
                       self.password_button, self.active_button):
            actions.addWidget(widget)
        actions.addStretch()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(actions)
        layout.addWidget(close)
        self.refresh()

    def refresh(self, select_id: int | None = None) -> None:
        rows = staff.list_staff(self.desk.uow, include_inactive=True)
        self.model.set_rows(rows)
        position = self.model.row_of(select_id) if select_id else 0
        if rows:
            self.table.selectRow(max(position, 0))
        self._current_changed(self.table.currentIndex(), QModelIndex())

    def current(self) -> StaffRow | None:
        return self.model.row_for(self.table.currentIndex())

    def _current_changed(self, current: Index, _previous: Index) -> None:
        row = self.model.row_for(current)
        for button in (self.role_button, self.password_button, self.active_button):
            button.setEnabled(row is not None)
        if row is not None:
            self.active_button.setText(_("Deactivate") if row.active else _("Reactivate"))
            self.role_box.setCurrentIndex(self.role_box.findData(row.role))

    def add(self) -> None:
        dialog = NewStaffDialog(self.desk, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.created is not None:
            self.refresh(dialog.created.id)

    def set_role(self) -> None:
        row = self.current()
        if row is None:
            return
        uow, role = self.desk.uow, Role(self.role_box.currentData())
        if perform(self, lambda: staff.set_role(uow, row.id, role)) is not None:
            self.refresh(row.id)

    def set_password(self) -> None:
        row = self.current()
        if row is not None and PasswordDialog(self.desk, row, self).exec():
            Messages.info(self, _("The password of {name} was changed.").format(name=row.name))

    def toggle_active(self) -> None:
        row = self.current()
        if row is None:
            return
        uow = self.desk.uow
        if perform(self, lambda: staff.set_active(uow, row.id, not row.active)) is not None:
            self.refresh(row.id)
