"""The month's complaint analysis (due by the 3rd): the supervisor types the corrective and
preventive actions here, previews the report PDF and exports the figures to Excel; the
public summary and the quarter's developer report are printed from here too."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services import complaints
from app.services.complaint_reports import (
    monthly_excel,
    monthly_pdf,
    public_summary_pdf,
    quarterly_developer_pdf,
)
from app.services.complaint_statistics import monthly_statistics, percent
from app.views.desk import Desk
from app.views.feedback import FieldErrors, perform
from app.views.messages import Messages
from app.views.print_preview import PLAIN, PrintPreviewDialog
from app.views.widgets.pdf_job import render_then_show


def show_pdf(parent: QWidget, desk: Desk, pdf: bytes, title: str,
             form: str) -> PrintPreviewDialog:
    dialog = PrintPreviewDialog(pdf, title, form, desk.config, None, parent, mode=PLAIN,
                                paper="A4", modes=(PLAIN,), papers=("A4",))
    dialog.open()
    return dialog


class ComplaintReportsDialog(QDialog):
    """Non-modal. ``preview`` is the last preview opened (tests look at it)."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.preview: PrintPreviewDialog | None = None
        self.errors = FieldErrors()
        self._version: int | None = None
        self.setObjectName("complaint_reports_dialog")
        self.setWindowTitle(_("Complaint statistics and reports"))
        last_month = desk.clock.now().date().replace(day=1) - dt.timedelta(days=1)
        self.month = QDateEdit(objectName="month")
        self.month.setDisplayFormat("yyyy-MM")
        self.month.setDate(QDate(last_month.year, last_month.month, 1))
        self.month.dateChanged.connect(lambda _d: self.load())
        self.figures = QLabel(objectName="figures")
        self.figures.setWordWrap(True)
        self.actions = QPlainTextEdit(objectName="actions")
        self.actions.setPlaceholderText(_("Corrective and preventive actions of the month, "
                                          "as the supervisor decides them"))
        form = QFormLayout()
        form.addRow(_("Month"), self.month)
        form.addRow("", self.figures)
        form.addRow(_("Corrective actions"), self.actions)
        self.errors.add("actions", self.actions, form)
        buttons = QHBoxLayout()
        for name, text, slot in (
                ("save_actions", _("Save actions"), self.save_actions),
                ("monthly_pdf", _("Monthly report…"), self.open_monthly),
                ("monthly_excel", _("Export to Excel…"), self.export_excel),
                ("public_summary", _("Public summary…"), self.open_public),
                ("quarterly", _("Quarterly developer report…"), self.open_quarterly)):
            button = QPushButton(text, objectName=name)
            button.clicked.connect(lambda _c=False, s=slot: s())
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QPushButton(_("Close"), objectName="close_reports")
        close.clicked.connect(self.close)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addLayout(buttons)
        self.resize(900, 480)
        self.load()

    def year_month(self) -> tuple[int, int]:
        day = self.month.date()
        return day.year(), day.month()

    def load(self) -> None:
        year, month = self.year_month()
        stats = perform(self, lambda: monthly_statistics(self.desk.uow, year, month))
        if stats is None:
            return
        self.figures.setText(_(
            "{total} complaints, {repeats} repeats; handled {handled}, called back {called} "
            "({rate}), satisfied {satisfied} ({satisfaction}).").format(
                total=stats.total, repeats=stats.repeats, handled=stats.handled,
                called=stats.called_back, rate=percent(stats.called_back, stats.handled),
                satisfied=stats.satisfied,
                satisfaction=percent(stats.satisfied, stats.called_back)))
        self.actions.setPlainText(stats.actions)
        self._version = stats.actions_version

    def save_actions(self) -> bool:
        year, month = self.year_month()
        text, version = self.actions.toPlainText(), self._version
        saved = perform(self, lambda: complaints.set_month_actions(
            self.desk.uow, year, month, text, version), self.errors)
        if saved is None:
            return False
        self._version = saved
        return True

    def _show(self, title: str, form: str, render: object) -> None:
        def show(pdf: bytes) -> None:
            self.preview = show_pdf(self, self.desk, pdf, title, form)
        render_then_show(self, render, show)  # type: ignore[arg-type]

    def open_monthly(self) -> None:
        year, month = self.year_month()
        uow = self.desk.uow
        if self.actions.toPlainText() != "" and not self.save_actions():
            return
        self._show(_("Monthly complaint analysis {year}-{month:02d}").format(
            year=year, month=month), "complaint-monthly",
            lambda: monthly_pdf(uow, year, month))

    def open_public(self) -> None:
        year, month = self.year_month()
        uow = self.desk.uow
        self._show(_("Public summary {year}-{month:02d}").format(year=year, month=month),
                   "complaint-public-summary", lambda: public_summary_pdf(uow, year, month))

    def open_quarterly(self) -> None:
        year, month = self.year_month()
        quarter = (month - 1) // 3 + 1
        uow = self.desk.uow
        self._show(_("Developer report {year} Q{quarter}").format(year=year, quarter=quarter),
                   "complaint-quarterly", lambda: quarterly_developer_pdf(uow, year, quarter))

    def export_excel(self, path: Path | None = None) -> Path | None:
        year, month = self.year_month()
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self, _("Export to Excel"), f"complaints-{year}-{month:02d}.xlsx",
                "Excel (*.xlsx)")
            if not chosen:
                return None
            path = Path(chosen)
        data = perform(self, lambda: monthly_excel(self.desk.uow, year, month))
        if data is None:
            return None
        try:
            path.write_bytes(data)
        except OSError as exc:
            Messages.warn(self, _("Could not write {path}: {error}").format(
                path=path, error=exc.strerror or exc))
            return None
        return path
