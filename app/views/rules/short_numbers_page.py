"""内部短号: the clubhouse extensions the desk accepts as a contact phone.

Only numbers on this list pass as short numbers; any other 3–6 digits are refused, so a
mobile cut off while typing is caught at the desk instead of being saved.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from app.i18n import _
from app.services import short_numbers
from app.views.desk import Desk
from app.views.feedback import FieldErrors, perform
from app.views.widgets.buttons import button_row


class ShortNumbersPage(QWidget):
    changed = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        intro = QLabel(_(
            "A contact phone is a mobile (11 digits), a landline with its area code, or one "
            "of the short numbers listed here, such as the clubhouse extensions. Type one "
            "number per line (3 to 6 digits)."))
        intro.setWordWrap(True)
        self.numbers = QPlainTextEdit(objectName="short_numbers")
        self.numbers.setTabChangesFocus(True)
        self.numbers.setPlaceholderText("8001\n8002\n8100")
        self.errors = FieldErrors()
        message = self.errors.add("short_numbers", self.numbers)
        self.save_button = QPushButton(_("Save the list"), objectName="save_short_numbers")
        self.save_button.clicked.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.numbers, 1)
        layout.addWidget(message)
        layout.addLayout(button_row(self.save_button))
        self.refresh()

    def refresh(self) -> None:
        numbers = perform(self, lambda: short_numbers.list_short_numbers(self.desk.uow))
        if numbers is not None:
            self.numbers.setPlainText("\n".join(numbers))
            self.errors.clear()

    def save(self) -> list[str] | None:
        text = self.numbers.toPlainText()
        saved = perform(self, lambda: short_numbers.set_short_numbers(self.desk.uow, text),
                        self.errors)
        if saved is not None:
            self.numbers.setPlainText("\n".join(saved))
            self.changed.emit()
        return saved
