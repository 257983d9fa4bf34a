"""快捷键: the shortcut list, read from the window's own actions so it cannot go stale.

Every ``QAction`` under the main window that has a shortcut is listed with its text and
where it works (anywhere in the window, or only inside one tab or form). The same
actions get their keys appended to their tooltips (``show_shortcuts_in_tooltips``), so a
toolbar button says its key when hovered.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.views.tab import DeskTab


@dataclass(frozen=True)
class ShortcutRow:
    keys: str   # as the keyboard says them, e.g. "Ctrl+L"; alternatives joined by " / "
    what: str   # the action's own text
    where: str  # "anywhere" or the tab / form it works in


def keys_text(action: QAction) -> str:
    # Return and Enter may read the same (回车): say each spelling once.
    return " / ".join(dict.fromkeys(k.toString(QKeySequence.SequenceFormat.NativeText)
                                    for k in action.shortcuts() if not k.isEmpty()))


def action_text(action: QAction) -> str:
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…. ")


def _where(action: QAction) -> str:
    if action.shortcutContext() in (Qt.ShortcutContext.WindowShortcut,
                                    Qt.ShortcutContext.ApplicationShortcut):
        return _("Anywhere")
    owner: QObject | None = action.parent()
    while owner is not None:
        if isinstance(owner, DeskTab):
            return _("In the {tab} tab").format(tab=owner.title())
        if isinstance(owner, QMenu):
            return _("In the {menu} menu").format(menu=action_text(owner.menuAction()))
        owner = owner.parent()
    return _("Anywhere")


def _usable(action: QAction) -> bool:
    # Hidden actions (e.g. manager-only ones for a receptionist) are not this user's keys.
    if not action.isVisible():
        return False
    owner = action.parent()
    return not (isinstance(owner, QMenu) and not owner.menuAction().isVisible())


def shortcut_actions(window: QWidget, usable_only: bool = True) -> list[QAction]:
    """Every action with a shortcut under ``window`` (menus, toolbars, tabs)."""
    found: dict[int, QAction] = {}
    for action in [*window.actions(), *window.findChildren(QAction)]:
        if keys_text(action) and (_usable(action) or not usable_only):
            found.setdefault(id(action), action)
    return list(found.values())


def shortcut_rows(window: QWidget) -> list[ShortcutRow]:
    rows = {ShortcutRow(keys_text(a), action_text(a), _where(a))
            for a in shortcut_actions(window)}
    anywhere = _("Anywhere")
    return sorted(rows, key=lambda r: (r.where != anywhere, r.where, r.keys, r.what))


def show_shortcuts_in_tooltips(window: QWidget) -> None:
    """Hovering a toolbar button or menu entry tells its key: "New work order (F3)"."""
    for action in shortcut_actions(window, usable_only=False):
        keys = keys_text(action)
        tip = action.toolTip() or action_text(action)
        if keys and keys not in tip:
            action.setToolTip(_("{tip} ({keys})").format(tip=tip, keys=keys))


class ShortcutsDialog(QDialog):
    """The list of this window's keyboard shortcuts, as they are right now."""

    def __init__(self, window: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.resize(620, 520)
        self.rows = shortcut_rows(window)
        self.table = QTableWidget(len(self.rows), 3, objectName="shortcuts_table")
        self.table.setHorizontalHeaderLabels([_("Keys"), _("Action"), _("Where")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for r, row in enumerate(self.rows):
            for c, text in enumerate((row.keys, row.what, row.where)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Keys that work in this window (tooltips show them too):")))
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
