"""A periodic check runs only while its widget is on screen, and catches up when shown again:
the work-order tab's minute check and the status bar's counts use it."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from app.views.widgets.while_shown import WhileShown


def test_a_check_runs_while_its_tab_is_shown_and_catches_up_when_switched_back(
        qtbot: QtBot) -> None:
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    checked: list[int] = []
    first, second = QWidget(), QWidget()
    tabs.addTab(first, "reception")
    tabs.addTab(second, "work orders")
    check = WhileShown(second, 60_000, lambda: checked.append(1))
    tabs.show()
    qtbot.waitExposed(tabs)
    assert not check.timer.isActive() and checked == []  # the other tab is on screen

    tabs.setCurrentWidget(second)
    assert check.timer.isActive()
    assert checked == []  # the first show repeats nothing the widget did when built

    tabs.setCurrentWidget(first)
    assert not check.timer.isActive()
    tabs.setCurrentWidget(second)
    assert check.timer.isActive() and checked == [1]  # missed while hidden: checked now


def test_a_closed_window_stops_checking(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    inner = QWidget(window)
    check = WhileShown(inner, 15_000, lambda: None)
    window.show()
    qtbot.waitExposed(window)
    assert check.timer.isActive()
    window.close()
    assert not check.timer.isActive()
