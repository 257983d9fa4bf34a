"""The complaint register as a table model, a page at a time (widgets/paged_model.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.i18n import N_, _, fmt_datetime
from app.models.complaints import ComplaintState, Severity
from app.services.complaint_deadlines import DueState
from app.services.complaint_queries import ComplaintRow
from app.services.complaint_titles import (
    category_title,
    due_title,
    level_title,
    severity_title,
    state_title,
)
from app.views.widgets.paged_model import PagedModel
from app.views.widgets.rows_model import Index

ID_ROLE = Qt.ItemDataRole.UserRole + 2
OVERDUE_FG = QColor("#b71c1c")
OVERDUE_BG = QColor("#fde2e1")
SOON_BG = QColor("#fff3cd")
DONE_FG = QColor("#757575")
SERIOUS_FG = QColor("#c62828")


def short_time(value: Any) -> str:
    return f"{value:%m-%d %H:%M}"


class ComplaintsModel(PagedModel[ComplaintRow]):
    COL_NUMBER = 0
    COL_RECEIVED = 1
    COL_STATE = 2
    COL_PLACE = 3
    COL_CATEGORY = 4
    COL_SEVERITY = 5
    COL_LEVEL = 6
    COL_CONTENT = 7
    COL_DUE = 8
    headers = (N_("Number"), N_("Received at"), N_("State"), N_("Villa / complainant"),
               N_("Category"), N_("Severity"), N_("With"), N_("Content"), N_("Next deadline"))
    sort_keys: ClassVar[Mapping[int, str]] = {
        COL_NUMBER: "number", COL_RECEIVED: "received_at", COL_STATE: "state",
        COL_CATEGORY: "category", COL_SEVERITY: "severity", COL_LEVEL: "level"}
    default_sort = (COL_RECEIVED, Qt.SortOrder.DescendingOrder)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_for(index)
        if row is None:
            return None
        col = index.column()
        match role:
            case Qt.ItemDataRole.DisplayRole:
                return self._display(row, col)
            case Qt.ItemDataRole.ToolTipRole:
                if col == self.COL_CONTENT:
                    return row.content
                if col == self.COL_DUE and row.next_due is not None:
                    return fmt_datetime(row.next_due)
                return None
            case Qt.ItemDataRole.ForegroundRole:
                if row.due == DueState.OVERDUE:
                    return QBrush(OVERDUE_FG)
                if row.state in (ComplaintState.CLOSED, ComplaintState.VOID):
                    return QBrush(DONE_FG)
                if col == self.COL_SEVERITY and row.severity != Severity.GENERAL:
                    return QBrush(SERIOUS_FG)
                return None
            case Qt.ItemDataRole.BackgroundRole:
                if row.due == DueState.OVERDUE:
                    return QBrush(OVERDUE_BG)
                return QBrush(SOON_BG) if row.due == DueState.SOON else None
            case Qt.ItemDataRole.FontRole:
                if row.state == ComplaintState.VOID:
                    font = QFont()
                    font.setStrikeOut(True)
                    return font
                return None
            case _ if role == ID_ROLE:
                return row.id
        return None

    def _display(self, row: ComplaintRow, col: int) -> str:
        match col:
            case self.COL_NUMBER:
                return row.number + (" ↻" if row.repeat else "")
            case self.COL_RECEIVED:
                return short_time(row.received_at)
            case self.COL_STATE:
                return state_title(row.state)
            case self.COL_PLACE:
                return " ".join(p for p in (row.villa_number, row.complainant) if p)
            case self.COL_CATEGORY:
                return category_title(row.category)
            case self.COL_SEVERITY:
                return severity_title(row.severity)
            case self.COL_LEVEL:
                return level_title(row.level)
            case self.COL_CONTENT:
                return " ".join(row.content.split())
            case _:
                if row.due is None or row.next_due is None:
                    return ""
                return _("{state} {time}").format(state=due_title(row.due),
                                                  time=short_time(row.next_due))
