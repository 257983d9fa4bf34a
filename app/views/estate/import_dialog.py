"""从Excel导入: check a filled-in template, list every bad row, then import it all at once.

The whole file is refused when any row is wrong, so the report names each bad row, column
and reason and says plainly that nothing was imported. Checking and importing run off the
GUI thread (``BackgroundJob``) with a real progress bar; the import is one transaction, so
a cancelled or failed import leaves the register as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _, ngettext
from app.services import estate_excel
from app.services.estate_excel import ImportReport, RowProblem
from app.services.uow import UnitOfWork
from app.views.estate.files import ExcelFiles
from app.views.feedback import FieldErrors, perform, show_failure
from app.views.widgets.background import BackgroundJob, Report
from app.views.widgets.buttons import button_row
from app.views.widgets.rows_model import Index, RowsModel
from app.views.widgets.tables import configure_table, fit_columns

BAD_STYLE = "color: #b71c1c; font-weight: bold;"
GOOD_STYLE = "color: #2e7d32; font-weight: bold;"
TEMPLATE_NAME = "住户档案导入模板.xlsx"


class ProblemsModel(RowsModel[RowProblem]):
    """The import report: each bad row of the workbook, and why."""

    COL_SHEET, COL_ROW, COL_COLUMN, COL_REASON = range(4)
    headers = (N_("Sheet"), N_("Row"), N_("Column"), N_("Problem"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_for(index)
        if row is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if role == Qt.ItemDataRole.ToolTipRole and index.column() != self.COL_REASON:
                return None
            return (row.sheet, str(row.row), row.column, row.reason)[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == self.COL_ROW:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def problems_summary(report: ImportReport) -> str:
    rows = len({(p.sheet, p.row) for p in report.problems})
    return ngettext(
        "{n} row has problems; nothing was imported — fix it and import again.",
        "{n} rows have problems; nothing was imported — fix them and import again.",
        rows).format(n=rows)


def ready_summary(report: ImportReport) -> str:
    return _("The file is good. Importing it will add {villas_added} villas and "
             "{people_added} people, and update {villas_updated} villas and "
             "{people_updated} people; {unchanged} rows are already up to date.").format(
        villas_added=report.villas_added, people_added=report.people_added,
        villas_updated=report.villas_updated, people_updated=report.people_updated,
        unchanged=report.unchanged)


def done_summary(report: ImportReport) -> str:
    return _("Imported: {villas_added} villas and {people_added} people added, "
             "{villas_updated} villas and {people_updated} people updated, {unchanged} rows "
             "unchanged.").format(
        villas_added=report.villas_added, people_added=report.people_added,
        villas_updated=report.villas_updated, people_updated=report.people_updated,
        unchanged=report.unchanged)


class ImportDialog(QDialog):
    """Choose → check (report) → import (progress). ``report`` is the last check or import."""

    def __init__(self, uow: UnitOfWork, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: acting as the signed-in user; the first-run wizard passes the new manager's
        self.uow = uow
        self.path: Path | None = None
        self.report: ImportReport | None = None
        self.imported: ImportReport | None = None
        self.job: BackgroundJob | None = None
        self._close_when_stopped = False
        self.setObjectName("estate_import_dialog")
        self.setWindowTitle(_("Import villas and people from Excel"))
        self.resize(860, 560)
        self.errors = FieldErrors()

        intro = QLabel(_(
            "Fill in the template: one row per villa on the sheet 别墅, one row per person on "
            "the sheet 人员 (the sheet 说明 explains each column). The whole file is checked "
            "first; if any row is wrong, nothing is imported. Importing the same file again "
            "adds nobody twice."), objectName="import_intro")
        intro.setWordWrap(True)
        self.template_button = QPushButton(_("Save the template…"), objectName="save_template")
        self.choose_button = QPushButton(_("Choose file…"), objectName="choose_file")
        self.recheck_button = QPushButton(_("Check again"), objectName="check_again")
        self.recheck_button.setToolTip(_("Check the same file again after correcting it"))
        self.file_label = QLabel(_("No file chosen yet."), objectName="import_file")
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file_error = self.errors.add("file", self.file_label)
        self.template_button.clicked.connect(self.save_template)
        self.choose_button.clicked.connect(self.choose_file)
        self.recheck_button.clicked.connect(self.check)

        self.summary = QLabel(objectName="import_summary")
        self.summary.setWordWrap(True)
        self.problems_model = ProblemsModel(self)
        self.problems = QTableView(objectName="import_problems")
        self.problems.setModel(self.problems_model)
        configure_table(self.problems)
        fit_columns(self.problems, stretch=ProblemsModel.COL_REASON)
        self.problems.hide()

        self.step = QLabel(objectName="import_step")
        self.progress = QProgressBar(objectName="import_progress")
        self.progress.hide()

        self.import_button = QPushButton(_("Import"), objectName="run_import")
        self.import_button.setEnabled(False)
        self.cancel_button = QPushButton(_("Stop"), objectName="stop_import")
        self.cancel_button.setEnabled(False)
        self.import_button.clicked.connect(self.run_import)
        self.cancel_button.clicked.connect(self.stop)
        self.close_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_box.rejected.connect(self.reject)

        chooser = QHBoxLayout()
        chooser.addWidget(self.choose_button)
        chooser.addWidget(self.file_label, 1)
        chooser.addWidget(self.recheck_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(button_row(self.template_button))
        layout.addLayout(chooser)
        layout.addWidget(self.file_error)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.step)
        layout.addWidget(self.progress)
        actions = button_row(self.import_button, self.cancel_button)
        actions.addWidget(self.close_box)
        layout.addLayout(actions)
        self.setTabOrder(self.template_button, self.choose_button)
        self.setTabOrder(self.choose_button, self.recheck_button)
        self.setTabOrder(self.recheck_button, self.problems)
        self.setTabOrder(self.problems, self.import_button)
        self._set_busy(False)

    # -- the template --------------------------------------------------------------------
    def save_template(self) -> Path | None:
        path = ExcelFiles.save_path(self, _("Save the import template"), TEMPLATE_NAME)
        if path is None:
            return None
        done = perform(self, lambda: estate_excel.write_template(path) or path)
        if done is not None:
            self.step.setText(_("Template saved: {path}").format(path=path))
        return done

    # -- choosing and checking -----------------------------------------------------------
    def choose_file(self) -> None:
        path = ExcelFiles.open_path(self)
        if path is not None:
            self.set_file(path)

    def set_file(self, path: Path) -> None:
        """Take a workbook and check it at once: the report is what the user wants first."""
        self.path = path
        self.file_label.setText(str(path))
        self.file_label.setToolTip(str(path))
        self.check()

    def check(self) -> None:
        path = self.path
        if path is None or self.job is not None:
            return
        uow = self.uow
        self._show_report(None)
        self.step.setText(_("Checking every row…"))
        self.progress.setRange(0, 0)
        self._start(lambda _report: estate_excel.check_file(uow, path), self._checked)

    def _checked(self, report: object) -> None:
        assert isinstance(report, ImportReport)
        self.step.clear()
        self._show_report(report)
        self.import_button.setEnabled(report.ok)
        if report.ok:
            self.summary.setText(ready_summary(report))
            self.summary.setStyleSheet(GOOD_STYLE)
            self.import_button.setFocus()

    # -- importing -----------------------------------------------------------------------
    def run_import(self) -> None:
        path = self.path
        if path is None or self.job is not None:
            return
        uow = self.uow
        self.import_button.setEnabled(False)
        self.step.setText(_("Importing…"))
        self.progress.setRange(0, 0)

        def work(report: Report) -> ImportReport:
            return estate_excel.import_estate(uow, path, progress=report)

        self._start(work, self._imported)

    def _imported(self, report: object) -> None:
        assert isinstance(report, ImportReport)
        self.step.clear()
        self._show_report(report)
        if report.ok:
            self.imported = report
            self.summary.setText(done_summary(report))
            self.summary.setStyleSheet(GOOD_STYLE)
            self.progress.setRange(0, 1)
            self.progress.setValue(1)
            self.progress.show()
            self.close_box.button(QDialogButtonBox.StandardButton.Close).setFocus()

    def stop(self) -> None:
        if self.job is not None:
            self.cancel_button.setEnabled(False)
            self.step.setText(_("Stopping…"))
            self.job.cancel()

    # -- the background job --------------------------------------------------------------
    def _start(self, work: Callable[[Report], object],
               done: Callable[[object], None]) -> None:
        job = BackgroundJob(work, self)
        job.progressed.connect(self._progressed)
        job.succeeded.connect(done)
        job.failed.connect(self._failed)
        job.cancelled.connect(self._cancelled)
        job.finished.connect(self._finished)
        self.job = job
        self._set_busy(True)
        job.start()

    def _progressed(self, step: str, done: int, total: int) -> None:
        self.step.setText(step)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _failed(self, error: object) -> None:
        # The one error path: a refused file shows beside the file name, anything
        # unexpected (already logged by the job) is apologised for.
        self.step.clear()
        self.summary.setText(_("Nothing was imported."))
        self.summary.setStyleSheet(BAD_STYLE)
        if isinstance(error, BaseException):
            show_failure(self, error, self.errors)

    def _cancelled(self) -> None:
        self.step.clear()
        self.summary.setText(_("The import was stopped; nothing was imported."))
        self.summary.setStyleSheet(BAD_STYLE)
        self.import_button.setEnabled(self.report is not None and self.report.ok)

    def _finished(self) -> None:
        self.job = None
        self._set_busy(False)
        if self._close_when_stopped:
            super().reject()

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy or self.imported is not None)
        self.cancel_button.setEnabled(busy)
        self.cancel_button.setVisible(busy)
        for button in (self.template_button, self.choose_button):
            button.setEnabled(not busy)
        self.recheck_button.setEnabled(not busy and self.path is not None)
        self.close_box.setEnabled(not busy)
        if busy:
            self.import_button.setEnabled(False)

    def _show_report(self, report: ImportReport | None) -> None:
        self.report = report
        self.errors.clear()
        problems = report.problems if report is not None else ()
        self.problems_model.set_rows(problems)
        self.problems.setVisible(bool(problems))
        if report is not None and problems:
            self.summary.setText(problems_summary(report))
            self.summary.setStyleSheet(BAD_STYLE)
            self.problems.selectRow(0)
        else:
            self.summary.clear()

    def reject(self) -> None:
        """Esc or Close while importing stops the import first; the dialog closes after."""
        if self.job is not None:
            self._close_when_stopped = True
            self.stop()
            return
        super().reject()
