"""The mail register as a table model: ``MailItemRow`` values, fetched page by page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from app.i18n import N_, _, fmt_datetime
from app.models.mail import MailState, NoticeLevel
from app.services.mail_queries import MailItemRow
from app.services.mail_titles import kind_title, state_title
from app.views.widgets.paged_model import PagedModel
from app.views.widgets.rows_model import Index

ID_ROLE = Qt.ItemDataRole.UserRole + 2
WAITING_FG = QColor("#e65100")
DONE_FG = QColor("#757575")
NOTICE_BG = QColor("#fff3cd")
FINAL_BG = QColor("#fde2e1")


class MailModel(PagedModel[MailItemRow]):
    COL_RECEIVED = 0
    COL_NUMBER = 1
    COL_KIND = 2
    COL_VILLA = 3
    COL_SHELF = 4
    COL_COUNT = 5
    COL_STATE = 6
    COL_TAKEN = 7
    COL_REMARKS = 8
    headers = (N_("Arrived"), N_("Tracking number"), N_("Kind"), N_("Villa"), N_("Shelf"),
               N_("Count"), N_("State"), N_("Picked up"), N_("Remarks"))
    # The service's indexed keys (mail_queries.MAIL_ITEMS); the villa is read by a join.
    sort_keys: ClassVar[Mapping[int, str]] = {
        COL_RECEIVED: "received_at", COL_KIND: "kind", COL_SHELF: "shelf",
        COL_STATE: "state"}
    default_sort = (COL_RECEIVED, Qt.SortOrder.DescendingOrder)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_for(index)
        if row is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.COL_REMARKS and row.remarks:
                return row.remarks
            if col == self.COL_RECEIVED:
                return _("{when}, registered by {who}").format(
                    when=fmt_datetime(row.received_at), who=row.registered_by)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.state == MailState.WAITING:
                return QBrush(WAITING_FG) if col == self.COL_STATE else None
            return QBrush(DONE_FG)
        if role == Qt.ItemDataRole.BackgroundRole and row.state == MailState.WAITING:
            if row.notice_level >= NoticeLevel.FINAL:
                return QBrush(FINAL_BG)
            if row.notice_level >= NoticeLevel.NOTICE:
                return QBrush(NOTICE_BG)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.COL_COUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return row.id
        return None

    def _display(self, row: MailItemRow, col: int) -> str:
        match col:
            case self.COL_RECEIVED:
                return f"{row.received_at:%m-%d %H:%M}"
            case self.COL_NUMBER:
                return row.number
            case self.COL_KIND:
                return kind_title(row.kind)
            case self.COL_VILLA:
                return row.villa_number
            case self.COL_SHELF:
                return row.shelf
            case self.COL_COUNT:
                return str(row.count)
            case self.COL_STATE:
                return state_title(row.state)
            case self.COL_TAKEN:
                if row.picked_up_at is None:
                    return ""
                return f"{row.picked_up_at:%m-%d %H:%M} {row.picked_up_by}"
            case _:
                return " ".join(row.remarks.split())
