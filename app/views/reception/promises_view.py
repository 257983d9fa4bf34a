"""Open promised answers (承诺答复): who is waiting for an answer, and until when."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, fmt_datetime
from app.services import promises
from app.services.promises import PromiseRow
from app.views.desk import Desk
from app.views.feedback import perform
from app.views.reception.prompts import TextPrompt

Index = QModelIndex | QPersistentModelIndex
OVERDUE_FG = QColor("#b71c1c")
OVERDUE_BG = QColor("#fde2e1")


class PromisesModel(QAbstractTableModel):
    COL_DUE = 0
    COL_VILLA = 1
    COL_CALLER = 2
    COL_PHONE = 3
    COL_QUESTION = 4
    COL_TAKEN_BY = 5
    COLUMNS = 6

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[PromiseRow] = []

    def set_rows(self, rows: list[PromiseRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> PromiseRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < self.COLUMNS):
            return (_("Answer due"), _("Villa"), _("Caller"), _("Contact"), _("Question"),
                    _("Taken by"))[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            due = fmt_datetime(row.due_at)
            if row.overdue:
                due = _("{time} (overdue)").format(time=due)
            return (due, row.villa_number, row.caller_name, row.contact_phone,
                    " ".join(row.question.split()), row.taken_by_name)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.COL_QUESTION:
            return row.question
        if role == Qt.ItemDataRole.ForegroundRole and row.overdue:
            return QBrush(OVERDUE_FG)
        if role == Qt.ItemDataRole.BackgroundRole and row.overdue:
            return QBrush(OVERDUE_BG)
        return None


class PromisesDialog(QDialog):
    #: an entry id, when the user wants to see the record in the list
    entry_chosen = Signal(int)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setObjectName("promises_dialog")
        self.setWindowTitle(_("Promised answers"))
        self.resize(860, 400)
        self.summary = QLabel(objectName="promises_summary")
        self.model = PromisesModel(self)
        self.table = QTableView(objectName="promises")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for col, width in ((PromisesModel.COL_DUE, 190), (PromisesModel.COL_VILLA, 60),
                           (PromisesModel.COL_CALLER, 80), (PromisesModel.COL_PHONE, 110),
                           (PromisesModel.COL_TAKEN_BY, 110)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(PromisesModel.COL_QUESTION, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.record_answer())
        self.answer_button = QPushButton(_("Record answer…"), objectName="record_answer")
        self.answer_button.clicked.connect(self.record_answer)
        self.show_button = QPushButton(_("Show record"), objectName="show_promise_record")
        self.show_button.clicked.connect(self.show_record)
        self.show_button.setAutoDefault(False)
        self.answer_button.setDefault(True)
        close = QPushButton(_("Close"))
        close.setAutoDefault(False)
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_button)
        buttons.addStretch(1)
        buttons.addWidget(self.answer_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        rows = perform(self, lambda: promises.open_promises(self.desk.uow)) or []
        self.model.set_rows(rows)
        overdue = sum(r.overdue for r in rows)
        self.summary.setText(_("{n} answers promised and not yet given; {late} overdue")
                             .format(n=len(rows), late=overdue))
        if rows:
            self.table.selectRow(0)
        self.answer_button.setEnabled(bool(rows))
        self.show_button.setEnabled(bool(rows))

    def current(self) -> PromiseRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def record_answer(self) -> None:
        row = self.current()
        if row is not None:
            answer_promised(self, self.desk, row)
            self.refresh()

    def show_record(self) -> None:
        row = self.current()
        if row is not None:
            self.entry_chosen.emit(row.entry_id)


def answer_promised(parent: QWidget, desk: Desk, row: PromiseRow) -> PromiseRow | None:
    """Ask for the answer given to the caller and record it."""
    label = "\n\n".join([
        _("{caller} asked: {question}").format(caller=row.caller_name, question=row.question),
        _("Answer given to the caller:"),
    ])
    text = TextPrompt.ask(parent, _("Record answer"), label)
    if text is None:
        return None
    return perform(parent, lambda: promises.answer_promise(desk.uow, row.id, text))
