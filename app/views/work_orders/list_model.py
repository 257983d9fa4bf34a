"""The work-order list as a table model: plain ``WorkOrderRow`` values, fetched page by page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.i18n import N_, _, fmt_datetime, fmt_money
from app.models.deadlines import DeadlineEvent
from app.models.work_order_rules import DeadlineStatus
from app.models.work_orders import WorkOrderState
from app.services.work_order_queries import WorkOrderRow
from app.services.work_order_titles import deadline_title, department_title, state_title
from app.views.widgets.paged_model import PagedModel
from app.views.widgets.rows_model import Index

ID_ROLE = Qt.ItemDataRole.UserRole + 2
#: True when the row is late for something (dispatch, callback or the supervisor).
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 3

OVERDUE_FG = QColor("#b71c1c")
OVERDUE_BG = QColor("#fde2e1")
ESCALATE_BG = QColor("#f9c6c2")
DONE_FG = QColor("#757575")
STATE_FG = {
    WorkOrderState.RECEIVED: QColor("#e65100"),
    WorkOrderState.DISPATCHED: QColor("#1565c0"),
    WorkOrderState.IN_PROGRESS: QColor("#1565c0"),
    WorkOrderState.PAUSED: QColor("#6a1b9a"),
    WorkOrderState.COMPLETED: QColor("#2e7d32"),
    WorkOrderState.CALLED_BACK: QColor("#2e7d32"),
}


def short_time(value: dt.datetime) -> str:
    """Month, day and time: the year is in the slip number, and columns are narrow."""
    return f"{value:%m-%d %H:%M}"


def deadline_text(status: DeadlineStatus, short: bool = False) -> str:
    """"Dispatch by 09:10", "Callback overdue since …", or "" when nothing is due.

    ``short`` is for the list's column: month-day times and one-word event names, so the
    whole deadline fits beside the other columns in English too (the tooltip and the
    detail panel give the long form)."""
    if status.event is None or status.due_at is None:
        return ""
    what = deadline_title(status.event)
    if short and status.event == DeadlineEvent.WORK_ORDER_ESCALATE:
        what = _("Escalate")
    when = short_time(status.due_at) if short else fmt_datetime(status.due_at)
    if status.overdue and short:
        return _("{what} overdue {time}").format(what=what, time=when)
    if status.overdue:
        return _("{what} overdue since {time}").format(what=what, time=when)
    return _("{what} by {time}").format(what=what, time=when)


class WorkOrdersModel(PagedModel[WorkOrderRow]):
    """The work-order register, a page at a time (app/views/widgets/paged_model.py)."""

    COL_NUMBER = 0
    COL_RECEIVED = 1
    COL_STATE = 2
    COL_PLACE = 3
    COL_CATEGORY = 4
    COL_CONTENT = 5
    COL_DEPARTMENT = 6
    COL_ASSIGNEE = 7
    COL_DUE = 8
    COL_CHARGE = 9
    headers = (N_("Number"), N_("Received at"), N_("State"), N_("Villa / location"),
               N_("Category"), N_("Content"), N_("Department"), N_("Assignee"),
               N_("Next deadline"), N_("Charge"))
    # The service's indexed keys (work_order_queries.WORK_ORDERS). Place, category and
    # content are read through joins or are long text; the deadline is computed.
    sort_keys: ClassVar[Mapping[int, str]] = {
        COL_NUMBER: "number", COL_RECEIVED: "received_at", COL_STATE: "state",
        COL_DEPARTMENT: "department", COL_ASSIGNEE: "assignee", COL_CHARGE: "total"}
    default_sort = (COL_RECEIVED, Qt.SortOrder.DescendingOrder)

    # -- Qt ------------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_for(index)
        if row is None:
            return None
        col = index.column()
        match role:
            case Qt.ItemDataRole.DisplayRole:
                return self._display(row, col)
            case Qt.ItemDataRole.ToolTipRole:
                return self._tooltip(row, col)
            case Qt.ItemDataRole.TextAlignmentRole if col == self.COL_CHARGE:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            case Qt.ItemDataRole.ForegroundRole:
                return self._foreground(row, col)
            case Qt.ItemDataRole.BackgroundRole:
                if row.deadline.escalate:
                    return QBrush(ESCALATE_BG)
                return QBrush(OVERDUE_BG) if row.deadline.attention else None
            case Qt.ItemDataRole.FontRole:
                return self._font(row, col)
            case _ if role == ID_ROLE:
                return row.id
            case _ if role == OVERDUE_ROLE:
                return row.deadline.attention
        return None

    def _display(self, row: WorkOrderRow, col: int) -> str:
        match col:
            case self.COL_NUMBER:
                return row.number
            case self.COL_RECEIVED:
                return short_time(row.received_at)
            case self.COL_STATE:
                text = state_title(row.state)
                return f"{text} ↺{row.reopen_count}" if row.reopen_count else text
            case self.COL_PLACE:
                return row.place
            case self.COL_CATEGORY:
                return row.category
            case self.COL_CONTENT:
                return " ".join(row.content.split())
            case self.COL_DEPARTMENT:
                return department_title(row.department)
            case self.COL_ASSIGNEE:
                return row.assignee
            case self.COL_DUE:
                return deadline_text(row.deadline, short=True)
            case _:
                return fmt_money(row.total) if row.charged else _("Free")

    def _tooltip(self, row: WorkOrderRow, col: int) -> str | None:
        if col == self.COL_CONTENT:
            return row.content
        if col == self.COL_RECEIVED:
            return fmt_datetime(row.received_at)
        if col == self.COL_DUE and row.deadline.due_at is not None:
            return deadline_text(row.deadline)
        if col == self.COL_STATE and row.reopen_count:
            return _("Reopened {n} times after unsatisfied callbacks").format(n=row.reopen_count)
        if row.deadline.escalate:
            return _("Unresolved too long: report it to the supervisor.")
        return None

    def _foreground(self, row: WorkOrderRow, col: int) -> QBrush | None:
        if row.deadline.attention:
            return QBrush(OVERDUE_FG)
        if row.state in (WorkOrderState.CLOSED, WorkOrderState.VOID):
            return QBrush(DONE_FG)
        if col == self.COL_STATE and row.state in STATE_FG:
            return QBrush(STATE_FG[row.state])
        return None

    def _font(self, row: WorkOrderRow, col: int) -> QFont | None:
        if row.state == WorkOrderState.VOID:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if row.deadline.attention and col in (self.COL_NUMBER, self.COL_DUE):
            font = QFont()
            font.setBold(True)
            return font
        return None
