"""The daily review window (日审): days with records, who signed them, signing a day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, fmt_date, fmt_datetime
from app.services import daily_review
from app.services.daily_review import DayStatus
from app.services.permissions import Permission
from app.views.desk import Desk
from app.views.feedback import FieldErrors, perform

Index = QModelIndex | QPersistentModelIndex
PENDING_FG = QColor("#b71c1c")
PENDING_BG = QColor("#fde2e1")
CHANGED_FG = QColor("#b26a00")


def state_text(status: DayStatus) -> str:
    if not status.signed:
        return _("Not yet reviewed")
    text = _("Signed by {name}, {time}").format(
        name=status.signed_by_name, time=fmt_datetime(status.signed_at or dt.datetime.min))
    if status.changed_since_signing:
        text += " · " + _("{n} records when signed").format(n=status.signed_entry_count)
    return text


class ReviewDaysModel(QAbstractTableModel):
    COL_DAY = 0
    COL_COUNT = 1
    COL_STATE = 2
    COL_REMARKS = 3
    COLUMNS = 4

    def __init__(self, today: dt.date, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[DayStatus] = []
        self.today = today

    def set_rows(self, rows: list[DayStatus], today: dt.date) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.today = today
        self.endResetModel()

    def row_at(self, row: int) -> DayStatus:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < self.COLUMNS):
            return (_("Day"), _("Records"), _("Review"), _("Remarks"))[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        late = not row.signed and row.day < self.today
        if role == Qt.ItemDataRole.DisplayRole:
            return (fmt_date(row.day), str(row.entry_count), state_text(row),
                    " ".join(row.remarks.split()))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.COL_REMARKS:
            return row.remarks or None
        if role == Qt.ItemDataRole.ForegroundRole:
            if late:
                return QBrush(PENDING_FG)
            return QBrush(CHANGED_FG) if row.changed_since_signing else None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(PENDING_BG) if late else None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == self.COL_COUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ReviewDialog(QDialog):
    #: the day whose records the user wants to see in the list
    day_chosen = Signal(object)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setObjectName("review_dialog")
        self.setWindowTitle(_("Daily review of reception records"))
        self.resize(760, 460)

        self.only_pending = QCheckBox(_("Only days not yet reviewed"), objectName="only_pending")
        self.only_pending.toggled.connect(lambda _on: self.refresh())
        self.summary = QLabel(objectName="review_summary")
        self.model = ReviewDaysModel(desk.clock.now().date(), self)
        self.table = QTableView(objectName="review_days")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.resizeSection(ReviewDaysModel.COL_DAY, 130)
        header.resizeSection(ReviewDaysModel.COL_COUNT, 70)
        header.resizeSection(ReviewDaysModel.COL_STATE, 300)
        header.setSectionResizeMode(ReviewDaysModel.COL_REMARKS, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _i: self.show_records())

        self.remarks = QLineEdit(objectName="review_remarks")
        self.remarks.setPlaceholderText(_("Remarks (optional), e.g. follow-ups checked"))
        self.sign_button = QPushButton(_("Sign this day"), objectName="sign_day")
        self.sign_button.clicked.connect(self.sign)
        # Enter in the remarks signs: the dialog presses its default button.
        self.sign_button.setDefault(True)
        self.errors = FieldErrors()
        remarks_error = self.errors.add("remarks", self.remarks)
        self.show_button = QPushButton(_("Show records"), objectName="show_day_records")
        self.show_button.clicked.connect(self.show_records)
        self.show_button.setAutoDefault(False)
        close = QPushButton(_("Close"))
        close.setAutoDefault(False)
        close.clicked.connect(self.close)

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.only_pending)
        sign_row = QHBoxLayout()
        sign_row.addWidget(QLabel(_("Remarks")))
        sign_row.addWidget(self.remarks, 1)
        sign_row.addWidget(self.sign_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.show_button)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(sign_row)
        layout.addWidget(remarks_error)
        layout.addLayout(bottom)
        desk.actor_changed.connect(lambda _a: self._selection_changed())
        self.refresh()

    def refresh(self, keep_selection: bool = True) -> None:
        today = self.desk.clock.now().date()
        start = today - dt.timedelta(days=daily_review.LOOKBACK_DAYS)
        keep = self.current() if keep_selection else None
        rows = perform(self, lambda: daily_review.review_days(self.desk.uow, start, today)) or []
        pending = [r for r in rows if not r.signed and r.entry_count]
        if self.only_pending.isChecked():
            rows = pending
        self.model.set_rows(rows, today)
        self.summary.setText(_("{n} days with records not yet reviewed (last {days} days)")
                             .format(n=len(pending), days=daily_review.LOOKBACK_DAYS))
        target = next((i for i, r in enumerate(rows) if keep and r.day == keep.day), None)
        if target is None:
            # Start on the oldest unsigned day: that is the one to sign next.
            unsigned = [i for i, r in enumerate(rows) if not r.signed and r.entry_count]
            target = unsigned[-1] if unsigned else 0
        if rows:
            self.table.selectRow(target)
        self._selection_changed()

    def current(self) -> DayStatus | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select_day(self, day: dt.date) -> bool:
        for i in range(self.model.rowCount()):
            if self.model.row_at(i).day == day:
                self.table.selectRow(i)
                return True
        return False

    def _selection_changed(self) -> None:
        row = self.current()
        may_sign = self.desk.can(Permission.SIGN_DAILY_REVIEW)
        can_sign = may_sign and row is not None and not row.signed
        self.sign_button.setEnabled(can_sign)
        self.remarks.setEnabled(can_sign)
        self.show_button.setEnabled(row is not None)
        if not may_sign:
            self.sign_button.setToolTip(_("Only a supervisor or manager signs the daily review."))
        elif row is not None and row.signed:
            self.sign_button.setToolTip(_("This day is already signed."))
        else:
            self.sign_button.setToolTip("")

    def sign(self) -> None:
        row = self.current()
        if row is None or not self.sign_button.isEnabled():
            return
        remarks = self.remarks.text()
        result = perform(self, lambda: daily_review.sign_day(self.desk.uow, row.day, remarks),
                         self.errors)
        if result is not None:
            self.remarks.clear()
            self.refresh(keep_selection=False)

    def show_records(self) -> None:
        row = self.current()
        if row is not None:
            self.day_chosen.emit(row.day)
