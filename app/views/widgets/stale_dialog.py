"""When a save is refused because another desk changed the record first (``StaleRecord``).

The dialog lists what changed since the form was opened and offers two ways on: reload the
record and put the user's own edits back on top (the form then waits for them to look and
save again), or drop their edits and see the record as it is now. ``reapply`` is the merge:
a field the user changed keeps their value, every other field takes the current one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.errors import StaleRecord


class StaleForm(Protocol):
    """A form that can reload its record (``feedback.perform(..., stale=form)``)."""

    def reload_and_reapply(self) -> None: ...

    def discard_changes(self) -> None: ...


def reapply(loaded: Mapping[str, Any], mine: Mapping[str, Any], theirs: Mapping[str, Any],
            together: Iterable[Sequence[str]] = (),
            merge: Mapping[str, Callable[[Any, Any, Any], Any]] | None = None
            ) -> dict[str, Any]:
    """The form's values after a reload: ``theirs`` (the record now) with the fields the
    user changed (``mine`` differs from ``loaded``, what the form was opened with) on top.
    Keys in one ``together`` group move as one (a villa's id and its shown number); a key
    in ``merge`` is merged by its function(loaded, mine, theirs) (a list of fee lines)."""
    merged = dict(theirs)
    groups = [tuple(group) for group in together]
    grouped = {key for group in groups for key in group}
    merge = merge or {}
    for key, value in mine.items():
        if key in merge or key in grouped:
            continue
        if loaded.get(key) != value:
            merged[key] = value
    for group in groups:
        if any(loaded.get(key) != mine.get(key) for key in group):
            merged.update({key: mine.get(key) for key in group})
    for key, combine in merge.items():
        merged[key] = combine(loaded.get(key), mine.get(key), theirs.get(key))
    return merged


def merge_rows(key: Callable[[Any], Any]) -> Callable[[Any, Any, Any], list[Any]]:
    """Merge lists of rows by ``key`` (a fee line by its fee item): a row the user added,
    changed or took off wins; the rest are as the record has them now."""

    def combine(loaded: Any, mine: Any, theirs: Any) -> list[Any]:
        before = {key(row): row for row in loaded or []}
        typed = {key(row): row for row in mine or []}
        result = {key(row): row for row in theirs or []}
        for k in before.keys() | typed.keys():
            if before.get(k) == typed.get(k):
                continue
            if k in typed:
                result[k] = typed[k]
            else:
                result.pop(k, None)
        order = [key(row) for row in theirs or []] + [k for k in typed if k not in
                                                       {key(row) for row in theirs or []}]
        return [result[k] for k in order if k in result]

    return combine


class Refill:
    """A ``StaleForm`` for a form of plain fields. ``values()`` reads them, ``fill(values)``
    writes them, ``reload()`` shows the record as it is now; ``loaded`` is what the form
    was opened with."""

    def __init__(self, loaded: Mapping[str, Any], values: Callable[[], dict[str, Any]],
                 fill: Callable[[dict[str, Any]], None], reload: Callable[[], object]) -> None:
        self.loaded, self.values, self.fill, self.reload = loaded, values, fill, reload

    def reload_and_reapply(self) -> None:
        mine = self.values()
        self.reload()
        self.fill(reapply(self.loaded, mine, self.values()))

    def discard_changes(self) -> None:
        self.reload()


class StaleDialog(QDialog):
    """What changed at the other desk, and "Reload and re-apply my changes" / "Discard my
    changes" (or just Close when the form cannot reload)."""

    REAPPLY, DISCARD, CLOSE = 1, 2, 0

    def __init__(self, error: StaleRecord, can_reload: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stale_dialog")
        self.setWindowTitle(_("Changed at another desk"))
        self.choice = self.CLOSE
        head = error.message.split("\n", 1)[0]
        self.message = QLabel(head, objectName="stale_message")
        self.message.setWordWrap(True)
        self.changes = QListWidget(objectName="stale_changes")
        self.changes.addItems(list(error.changes) or [_("(the details could not be read)")])
        self.changes.setMaximumHeight(220)
        hint = QLabel(_("“Reload and re-apply my changes” shows the record as it is now with "
                        "what you changed put back on top; look it over and save again.")
                      if can_reload else _("Close this form and open the record again."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        buttons = QDialogButtonBox()
        if can_reload:
            self.reapply_button = QPushButton(_("Reload and re-apply my changes"),
                                              objectName="stale_reapply")
            self.discard_button = QPushButton(_("Discard my changes"),
                                              objectName="stale_discard")
            buttons.addButton(self.reapply_button, QDialogButtonBox.ButtonRole.AcceptRole)
            buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.DestructiveRole)
            self.reapply_button.setDefault(True)
            self.reapply_button.clicked.connect(lambda: self._choose(self.REAPPLY))
            self.discard_button.clicked.connect(lambda: self._choose(self.DISCARD))
        else:
            close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
            close.setText(_("Close"))
            close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.changes)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(560, 340)

    def _choose(self, choice: int) -> None:
        self.choice = choice
        self.accept()

    def items(self) -> list[str]:
        return [self.changes.item(i).text() for i in range(self.changes.count())]

    @classmethod
    def ask(cls, parent: QWidget | None, error: StaleRecord, can_reload: bool) -> int:
        dialog = cls(error, can_reload, parent)
        dialog.exec()
        return dialog.choice


def show_stale(parent: QWidget | None, error: StaleRecord, form: StaleForm | None) -> None:
    """Ask, then let the form reload (with or without the user's edits)."""
    choice = StaleDialog.ask(parent, error, form is not None)
    if form is None:
        return
    if choice == StaleDialog.REAPPLY:
        form.reload_and_reapply()
    elif choice == StaleDialog.DISCARD:
        form.discard_changes()
