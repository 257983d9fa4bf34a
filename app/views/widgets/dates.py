"""Python dates to Qt's and back, and the date field the desk's filters use.

The services speak ``datetime``; Qt's editors speak ``QDate``/``QDateTime``. Times are kept to
the minute, as the desk's time fields show them.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QWidget

from app import validation
from app.views.widgets.tab_stops import one_tab_stop

#: Unambiguous in both languages, and sorts as it reads.
DATE_FORMAT = "yyyy-MM-dd"
DATETIME_FORMAT = "yyyy-MM-dd HH:mm"


def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def to_qdatetime(value: dt.datetime) -> QDateTime:
    return QDateTime(value.year, value.month, value.day, value.hour, value.minute, 0)


def from_qdatetime(value: QDateTime) -> dt.datetime:
    d, t = value.date(), value.time()
    return dt.datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


def date_edit(value: QDate, name: str) -> QDateEdit:
    """A date field with a calendar to pick from, for the ends of a date range."""
    edit = QDateEdit(value, objectName=name)
    # The years the desk handles (the services refuse others): no picking 9999-12-31.
    edit.setDateRange(to_qdate(validation.EARLIEST_DATE), to_qdate(validation.LATEST_DATE))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    one_tab_stop(edit)  # one Tab leaves it, not one per year, month and day
    return edit


def datetime_edit(value: dt.datetime | None, name: str,
                  parent: QWidget | None = None) -> QDateTimeEdit:
    """A date-and-time field to the minute, with a calendar, limited to the desk's years."""
    edit = QDateTimeEdit(parent, objectName=name)
    edit.setDisplayFormat(DATETIME_FORMAT)
    edit.setCalendarPopup(True)
    edit.setDateTimeRange(QDateTime(to_qdate(validation.EARLIEST_DATE), QTime(0, 0)),
                          QDateTime(to_qdate(validation.LATEST_DATE), QTime(23, 59)))
    if value is not None:
        edit.setDateTime(to_qdatetime(value))
    return edit

