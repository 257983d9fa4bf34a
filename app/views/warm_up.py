"""What the first print preview would otherwise do on the GUI thread, done in the
background a moment after the main window is up.

Reading the bundled CJK font into ReportLab (its tables parsed in Python) took 120-230 ms
inside the day's first slip preview, and importing PDFium (the preview's page renderer)
~70 ms, which was paid at every start; every later preview reuses both. Done here, the first
preview is as quick as the others. The font is registered under a lock
(``app.printing.fonts.ensure_fonts``), so a preview opened meanwhile simply waits for it.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from app.views.widgets.background import BackgroundJob

#: After the window and its first refreshes, before anyone is likely to print.
WARM_UP_AFTER_MS = 1500


def _warm_up() -> None:
    import pypdfium2  # noqa: F401 - the preview's page renderer, not imported at start

    from app.printing.fonts import ensure_fonts

    ensure_fonts()


def warm_up_later(window: QWidget, delay_ms: int = WARM_UP_AFTER_MS) -> None:
    """Register the print font in a background job ``delay_ms`` after ``window`` shows."""
    QTimer.singleShot(delay_ms, window,
                      lambda: BackgroundJob(lambda _report: _warm_up(), window).start())
