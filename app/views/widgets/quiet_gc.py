"""Keep what the program built at start out of Python's full garbage collections.

With ten years of records a list holds tens of thousands of rows, and a full collection
(generation 2) walks every object the program has: 90-130 ms on the GUI thread, started by
whatever allocation happened to cross the threshold — typically a page read while the user
scrolls. Most of those objects were made at start (modules, classes, the main window and
its tabs) and live as long as the program. Frozen once the window is up, a full collection
walks only what was made since (measured: the longest stall while scrolling 20,000 work
orders went from 160-250 ms to ~45 ms). Objects frozen still go away when their last
reference does; only a reference cycle among them would wait until the end.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget


def freeze_when_shown(window: QWidget) -> None:
    """Once the event loop has shown ``window`` (and the first refreshes are done): freeze."""
    QTimer.singleShot(0, window, gc.freeze)


def thaw() -> None:
    """Back to collecting everything (the program's end, so the last collection is whole)."""
    gc.unfreeze()
