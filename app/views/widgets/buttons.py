"""The row of action buttons under a list or form, laid out the same everywhere."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget


def button_row(*buttons: QPushButton, trailing: QWidget | None = None) -> QHBoxLayout:
    """Buttons side by side from the left, ``trailing`` (e.g. a check box) at the far right.

    None of them is a dialog's default button: Enter in a field moves on or runs that
    field's own action, it must not press "Retire" or "Remove" by surprise.
    """
    row = QHBoxLayout()
    for button in buttons:
        button.setAutoDefault(False)
        row.addWidget(button)
    row.addStretch(1)
    if trailing is not None:
        row.addWidget(trailing)
    return row
