"""The due-and-overdue panel: every open deadline of the open complaints, overdue first."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _, fmt_datetime
from app.services.complaint_deadlines import DueState
from app.services.complaint_queries import ROLE_LEVEL, DuePanel, due_panel
from app.services.complaint_titles import due_title, event_title, level_title, severity_title
from app.views.complaints.list_model import OVERDUE_BG, OVERDUE_FG, SOON_BG
from app.views.desk import Desk
from app.views.feedback import perform
from app.views.widgets.tables import fit_columns

COLUMNS = (N_("Number"), N_("Villa / complainant"), N_("Severity"), N_("With"),
           N_("Deadline"), N_("Due at"), N_("State"))


class DuePanelDialog(QDialog):
    """Non-modal; ``chosen`` carries a complaint id to show in the tab."""

    chosen = Signal(int)

    def __init__(self, desk: Desk, parent: QWidget | None = None,
                 mine_only: bool = False) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setObjectName("complaint_due_panel")
        self.setWindowTitle(_("Complaints due and overdue"))
        self.calendar_note = QLabel(objectName="calendar_note")
        self.calendar_note.setWordWrap(True)
        self.calendar_note.setStyleSheet("color: #8a5300;")
        self.mine = QCheckBox(_("Only what sits with me"), objectName="mine_only")
        self.mine.setChecked(mine_only)
        self.mine.toggled.connect(lambda _c: self.refresh())
        self.summary = QLabel(objectName="due_summary")
        self.table = QTableWidget(0, len(COLUMNS), objectName="due_table")
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.itemActivated.connect(self._activated)
        fit_columns(self.table, stretch=4)  # the deadline's name takes the room
        close = QPushButton(_("Close"), objectName="close_due_panel")
        close.clicked.connect(self.close)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.mine)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.calendar_note)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.resize(980, 520)
        self.panel: DuePanel | None = None
        self.refresh()

    def refresh(self) -> None:
        level = ROLE_LEVEL.get(self.desk.actor.role) if self.mine.isChecked() else None
        panel = perform(self, lambda: due_panel(self.desk.uow, level))
        if panel is None:
            return
        self.panel = panel
        self.table.setRowCount(len(panel.items))
        for row, item in enumerate(panel.items):
            values = (item.number, item.villa_number + " " + item.complainant,
                      severity_title(item.severity), level_title(item.level),
                      event_title(item.event), fmt_datetime(item.due), due_title(item.state))
            for col, text in enumerate(values):
                cell = QTableWidgetItem(text.strip())
                cell.setData(Qt.ItemDataRole.UserRole, item.complaint_id)
                if item.state == DueState.OVERDUE:
                    cell.setBackground(QBrush(OVERDUE_BG))
                    cell.setForeground(QBrush(OVERDUE_FG))
                elif item.state == DueState.SOON:
                    cell.setBackground(QBrush(SOON_BG))
                self.table.setItem(row, col, cell)
        overdue = sum(i.state == DueState.OVERDUE for i in panel.items)
        soon = sum(i.state == DueState.SOON for i in panel.items)
        self.summary.setText(_("{overdue} overdue, {soon} due soon, {total} running").format(
            overdue=overdue, soon=soon, total=len(panel.items)))
        if panel.unknown_years:
            years = "、".join(str(y) for y in panel.unknown_years)
            self.calendar_note.setText(_(
                "No holiday schedule is entered for {years}: working days there count "
                "weekends only. A manager enters the schedule under Rules.").format(years=years))
            self.calendar_note.show()
        else:
            self.calendar_note.hide()

    def _activated(self, cell: QTableWidgetItem) -> None:
        complaint_id = cell.data(Qt.ItemDataRole.UserRole)
        if isinstance(complaint_id, int):
            self.chosen.emit(complaint_id)
