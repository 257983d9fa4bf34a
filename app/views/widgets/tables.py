"""How the desk's lists look and behave, set in one place so that they all feel alike."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QRect,
    Qt,
    QTimer,
)
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
)


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


def size_columns(view: QTableView, widths: Mapping[int, int], stretch: int) -> None:
    """Starting widths for the short columns; the one long text column takes the rest."""
    header = view.horizontalHeader()
    for column, width in widths.items():
        header.resizeSection(column, width)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


#: Rows measured when columns are fitted: a page of any list (more scroll in later and
#: still have their tooltips), bounded so a refit stays near 30 ms.
FIT_SAMPLE_ROWS = 200
#: Rows measured in one event-loop turn when a changed list is refitted.
FIT_STEP_ROWS = 40
#: The long text column never gets narrower than this while others take their full width.
FIT_FLEX_MINIMUM = 120


class ColumnFitter(QObject):
    """Keeps a list's columns as wide as their header and content within the width the
    view has, and gives every cell or header whose text is still cut off a tooltip with
    the full text.

    Made by :func:`fit_columns`; it refits when the view is resized and when rows change.
    When everything fits, the ``stretch`` column takes the space left over. When it does
    not, the widest columns give way first (the short ones — times, states, money — stay
    whole), and what is then cut off shows in full on hover.
    """

    def __init__(self, view: QTableView, stretch: int | None,
                 minimums: Mapping[int, int], keep_whole: Iterable[int] = ()) -> None:
        super().__init__(view)
        self.view = view
        self.stretch = stretch
        self.minimums = dict(minimums)
        self.keep_whole = frozenset(keep_whole)
        #: a refit is queued or measuring (tests wait for it to be done)
        self.pending = False
        self._model: QAbstractItemModel | None = None
        #: widths measured for the sample rows (header included), before the minimums
        self._measured: dict[int, int] | None = None
        #: a measurement going on in steps, and the next row it measures
        self._partial: dict[int, int] | None = None
        self._next_row = 0
        #: the rows changed since the last measurement
        self._stale = True
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        # A title that does not fit ends in "…" (and has a tooltip) instead of being clipped.
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        for column in range(header.count()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)
        header.viewport().installEventFilter(self)
        self._watch(view.model())
        self.fit()

    # -- measuring -----------------------------------------------------------------------
    def wanted_widths(self) -> dict[int, int]:
        """Each visible column's width for its header and content without cutting any."""
        return self._with_minimums(self._measure(0, FIT_SAMPLE_ROWS, {}))

    def _visible_columns(self) -> list[int]:
        model, header = self.view.model(), self.view.horizontalHeader()
        if model is None:
            return []
        return [c for c in range(model.columnCount()) if not header.isSectionHidden(c)]

    def _measure(self, first: int, stop: int, widths: dict[int, int]) -> dict[int, int]:
        """Widen ``widths`` (column → width) to the header and the sample rows first..stop."""
        view = self.view
        model = view.model()
        if model is None:
            return widths
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        grid = 1 if view.showGrid() else 0
        rows = range(first, min(model.rowCount(), FIT_SAMPLE_ROWS, stop))
        for column in self._visible_columns():
            width = widths.get(column) or header_text_width(view, column)
            for row in rows:
                width = max(width, cell_width(view, model.index(row, column), option) + grid)
            widths[column] = width
        return widths

    def _with_minimums(self, measured: Mapping[int, int]) -> dict[int, int]:
        return {c: max(w, self.minimums.get(c, 0)) for c, w in measured.items()}

    def available_width(self) -> int:
        view = self.view
        width = view.viewport().width()
        if not view.isVisible():
            # Not laid out yet: the viewport keeps its default size until shown.
            width = view.width() - 2 * view.frameWidth()
            if view.verticalScrollBar().isVisible():
                width -= view.verticalScrollBar().sizeHint().width()
        return width

    # -- fitting -------------------------------------------------------------------------
    def fit(self) -> None:
        """Measure the sample rows now and fit (the queued refits measure in steps)."""
        self.pending = False
        self._stale, self._partial = False, None
        self._measured = self._measure(0, FIT_SAMPLE_ROWS, {})
        self._apply(self._measured)

    def _apply(self, measured: Mapping[int, int]) -> None:
        wanted = self._with_minimums(measured)
        available = self.available_width()
        if not wanted or available <= 0:
            return
        widths = share_width(wanted, available, self.stretch,
                             self.minimums.get(self.stretch, FIT_FLEX_MINIMUM)
                             if self.stretch is not None else 0, self.keep_whole)
        header = self.view.horizontalHeader()
        for column, width in widths.items():
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)

    def _step(self) -> None:
        """One queued refit step. Showing the list again or resizing it reuses what was
        measured (only the sharing out is redone); changed rows are measured
        ``FIT_STEP_ROWS`` at a time, one event-loop turn each, so a refresh never holds
        the GUI thread for the whole sample (200 rows × 10 columns took ~100 ms)."""
        if self._stale or (self._measured is not None and self._partial is None
                           and set(self._measured) != set(self._visible_columns())):
            self._stale, self._partial, self._next_row = False, {}, 0
        if self._partial is not None:
            model = self.view.model()
            total = min(model.rowCount(), FIT_SAMPLE_ROWS) if model is not None else 0
            first = self._next_row
            self._next_row += FIT_STEP_ROWS
            self._measure(first, self._next_row, self._partial)
            if self._next_row < total:
                if first == 0 and self._measured is None:
                    self._apply(self._partial)  # a first fill: the rows in sight fit at once
                QTimer.singleShot(0, self, self._step)
                return
            self._measured, self._partial = self._partial, None
        self.pending = False
        if self._measured is not None:
            self._apply(self._measured)

    # -- events --------------------------------------------------------------------------
    def _watch(self, model: QAbstractItemModel | None) -> None:
        if model is None or model is self._model:
            return
        self._model = model
        self._stale = True
        for signal in (model.modelReset, model.layoutChanged, model.headerDataChanged):
            signal.connect(self._content_changed)
        model.rowsInserted.connect(self._rows_changed)
        model.rowsRemoved.connect(self._rows_changed)
        model.dataChanged.connect(lambda first, _last, _roles=(): self._rows_changed(
            QModelIndex(), first.row(), first.row()))

    def _rows_changed(self, _parent: QModelIndex, first: int, _last: int) -> None:
        # Only the first FIT_SAMPLE_ROWS rows are measured: a page scrolled in below them
        # (a paged list's fetchMore) changes no width, and measuring the same 200 rows again
        # after every page stalled the scroll for ~100 ms each time.
        if first < FIT_SAMPLE_ROWS:
            self._content_changed()

    def _content_changed(self, *_args: object) -> None:
        self._stale = True
        self._refit_soon()

    def _refit_soon(self, *_args: object) -> None:
        # Several signals come in a burst (reset, then persistent editors opening): fit once.
        if not self.pending:
            self.pending = True
            QTimer.singleShot(0, self, self._step)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        view = self.view
        if watched is view and event.type() in (QEvent.Type.Resize, QEvent.Type.Show,
                                                QEvent.Type.FontChange):
            self._watch(view.model())
            if event.type() == QEvent.Type.FontChange:
                self._stale = True  # every width depends on the font
            self._refit_soon()
        elif event.type() == QEvent.Type.Resize and watched is not view:
            # The viewport: a vertical scroll bar that appears with the rows narrows it
            # after the fit; fit again, or the last column hangs out under a sideways bar.
            self._refit_soon()
        elif event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            if watched is view.viewport():
                index = view.indexAt(event.pos())
                text = cell_tooltip(view, index) if index.isValid() else None
                rect = view.visualRect(index)
            elif watched is view.horizontalHeader().viewport():
                column = view.horizontalHeader().logicalIndexAt(event.pos())
                text = header_tooltip(view, column) if column >= 0 else None
                header = view.horizontalHeader()
                rect = QRect(header.sectionViewportPosition(column), 0,
                             header.sectionSize(column), header.height())
            else:
                return False
            if text:
                QToolTip.showText(event.globalPos(), text, watched, rect)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return False


def share_width(wanted: Mapping[int, int], available: int, stretch: int | None,
                stretch_minimum: int, keep_whole: Iterable[int] = ()) -> dict[int, int]:
    """Column widths that fill ``available``: every column its wanted width and the
    ``stretch`` column the rest; when that is too wide, the stretch column shrinks to its
    minimum and then the widest of the others are capped at one common width. Columns in
    ``keep_whole`` (times, deadlines, money) are never cut: if even they do not fit, the
    list scrolls sideways instead."""
    widths = dict(wanted)
    whole = frozenset(keep_whole)
    fixed = sum(widths[c] for c in widths if c in whole and c != stretch)
    others = [c for c in widths if c != stretch and c not in whole]
    others_total = sum(widths[c] for c in others) + fixed
    if stretch is not None and stretch in widths:
        flex_need = min(widths[stretch], stretch_minimum)
        if others_total + flex_need <= available:
            widths[stretch] = max(available - others_total, flex_need)
            return widths
        widths[stretch] = flex_need
        room = available - flex_need - fixed
    else:
        room = available - fixed
    if others_total - fixed <= room or not others:
        return widths
    # Water level: the largest cap at which the capped columns still fit in the room.
    ordered = sorted(widths[c] for c in others)
    cap, spent = 0, 0
    for position, width in enumerate(ordered):
        remaining = len(ordered) - position
        if spent + width * remaining > room:
            cap = max((room - spent) // remaining, 24)
            break
        spent += width
    for column in others:
        widths[column] = min(widths[column], cap)
    return widths


def cell_width(view: QTableView, index: QModelIndex,
               option: QStyleOptionViewItem | None = None) -> int:
    """The width a cell needs to show its content whole (text, margins, any open editor)."""
    if option is None:
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
    width = view.itemDelegateForIndex(index).sizeHint(option, index).width()
    editor = view.indexWidget(index)
    if editor is not None:
        width = max(width, editor.sizeHint().width())
    return width


def header_text_width(view: QTableView, column: int) -> int:
    """The width a header section needs for its whole title (and the sort arrow)."""
    return view.horizontalHeader().sectionSizeHint(column)


def cell_is_cut(view: QTableView, index: QModelIndex) -> bool:
    """True when the cell's text does not fit its column and is shown elided."""
    # The grid line takes one pixel of the column, as the view paints it.
    grid = 1 if view.showGrid() else 0
    return cell_width(view, index) > view.columnWidth(index.column()) - grid


def cell_tooltip(view: QTableView, index: QModelIndex) -> str | None:
    """What hovering a cell shows: the model's own tooltip, else the full text of a cut-off
    cell, else nothing."""
    own = index.data(Qt.ItemDataRole.ToolTipRole)
    if own:
        return str(own)
    if cell_is_cut(view, index):
        text = index.data(Qt.ItemDataRole.DisplayRole)
        return str(text) if text not in (None, "") else None
    return None


def header_tooltip(view: QTableView, column: int) -> str | None:
    """The full title of a header section too narrow for it (or the model's own tooltip)."""
    model = view.model()
    own = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    if own:
        return str(own)
    header = view.horizontalHeader()
    if header_text_width(view, column) > header.sectionSize(column):
        title = model.headerData(column, Qt.Orientation.Horizontal)
        return str(title) if title else None
    return None


def column_fitter(view: QTableView) -> ColumnFitter | None:
    """The fitter :func:`fit_columns` gave this view, if any."""
    return view.findChild(ColumnFitter)


def fit_columns(view: QTableView, *, stretch: int | None = None,
                minimums: Mapping[int, int] | None = None,
                keep_whole: Iterable[int] = ()) -> ColumnFitter:
    """Size a list's columns to their content within the view's width, refitted on resize
    and on new rows, with tooltips for whatever is still cut off. ``stretch`` is the long
    text column that takes the space left over (and gives way first); ``minimums`` are
    widths a column never goes below (e.g. room for an editor); ``keep_whole`` columns
    are never cut (short values that mean nothing when elided: times, deadlines, money).

    Use it for every list instead of fixed pixel widths: Chinese and English need
    different widths, and so do the desk's fonts."""
    existing = view.findChild(ColumnFitter)
    if existing is not None:
        existing.stretch = stretch
        existing.minimums = dict(minimums or {})
        existing.keep_whole = frozenset(keep_whole)
        existing.fit()
        return existing
    return ColumnFitter(view, stretch, minimums or {}, keep_whole)
