"""The row of action buttons under a list or form, laid out the same everywhere."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

MIN_FORM_WIDTH = 380


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


def form_with_save(dialog: QDialog, form: QFormLayout, save: Callable[[], object]) -> None:
    """A small editing dialog: the form, then Save (runs ``save``) and Cancel.

    ``save`` accepts the dialog itself once the service took the record; on a refusal the
    dialog stays open with the messages beside the fields and nothing typed lost.
    """
    # Wide enough that a message beside a field fits on one line instead of wrapping.
    dialog.setMinimumWidth(max(dialog.minimumWidth(), MIN_FORM_WIDTH))
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(buttons)
