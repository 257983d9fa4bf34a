"""Which work orders the list shows: search or scanned number, state, deadlines, place, people."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from app.i18n import _
from app.models.work_orders import Department, WorkOrderState
from app.services.work_order_queries import OPEN_STATES, WorkOrderFilter
from app.services.work_order_titles import department_title, state_title
from app.views.desk import Desk
from app.views.widgets.dates import date_edit, from_qdate, to_qdate
from app.views.widgets.villa_picker import VillaPicker

TYPING_DELAY_MS = 400
OPEN = "open"
ANY = "any"
PERIODS = ("any", "today", "7", "30", "month", "last_month", "custom")


class FilterBar(QWidget):
    changed = Signal()
    #: Enter in the search box (a scanner ends every barcode with it)
    search_entered = Signal(str)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self._quiet = False
        self.search = QLineEdit(objectName="wo_search")
        self.search.setPlaceholderText(_("Slip number (type or scan), villa, content, name…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self._typing = QTimer(self, singleShot=True, interval=TYPING_DELAY_MS)
        self._typing.timeout.connect(self._emit)
        self.search.textEdited.connect(lambda _t: self._typing.start())
        self.search.returnPressed.connect(self._search_entered)

        self.state = QComboBox(objectName="wo_filter_state")
        self.state.addItem(_("Open"), OPEN)
        self.state.addItem(_("All states"), ANY)
        for state in WorkOrderState:
            self.state.addItem(state_title(state), state.value)
        self.overdue = QCheckBox(_("Overdue only"), objectName="wo_filter_overdue")
        self.period = QComboBox(objectName="wo_filter_period")
        for key, title in zip(PERIODS, (
                _("Any time"), _("Today"), _("Last 7 days"), _("Last 30 days"),
                _("This month"), _("Last month"), _("Dates…")), strict=True):
            self.period.addItem(title, key)
        today = to_qdate(desk.clock.now().date())
        self.start = date_edit(today.addDays(-30), "wo_filter_start")
        self.end = date_edit(today, "wo_filter_end")
        for edit in (self.start, self.end):
            edit.setVisible(False)
            edit.dateChanged.connect(self._emit)
        self.villa = VillaPicker(desk)
        self.villa.setObjectName("wo_filter_villa")
        self.villa.setPlaceholderText(_("All villas"))
        self.villa.setMaximumWidth(140)
        self.department = QComboBox(objectName="wo_filter_department")
        self.department.addItem(_("All departments"), None)
        for value in Department:
            self.department.addItem(department_title(value), value.value)
        self.assignee = QLineEdit(objectName="wo_filter_assignee")
        self.assignee.setPlaceholderText(_("Assignee"))
        self.assignee.setMaximumWidth(100)
        self.clear_button = QToolButton(objectName="wo_filter_clear", text=_("Clear"))
        self.clear_button.setToolTip(_("Show all open work orders again"))

        for combo in (self.state, self.period, self.department):
            combo.currentIndexChanged.connect(self._emit)
        self.period.currentIndexChanged.connect(self._period_changed)
        self.overdue.toggled.connect(self._emit)
        self.villa.villa_chosen.connect(lambda _i, _n: self._emit())
        self.assignee.editingFinished.connect(self._emit)
        self.clear_button.clicked.connect(self.reset)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.search, 2)
        row.addWidget(self.state)
        row.addWidget(self.overdue)
        row.addSpacing(6)
        row.addWidget(QLabel(_("Received:")))
        row.addWidget(self.period)
        row.addWidget(self.start)
        row.addWidget(self.end)
        row.addSpacing(6)
        row.addWidget(self.villa, 1)
        row.addWidget(self.department)
        row.addWidget(self.assignee, 1)
        row.addWidget(self.clear_button)
        for first, second in ((self.search, self.state), (self.state, self.overdue),
                              (self.overdue, self.period), (self.period, self.start),
                              (self.start, self.end), (self.end, self.villa),
                              (self.villa, self.department), (self.department, self.assignee)):
            QWidget.setTabOrder(first, second)

    def current(self) -> WorkOrderFilter:
        key = self.state.currentData()
        states = (OPEN_STATES if key == OPEN else frozenset() if key == ANY
                  else frozenset({WorkOrderState(key)}))
        start, end = self._range()
        department = self.department.currentData()
        return WorkOrderFilter(
            states=states, overdue_only=self.overdue.isChecked(),
            villa_id=self.villa.villa_id() or None,
            department=Department(department) if department else None,
            assignee=self.assignee.text().strip(), received_from=start, received_to=end,
            text=self.search.text().strip(),
        )

    def _range(self) -> tuple[dt.date | None, dt.date | None]:
        today = self.desk.clock.now().date()
        match self.period.currentData():
            case "today":
                return today, today
            case "7":
                return today - dt.timedelta(days=6), today
            case "30":
                return today - dt.timedelta(days=29), today
            case "month":
                return today.replace(day=1), today
            case "last_month":
                end = today.replace(day=1) - dt.timedelta(days=1)
                return end.replace(day=1), end
            case "custom":
                start, end = from_qdate(self.start.date()), from_qdate(self.end.date())
                return min(start, end), max(start, end)
        return None, None

    def set_villa(self, villa_id: int, number: str) -> None:
        self._quiet = True
        self.villa.set_villa(villa_id, number)
        self.state.setCurrentIndex(self.state.findData(ANY))
        self._quiet = False
        self._emit()

    def set_overdue_only(self, on: bool) -> None:
        self.overdue.setChecked(on)

    def reset(self) -> None:
        """Back to every open work order, any time, anyone."""
        self._quiet = True
        self.search.clear()
        self.state.setCurrentIndex(0)
        self.overdue.setChecked(False)
        self.period.setCurrentIndex(0)
        self.villa.clear_villa()
        self.department.setCurrentIndex(0)
        self.assignee.clear()
        self._quiet = False
        self._emit()

    def _period_changed(self) -> None:
        custom = self.period.currentData() == "custom"
        self.start.setVisible(custom)
        self.end.setVisible(custom)

    def _search_entered(self) -> None:
        self._typing.stop()
        self._emit()
        self.search_entered.emit(self.search.text().strip())

    def _emit(self) -> None:
        if not self._quiet:
            self._typing.stop()
            self.changed.emit()


def focus_search(bar: FilterBar) -> None:
    bar.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
    bar.search.selectAll()
