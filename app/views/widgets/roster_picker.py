"""Pick who a work order goes to from the department's roster, or type an outside name.

The combo lists the active members of one department; typing filters them (any part of
the name). A name that is not on the roster (an outside contractor) is kept as typed and
sent without a member id.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from app.i18n import _
from app.models.work_orders import Department
from app.services import roster
from app.services.roster import RosterMember
from app.views.desk import Desk
from app.views.feedback import perform


class RosterPicker(QComboBox):
    """An editable combo that speaks like the line edit it replaces (``text``/``setText``)."""

    textChanged = Signal(str)
    returnPressed = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self._members: list[RosterMember] = []
        #: the member an existing order already has, kept even if since deactivated
        self._kept: tuple[str, int] | None = None
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        line = self.lineEdit()
        line.setPlaceholderText(_("Technician or team"))
        line.returnPressed.connect(self.returnPressed)
        self.editTextChanged.connect(self.textChanged)
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)

    def set_department(self, department: Department) -> None:
        """List that department's active members, keeping whatever is typed."""
        typed = self.text()
        members = perform(self, lambda: roster.list_roster(self.desk.uow, department)) or []
        self._members = [m for m in members if m.active]
        self.blockSignals(True)
        self.clear()
        for member in self._members:
            self.addItem(member.name, member.id)
            if member.phone:
                self.setItemData(self.count() - 1, member.phone, Qt.ItemDataRole.ToolTipRole)
        self.setCurrentIndex(-1)
        self.setEditText(typed)
        self.blockSignals(False)

    def text(self) -> str:
        return self.currentText()

    def setText(self, text: str) -> None:
        self.setEditText(text)

    def set_assignee(self, name: str, member_id: int | None) -> None:
        """Show an order's assignee; a roster member stays linked while the name is kept."""
        self._kept = (name, member_id) if member_id is not None else None
        self.setEditText(name)

    def member_id(self) -> int | None:
        """The roster member whose name is typed or chosen; None for an outside name."""
        name = self.text().strip()
        if self._kept is not None and self._kept[0] == name:
            return self._kept[1]
        return next((m.id for m in self._members if m.name == name), None)

    def member_names(self) -> list[str]:
        return [m.name for m in self._members]
