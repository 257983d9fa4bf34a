"""The Qt binding the desk runs on must survive a desk left running for days.

PySide6 6.12.0 on Python 3.11 dropped one reference to ``None`` on every call that returns
nothing (``setText``, ``setValue`` …); once the count reached zero the interpreter aborted
("deallocating None"). A real main window spends some 40 such references per refresh, so a
desk open over a weekend died. The pinned binding must keep the count steady.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel, QProgressBar
from pytestqt.qtbot import QtBot


def test_calls_that_return_nothing_keep_none_alive(qtbot: QtBot) -> None:
    label, bar = QLabel(), QProgressBar()
    qtbot.addWidget(label)
    qtbot.addWidget(bar)
    before = sys.getrefcount(None)
    for index in range(2000):
        label.setText("等待回访")
        bar.setValue(index % 100)
    # A little slack for whatever else the interpreter did meanwhile, far below 4,000.
    assert sys.getrefcount(None) - before > -100
