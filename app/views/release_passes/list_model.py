"""The register of release passes as a table model: plain ``PassRow`` values, a page at a
time (app/views/widgets/paged_model.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.i18n import N_, _, fmt_datetime
from app.models.release_passes import ListedState
from app.services.release_pass_queries import PassRow, applicant_title, state_title
from app.views.widgets.paged_model import PagedModel
from app.views.widgets.rows_model import Index

ID_ROLE = Qt.ItemDataRole.UserRole + 2

DISCREPANCY_FG = QColor("#b71c1c")
DISCREPANCY_BG = QColor("#fde2e1")
DONE_FG = QColor("#757575")
STATE_FG = {
    ListedState.ISSUED: QColor("#1565c0"),
    ListedState.USED: QColor("#2e7d32"),
    ListedState.EXPIRED: QColor("#e65100"),
}


def short_time(value: Any) -> str:
    return f"{value:%m-%d %H:%M}" if value else ""


def gate_text(row: PassRow) -> str:
    """"10:05 李明 ✓" or "10:05 李明 ✗ only one box", or "" while not back."""
    if row.used_at is None:
        return ""
    mark = "✓" if row.items_matched else "✗"
    note = f" {row.gate_note}" if row.gate_note and not row.items_matched else ""
    return f"{short_time(row.used_at)} {row.guard_name} {mark}{note}"


class ReleasePassesModel(PagedModel[PassRow]):
    COL_NUMBER = 0
    COL_ISSUED = 1
    COL_STATE = 2
    COL_VILLA = 3
    COL_APPLICANT = 4
    COL_ITEMS = 5
    COL_VALID_UNTIL = 6
    COL_GATE = 7
    headers = (N_("Number"), N_("Issued on"), N_("State"), N_("Villa"), N_("Applicant"),
               N_("Items out"), N_("Valid until"), N_("Back from the gate"))
    # The service's indexed keys (release_pass_queries.PASSES).
    sort_keys: ClassVar[Mapping[int, str]] = {
        COL_NUMBER: "number", COL_ISSUED: "issued_at", COL_VALID_UNTIL: "valid_until"}
    default_sort = (COL_ISSUED, Qt.SortOrder.DescendingOrder)

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
            case Qt.ItemDataRole.ForegroundRole:
                if row.discrepancy:
                    return QBrush(DISCREPANCY_FG)
                if row.state == ListedState.VOID:
                    return QBrush(DONE_FG)
                return QBrush(STATE_FG[row.state]) if col == self.COL_STATE else None
            case Qt.ItemDataRole.BackgroundRole:
                return QBrush(DISCREPANCY_BG) if row.discrepancy else None
            case Qt.ItemDataRole.FontRole if row.state == ListedState.VOID:
                font = QFont()
                font.setStrikeOut(True)
                return font
            case _ if role == ID_ROLE:
                return row.id
        return None

    def _display(self, row: PassRow, col: int) -> str:
        match col:
            case self.COL_NUMBER:
                return row.number
            case self.COL_ISSUED:
                return short_time(row.issued_at)
            case self.COL_STATE:
                text = state_title(row.state)
                return f"{text} ⚠" if row.discrepancy else text
            case self.COL_VILLA:
                return row.villa_number
            case self.COL_APPLICANT:
                return f"{row.applicant_name}（{applicant_title(row.applicant_kind)}）"
            case self.COL_ITEMS:
                return row.items_text
            case self.COL_VALID_UNTIL:
                return short_time(row.valid_until)
            case _:
                return gate_text(row)

    def _tooltip(self, row: PassRow, col: int) -> str | None:
        if col == self.COL_ITEMS:
            return "\n".join(f"{i.name} × {i.quantity}" + (f"（{i.remarks}）" if i.remarks else "")
                             for i in row.items)
        if col == self.COL_VALID_UNTIL:
            return _("Valid {start} to {end}").format(start=fmt_datetime(row.valid_from),
                                                      end=fmt_datetime(row.valid_until))
        if col == self.COL_GATE and row.discrepancy:
            return _("The items did not match the list: {note}").format(note=row.gate_note)
        return None
