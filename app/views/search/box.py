"""The search box (Ctrl+F / Ctrl+K): results appear as you type, grouped by kind.

Typing waits 150 ms for a pause, then runs ``search.search`` through the one action path
(``feedback.perform``). The read is served by the search index and takes a few
milliseconds even on a ten-year database (scripts/bench_search.py), so it runs on the GUI
thread. The results list hangs under the box inside the window (not a popup window, so
the box keeps the keyboard): Down/Up move through the hits, skipping the group headers,
Enter opens the chosen (or first) hit, Esc closes the list.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import validation
from app.i18n import _
from app.services import search
from app.services.search import Group, Hit, Opens
from app.views.desk import Desk
from app.views.feedback import FieldErrors, perform

DEBOUNCE_MS = 150
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
RESULTS_WIDTH = 560
RESULTS_MAX_HEIGHT = 520


class SearchResults(QFrame):
    """The grouped hits under the box: a header line per kind, two lines per hit."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("search_results")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#search_results { background: palette(base); "
                           "border: 1px solid palette(mid); }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.error = QLabel(objectName="search_error")  # FieldErrors shows and hides it
        self.error.setContentsMargins(6, 4, 6, 4)
        self.message = QLabel(objectName="search_message")
        self.message.setWordWrap(True)
        self.message.setContentsMargins(6, 4, 6, 4)
        self.list = QListWidget(objectName="search_list")
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the box keeps the keyboard
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.error)
        layout.addWidget(self.message)
        layout.addWidget(self.list)
        self.hide()

    def show_groups(self, groups: list[Group]) -> None:
        self.list.clear()
        header_font = QFont(self.font())
        header_font.setBold(True)
        for group in groups:
            header = QListWidgetItem(group.title)
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            header.setFont(header_font)
            header.setForeground(self.palette().dark())
            self.list.addItem(header)
            for hit in group.hits:
                item = QListWidgetItem(f"{hit.title}\n{hit.subtitle}")
                item.setData(HIT_ROLE, hit)
                item.setToolTip(f"{hit.title}\n{hit.subtitle}")
                if hit.retired:
                    item.setForeground(self.palette().dark())
                self.list.addItem(item)
        self.message.setVisible(not groups)
        self.list.setVisible(bool(groups))
        if groups:
            self.move_selection(1)

    def hits(self) -> list[Hit]:
        return [hit for i in range(self.list.count())
                if isinstance(hit := self.list.item(i).data(HIT_ROLE), Hit)]

    def current_hit(self) -> Hit | None:
        item = self.list.currentItem()
        hit = item.data(HIT_ROLE) if item is not None else None
        return hit if isinstance(hit, Hit) else None

    def move_selection(self, step: int) -> None:
        """The next hit down (step 1) or up (-1), past the headers; stays at the ends."""
        rows = [i for i in range(self.list.count())
                if isinstance(self.list.item(i).data(HIT_ROLE), Hit)]
        if not rows:
            return
        current = self.list.currentRow()
        if current not in rows:
            target = rows[0] if step > 0 else rows[-1]
        else:
            index = rows.index(current) + step
            target = rows[max(0, min(index, len(rows) - 1))]
        self.list.setCurrentRow(target)

    def fit(self) -> None:
        rows = sum(self.list.sizeHintForRow(i) for i in range(self.list.count()))
        labels = sum(label.sizeHint().height() for label in (self.error, self.message)
                     if not label.isHidden())
        height = labels + (rows + 8 if not self.list.isHidden() else 8)
        self.resize(RESULTS_WIDTH, min(RESULTS_MAX_HEIGHT, max(40, height)))


class SearchBox(QLineEdit):
    """One box for every register; ``open_requested`` says which record to show."""

    open_requested = Signal(object)  # Opens

    def __init__(self, desk: Desk, host: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setObjectName("global_search")
        self.setClearButtonEnabled(True)
        self.setMaxLength(validation.SEARCH_MAX)
        self.setPlaceholderText(_("Villa, name, pinyin, phone tail or slip number"))
        self.results = SearchResults(host)
        self.results.list.itemClicked.connect(self._clicked)
        self.errors = FieldErrors()
        self.errors.add("text", self, label=self.results.error)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)
        self.textEdited.connect(lambda _text: self._timer.start())
        self.groups: list[Group] = []

    # -- searching ------------------------------------------------------------------------
    def run_search(self) -> None:
        self._timer.stop()
        text = self.text()
        if not text.strip():
            self.groups = []
            self.results.hide()
            return
        groups = perform(self, lambda: search.search(self.desk.uow, text), self.errors)
        if groups is None:  # refused: the message is shown in the list's place
            self.groups = []
            self.results.message.hide()
            self.results.list.hide()
            self._show_results()
            return
        self.groups = groups
        self.results.message.setText(_("Nothing found for “{text}”.").format(text=text.strip()))
        self.results.show_groups(groups)
        self._show_results()

    def _show_results(self) -> None:
        host = self.results.parentWidget()
        assert host is not None
        self.results.fit()
        below = self.mapTo(host, QPoint(0, self.height() + 2))
        x = min(below.x(), max(0, host.width() - self.results.width()))
        self.results.move(x, below.y())
        self.results.show()
        self.results.raise_()

    def hide_results(self) -> None:
        self.results.hide()

    # -- keyboard -------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.results.isVisible():
            self.results.move_selection(1 if key == Qt.Key.Key_Down else -1)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # A scanner types the number and Enter at once: search now, then open.
            if self._timer.isActive() or not self.results.isVisible():
                self.run_search()
            hit = self.results.current_hit() if self.results.isVisible() else None
            if hit is not None:
                self._open(hit.opens)
            return
        if key == Qt.Key.Key_Escape and self.results.isVisible():
            self.hide_results()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QEvent) -> None:  # type: ignore[override]
        super().focusOutEvent(event)  # type: ignore[arg-type]
        # A click in the list does not take the focus (NoFocus), so leaving the box for
        # anything else closes the list.
        QTimer.singleShot(0, self._close_if_left)

    def _close_if_left(self) -> None:
        if not self.hasFocus():
            self.hide_results()

    def _clicked(self, item: QListWidgetItem) -> None:
        hit = item.data(HIT_ROLE)
        if isinstance(hit, Hit):
            self._open(hit.opens)

    def _open(self, opens: Opens) -> None:
        self.hide_results()
        self.open_requested.emit(opens)

    def focus(self) -> None:
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.selectAll()
        if self.text().strip() and self.groups:
            self._show_results()
