"""The manager's lists behind the work-order form: the fee standard and the categories.

Nothing here is deleted: an item or category no longer used is retired (deactivated), so
the work orders that used it still read as they were written.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _, fmt_money
from app.services import fee_standard, work_categories
from app.services.fee_standard import FeeItemRow
from app.services.work_categories import CategoryRow
from app.views.desk import Desk
from app.views.feedback import FieldErrors, perform
from app.views.widgets.buttons import button_row
from app.views.widgets.rows_model import Index, RowsModel
from app.views.widgets.stale_dialog import Refill
from app.views.widgets.tables import configure_table

RETIRED_FG = QColor("#9e9e9e")


class _ActiveRowsModel(RowsModel[Any]):
    """Rows with an ``active`` flag; retired ones are greyed."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_for(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and not row.active:
            return QBrush(RETIRED_FG)
        return None

    def display(self, row: Any, col: int) -> str:
        raise NotImplementedError


class FeeItemsModel(_ActiveRowsModel):
    COL_NAME, COL_UNIT, COL_PRICE, COL_ACTIVE = range(4)
    headers = (N_("Item"), N_("Unit"), N_("Price"), N_("In use"))

    def display(self, row: FeeItemRow, col: int) -> str:
        return (row.name, row.unit, fmt_money(row.price),
                _("Yes") if row.active else _("Retired"))[col]


class CategoriesModel(_ActiveRowsModel):
    COL_NAME, COL_ACTIVE = range(2)
    headers = (N_("Category"), N_("In use"))

    def display(self, row: CategoryRow, col: int) -> str:
        return (row.name, _("Yes") if row.active else _("Retired"))[col]


def _table(name: str, model: QAbstractTableModel) -> QTableView:
    view = QTableView(objectName=name)
    view.setModel(model)
    # Style's row height and Qt's default wrapping: short lists, left as they have been.
    configure_table(view, row_height=None, word_wrap=True)
    view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return view


class FeeStandardDialog(QDialog):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        # What the chosen item's / category's fields were filled with (see _fee_chosen).
        self._fee_loaded: dict[str, Any] = {}
        self._category_loaded: dict[str, Any] = {}
        self.setObjectName("fee_standard_dialog")
        self.setWindowTitle(_("Fee standard and repair categories"))
        self.resize(720, 560)
        tabs = QTabWidget()
        tabs.addTab(self._build_fees(), _("Fee standard"))
        tabs.addTab(self._build_categories(), _("Categories"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(close)
        self.refresh()

    # -- fee standard --------------------------------------------------------------------
    def _build_fees(self) -> QWidget:
        page = QWidget()
        self.fees = FeeItemsModel(self)
        self.fees_view = _table("fee_items", self.fees)
        self.fees_view.selectionModel().currentRowChanged.connect(lambda *_a: self._fee_chosen())
        self.show_retired = QCheckBox(_("Show retired items"), objectName="show_retired")
        self.show_retired.toggled.connect(self.refresh)
        self.fee_name = QLineEdit(objectName="fee_name")
        self.fee_unit = QLineEdit(objectName="fee_unit")
        self.fee_unit.setMaximumWidth(80)
        self.fee_price = QLineEdit(objectName="fee_price")
        self.fee_price.setMaximumWidth(120)
        self.fee_price.setPlaceholderText("30.00")
        self.fee_errors = FieldErrors()
        form = QFormLayout()
        form.addRow(_("Item:"), self.fee_name)
        self.fee_errors.add("name", self.fee_name, form)
        form.addRow(_("Unit:"), self.fee_unit)
        self.fee_errors.add("unit", self.fee_unit, form)
        form.addRow(_("Price (yuan):"), self.fee_price)
        self.fee_errors.add("price", self.fee_price, form)
        self.add_fee = QPushButton(_("Add as new item"), objectName="add_fee")
        self.save_fee = QPushButton(_("Save changes"), objectName="save_fee")
        self.retire_fee = QPushButton(_("Retire"), objectName="retire_fee")
        self.add_fee.clicked.connect(self.add_fee_item)
        self.save_fee.clicked.connect(self.save_fee_item)
        self.retire_fee.clicked.connect(self.toggle_fee_item)
        buttons = button_row(self.add_fee, self.save_fee, self.retire_fee,
                             trailing=self.show_retired)
        layout = QVBoxLayout(page)
        layout.addWidget(self.fees_view, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        return page

    def _current_fee(self) -> FeeItemRow | None:
        index = self.fees_view.currentIndex()
        return self.fees.row_at(index.row()) if index.isValid() else None

    def _fee_chosen(self) -> None:
        item = self._current_fee()
        self.save_fee.setEnabled(item is not None)
        self.retire_fee.setEnabled(item is not None)
        if item is None:
            return
        self.fee_name.setText(item.name)
        self.fee_unit.setText(item.unit)
        self.fee_price.setText(f"{item.price:.2f}")
        self.retire_fee.setText(_("Retire") if item.active else _("Bring back"))
        self._fee_loaded = self._fee_values()

    def _fee_values(self) -> dict[str, Any]:
        return {"name": self.fee_name.text(), "unit": self.fee_unit.text(),
                "price": self.fee_price.text()}

    def _fee_fill(self, values: dict[str, Any]) -> None:
        self.fee_name.setText(values["name"])
        self.fee_unit.setText(values["unit"])
        self.fee_price.setText(values["price"])

    def _reselect(self, view: QTableView, model: _ActiveRowsModel, row_id: int) -> None:
        """Show the lists as they are now, with the same row chosen (its fields refilled)."""
        self.refresh()
        index = model.row_of(row_id)
        if index >= 0:
            view.selectRow(index)

    def add_fee_item(self) -> FeeItemRow | None:
        uow, values = self.desk.uow, (self.fee_name.text(), self.fee_unit.text(),
                                      self.fee_price.text())
        row = perform(self, lambda: fee_standard.create_fee_item(uow, *values), self.fee_errors)
        self._after(row, self.fees_view, self.fees)
        return row

    def save_fee_item(self) -> FeeItemRow | None:
        item = self._current_fee()
        if item is None:
            return None
        uow, values = self.desk.uow, (self.fee_name.text(), self.fee_unit.text(),
                                      self.fee_price.text())
        stale = Refill(self._fee_loaded, self._fee_values, self._fee_fill,
                       lambda: self._reselect(self.fees_view, self.fees, item.id))
        row = perform(self, lambda: fee_standard.update_fee_item(
            uow, item.id, *values, expected_version=item.version), self.fee_errors, stale)
        self._after(row, self.fees_view, self.fees)
        return row

    def toggle_fee_item(self) -> None:
        item = self._current_fee()
        if item is not None:
            row = perform(self, lambda: fee_standard.set_fee_item_active(
                self.desk.uow, item.id, not item.active), self.fee_errors)
            self._after(row, self.fees_view, self.fees)

    # -- categories ----------------------------------------------------------------------
    def _build_categories(self) -> QWidget:
        page = QWidget()
        self.categories = CategoriesModel(self)
        self.categories_view = _table("categories", self.categories)
        self.categories_view.selectionModel().currentRowChanged.connect(
            lambda *_a: self._category_chosen())
        self.category_name = QLineEdit(objectName="category_name")
        self.category_errors = FieldErrors()
        form = QFormLayout()
        form.addRow(_("Name:"), self.category_name)
        self.category_errors.add("name", self.category_name, form)
        self.add_category = QPushButton(_("Add"), objectName="add_category")
        self.rename_category = QPushButton(_("Rename"), objectName="rename_category")
        self.up = QPushButton(_("Move up"), objectName="category_up")
        self.down = QPushButton(_("Move down"), objectName="category_down")
        self.retire_category = QPushButton(_("Retire"), objectName="retire_category")
        self.add_category.clicked.connect(lambda: self._category_action("add"))
        self.rename_category.clicked.connect(lambda: self._category_action("rename"))
        self.up.clicked.connect(lambda: self._category_action("up"))
        self.down.clicked.connect(lambda: self._category_action("down"))
        self.retire_category.clicked.connect(lambda: self._category_action("toggle"))
        buttons = button_row(self.add_category, self.rename_category, self.up, self.down,
                             self.retire_category)
        layout = QVBoxLayout(page)
        layout.addWidget(self.categories_view, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        return page

    def _current_category(self) -> CategoryRow | None:
        index = self.categories_view.currentIndex()
        return self.categories.row_at(index.row()) if index.isValid() else None

    def _category_chosen(self) -> None:
        row = self._current_category()
        for button in (self.rename_category, self.up, self.down, self.retire_category):
            button.setEnabled(row is not None)
        if row is not None:
            self.category_name.setText(row.name)
            self.retire_category.setText(_("Retire") if row.active else _("Bring back"))
            self._category_loaded = {"name": row.name}

    def _category_action(self, what: str) -> None:
        uow, name, row = self.desk.uow, self.category_name.text(), self._current_category()
        if what == "add":
            result = perform(self, lambda: work_categories.create_category(uow, name),
                             self.category_errors)
        elif row is None:
            return
        elif what == "rename":
            stale = Refill(self._category_loaded, lambda: {"name": self.category_name.text()},
                           lambda values: self.category_name.setText(values["name"]),
                           lambda: self._reselect(self.categories_view, self.categories,
                                                  row.id))
            result = perform(self, lambda: work_categories.rename_category(
                uow, row.id, name, expected_version=row.version), self.category_errors, stale)
        elif what == "toggle":
            result = perform(self, lambda: work_categories.set_category_active(
                uow, row.id, not row.active), self.category_errors)
        else:
            step = -1 if what == "up" else 1
            moved = perform(self, lambda: work_categories.move_category(uow, row.id, step))
            result = row if moved is not None else None
        self._after(result, self.categories_view, self.categories)

    # -- both ----------------------------------------------------------------------------
    def refresh(self) -> None:
        uow = self.desk.uow
        retired = self.show_retired.isChecked()
        self.fees.set_rows(perform(self, lambda: fee_standard.list_fee_items(
            uow, include_inactive=retired)) or [])
        self.categories.set_rows(perform(self, lambda: work_categories.list_categories(
            uow, include_inactive=True)) or [])
        self._fee_chosen()
        self._category_chosen()

    def _after(self, row: Any, view: QTableView, model: _ActiveRowsModel) -> None:
        """Reload after a change and keep the changed row selected."""
        if row is None:
            return
        self.refresh()
        index = model.row_of(row.id)
        if index >= 0:
            view.selectRow(index)
