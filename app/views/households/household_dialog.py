"""A household at a glance: villa, occupancy and the people, phones masked by role."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, fmt_date
from app.services import households
from app.services.households import HouseholdFile
from app.views.desk import Desk


class HouseholdDialog(QDialog):
    #: the user wants the current tab filtered to this villa
    show_villa = Signal(int)

    def __init__(self, desk: Desk, villa_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("household_dialog")
        self.file: HouseholdFile = households.household_file(desk.uow, villa_id)
        f = self.file
        self.setWindowTitle(_("Household file — {villa}").format(villa=f.number))
        self.resize(720, 380)

        facts = QFormLayout()
        facts.addRow(_("Villa"), QLabel(f"<b>{f.number}</b>  {f.zone}"))
        facts.addRow(_("Occupancy"), QLabel(households.occupancy_title(f.occupancy)))
        facts.addRow(_("Moved in"), QLabel(fmt_date(f.moved_in_on) if f.moved_in_on else "—"))

        headers = [_("Name"), _("Role"), _("Relation"), _("Phone"), _("Lease")]
        table = QTableWidget(len(f.people), len(headers), objectName="household_people")
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, person in enumerate(f.people):
            lease = ""
            if person.lease_start and person.lease_end:
                lease = f"{fmt_date(person.lease_start)} – {fmt_date(person.lease_end)}"
            values = [person.name, households.role_title(person.role), person.relation,
                      person.phone, lease]
            for col, value in enumerate(values):
                table.setItem(row, col, QTableWidgetItem(value))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        show = QPushButton(_("Show this villa's records"), objectName="show_villa_records")
        show.clicked.connect(self._show_records)
        buttons.addButton(show, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.addLayout(facts)
        layout.addWidget(table)
        layout.addWidget(buttons)

    def _show_records(self) -> None:
        self.show_villa.emit(self.file.villa_id)
        self.accept()
