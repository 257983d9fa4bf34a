"""The list of reception records as a table model (plain ``EntryRow`` values, no ORM)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.i18n import N_, _, fmt_datetime, fmt_time
from app.models.reception import EntryClass
from app.services.reception import EntryRow, channel_title, class_title
from app.views.widgets.paged_model import Loader, PagedModel
from app.views.widgets.rows_model import Index
from app.views.work_orders.list_model import short_time

ID_ROLE = Qt.ItemDataRole.UserRole + 2

OVERDUE_FG = QColor("#b71c1c")
OVERDUE_BG = QColor("#fde2e1")
VOID_FG = QColor("#9e9e9e")
CLASS_FG = {
    EntryClass.REPAIR: QColor("#1565c0"),
    EntryClass.INQUIRY: QColor("#2e7d32"),
    EntryClass.COMPLAINT: QColor("#c62828"),
    EntryClass.HELP: QColor("#6a1b9a"),
}


def status_text(row: EntryRow, short: bool = False) -> str:
    """What became of a record, in the words the desk uses. ``short`` is for the list's
    column (month-day times, so it fits beside the others in English too); the tooltip
    and the detail below the list give the long form."""
    if row.voided:
        return _("Voided: {reason}").format(reason=row.void_reason)
    parts = []
    if row.back_entered:
        parts.append(_("Back-entered"))
    if row.work_order_number:
        parts.append(_("Work order {number}").format(number=row.work_order_number))
    if row.complaint_number:
        parts.append(_("Complaint {number}").format(number=row.complaint_number))
    if row.promise_id is not None:
        if row.promise_answered:
            parts.append(_("Answered"))
        else:
            due = row.promise_due_at or row.occurred_at
            if short:  # overdue: the row is red, the time when is in the tooltip
                parts.append(_("Answer overdue") if row.promise_overdue
                             else _("Answer by {time}").format(time=short_time(due)))
            elif row.promise_overdue:
                parts.append(_("Answer overdue since {time}").format(time=fmt_datetime(due)))
            else:
                parts.append(_("Answer due {time}").format(time=fmt_datetime(due)))
    return " · ".join(parts)


class EntriesModel(PagedModel[EntryRow]):
    """The reception register, a page at a time (app/views/widgets/paged_model.py)."""

    COL_TIME = 0
    COL_CHANNEL = 1
    COL_CLASS = 2
    COL_VILLA = 3
    COL_CALLER = 4
    COL_PHONE = 5
    COL_CONTENT = 6
    COL_TAKEN_BY = 7
    COL_STATUS = 8
    headers = (N_("Time"), N_("Channel"), N_("Class"), N_("Villa"), N_("Caller"),
               N_("Contact"), N_("Content"), N_("Taken by"), N_("Status"))
    # The service's indexed keys (reception.ENTRIES). The villa, the staff name and the
    # status are read through joins or computed; the phone may be masked; content is long.
    sort_keys: ClassVar[Mapping[int, str]] = {
        COL_TIME: "occurred_at", COL_CLASS: "entry_class", COL_CHANNEL: "channel",
        COL_CALLER: "caller_name"}
    default_sort = (COL_TIME, Qt.SortOrder.DescendingOrder)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._show_dates = False

    # Wider than PagedModel's: a list spanning several days shows dates, one day only times.
    def load(self, loader: Loader, show_dates: bool = False) -> None:  # type: ignore[override]
        # Safe before the reset: nothing reads the model in between, and the reset makes
        # every view read it afresh.
        self._show_dates = show_dates
        super().load(loader)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_for(index)
        if row is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.COL_CONTENT:
                return row.content
            if col == self.COL_STATUS:
                return status_text(row) or None
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.voided:
                return QBrush(VOID_FG)
            if row.promise_overdue:
                return QBrush(OVERDUE_FG)
            if col == self.COL_CLASS:
                return QBrush(CLASS_FG[row.entry_class])
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(OVERDUE_BG) if row.promise_overdue else None
        if role == Qt.ItemDataRole.FontRole and row.voided:
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None

    def _display(self, row: EntryRow, col: int) -> str:
        match col:
            case self.COL_TIME:
                # Several days: the date as the date filters write it (short, the same in
                # both languages, and it sorts as it reads).
                return f"{row.occurred_at:%Y-%m-%d %H:%M}" if self._show_dates else fmt_time(
                    row.occurred_at)
            case self.COL_CHANNEL:
                return channel_title(row.channel)
            case self.COL_CLASS:
                return class_title(row.entry_class)
            case self.COL_VILLA:
                return row.villa_number
            case self.COL_CALLER:
                return row.caller_name
            case self.COL_PHONE:
                return row.contact_phone
            case self.COL_CONTENT:
                return " ".join(row.content.split())
            case self.COL_TAKEN_BY:
                return row.taken_by_name
            case _:
                return status_text(row, short=True)
