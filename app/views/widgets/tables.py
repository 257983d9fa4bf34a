"""How the desk's lists look and behave, set in one place so that they all feel alike."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QAbstractItemModel, QObject, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


def configure_table(view: QTableView, *, row_height: int | None = 24,
                    word_wrap: bool = False) -> None:
    """One whole row at a time is chosen, nothing is edited in place, no row numbers.

    ``row_height`` None keeps the style's default; most lists are denser than that so more
    records fit on screen. Cells hold one elided line unless ``word_wrap``: a list is for
    scanning, the full text is in the tooltip or beside the list.
    """
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(word_wrap)
    view.verticalHeader().hide()
    if row_height is not None:
        view.verticalHeader().setDefaultSectionSize(row_height)


def sorted_table(model: QAbstractItemModel, name: str, *, sort_role: int, newest_first_by: int,
                 parent: QObject) -> tuple[QSortFilterProxyModel, QTableView]:
    """A configured list that sorts on a header click, through a proxy so the model's rows
    keep their order; it opens with the latest records on top."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    # The model gives sortable keys (ISO times, padded villa numbers) under its own role:
    # the displayed text would sort "A-10" before "A-9".
    proxy.setSortRole(sort_role)
    view = QTableView(objectName=name)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(newest_first_by, Qt.SortOrder.DescendingOrder)
    configure_table(view)
    return proxy, view


def size_columns(view: QTableView, widths: Mapping[int, int], stretch: int) -> None:
    """Starting widths for the short columns; the one long text column takes the rest."""
    header = view.horizontalHeader()
    for column, width in widths.items():
        header.resizeSection(column, width)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


def current_source_row(view: QTableView, proxy: QSortFilterProxyModel) -> int | None:
    """The model row behind the view's current row, wherever the sort has put it."""
    index = view.currentIndex()
    return proxy.mapToSource(index).row() if index.isValid() else None


def select_source_row(view: QTableView, proxy: QSortFilterProxyModel, source_row: int) -> None:
    """Make a model row current, selected and scrolled into sight through the proxy."""
    index = proxy.mapFromSource(proxy.sourceModel().index(source_row, 0))
    view.setCurrentIndex(index)
    view.selectRow(index.row())
    view.scrollTo(index)
