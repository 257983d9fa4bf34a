"""Every message box goes through here, so tests can answer them without a modal loop."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from app.i18n import _


class Messages:
    """Replace these class methods in tests (``monkeypatch.setattr``) to answer dialogs."""

    @classmethod
    def warn(cls, parent: QWidget | None, text: str, title: str = "") -> None:
        QMessageBox.warning(parent, title or _("Villa Desk"), text)

    @classmethod
    def info(cls, parent: QWidget | None, text: str, title: str = "") -> None:
        QMessageBox.information(parent, title or _("Villa Desk"), text)

    @classmethod
    def confirm(cls, parent: QWidget | None, text: str, title: str = "") -> bool:
        answer = QMessageBox.question(parent, title or _("Villa Desk"), text)
        return answer == QMessageBox.StandardButton.Yes
