"""Short modal questions (a reason, an answer). Tests replace ``TextPrompt.ask``."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QWidget


class TextPrompt:
    @classmethod
    def ask(cls, parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
        """The text typed, or None if cancelled."""
        value, ok = QInputDialog.getMultiLineText(parent, title, label, text)
        return value if ok else None
