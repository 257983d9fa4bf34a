"""The start-up benchmark's hook: sign in without the dialog, say when the window shows, quit.

``make bench`` (scripts/bench.py) starts the real program with
``VILLA_DESK_BENCH_SIGN_IN=agent:password`` and times it from launch to the line
``MAIN_WINDOW_SHOWN`` on standard output, against a bare PySide6 window started the same
way. Without the variable none of this does anything.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from app.services.actor import Actor
from app.services.uow import UnitOfWork

SIGN_IN = "VILLA_DESK_BENCH_SIGN_IN"
MAIN_WINDOW_SHOWN = "villa-desk-bench: main window shown"


def bench_actor(uow: UnitOfWork) -> Actor | None:
    """The account named in the variable, signed in as the login dialog would; else None."""
    value = os.environ.get(SIGN_IN)
    if not value:
        return None
    from app.services.auth import login

    agent_no, _sep, password = value.partition(":")
    return login(uow, agent_no, password)


def report_when_shown(window: QMainWindow) -> None:
    """Once the event loop has shown (and painted) the window: say so and quit."""
    if not os.environ.get(SIGN_IN):
        return

    def shown() -> None:
        print(MAIN_WINDOW_SHOWN, window.isVisible(), flush=True)
        QApplication.quit()

    QTimer.singleShot(0, shown)
