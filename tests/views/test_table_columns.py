"""The shared list helper: columns as wide as their content within the view, tooltips for
whatever is still cut off."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QHelpEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView, QToolTip

from app.views.widgets.tables import (
    cell_is_cut,
    cell_tooltip,
    configure_table,
    fit_columns,
    header_tooltip,
    share_width,
)


def deadlines_list(qtbot, width: int, rows: list[list[str]]) -> QTableView:
    model = QStandardItemModel(0, 3)
    model.setHorizontalHeaderLabels(["Number", "Content", "Next deadline"])
    for row in rows:
        model.appendRow([QStandardItem(text) for text in row])
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    configure_table(view)
    view.resize(width, 300)
    fit_columns(view, stretch=1)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_short_columns_are_whole_and_the_long_one_takes_the_rest(qtbot) -> None:
    view = deadlines_list(qtbot, 900, [["WX2026-000123", "Tap leaks",
                                        "Callback overdue since 11-24 14:00"]])
    model = view.model()
    qtbot.waitUntil(lambda: not any(cell_is_cut(view, model.index(0, c)) for c in range(3)))
    header = view.horizontalHeader()
    assert header.sectionSize(2) >= view.fontMetrics().horizontalAdvance(
        "Callback overdue since 11-24 14:00")
    used = sum(header.sectionSize(c) for c in range(3))
    assert used == view.viewport().width()


def test_what_does_not_fit_is_cut_with_its_full_text_on_hover(qtbot) -> None:
    long = "Water from the ceiling of the second bathroom, owner away until Friday " * 3
    view = deadlines_list(qtbot, 420, [["WX2026-000123", long, "Dispatch by 11-24 09:10"]])
    index = view.model().index(0, 1)
    qtbot.waitUntil(lambda: view.horizontalHeader().sectionSize(1) < 400)
    assert cell_is_cut(view, index)
    assert cell_tooltip(view, index) == long
    # Whole cells need no tooltip.
    assert cell_tooltip(view, view.model().index(0, 0)) is None

    rect = view.visualRect(index)
    event = QHelpEvent(QHelpEvent.Type.ToolTip, rect.center(),
                       view.viewport().mapToGlobal(rect.center()))
    QApplication.sendEvent(view.viewport(), event)
    assert QToolTip.text() == long
    QToolTip.hideText()


def test_a_cut_header_names_itself_on_hover(qtbot) -> None:
    view = deadlines_list(qtbot, 600, [["1", "a", "b"]])
    view.horizontalHeader().resizeSection(2, 20)
    assert header_tooltip(view, 2) == "Next deadline"
    assert header_tooltip(view, 0) is None
    model = view.model()
    model.setHeaderData(2, Qt.Orientation.Horizontal, "Due", Qt.ItemDataRole.ToolTipRole)
    assert header_tooltip(view, 2) == "Due"


def test_sharing_out_the_width() -> None:
    # Everything fits: the stretch column gets what is left.
    assert share_width({0: 100, 1: 50, 2: 80}, 400, 1, 120) == {0: 100, 1: 220, 2: 80}
    # Too wide: the stretch column shrinks to its minimum, then the widest other column.
    assert share_width({0: 60, 1: 500, 2: 300}, 400, 1, 120) == {0: 60, 1: 120, 2: 220}
    # No stretch column: the widest ones are capped at one width.
    assert share_width({0: 60, 1: 500, 2: 300}, 400, None, 0) == {0: 60, 1: 170, 2: 170}
    # A deadline kept whole: the other columns give way around it.
    assert share_width({0: 60, 1: 500, 2: 300, 3: 200}, 500, 1, 100, keep_whole={2}) == {
        0: 50, 1: 100, 2: 300, 3: 50}
    # Even the whole ones do not fit: they stay whole and the list scrolls sideways.
    assert share_width({0: 300, 1: 500, 2: 300}, 400, 1, 100, keep_whole={0, 2}) == {
        0: 300, 1: 100, 2: 300}
