"""The monthly number register (编号登记表): every slip number of a month, gaps in plain sight.

Slips are filed in number order and counted monthly; a missing slip is a major error
[000 二.7], so void and missing numbers are coloured and counted above the list.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _, fmt_datetime
from app.printing.forms.number_register import RegisterRow
from app.services.work_order_slips import (
    REGISTER_STATES,
    monthly_register_rows,
    register_month_default,
    register_pdf,
)
from app.views.desk import Desk
from app.views.feedback import perform
from app.views.print_preview import PLAIN, PrintPreviewDialog
from app.views.widgets.background import BackgroundJob
from app.views.widgets.pdf_job import render_then_show
from app.views.widgets.rows_model import Index, RowsModel
from app.views.widgets.tables import fit_columns

FORM = "number-register"
VOID = REGISTER_STATES["void"]
MISSING = REGISTER_STATES["missing"]
FILLS = {VOID: QColor("#fde2e1"), MISSING: QColor("#fff3c4")}


def state_title(state: str) -> str:
    """The register's (Chinese, paper) state in the desk's language."""
    return {REGISTER_STATES["issued"]: _("Issued"), VOID: _("Void"),
            MISSING: _("Missing")}.get(state, state)


class RegisterModel(RowsModel[RegisterRow]):
    COL_NUMBER = 0
    COL_STATE = 1
    COL_RECEIVED = 2
    COL_VILLA = 3
    COL_SUMMARY = 4
    COL_PRINTS = 5
    headers = (N_("Number"), N_("State"), N_("Received at"), N_("Villa / location"),
               N_("Summary"), N_("Prints"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_for(index)
        if row is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.number, state_title(row.state),
                    fmt_datetime(row.received_at) if row.received_at else "", row.villa,
                    row.summary, str(row.print_count) if row.state != MISSING else "")[col]
        if role == Qt.ItemDataRole.BackgroundRole and row.state in FILLS:
            return QBrush(FILLS[row.state])
        if role == Qt.ItemDataRole.ForegroundRole and col == self.COL_STATE \
                and row.state in FILLS:
            return QBrush(QColor("#b71c1c"))
        return None


class RegisterDialog(QDialog):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setObjectName("register_dialog")
        self.setWindowTitle(_("Monthly register of dispatch slips"))
        self.resize(900, 600)
        year, month = register_month_default(desk.clock.now())
        self.year = QSpinBox(objectName="register_year")
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        self.month = QComboBox(objectName="register_month")
        for number in range(1, 13):
            self.month.addItem(_("Month {n}").format(n=number), number)
        self.month.setCurrentIndex(month - 1)
        self.summary = QLabel(objectName="register_summary")
        self.summary.setStyleSheet("font-weight: bold;")
        self.model = RegisterModel(self)
        self.table = QTableView(objectName="register_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        m = RegisterModel
        fit_columns(self.table, stretch=m.COL_SUMMARY, keep_whole=(
            m.COL_NUMBER, m.COL_STATE, m.COL_RECEIVED, m.COL_VILLA, m.COL_PRINTS))
        self.print_button = QPushButton(_("Preview and print…"), objectName="register_print")
        self.print_button.clicked.connect(self.preview)
        close = QPushButton(_("Close"), objectName="register_close")
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        self.year.valueChanged.connect(self.refresh)
        self.month.currentIndexChanged.connect(self.refresh)

        top = QHBoxLayout()
        top.addWidget(QLabel(_("Month:")))
        top.addWidget(self.year)
        top.addWidget(self.month)
        top.addSpacing(16)
        top.addWidget(self.summary, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.print_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.preview_dialog: PrintPreviewDialog | None = None
        self.refresh()

    def period(self) -> tuple[int, int]:
        return self.year.value(), int(self.month.currentData())

    def refresh(self) -> None:
        year, month = self.period()
        rows = perform(self, lambda: monthly_register_rows(self.desk.uow, year, month)) or []
        self.model.set_rows(rows)
        counts = Counter(row.state for row in rows)
        text = _("{n} numbers: {issued} issued, {void} void, {missing} missing").format(
            n=len(rows), issued=counts[REGISTER_STATES["issued"]], void=counts[VOID],
            missing=counts[MISSING])
        self.summary.setText(text)
        self.summary.setStyleSheet("font-weight: bold;" + (" color: #b71c1c;"
                                                           if counts[MISSING] else ""))
        self.print_button.setEnabled(bool(rows))

    def preview(self) -> BackgroundJob:
        """A month can hold hundreds of numbers: the register is rendered off the GUI
        thread and the preview opens when it is ready (``preview_dialog``)."""
        year, month = self.period()
        uow = self.desk.uow
        return render_then_show(self, lambda: register_pdf(uow, year, month),
                                lambda pdf: self._show_preview(pdf, year, month),
                                self.print_button)

    def _show_preview(self, pdf: bytes, year: int, month: int) -> None:
        self.preview_dialog = PrintPreviewDialog(
            pdf, _("Slip register {year}-{month:02d}").format(year=year, month=month), FORM,
            self.desk.config, None, self, mode=PLAIN, paper="A4", papers=("A4",))
        self.preview_dialog.open()
