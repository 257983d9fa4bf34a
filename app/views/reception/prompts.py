"""Short modal questions (a reason, an answer). Tests replace ``TextPrompt.ask``."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QInputDialog, QPlainTextEdit, QWidget


class TextPrompt:
    @classmethod
    def ask(cls, parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
        """The text typed, or None if cancelled."""
        dialog = cls.dialog(parent, title, label, text)
        try:
            return dialog.textValue() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    @staticmethod
    def dialog(parent: QWidget | None, title: str, label: str, text: str = "") -> QInputDialog:
        """The prompt itself: Tab leaves the text for OK and Cancel instead of typing a tab
        character into the reason (Qt's multi-line input keeps Tab)."""
        dialog = QInputDialog(parent)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
        dialog.setTextValue(text)
        for edit in dialog.findChildren(QPlainTextEdit):
            edit.setTabChangesFocus(True)
        return dialog
