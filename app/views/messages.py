"""Every message box goes through here, so tests can answer them without a modal loop."""

from __future__ import annotations

from collections.abc import Sequence

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

    @classmethod
    def choose(cls, parent: QWidget | None, text: str, choices: Sequence[str],
               title: str = "", escape: int = -1) -> int:
        """Ask with one button per choice (the first is the default); return the index of
        the one pressed, or ``escape`` when the box is closed with Esc or its title bar."""
        box = QMessageBox(QMessageBox.Icon.Question, title or _("Villa Desk"), text,
                          QMessageBox.StandardButton.NoButton, parent)
        buttons = [box.addButton(choice, QMessageBox.ButtonRole.ActionRole)
                   for choice in choices]
        box.setDefaultButton(buttons[0])
        if 0 <= escape < len(buttons):
            box.setEscapeButton(buttons[escape])
        box.exec()
        clicked = box.clickedButton()
        return buttons.index(clicked) if clicked in buttons else escape
