"""A printout rendered off the GUI thread, then shown: the one way a view opens a preview
of a form that can take longer than a moment (a month's slip register, a busy day's
record). The view stays live meanwhile, with a busy cursor and the button that asked
disabled; a failure is shown the normal way (``feedback.show_failure``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QWidget

from app.views.feedback import show_failure
from app.views.widgets.background import BackgroundJob


def render_then_show(parent: QWidget, render: Callable[[], bytes],
                     show: Callable[[bytes], object],
                     button: QAbstractButton | None = None) -> BackgroundJob:
    """Run ``render()`` (a service call returning PDF bytes) in the background and hand the
    bytes to ``show`` on the GUI thread."""
    job = BackgroundJob(lambda _report: render(), parent)
    job.succeeded.connect(lambda pdf: show(pdf))
    job.failed.connect(lambda error: show_failure(parent, error))
    parent.setCursor(Qt.CursorShape.BusyCursor)
    if button is not None:
        button.setEnabled(False)

    def done() -> None:
        parent.unsetCursor()
        if button is not None:
            button.setEnabled(True)

    job.finished.connect(done)
    job.start()
    return job
