"""节假日: the year's holidays and make-up working days, built-in and entered by the site.

The built-in schedule stops at the year its library knows; for a later year the page says so
and the manager types in the State Council's notice (a run of 春节 days, the 调休 Saturdays).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _, fmt_weekday
from app.services import rules
from app.services.rules import CalendarYear, SpecialDay
from app.views.desk import Desk
from app.views.feedback import FieldErrors, perform
from app.views.messages import Messages
from app.views.widgets.buttons import button_row
from app.views.widgets.dates import date_edit, from_qdate, to_qdate
from app.views.widgets.rows_model import Index, RowsModel
from app.views.widgets.tables import configure_table, size_columns

HOLIDAY_FG = QColor("#b03a2e")
WARNING_STYLE = "color: #8a5a00; background: #fff4d6; padding: 6px; border-radius: 3px;"


class SpecialDaysModel(RowsModel[SpecialDay]):
    COL_DATE, COL_WEEKDAY, COL_KIND, COL_NAME, COL_SOURCE = range(5)
    headers = (N_("Date"), N_("Weekday"), N_("Kind"), N_("Holiday name"), N_("Source"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_for(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            kind = _("Make-up working day") if row.is_workday else _("Holiday")
            source = _("Entered here") if row.site_entry else _("Built-in")
            return (row.day.isoformat(), fmt_weekday(row.day), kind, row.name,
                    source)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and not row.is_workday:
            return QBrush(HOLIDAY_FG)
        return None


class HolidaysPage(QWidget):
    changed = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        today = desk.clock.now().date()
        self.year = QSpinBox(objectName="calendar_year")
        self.year.setRange(today.year - 3, today.year + 3)
        self.year.setValue(today.year)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.summary = QLabel(objectName="calendar_summary")
        self.warning = QLabel(objectName="calendar_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARNING_STYLE)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Year:")))
        top.addWidget(self.year)
        top.addWidget(self.summary, 1)
        self.model = SpecialDaysModel(self)
        self.table = QTableView(objectName="special_days")
        self.table.setModel(self.model)
        configure_table(self.table)
        size_columns(self.table, {SpecialDaysModel.COL_DATE: 100,
                                  SpecialDaysModel.COL_WEEKDAY: 60,
                                  SpecialDaysModel.COL_KIND: 170,
                                  SpecialDaysModel.COL_SOURCE: 90}, SpecialDaysModel.COL_NAME)
        self.table.selectionModel().currentRowChanged.connect(self._chosen)
        self.first = date_edit(to_qdate(today), "first_day")
        self.last = date_edit(to_qdate(today), "last_day")
        self.first.dateChanged.connect(self._first_moved)
        self.kind = QComboBox(objectName="day_kind")
        self.kind.addItem(_("Holiday (day off)"), False)
        self.kind.addItem(_("Make-up working day (调休上班)"), True)
        self.kind.setMaximumWidth(240)
        self.name = QLineEdit(objectName="holiday_name")
        self.name.setMaximumWidth(240)
        self.name.setPlaceholderText(_("e.g. 春节"))
        self.errors = FieldErrors()
        span = QHBoxLayout()
        span.addWidget(self.first)
        span.addWidget(QLabel("—"))
        span.addWidget(self.last)
        span.addStretch(1)
        form = QFormLayout()
        form.addRow(_("Days:"), span)
        self.errors.add("last", self.last, form)
        form.addRow(_("Kind:"), self.kind)
        form.addRow(_("Name:"), self.name)
        self.errors.add("name", self.name, form)
        self.enter_button = QPushButton(_("Enter these days"), objectName="enter_days")
        self.remove_button = QPushButton(_("Remove this entry"), objectName="remove_day")
        self.enter_button.clicked.connect(self.enter)
        self.remove_button.clicked.connect(self.remove)
        self.name.returnPressed.connect(self.enter)
        buttons = button_row(self.enter_button, self.remove_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.warning)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.setTabOrder(self.year, self.table)
        self.setTabOrder(self.table, self.first)
        self.setTabOrder(self.first, self.last)
        self.setTabOrder(self.last, self.kind)
        self.setTabOrder(self.kind, self.name)
        self.setTabOrder(self.name, self.enter_button)
        self.refresh()

    def refresh(self, select: dt.date | None = None) -> CalendarYear | None:
        year = self.year.value()
        shown = perform(self, lambda: rules.calendar_year(self.desk.uow, year))
        if shown is None:
            return None
        self.model.set_rows(shown.days)
        off = sum(1 for d in shown.days if not d.is_workday)
        made_up = len(shown.days) - off
        self.summary.setText(_("{off} holidays, {made_up} make-up working days").format(
            off=off, made_up=made_up))
        self.warning.setVisible(not shown.complete)
        self.warning.setText(_(
            "The built-in calendar does not know the holidays of {year}. Until they are "
            "entered here, every weekday counts as a working day and no holiday greeting is "
            "shown. Enter the days from the State Council's notice for {year}.").format(
                year=year))
        if select is not None:
            position = self.model.row_of(select.isoformat())
            if position >= 0:
                self.table.selectRow(position)
        self._chosen(self.table.currentIndex(), QModelIndex())
        return shown

    def current(self) -> SpecialDay | None:
        return self.model.row_for(self.table.currentIndex())

    def _chosen(self, current: Index, _previous: Index) -> None:
        row = self.model.row_for(current)
        self.remove_button.setEnabled(row is not None and row.site_entry)

    def _first_moved(self) -> None:
        # Typing a run of days starts with the first; the last follows unless already later.
        if self.last.date() < self.first.date():
            self.last.setDate(self.first.date())

    def enter(self) -> list[SpecialDay] | None:
        uow = self.desk.uow
        first, last = from_qdate(self.first.date()), from_qdate(self.last.date())
        workday, name = bool(self.kind.currentData()), self.name.text()
        entered = perform(self, lambda: rules.enter_days(uow, first, last, workday, name),
                          self.errors)
        if entered:
            self.errors.clear()
            if self.year.value() != first.year:
                self.year.setValue(first.year)
            self.refresh(first)
            self.changed.emit()
        return entered

    def remove(self) -> bool:
        row = self.current()
        if row is None or not row.site_entry:
            return False
        if not Messages.confirm(self, _("Remove the entry for {day}? The built-in calendar "
                                        "or an ordinary week applies to it again.").format(
                                            day=row.day.strftime("%Y-%m-%d"))):
            return False
        done = perform(self, lambda: rules.remove_day(self.desk.uow, row.day) or True)
        if done:
            self.refresh()
            self.changed.emit()
        return bool(done)
