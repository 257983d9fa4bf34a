"""The answer book (答客问题汇编) window: search while the caller waits, use an answer.

Supervisors also write, correct and withdraw answers here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _, fmt_datetime
from app.services import answer_book
from app.services.answer_book import AnswerRow
from app.services.permissions import Permission
from app.views.desk import Desk
from app.views.feedback import perform
from app.views.reception.answer_edit import AnswerEditDialog
from app.views.widgets.rows_model import Index, RowsModel
from app.views.widgets.tables import configure_table, fit_columns


class AnswersModel(RowsModel[AnswerRow]):
    COL_TOPIC = 0
    COL_QUESTION = 1
    headers = (N_("Topic"), N_("Question"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_for(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == self.COL_TOPIC:
                return row.topic
            text = " ".join(row.question.split())
            return text if row.active else _("{question} (withdrawn)").format(question=text)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.COL_QUESTION:
            return row.question
        if role == Qt.ItemDataRole.ForegroundRole and not row.active:
            return QBrush(QColor("#9e9e9e"))
        return None


class AnswerBookDialog(QDialog):
    #: the standard question and its answer, when the receptionist uses them for the call
    answer_used = Signal(str, str)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setObjectName("answer_book_dialog")
        self.setWindowTitle(_("Standard answer book (答客问题汇编)"))
        self.resize(820, 500)

        self.search = QLineEdit(objectName="answer_search")
        self.search.setPlaceholderText(_("Search question, answer, keywords or topic"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh)
        self.show_withdrawn = QCheckBox(_("Show withdrawn"), objectName="show_withdrawn")
        self.show_withdrawn.toggled.connect(self.refresh)
        self.hits = QLabel(objectName="answer_hits")

        self.model = AnswersModel(self)
        self.table = QTableView(objectName="answers")
        self.table.setModel(self.model)
        configure_table(self.table)
        fit_columns(self.table, stretch=AnswersModel.COL_QUESTION,
                    keep_whole=(AnswersModel.COL_TOPIC,))
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.table.doubleClicked.connect(lambda _i: self.use_answer())
        self.viewer = QTextBrowser(objectName="answer_viewer")

        self.use_button = QPushButton(_("Use this answer"), objectName="use_answer")
        self.use_button.clicked.connect(self.use_answer)
        # Search, then Enter: the first hit goes into the record.
        self.use_button.setDefault(True)
        self.new_button = QPushButton(_("New…"), objectName="new_answer")
        self.new_button.clicked.connect(self.new_answer)
        self.edit_button = QPushButton(_("Edit…"), objectName="edit_answer")
        self.edit_button.clicked.connect(self.edit_answer)
        self.withdraw_button = QPushButton(_("Withdraw"), objectName="withdraw_answer")
        self.withdraw_button.clicked.connect(self.toggle_active)
        close = QPushButton(_("Close"))
        close.setAutoDefault(False)
        close.clicked.connect(self.close)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.show_withdrawn)
        top.addWidget(self.hits)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.viewer)
        split.setSizes([420, 380])
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.withdraw_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.use_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self.update_permissions()
        desk.actor_changed.connect(lambda _a: self.update_permissions())

    def update_permissions(self) -> None:
        editor = self.desk.can(Permission.EDIT_ANSWER_BOOK)
        for widget in (self.new_button, self.edit_button, self.withdraw_button,
                       self.show_withdrawn):
            widget.setVisible(editor)
        if not editor:
            self.show_withdrawn.setChecked(False)
        self.refresh()

    def search_for(self, text: str) -> None:
        self.search.setText(text)
        self.refresh()
        self.search.setFocus()
        self.search.selectAll()

    def refresh(self) -> None:
        keep = self.current()
        rows = perform(self, lambda: answer_book.search_answers(
            self.desk.uow, self.search.text(), include_inactive=self.show_withdrawn.isChecked()))
        self.model.set_rows(rows or [])
        self.hits.setText(_("{n} found").format(n=len(rows or [])))
        target = 0
        if keep is not None:
            target = next((i for i, r in enumerate(rows or []) if r.id == keep.id), 0)
        if self.model.rowCount():
            self.table.selectRow(target)
        self._show_current()

    def current(self) -> AnswerRow | None:
        return self.model.row_for(self.table.currentIndex())

    def _show_current(self) -> None:
        row = self.current()
        self.use_button.setEnabled(row is not None and row.active)
        self.edit_button.setEnabled(row is not None)
        self.withdraw_button.setEnabled(row is not None)
        if row is not None:
            self.withdraw_button.setText(_("Withdraw") if row.active else _("Restore"))
        if row is None:
            self.viewer.setPlainText(_("No standard answer matches. Ask the supervisor; if "
                                       "nobody knows, promise an answer within 24 hours."))
            return
        self.viewer.setPlainText("\n\n".join(filter(None, [
            _("Q: {question}").format(question=row.question),
            _("A: {answer}").format(answer=row.answer),
            _("Keywords: {words}").format(words=row.keywords) if row.keywords else "",
            _("Updated {time} by {name}").format(time=fmt_datetime(row.updated_at),
                                                 name=row.updated_by_name or "—"),
        ])))

    def use_answer(self) -> None:
        row = self.current()
        if row is not None and row.active:
            self.answer_used.emit(row.question, row.answer)
            self.close()

    def new_answer(self) -> None:
        row = AnswerEditDialog.ask(self, self.desk, None)
        if row is not None:
            self.search_for(row.question)

    def edit_answer(self) -> None:
        current = self.current()
        if current is not None and AnswerEditDialog.ask(self, self.desk, current) is not None:
            self.refresh()

    def toggle_active(self) -> None:
        row = self.current()
        if row is None:
            return
        if perform(self, lambda: answer_book.set_answer_active(
                self.desk.uow, row.id, not row.active)) is not None:
            self.refresh()
