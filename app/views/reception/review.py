"""The daily review window (日审): days with records, who signed them, signing a day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.backups import backup_folders
from app.i18n import N_, _, fmt_date, fmt_datetime, ngettext
from app.services import daily_review
from app.services.daily_record import FORM as RECORD_FORM
from app.services.daily_record import daily_record_pdf
from app.services.daily_review import DayStatus
from app.services.permissions import Permission
from app.views.desk import Desk
from app.views.feedback import FieldErrors, perform
from app.views.print_preview import PLAIN, PrintPreviewDialog
from app.views.widgets.background import BackgroundJob
from app.views.widgets.pdf_job import render_then_show
from app.views.widgets.rows_model import Index, RowsModel
from app.views.widgets.tables import configure_table, fit_columns

PENDING_FG = QColor("#b71c1c")
PENDING_BG = QColor("#fde2e1")
CHANGED_FG = QColor("#b26a00")


def state_text(status: DayStatus) -> str:
    if not status.signed:
        return _("Not yet reviewed")
    text = _("Signed by {name}, {time}").format(
        name=status.signed_by_name, time=fmt_datetime(status.signed_at or dt.datetime.min))
    if status.changed_since_signing:
        text += " · " + _("{n} records when signed").format(n=status.signed_entry_count)
    return text


class ReviewDaysModel(RowsModel[DayStatus]):
    COL_DAY = 0
    COL_COUNT = 1
    COL_STATE = 2
    COL_REMARKS = 3
    headers = (N_("Day"), N_("Records"), N_("Review"), N_("Remarks"))

    def __init__(self, today: dt.date, parent: Any = None) -> None:
        super().__init__(parent)
        #: days before this one and still unsigned are shown as late
        self.today = today

    # Wider than RowsModel's: "late" depends on the day the rows were fetched for.
    def set_rows(self, rows: Sequence[DayStatus],  # type: ignore[override]
                 today: dt.date) -> None:
        # Safe before the reset: nothing reads the model in between, and the reset makes
        # every view read it afresh.
        self.today = today
        super().set_rows(rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_for(index)
        if row is None:
            return None
        late = not row.signed and row.day < self.today
        if role == Qt.ItemDataRole.DisplayRole:
            return (fmt_date(row.day), str(row.entry_count), state_text(row),
                    " ".join(row.remarks.split()))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.COL_REMARKS:
            return row.remarks or None
        if role == Qt.ItemDataRole.ForegroundRole:
            if late:
                return QBrush(PENDING_FG)
            return QBrush(CHANGED_FG) if row.changed_since_signing else None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(PENDING_BG) if late else None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == self.COL_COUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ReviewDialog(QDialog):
    #: the day whose records the user wants to see in the list
    day_chosen = Signal(object)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setObjectName("review_dialog")
        self.setWindowTitle(_("Daily review of reception records"))
        self.resize(760, 460)

        self.only_pending = QCheckBox(_("Only days not yet reviewed"), objectName="only_pending")
        self.only_pending.toggled.connect(lambda _on: self.refresh())
        self.summary = QLabel(objectName="review_summary")
        self.model = ReviewDaysModel(desk.clock.now().date(), self)
        self.table = QTableView(objectName="review_days")
        self.table.setModel(self.model)
        # Wrapping stays at Qt's default here, as this list has always had it.
        configure_table(self.table, word_wrap=True)
        m = ReviewDaysModel
        fit_columns(self.table, stretch=m.COL_REMARKS, minimums={m.COL_REMARKS: 120},
                    keep_whole=(m.COL_DAY, m.COL_COUNT))
        self.table.selectionModel().currentRowChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _i: self.show_records())

        self.remarks = QLineEdit(objectName="review_remarks")
        self.remarks.setPlaceholderText(_("Remarks (optional), e.g. follow-ups checked"))
        self.sign_button = QPushButton(_("Sign this day"), objectName="sign_day")
        self.sign_button.clicked.connect(self.sign)
        # Enter in the remarks signs: the dialog presses its default button.
        self.sign_button.setDefault(True)
        self.errors = FieldErrors()
        remarks_error = self.errors.add("remarks", self.remarks)
        self.show_button = QPushButton(_("Show records"), objectName="show_day_records")
        self.show_button.clicked.connect(self.show_records)
        self.show_button.setAutoDefault(False)
        self.print_button = QPushButton(_("Print the day's record…"),
                                        objectName="print_day_record")
        self.print_button.clicked.connect(self.print_record)
        self.print_button.setAutoDefault(False)
        self.preview_dialog: PrintPreviewDialog | None = None
        close = QPushButton(_("Close"))
        close.setAutoDefault(False)
        close.clicked.connect(self.close)

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.only_pending)
        sign_row = QHBoxLayout()
        sign_row.addWidget(QLabel(_("Remarks")))
        sign_row.addWidget(self.remarks, 1)
        sign_row.addWidget(self.sign_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.show_button)
        bottom.addWidget(self.print_button)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(sign_row)
        layout.addWidget(remarks_error)
        layout.addLayout(bottom)
        desk.actor_changed.connect(lambda _a: self._selection_changed())
        self.refresh()

    def refresh(self, keep_selection: bool = True) -> None:
        today = self.desk.clock.now().date()
        start = today - dt.timedelta(days=daily_review.LOOKBACK_DAYS)
        keep = self.current() if keep_selection else None
        rows = perform(self, lambda: daily_review.review_days(self.desk.uow, start, today)) or []
        # The same rule as the reception tab's link, so the count there is the list here.
        pending = [r for r in rows if daily_review.awaits_review(r, today)]
        if self.only_pending.isChecked():
            rows = pending
        self.model.set_rows(rows, today)
        self.summary.setText(ngettext(
            "{n} day before today not yet reviewed (last {days} days)",
            "{n} days before today not yet reviewed (last {days} days)", len(pending))
            .format(n=len(pending), days=daily_review.LOOKBACK_DAYS))
        target = next((i for i, r in enumerate(rows) if keep and r.day == keep.day), None)
        if target is None:
            # Start on the oldest unsigned day: that is the one to sign next.
            unsigned = [i for i, r in enumerate(rows) if not r.signed and r.entry_count]
            target = unsigned[-1] if unsigned else 0
        if rows:
            self.table.selectRow(target)
        self._selection_changed()

    def current(self) -> DayStatus | None:
        return self.model.row_for(self.table.currentIndex())

    def select_day(self, day: dt.date) -> bool:
        for i in range(self.model.rowCount()):
            if self.model.row_at(i).day == day:
                self.table.selectRow(i)
                return True
        return False

    def _selection_changed(self) -> None:
        row = self.current()
        may_sign = self.desk.can(Permission.SIGN_DAILY_REVIEW)
        can_sign = may_sign and row is not None and not row.signed
        self.sign_button.setEnabled(can_sign)
        self.remarks.setEnabled(can_sign)
        self.show_button.setEnabled(row is not None)
        self.print_button.setEnabled(row is not None)
        if not may_sign:
            self.sign_button.setToolTip(_("Only a supervisor or manager signs the daily review."))
        elif row is not None and row.signed:
            self.sign_button.setToolTip(_("This day is already signed."))
        else:
            self.sign_button.setToolTip("")

    def sign(self) -> None:
        row = self.current()
        if row is None or not self.sign_button.isEnabled():
            return
        remarks = self.remarks.text()
        # The signature seals the audit log into the backup folders' seal file too.
        folders = backup_folders(self.desk.config.backup_folder)
        result = perform(self, lambda: daily_review.sign_day(self.desk.uow, row.day, remarks,
                                                             folders), self.errors)
        if result is not None:
            self.remarks.clear()
            self.refresh(keep_selection=False)

    def print_record(self) -> BackgroundJob | None:
        """The day's 日工作记录表, with the signature and its audit seal, to file. A busy
        day is pages long: it is rendered off the GUI thread, and the preview
        (``preview_dialog``) opens when it is ready."""
        row = self.current()
        if row is None:
            return None
        uow, day = self.desk.uow, row.day
        return render_then_show(self, lambda: daily_record_pdf(uow, day),
                                lambda pdf: self._show_record(pdf, day), self.print_button)

    def _show_record(self, pdf: bytes, day: dt.date) -> None:
        self.preview_dialog = PrintPreviewDialog(
            pdf, _("Daily work record {day}").format(day=day.isoformat()), RECORD_FORM,
            self.desk.config, None, self, mode=PLAIN, paper="A4", papers=("A4",))
        self.preview_dialog.open()

    def show_records(self) -> None:
        row = self.current()
        if row is not None:
            self.day_chosen.emit(row.day)
