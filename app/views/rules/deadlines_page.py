"""时限: the four deadlines from the seeds, each changeable by the manager and resettable."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _
from app.models.deadlines import DurationUnit
from app.services import rules
from app.services.rules import DeadlineRuleRow
from app.views.desk import Desk
from app.views.feedback import FieldErrors, perform
from app.views.widgets.buttons import button_row
from app.views.widgets.rows_model import Index, RowsModel
from app.views.widgets.tables import configure_table, size_columns


class DeadlineRulesModel(RowsModel[DeadlineRuleRow]):
    COL_TITLE, COL_RULE, COL_DEFAULT = range(3)
    headers = (N_("Deadline"), N_("In force"), N_("Default (seed documents)"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_for(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (rules.rule_title(row.event), rules.describe(row.rule),
                    rules.describe(row.default))[index.column()]
        if (role == Qt.ItemDataRole.FontRole and row.customised
                and index.column() == self.COL_RULE):
            bold = QFont()
            bold.setBold(True)
            return bold
        return None


class DeadlinesPage(QWidget):
    changed = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.model = DeadlineRulesModel(self)
        self.table = QTableView(objectName="deadline_rules")
        self.table.setModel(self.model)
        configure_table(self.table)
        size_columns(self.table, {DeadlineRulesModel.COL_RULE: 120,
                                  DeadlineRulesModel.COL_DEFAULT: 190},
                     DeadlineRulesModel.COL_TITLE)
        self.table.selectionModel().currentRowChanged.connect(self._chosen)
        note = QLabel(_("A changed rule applies at once to open work orders. An inquiry "
                        "already promised keeps the deadline it was given."))
        note.setWordWrap(True)
        self.amount = QLineEdit(objectName="rule_amount")
        self.amount.setMaximumWidth(80)
        self.unit = QComboBox(objectName="rule_unit")
        for unit in DurationUnit:
            self.unit.addItem(rules.unit_title(unit), unit)
        self.errors = FieldErrors()
        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount)
        amount_row.addWidget(self.unit)
        amount_row.addStretch(1)
        form = QFormLayout()
        form.addRow(_("Deadline:"), amount_row)
        self.errors.add("amount", self.amount, form)
        self.save_button = QPushButton(_("Save"), objectName="save_rule")
        self.reset_button = QPushButton(_("Back to default"), objectName="reset_rule")
        self.save_button.clicked.connect(self.save)
        self.reset_button.clicked.connect(self.reset)
        self.amount.returnPressed.connect(self.save)
        buttons = button_row(self.save_button, self.reset_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        rows = perform(self, lambda: rules.list_rules(self.desk.uow)) or []
        self.model.set_rows(rows)
        position = self.model.row_of(select) if select else 0
        if rows:
            self.table.selectRow(max(position, 0))
        self._chosen(self.table.currentIndex(), QModelIndex())

    def current(self) -> DeadlineRuleRow | None:
        return self.model.row_for(self.table.currentIndex())

    def _chosen(self, current: Index, _previous: Index) -> None:
        row = self.model.row_for(current)
        for widget in (self.amount, self.unit, self.save_button, self.reset_button):
            widget.setEnabled(row is not None)
        self.errors.clear()
        if row is not None:
            self.amount.setText(str(row.rule.amount))
            self.unit.setCurrentIndex(self.unit.findData(row.rule.unit))
            self.reset_button.setEnabled(row.customised)

    def save(self) -> DeadlineRuleRow | None:
        row = self.current()
        if row is None:
            return None
        uow, amount = self.desk.uow, self.amount.text()
        unit = DurationUnit(self.unit.currentData())
        saved = perform(self, lambda: rules.set_rule(uow, row.event, amount, unit), self.errors)
        self._after(saved)
        return saved

    def reset(self) -> DeadlineRuleRow | None:
        row = self.current()
        if row is None:
            return None
        saved = perform(self, lambda: rules.reset_rule(self.desk.uow, row.event), self.errors)
        self._after(saved)
        return saved

    def _after(self, saved: DeadlineRuleRow | None) -> None:
        if saved is not None:
            self.refresh(saved.id)
            self.changed.emit()
