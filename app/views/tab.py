"""What every tab of the main window provides."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from app.views.desk import Desk


class DeskTab(QWidget):
    """A tab: a title, one main action with a shortcut, and refresh on relevant changes."""

    #: The tab asks the main window to be brought to the front (e.g. a hand-over from
    #: another tab).
    wants_focus = Signal()

    #: Table names whose changes make this tab refresh.
    watched_tables: frozenset[str] = frozenset()
    #: Which of the status bar's late counts this tab lists (see ``show_overdue``).
    overdue_kind: str = ""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        desk.changed.connect(self._on_changed)
        desk.actor_changed.connect(lambda _actor: self.on_actor_changed())

    def title(self) -> str:
        raise NotImplementedError

    def main_action(self) -> QAction | None:
        """The tab's main action (e.g. "New call record"), with its own shortcut."""
        return None

    def refresh(self) -> None:
        """Reload what the tab shows."""

    def on_actor_changed(self) -> None:
        """Show or hide what the new user may or may not do."""
        self.refresh()

    def open_villa(self, villa_id: int) -> None:
        """Optional: react to the global villa search (e.g. filter to that villa)."""

    def show_overdue(self) -> None:
        """Optional: the status bar's late count of ``overdue_kind`` was clicked."""

    def _on_changed(self, tables: frozenset[str]) -> None:
        if tables & self.watched_tables:
            self.refresh()
