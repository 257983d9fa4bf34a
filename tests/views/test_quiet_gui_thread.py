"""The GUI thread stays free while the desk switches tabs and scrolls ten years of records:
lists do not measure their columns again when shown again or when a page scrolls in below
the measured rows, a changed list is measured a step at a time, and what the program
built at start is kept out of Python's full garbage collections."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableView, QWidget

from app.views.widgets import quiet_gc, tables
from app.views.widgets.tables import FIT_SAMPLE_ROWS, FIT_STEP_ROWS, ColumnFitter, fit_columns

COLUMNS = 3


@pytest.fixture
def measured(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the cells the column fitter measures."""
    calls: list[int] = []
    real = tables.cell_width

    def counting(view, index, option=None):  # type: ignore[no-untyped-def]
        calls.append(index.row())
        return real(view, index, option)

    monkeypatch.setattr(tables, "cell_width", counting)
    return calls


def work_order_list(qtbot, rows: int) -> tuple[QTableView, QStandardItemModel, ColumnFitter]:
    model = QStandardItemModel(0, COLUMNS)
    model.setHorizontalHeaderLabels(["Slip number", "Content", "Received"])
    for row in range(rows):
        model.appendRow([QStandardItem(f"WX2026-{row:06d}"), QStandardItem("Tap leaks"),
                         QStandardItem("2026-11-24 09:10")])
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(800, 400)
    fitter = fit_columns(view, stretch=1)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: not fitter.pending)
    return view, model, fitter


def test_a_list_shown_again_keeps_its_measured_widths(qtbot, measured: list[int]) -> None:
    view, _model, fitter = work_order_list(qtbot, 150)
    assert measured  # the first showing measured the rows
    widths = [view.columnWidth(c) for c in range(COLUMNS)]
    measured.clear()
    view.hide()  # the desk switches to another tab …
    view.show()  # … and back
    view.resize(820, 400)
    qtbot.waitUntil(lambda: not fitter.pending)
    assert measured == []
    assert view.columnWidth(0) == widths[0]  # the slip number column stays whole


def test_a_page_scrolled_in_below_the_measured_rows_is_not_measured(
        qtbot, measured: list[int]) -> None:
    _view, model, fitter = work_order_list(qtbot, FIT_SAMPLE_ROWS + 50)
    measured.clear()
    for row in range(FIT_SAMPLE_ROWS + 50, FIT_SAMPLE_ROWS + 250):  # the next page
        model.appendRow([QStandardItem(f"WX2026-{row:06d}"), QStandardItem("Door sticks"),
                         QStandardItem("2026-11-25 10:00")])
    qtbot.wait(50)
    assert not fitter.pending
    assert measured == []


def test_a_changed_list_is_measured_a_step_at_a_time(qtbot, measured: list[int]) -> None:
    _view, model, fitter = work_order_list(qtbot, FIT_SAMPLE_ROWS)
    measured.clear()
    model.setItem(0, 1, QStandardItem("Water from the ceiling of the second bathroom"))
    assert fitter.pending
    fitter._step()  # one turn of the event loop
    assert len(measured) == FIT_STEP_ROWS * COLUMNS
    assert fitter.pending  # the rest follows in later turns
    qtbot.waitUntil(lambda: not fitter.pending)
    assert sorted(set(measured)) == list(range(FIT_SAMPLE_ROWS))


def test_what_start_built_is_kept_out_of_full_collections(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    try:
        quiet_gc.freeze_when_shown(window)
        qtbot.waitUntil(lambda: gc.get_freeze_count() > 0)
    finally:
        quiet_gc.thaw()
    assert gc.get_freeze_count() == 0


def test_the_print_font_is_read_in_the_background_after_start(
        qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from app.printing import fonts
    from app.views import warm_up

    readers: list[str] = []
    real = fonts.ensure_fonts
    monkeypatch.setattr(fonts, "ensure_fonts",
                        lambda: readers.append(threading.current_thread().name) or real())
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    warm_up.warm_up_later(window, delay_ms=0)
    assert readers == []  # nothing on the way to showing the window
    qtbot.waitUntil(lambda: bool(readers))
    assert readers[0] != threading.current_thread().name
    from app.views.widgets.background import running_jobs

    qtbot.waitUntil(lambda: running_jobs() == 0)
