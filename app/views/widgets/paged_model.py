"""The one table model every register's list uses: pages read by keyset, sorted in SQL.

A register's list model subclasses ``PagedModel`` and declares ``headers`` and which
columns sort by which of the service's keys (``sort_keys``; see app/services/paging.py).
The tab hands it a loader, ``(sort, after, limit) -> Page``, that calls the service with
the filters of the moment, so the model never sees SQL. Then:

- the first page is read on ``load``; the next one when the view scrolls near the end
  (``canFetchMore``/``fetchMore``), after the cursor of the last page;
- a header click (``sort``) reads the register again from the start in that order: the
  database sorts the whole register, not the rows that happen to be loaded. A column
  without a key refuses, and ``paged_table`` puts the header's arrow back;
- ``refresh_keeping`` (after a change anywhere) reads again as many rows as were loaded
  and puts the selection (by record id) and the scroll position back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TypeVar

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtWidgets import QTableView

from app.services.paging import PAGE_MAX, PAGE_SIZE, Cursor, Direction, Page, Sort
from app.views.widgets.rows_model import Index, RowsModel
from app.views.widgets.tables import configure_table

Row = TypeVar("Row")
#: sort, the cursor to start after (None: the start), how many → one page (None: refused)
Loader = Callable[[Sort, Cursor | None, int], Page[Any] | None]


class PagedModel(RowsModel[Row]):
    #: column → the service's sort key; a column not here cannot be sorted by.
    sort_keys: ClassVar[Mapping[int, str]] = {}
    #: The order a list opens in: (column, order).
    default_sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.DescendingOrder)
    page_size = PAGE_SIZE

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._loader: Loader | None = None
        self._next: Cursor | None = None
        self._more = False
        self.sort_column, self.sort_order = self.default_sort

    # -- what the list is ordered by ------------------------------------------------------
    def sortable(self, column: int) -> bool:
        return column in self.sort_keys

    def current_sort(self) -> Sort:
        direction = (Direction.ASC if self.sort_order == Qt.SortOrder.AscendingOrder
                     else Direction.DESC)
        return Sort(self.sort_keys[self.sort_column], direction)

    # -- loading ------------------------------------------------------------------------
    def load(self, loader: Loader) -> None:
        """Start over with a new query (new filters): the first page now, more on scroll."""
        self._loader = loader
        self._reload(self.page_size)

    def reload(self) -> None:
        """Read again as many rows as are loaded now (at least a page), from the start."""
        self._reload(max(len(self._rows), self.page_size))

    def _reload(self, wanted: int) -> None:
        rows: list[Row] = []
        following: Cursor | None = None
        more = False
        if self._loader is not None:
            while True:
                page = self._loader(self.current_sort(), following,
                                    min(wanted - len(rows), PAGE_MAX))
                if page is None:  # refused (the error was shown): keep what is there
                    return
                rows.extend(page.rows)
                following, more = page.next, page.has_more
                if not more or following is None or len(rows) >= wanted:
                    break
        # Out with the old rows, in with the new ones (rather than a model reset): a view
        # or a model tester that asks for more while being told of the change sees no
        # more to fetch until the cursor of the new rows is in place.
        self._next, self._more = None, False
        if self._rows:
            self.beginRemoveRows(QModelIndex(), 0, len(self._rows) - 1)
            self._rows = []
            self.endRemoveRows()
        if rows:
            self.beginInsertRows(QModelIndex(), 0, len(rows) - 1)
            self._rows = rows
            self.endInsertRows()
        self._next, self._more = following, more

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return (not parent.isValid() and self._more and self._next is not None
                and self._loader is not None)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or self._loader is None:
            return
        page = self._loader(self.current_sort(), self._next, self.page_size)
        # Nothing more to fetch while these rows go in: whoever is told of them (a view, a
        # model tester) and asks for more gets the page after them, not this one again.
        self._more = False
        if page is None:
            return
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        self._next, self._more = page.next, page.has_more

    # -- Qt -------------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A header click: the database orders the whole register; the list starts at the
        top of the new order. A column without an index refuses (nothing happens)."""
        if not self.sortable(column):
            return
        if (column, order) == (self.sort_column, self.sort_order) and self._rows:
            return
        self.sort_column, self.sort_order = column, order
        self._reload(self.page_size)

    def id_at(self, row: int) -> object:
        return getattr(self._rows[row], "id", None) if 0 <= row < len(self._rows) else None


def paged_table(model: PagedModel[Any], name: str) -> QTableView:
    """A configured list over a paged model: sorting on a header click (in SQL, by the
    model), and the arrow stays where it was when the clicked column cannot be sorted."""
    view = QTableView(objectName=name)
    view.setModel(model)
    configure_table(view)
    header = view.horizontalHeader()
    header.setSortIndicator(model.sort_column, model.sort_order)
    view.setSortingEnabled(True)

    def keep_arrow(column: int, _order: Qt.SortOrder) -> None:
        # The view has already asked the model, which refused; put the arrow back.
        if not model.sortable(column):
            header.blockSignals(True)
            header.setSortIndicator(model.sort_column, model.sort_order)
            header.blockSignals(False)

    header.sortIndicatorChanged.connect(keep_arrow)
    return view


def current_id(view: QTableView) -> object:
    """The record id of the view's current row (None when no row is current)."""
    model = view.model()
    index = view.currentIndex()
    if not isinstance(model, PagedModel) or not index.isValid():
        return None
    return model.id_at(index.row())


def select_id(view: QTableView, record_id: object, scroll: bool = True) -> bool:
    """Make the row of ``record_id`` current and selected (if it is loaded)."""
    model = view.model()
    assert isinstance(model, PagedModel)
    row = model.row_of(record_id)
    if row < 0:
        return False
    index = model.index(row, 0)
    view.setCurrentIndex(index)
    view.selectRow(row)
    if scroll:
        view.scrollTo(index)
    return True


def refresh_keeping(view: QTableView) -> bool:
    """Read the list again after a change, keeping what the user had: as many rows as were
    loaded, the selected record (by id, wherever it now is) and the scroll position.
    Returns whether the selected record is still listed."""
    model = view.model()
    assert isinstance(model, PagedModel)
    keep = current_id(view)
    bar = view.verticalScrollBar()
    position = bar.value()
    model.reload()
    kept = keep is not None and select_id(view, keep, scroll=False)
    view.doItemsLayout()  # the scroll range of the rows just read, before it is set
    bar.setValue(min(position, bar.maximum()))
    return kept
