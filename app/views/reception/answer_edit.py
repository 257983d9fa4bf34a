"""Writing or correcting one standard answer (supervisors and managers)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.i18n import _
from app.services import answer_book
from app.services.answer_book import AnswerDraft, AnswerRow
from app.views.desk import Desk
from app.views.feedback import FieldErrors, perform
from app.views.widgets.buttons import form_with_save


class AnswerEditDialog(QDialog):
    def __init__(self, desk: Desk, existing: AnswerRow | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.existing = existing
        self.saved_row: AnswerRow | None = None
        self.setObjectName("answer_edit_dialog")
        self.setWindowTitle(_("Edit standard answer") if existing else _("New standard answer"))
        self.resize(560, 420)

        self.topic = QComboBox(objectName="answer_topic")
        self.topic.setEditable(True)
        self.topic.addItems(answer_book.topics(desk.uow))
        self.question = QPlainTextEdit(objectName="answer_question")
        self.question.setTabChangesFocus(True)
        self.question.setFixedHeight(64)
        self.answer = QPlainTextEdit(objectName="answer_text")
        self.answer.setTabChangesFocus(True)
        self.keywords = QLineEdit(objectName="answer_keywords")
        self.keywords.setPlaceholderText(_("Words callers use, separated by spaces"))

        form = QFormLayout()
        self.errors = FieldErrors()
        form.addRow(_("Topic"), self.topic)
        self.errors.add("topic", self.topic, form)
        form.addRow(_("Question"), self.question)
        self.errors.add("question", self.question, form)
        form.addRow(_("Standard answer"), self.answer)
        self.errors.add("answer", self.answer, form)
        form.addRow(_("Keywords"), self.keywords)
        self.errors.add("keywords", self.keywords, form)
        form_with_save(self, form, self.save)

        if existing is not None:
            self.topic.setCurrentText(existing.topic)
            self.question.setPlainText(existing.question)
            self.answer.setPlainText(existing.answer)
            self.keywords.setText(existing.keywords)
        else:
            self.topic.setCurrentText("")

    def draft(self) -> AnswerDraft:
        return AnswerDraft(self.topic.currentText(), self.question.toPlainText(),
                           self.answer.toPlainText(), self.keywords.text())

    def save(self) -> None:
        draft = self.draft()
        uow = self.desk.uow
        if self.existing is None:
            row = perform(self, lambda: answer_book.create_answer(uow, draft), self.errors)
        else:
            entry_id, version = self.existing.id, self.existing.version
            # Saved over another desk's newer edit: refused, with what changed (no reload
            # here: the user closes and opens the answer again).
            row = perform(self, lambda: answer_book.update_answer(
                uow, entry_id, draft, expected_version=version), self.errors)
        if row is not None:
            self.saved_row = row
            self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, desk: Desk,
            existing: AnswerRow | None = None) -> AnswerRow | None:
        """Run the dialog; the saved answer, or None if cancelled. Tests replace this."""
        dialog = cls(desk, existing, parent)
        dialog.exec()
        return dialog.saved_row
