"""The charges of one work order while it is edited: fee-standard items, quantities, total."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _, fmt_money
from app.services.fee_standard import FeeItemRow
from app.services.work_orders import MAX_QUANTITY, FeeLineInput, amount_of
from app.views.widgets.rows_model import Index, RowsModel
from app.views.widgets.tables import fit_columns


@dataclass(frozen=True)
class FeeLineRow:
    fee_item_id: int
    name: str
    unit: str
    unit_price: Decimal
    quantity: Decimal

    @property
    def amount(self) -> Decimal:
        return amount_of(self.unit_price, self.quantity)


class FeeLinesModel(RowsModel[FeeLineRow]):
    COL_NAME = 0
    COL_UNIT = 1
    COL_PRICE = 2
    COL_QUANTITY = 3
    COL_AMOUNT = 4
    headers = (N_("Item"), N_("Unit"), N_("Price"), N_("Quantity"), N_("Amount"))

    #: the new total, whenever a line or quantity changes
    total_changed = Signal(object)

    def set_rows(self, rows: Sequence[FeeLineRow]) -> None:
        super().set_rows(rows)
        self.total_changed.emit(self.total())

    def add(self, row: FeeLineRow) -> int:
        """Add an item, or one more of it if it is already listed; returns its row."""
        for index, existing in enumerate(self._rows):
            if existing.fee_item_id == row.fee_item_id:
                self.setData(self.index(index, self.COL_QUANTITY),
                             float(min(existing.quantity + 1, MAX_QUANTITY)))
                return index
        position = len(self._rows)
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.append(row)
        self.endInsertRows()
        self.total_changed.emit(self.total())
        return position

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()
            self.total_changed.emit(self.total())

    def inputs(self) -> tuple[FeeLineInput, ...]:
        return tuple(FeeLineInput(r.fee_item_id, r.quantity) for r in self._rows)

    def total(self) -> Decimal:
        return sum((row.amount for row in self._rows), Decimal("0.00"))

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == self.COL_QUANTITY:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_for(index)
        if row is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.name, row.unit, fmt_money(row.unit_price), f"{row.quantity:f}",
                    fmt_money(row.amount))[col]
        if role == Qt.ItemDataRole.EditRole and col == self.COL_QUANTITY:
            return float(row.quantity)
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= self.COL_PRICE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (not index.isValid() or index.column() != self.COL_QUANTITY
                or role != Qt.ItemDataRole.EditRole):
            return False
        quantity = Decimal(str(value)).quantize(Decimal("0.01"))
        if not Decimal(0) < quantity <= MAX_QUANTITY:
            return False
        row = index.row()
        self._rows[row] = replace(self._rows[row], quantity=quantity)
        self.dataChanged.emit(self.index(row, self.COL_QUANTITY), self.index(row, self.COL_AMOUNT))
        self.total_changed.emit(self.total())
        return True


class QuantityDelegate(QStyledItemDelegate):
    """A spin box in the quantity column, kept open so the amounts follow every step."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        box = QDoubleSpinBox(parent)
        box.setObjectName(f"quantity_{index.row()}")
        box.setDecimals(2)
        box.setRange(0.01, float(MAX_QUANTITY))
        box.setFrame(False)
        box.setAlignment(Qt.AlignmentFlag.AlignRight)
        box.valueChanged.connect(lambda _v, b=box: self.commitData.emit(b))
        return box

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QDoubleSpinBox)
        value = float(index.data(Qt.ItemDataRole.EditRole) or 1)
        if editor.value() != value:
            editor.blockSignals(True)
            editor.setValue(value)
            editor.blockSignals(False)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QDoubleSpinBox)
        model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)


def total_text(total: Decimal) -> str:
    return _("Total: {amount}").format(amount=fmt_money(total))


class ChargesBox(QGroupBox):
    """Charged or free; for charged work, items picked from the fee standard with quantities
    and the total, updated as quantities change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Charges (fee standard)"), parent)
        self._items: dict[int, FeeItemRow] = {}
        self.charged = QCheckBox(_("Charged work"), objectName="charged")
        self.charged.toggled.connect(self._update_enabled)
        self.fee_item = QComboBox(objectName="fee_item")
        self.fee_item.setEditable(True)
        self.fee_item.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.fee_item.lineEdit().setPlaceholderText(_("Type or choose an item"))
        completer = self.fee_item.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.add_button = QPushButton(_("Add"), objectName="add_line")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_current_item)
        self.fee_item.lineEdit().returnPressed.connect(self.add_current_item)
        self.lines = FeeLinesModel(self)
        self.lines.total_changed.connect(lambda total: self.total.setText(total_text(total)))
        self.lines_view = QTableView(objectName="fee_lines")
        self.lines_view.setModel(self.lines)
        # After setModel: the view's own reset closes every editor, so the spin boxes are
        # opened once it has run (connected earlier, a loaded order showed none).
        self.lines.rowsInserted.connect(lambda *_a: self._open_editors())
        self.lines.modelReset.connect(self._open_editors)
        self.lines_view.setItemDelegateForColumn(FeeLinesModel.COL_QUANTITY,
                                                 QuantityDelegate(self.lines_view))
        self.lines_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines_view.verticalHeader().hide()
        m = FeeLinesModel
        # Money and the quantity spin box always whole; a long item name gives way first
        # and shows in full on hover.
        fit_columns(self.lines_view, stretch=m.COL_NAME,
                    keep_whole=(m.COL_UNIT, m.COL_PRICE, m.COL_QUANTITY, m.COL_AMOUNT))
        self.lines_view.verticalHeader().setDefaultSectionSize(28)
        self.remove_button = QPushButton(_("Remove line"), objectName="remove_line")
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_current_line)
        self.total = QLabel(total_text(Decimal(0)), objectName="total")
        self.total.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.error = QLabel(objectName="fee_lines_error")
        pick = QHBoxLayout()
        pick.addWidget(self.fee_item, 1)
        pick.addWidget(self.add_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.remove_button)
        bottom.addStretch(1)
        bottom.addWidget(self.total)
        layout = QVBoxLayout(self)
        layout.addWidget(self.charged)
        layout.addLayout(pick)
        layout.addWidget(self.lines_view, 1)
        layout.addWidget(self.error)
        layout.addLayout(bottom)
        self._update_enabled()

    def tab_order(self) -> list[QWidget]:
        return [self.charged, self.fee_item, self.add_button, self.lines_view,
                self.remove_button]

    def set_items(self, items: list[FeeItemRow]) -> None:
        """The fee standard's items in force, to choose from."""
        self._items = {item.id: item for item in items}
        self.fee_item.clear()
        for item in items:
            self.fee_item.addItem(f"{item.name}（{fmt_money(item.price)}/{item.unit}）", item.id)
        self.fee_item.setCurrentIndex(-1)

    def set_lines(self, charged: bool, rows: list[FeeLineRow]) -> None:
        self.charged.setChecked(charged)
        self.lines.set_rows(rows)

    def add_current_item(self) -> None:
        """Add the chosen (or typed) item, one of it; the quantity is set in its row."""
        index = self.fee_item.currentIndex()
        if index < 0 or self.fee_item.currentText() != self.fee_item.itemText(index):
            index = self.fee_item.findText(self.fee_item.currentText(),
                                           Qt.MatchFlag.MatchContains)
        item = self._items.get(self.fee_item.itemData(index)) if index >= 0 else None
        if item is None:
            return
        self.charged.setChecked(True)
        row = self.lines.add(FeeLineRow(item.id, item.name, item.unit, item.price, Decimal(1)))
        self.lines_view.selectRow(row)
        self.fee_item.setCurrentIndex(-1)
        self.fee_item.setFocus()

    def remove_current_line(self) -> None:
        index = self.lines_view.currentIndex()
        if index.isValid():
            self.lines.remove(index.row())

    def _open_editors(self) -> None:
        for row in range(self.lines.rowCount()):
            self.lines_view.openPersistentEditor(
                self.lines.index(row, FeeLinesModel.COL_QUANTITY))

    def _update_enabled(self) -> None:
        on = self.charged.isChecked()
        for widget in (self.fee_item, self.add_button, self.lines_view, self.remove_button,
                       self.total):
            widget.setEnabled(on)
