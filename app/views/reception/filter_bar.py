"""Which records the list shows: a day (or range), class, villa and staff member."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolButton, QWidget

from app.i18n import _
from app.models.reception import EntryClass
from app.services import reception
from app.services.reception import EntryFilter, class_title
from app.views.desk import Desk
from app.views.widgets.dates import date_edit, from_qdate, to_qdate
from app.views.widgets.villa_picker import VillaPicker


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self._quiet = False
        today = to_qdate(desk.clock.now().date())
        self.start = date_edit(today, "filter_start")
        self.end = date_edit(today, "filter_end")
        for edit in (self.start, self.end):
            edit.dateChanged.connect(self._dates_changed)
        self.previous = QToolButton(objectName="previous_day", text="◀")
        self.previous.setToolTip(_("Previous day"))
        self.previous.clicked.connect(lambda: self.shift_day(-1))
        self.next = QToolButton(objectName="next_day", text="▶")
        self.next.setToolTip(_("Next day"))
        self.next.clicked.connect(lambda: self.shift_day(1))
        self.today = QToolButton(objectName="today", text=_("Today"))
        self.today.clicked.connect(self.show_today)
        self.entry_class = QComboBox(objectName="filter_class")
        self.entry_class.addItem(_("All classes"), None)
        for value in EntryClass:
            self.entry_class.addItem(class_title(value), value)
        self.entry_class.currentIndexChanged.connect(self._emit)
        self.villa = VillaPicker(desk)
        self.villa.setObjectName("filter_villa")
        self.villa.setPlaceholderText(_("All villas"))
        self.villa.setMaximumWidth(150)
        self.villa.villa_chosen.connect(lambda _i, _n: self._emit())
        self.staff = QComboBox(objectName="filter_staff")
        self.staff.currentIndexChanged.connect(self._emit)
        self.load_staff()

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.previous)
        row.addWidget(self.start)
        row.addWidget(QLabel("–"))
        row.addWidget(self.end)
        row.addWidget(self.next)
        row.addWidget(self.today)
        row.addSpacing(12)
        row.addWidget(self.entry_class)
        row.addWidget(self.villa)
        row.addWidget(self.staff)
        row.addStretch(1)

    def load_staff(self) -> None:
        keep = self.staff.currentData()
        self._quiet = True
        self.staff.clear()
        self.staff.addItem(_("All staff"), None)
        for staff_id, label in reception.staff_choices(self.desk.uow):
            self.staff.addItem(label, staff_id)
        index = self.staff.findData(keep)
        self.staff.setCurrentIndex(max(index, 0))
        self._quiet = False

    def current(self) -> EntryFilter:
        return EntryFilter(
            start=from_qdate(self.start.date()), end=from_qdate(self.end.date()),
            entry_class=self.entry_class.currentData(),
            villa_id=self.villa.villa_id() or None,
            taken_by_id=self.staff.currentData(),
        )

    def is_single_day(self) -> bool:
        return self.start.date() == self.end.date()

    def set_range(self, start: dt.date, end: dt.date) -> None:
        self._quiet = True
        self.start.setDate(to_qdate(start))
        self.end.setDate(to_qdate(end))
        self._quiet = False
        self._emit()

    def show_today(self) -> None:
        today = self.desk.clock.now().date()
        self.set_range(today, today)

    def shift_day(self, days: int) -> None:
        day = from_qdate(self.start.date()) + dt.timedelta(days=days)
        self.set_range(day, day)

    def set_villa(self, villa_id: int, number: str) -> None:
        self._quiet = True
        self.villa.set_villa(villa_id, number)
        self._quiet = False
        self._emit()

    def clear_narrowing(self) -> None:
        """Class, villa and staff back to "all", without a refresh of its own."""
        self._quiet = True
        self.entry_class.setCurrentIndex(0)
        self.villa.clear_villa()
        self.staff.setCurrentIndex(0)
        self._quiet = False

    def _dates_changed(self) -> None:
        if self._quiet:
            return
        # Keep the range the right way round whichever end was moved.
        if self.end.date() < self.start.date():
            self._quiet = True
            if self.sender() is self.start:
                self.end.setDate(self.start.date())
            else:
                self.start.setDate(self.end.date())
            self._quiet = False
        self._emit()

    def _emit(self) -> None:
        if not self._quiet:
            self.changed.emit()
