"""What the program does after its windows close — the day's check stopped, the exit
backup — done off the GUI thread, with a small window saying so when it takes a while.

On a ten-year database an exit backup copies and checks half a gigabyte: seconds, more on
a slow disk. A desk closed at the end of the day must not sit there invisibly (someone
would pull the plug or start it again). A shutdown that kills the program meanwhile loses
nothing: the copy is written under a ``.partial`` name and only renamed once checked
(app/backups.py), and the next backup removes the leftover.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QEventLoop, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QProgressBar, QVBoxLayout

from app.i18n import _
from app.views.widgets.background import BackgroundJob

#: Work that ends sooner than this shows no window at all.
SHOW_AFTER_MS = 700


class ClosingWindow(QDialog):
    """「正在备份数据库…」: a busy bar; it closes by itself when the work is done."""

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Dialog | Qt.WindowType.WindowTitleHint)
        self.setObjectName("closing_window")
        self.setWindowTitle(_("Villa Desk is closing"))
        self.text = QLabel(_("Backing up the database before closing. The program closes "
                             "by itself when the copy is made and checked."))
        self.text.setWordWrap(True)
        bar = QProgressBar()
        bar.setRange(0, 0)  # busy: the copy is one step of SQLite's
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(bar)
        self.setMinimumWidth(420)

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()  # it closes itself; a closed window would not stop the copy

    def reject(self) -> None:
        """Esc does nothing either."""


def finish_while_showing(work: Callable[[], object]) -> None:
    """Run ``work`` in a background job and wait for it here, pumping events; a
    ``ClosingWindow`` shows if it is still running after ``SHOW_AFTER_MS``."""
    window = ClosingWindow()
    done: list[bool] = []
    job = BackgroundJob(lambda _report: work())
    loop = QEventLoop()
    job.finished.connect(lambda: (done.append(True), loop.quit()))
    shower = QTimer(singleShot=True, interval=SHOW_AFTER_MS)
    shower.timeout.connect(lambda: None if done else window.show())
    job.start()
    shower.start()
    while not done:  # quit() from elsewhere (the last window closing) must not end the wait
        loop.exec()
    shower.stop()
    window.hide()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
