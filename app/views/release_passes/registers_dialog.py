"""The release passes' registers: the week's list for filing the gate copies, the month's
number register (no number may go missing), and the month in Excel."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.release_pass_registers import (
    REGISTER_STATES,
    export_month,
    month_register,
    register_pdf,
    weekly_pdf,
)
from app.services.work_order_slips import register_month_default
from app.views.desk import Desk
from app.views.feedback import perform
from app.views.messages import Messages
from app.views.print_preview import PLAIN, PrintPreviewDialog
from app.views.widgets.background import BackgroundJob
from app.views.widgets.dates import date_edit, from_qdate, to_qdate
from app.views.widgets.pdf_job import render_then_show

WEEKLY_FORM = "release-pass-weekly"
REGISTER_FORM = "number-register"


class RegistersDialog(QDialog):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.preview_dialog: PrintPreviewDialog | None = None
        self.setObjectName("release_pass_registers")
        self.setWindowTitle(_("Registers of release passes"))
        now = desk.clock.now()
        self.week = date_edit(to_qdate(now.date()), "rp_week")
        self.weekly_button = QPushButton(_("Weekly list…"), objectName="rp_weekly")
        self.weekly_button.clicked.connect(self.preview_week)
        year, month = register_month_default(now)
        self.year = QSpinBox(objectName="rp_year")
        self.year.setRange(2000, 2099)
        self.year.setValue(year)
        self.month = QComboBox(objectName="rp_month")
        for number in range(1, 13):
            self.month.addItem(_("Month {n}").format(n=number), number)
        self.month.setCurrentIndex(month - 1)
        self.summary = QLabel(objectName="rp_register_summary")
        self.summary.setWordWrap(True)
        self.register_button = QPushButton(_("Number register…"), objectName="rp_register")
        self.register_button.clicked.connect(self.preview_register)
        self.export_button = QPushButton(_("Export to Excel…"), objectName="rp_export")
        self.export_button.clicked.connect(self.export)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.month.currentIndexChanged.connect(lambda _i: self.refresh())

        week = QHBoxLayout()
        week.addWidget(self.week)
        week.addWidget(self.weekly_button)
        week.addStretch(1)
        month_row = QHBoxLayout()
        month_row.addWidget(self.year)
        month_row.addWidget(self.month)
        month_row.addWidget(self.register_button)
        month_row.addWidget(self.export_button)
        month_row.addStretch(1)
        form = QFormLayout()
        form.addRow(_("Week of:"), week)
        form.addRow(_("Month:"), month_row)
        form.addRow("", self.summary)
        close = QPushButton(_("Close"), objectName="rp_registers_close")
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addLayout(bottom)
        self.resize(620, 240)
        self.refresh()

    def period(self) -> tuple[int, int]:
        return self.year.value(), int(self.month.currentData())

    def refresh(self) -> None:
        year, month = self.period()
        rows = perform(self, lambda: month_register(self.desk.uow, year, month)) or []
        counts = Counter(row.state for row in rows)
        missing = counts[REGISTER_STATES["missing"]]
        self.summary.setText(_("{n} numbers: {issued} issued, {void} void, {missing} missing")
                             .format(n=len(rows), issued=counts[REGISTER_STATES["issued"]],
                                     void=counts[REGISTER_STATES["void"]], missing=missing))
        self.summary.setStyleSheet("font-weight: bold;" + (" color: #b71c1c;"
                                                           if missing else ""))

    def preview_week(self) -> BackgroundJob:
        day, uow = from_qdate(self.week.date()), self.desk.uow
        return render_then_show(self, lambda: weekly_pdf(uow, day),
                                lambda pdf: self._show(pdf, _("Weekly list of release passes"),
                                                       WEEKLY_FORM), self.weekly_button)

    def preview_register(self) -> BackgroundJob:
        (year, month), uow = self.period(), self.desk.uow
        return render_then_show(self, lambda: register_pdf(uow, year, month),
                                lambda pdf: self._show(pdf, _(
                                    "Release pass register {year}-{month:02d}").format(
                                    year=year, month=month), REGISTER_FORM),
                                self.register_button)

    def _show(self, pdf: bytes, title: str, form: str) -> None:
        self.preview_dialog = PrintPreviewDialog(pdf, title, form, self.desk.config, None,
                                                 self, mode=PLAIN, paper="A4", papers=("A4",))
        self.preview_dialog.open()

    def export(self) -> Path | None:
        year, month = self.period()
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Export release passes"),
            str(Path.home() / f"release-passes-{year}-{month:02d}.xlsx"),
            _("Excel workbook (*.xlsx)"))
        if not name:
            return None
        uow = self.desk.uow
        done = perform(self, lambda: export_month(uow, year, month))
        if done is None:
            return None
        data, rows = done
        path = Path(name)
        try:
            path.write_bytes(data)
        except OSError as exc:
            Messages.warn(self, _("Could not write {path}: {reason}").format(
                path=path, reason=exc.strerror or exc))
            return None
        Messages.info(self, _("Wrote {rows} passes to {path}").format(rows=rows, path=path))
        return path
