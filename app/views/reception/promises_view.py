"""Open promised answers (承诺答复): who is waiting for an answer, and until when."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _, fmt_datetime
from app.services import promises
from app.services.promises import PromiseRow
from app.views.desk import Desk
from app.views.feedback import perform
from app.views.reception.prompts import TextPrompt
from app.views.widgets.rows_model import Index, RowsModel
from app.views.widgets.tables import configure_table, fit_columns

OVERDUE_FG = QColor("#b71c1c")
OVERDUE_BG = QColor("#fde2e1")


class PromisesModel(RowsModel[PromiseRow]):
    COL_DUE = 0
    COL_VILLA = 1
    COL_CALLER = 2
    COL_PHONE = 3
    COL_QUESTION = 4
    COL_TAKEN_BY = 5
    headers = (N_("Answer due"), N_("Villa"), N_("Caller"), N_("Contact"), N_("Question"),
               N_("Taken by"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_for(index)
        if row is None:
            return None
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
        configure_table(self.table)
        m = PromisesModel
        fit_columns(self.table, stretch=m.COL_QUESTION, minimums={m.COL_QUESTION: 120},
                    keep_whole=(m.COL_DUE, m.COL_VILLA, m.COL_PHONE, m.COL_TAKEN_BY))
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
        # Refreshed whenever a record changes here or at another desk: keep the chosen one.
        kept = self.current()
        rows = perform(self, lambda: promises.open_promises(self.desk.uow)) or []
        self.model.set_rows(rows)
        overdue = sum(r.overdue for r in rows)
        self.summary.setText(_("{n} answers promised and not yet given; {late} overdue")
                             .format(n=len(rows), late=overdue))
        if rows:
            ids = [r.id for r in rows]
            self.table.selectRow(ids.index(kept.id) if kept and kept.id in ids else 0)
        self.answer_button.setEnabled(bool(rows))
        self.show_button.setEnabled(bool(rows))

    def current(self) -> PromiseRow | None:
        return self.model.row_for(self.table.currentIndex())

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
