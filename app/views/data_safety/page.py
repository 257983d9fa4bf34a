"""备份与核查: the manager's page for backups, the second folder, restore and the audit check.

Everything slow (a backup copies and checks the whole file; the audit check replays every
record) runs through ``BackgroundJob``; the GUI thread only lists folders. A restore needs
every connection closed, so it is noted for the next start and the program closes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.backups import BackupFile
from app.i18n import _, fmt_datetime
from app.services import data_safety
from app.services.data_safety import BackupStatus, CheckResult
from app.views.desk import Desk
from app.views.feedback import FieldErrors, perform, show_failure
from app.views.messages import Messages
from app.views.widgets.background import BackgroundJob

OK_STYLE = "color: #1b6b3a; font-weight: bold;"
BAD_STYLE = "color: #b71c1c; font-weight: bold;"


def kind_title(kind: str) -> str:
    return {"daily": _("Daily"), "monthly": _("Monthly"), "exit": _("On exit"),
            "manual": _("By hand"), "before-restore": _("Before a restore"),
            "pre-migrate": _("Before an update"), "backup": _("By hand")}.get(kind, kind)


class DataSafetyDialog(QDialog):
    #: A backup was made or the second folder changed: the status bar looks again.
    changed = Signal()
    #: A restore was noted for the next start: the program should close now.
    restart_asked = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setObjectName("data_safety_dialog")
        self.setWindowTitle(_("Backups and audit check"))
        self.resize(860, 640)
        self.status: BackupStatus | None = None
        self.backup_job: BackgroundJob | None = None
        self.check_job: BackgroundJob | None = None
        self.errors = FieldErrors()

        self.last_backup = QLabel(objectName="last_backup")
        self.last_backup.setWordWrap(True)
        self.data_folder = QLabel(objectName="data_folder")
        self.data_folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.second_folder = QLineEdit(objectName="second_folder")
        self.second_folder.setReadOnly(True)
        self.second_folder.setPlaceholderText(_("None: backups are only in the data folder"))
        self.choose_folder = QPushButton(_("Choose…"), objectName="choose_second_folder")
        self.choose_folder.clicked.connect(self.pick_second_folder)
        self.clear_folder = QPushButton(_("Clear"), objectName="clear_second_folder")
        self.clear_folder.clicked.connect(self.clear_second_folder)
        folder_error = self.errors.add("backup_folder", self.second_folder)

        self.table = QTableWidget(0, 3, objectName="backup_list")
        self.table.setHorizontalHeaderLabels([_("Made at"), _("Kind"), _("File")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.backup_button = QPushButton(_("Back up now"), objectName="back_up_now")
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(_("Restore the chosen backup…"),
                                          objectName="restore_chosen")
        self.restore_button.clicked.connect(self.restore_chosen)
        self.restore_file_button = QPushButton(_("Restore from a file…"),
                                               objectName="restore_from_file")
        self.restore_file_button.clicked.connect(self.restore_from_file)
        self.backup_note = QLabel(objectName="backup_note")
        self.backup_note.setWordWrap(True)
        self.pending = QLabel(objectName="restore_pending")
        self.pending.setWordWrap(True)
        self.pending.setStyleSheet(BAD_STYLE)
        self.cancel_restore_button = QPushButton(_("Do not restore"),
                                                 objectName="cancel_restore")
        self.cancel_restore_button.clicked.connect(self.cancel_restore)

        self.check_result = QLabel(objectName="check_result")
        self.check_result.setWordWrap(True)
        self.problems = QListWidget(objectName="check_problems")
        self.problems.setWordWrap(True)
        self.problems.setMaximumHeight(110)
        self.check_button = QPushButton(_("Run the audit check now"), objectName="run_check")
        self.check_button.clicked.connect(self.run_check)
        # The seal on a signed day's printed record, typed in to compare with the log.
        self.paper_entry = QLineEdit(objectName="paper_entry")
        self.paper_entry.setMaximumWidth(90)
        self.paper_fingerprint = QLineEdit(objectName="paper_fingerprint")
        self.paper_fingerprint.setMaxLength(80)
        self.paper_fingerprint.setPlaceholderText("ab12cd34ef56ab78")
        self.paper_button = QPushButton(_("Compare"), objectName="compare_paper_seal")
        self.paper_button.clicked.connect(self.compare_paper)
        self.paper_fingerprint.returnPressed.connect(self.compare_paper)
        self.paper_result = QLabel(objectName="paper_result")
        self.paper_result.setWordWrap(True)
        self._paper_errors = (self.errors.add("paper_entry", self.paper_entry),
                              self.errors.add("paper_fingerprint", self.paper_fingerprint))

        self._lay_out(folder_error)
        # Return in the seal boxes compares; it must not press 选择… or 关闭 as well.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.refresh()

    def _lay_out(self, folder_error: QLabel) -> None:
        backups = QGroupBox(_("Backups"))
        grid = QGridLayout(backups)
        grid.addWidget(self.last_backup, 0, 0, 1, 4)
        grid.addWidget(QLabel(_("Data folder:")), 1, 0)
        grid.addWidget(self.data_folder, 1, 1, 1, 3)
        grid.addWidget(QLabel(_("Second folder:")), 2, 0)
        grid.addWidget(self.second_folder, 2, 1)
        grid.addWidget(self.choose_folder, 2, 2)
        grid.addWidget(self.clear_folder, 2, 3)
        grid.addWidget(folder_error, 3, 1, 1, 3)
        grid.addWidget(self.table, 4, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.backup_button)
        actions.addWidget(self.backup_note, 1)
        actions.addWidget(self.restore_button)
        actions.addWidget(self.restore_file_button)
        grid.addLayout(actions, 5, 0, 1, 4)
        pending = QHBoxLayout()
        pending.addWidget(self.pending, 1)
        pending.addWidget(self.cancel_restore_button)
        grid.addLayout(pending, 6, 0, 1, 4)

        audit = QGroupBox(_("Audit check"))
        box = QVBoxLayout(audit)
        top = QHBoxLayout()
        top.addWidget(self.check_result, 1)
        top.addWidget(self.check_button)
        box.addLayout(top)
        box.addWidget(self.problems)
        paper = QHBoxLayout()
        paper.addWidget(QLabel(_("Seal on a printed daily record: entry")))
        paper.addWidget(self.paper_entry)
        paper.addWidget(QLabel(_("fingerprint")))
        paper.addWidget(self.paper_fingerprint, 1)
        paper.addWidget(self.paper_button)
        box.addLayout(paper)
        for label in self._paper_errors:
            box.addWidget(label)
        box.addWidget(self.paper_result)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(backups, 1)
        layout.addWidget(audit)
        layout.addWidget(close)

    # -- what is shown ------------------------------------------------------------------
    def refresh(self) -> None:
        status = perform(self, lambda: data_safety.backup_status(
            self.desk.uow, self.desk.config.backup_folder))
        if status is None:
            return
        self.status = status
        now = self.desk.clock.now()
        last = status.last
        if status.database is None:
            self.last_backup.setText(_("This desk uses a server database; it is backed up "
                                       "with the server's own tools."))
        elif last is None:
            self.last_backup.setText(_("No backup yet."))
        else:
            self.last_backup.setText(_("Last good backup: {when} ({age}), in {folder}").format(
                when=fmt_datetime(last.made_at), age=data_safety.describe_age(last.made_at, now),
                folder=last.path.parent))
        self.last_backup.setStyleSheet(
            BAD_STYLE if data_safety.backup_overdue(last, now) else OK_STYLE)
        self.data_folder.setText(str(status.folders[0]))
        self.second_folder.setText(status.second_folder or "")
        self.clear_folder.setEnabled(bool(status.second_folder))
        self._fill_table(status.backups)
        self._show_pending()
        self._show_check(status.last_check)
        self._update_buttons()

    def _fill_table(self, backups: tuple[BackupFile, ...]) -> None:
        self.table.setRowCount(len(backups))
        for row, backup in enumerate(backups):
            cells = (fmt_datetime(backup.made_at), kind_title(backup.kind), str(backup.path))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(backup.path))
                self.table.setItem(row, col, item)

    def _show_pending(self) -> None:
        asked = data_safety.restore_asked(self.desk.config)
        self.pending.setVisible(asked is not None)
        self.cancel_restore_button.setVisible(asked is not None)
        if asked is not None:
            self.pending.setText(_("At the next start, the database is replaced by {path} "
                                   "(the current file is kept beside it).").format(path=asked))

    def _show_check(self, result: CheckResult | None) -> None:
        self.problems.clear()
        if result is None:
            self.check_result.setText(_("The audit check has not run yet."))
            self.check_result.setStyleSheet("")
            self.problems.hide()
            return
        self.check_result.setText(_("Last check {when}: {summary}").format(
            when=fmt_datetime(result.at), summary=result.summary))
        self.check_result.setStyleSheet(OK_STYLE if result.ok else BAD_STYLE)
        self.problems.addItems(list(result.problems))
        self.problems.setVisible(bool(result.problems))

    def chosen_backup(self) -> BackupFile | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.status is None:
            return None
        return self.status.backups[rows[0].row()]

    def _update_buttons(self) -> None:
        sqlite = self.status is not None and self.status.database is not None
        busy = self.backup_job is not None and self.backup_job.is_running()
        self.backup_button.setEnabled(sqlite and not busy)
        self.restore_button.setEnabled(sqlite and self.chosen_backup() is not None)
        self.restore_file_button.setEnabled(sqlite)
        checking = self.check_job is not None and self.check_job.is_running()
        self.check_button.setEnabled(not checking)

    # -- the second folder --------------------------------------------------------------
    @classmethod
    def ask_folder(cls, parent: QWidget, start: str) -> str | None:
        """The folder picker (replaced in tests)."""
        return QFileDialog.getExistingDirectory(parent, _("Second backup folder"), start) or None

    @classmethod
    def ask_backup_file(cls, parent: QWidget, start: str) -> str | None:
        """The backup-file picker (replaced in tests)."""
        name, _filter = QFileDialog.getOpenFileName(
            parent, _("Restore from a backup"), start,
            _("Villa Desk backups (*.sqlite3);;All files (*)"))
        return name or None

    def pick_second_folder(self) -> None:
        start = self.desk.config.backup_folder or str(Path.home())
        chosen = self.ask_folder(self, start)
        if chosen is None:
            return
        if perform(self, lambda: data_safety.set_second_folder(
                self.desk.uow, self.desk.config, chosen), self.errors) is not None:
            self.refresh()
            self.changed.emit()

    def clear_second_folder(self) -> None:
        perform(self, lambda: data_safety.set_second_folder(self.desk.uow, self.desk.config,
                                                            None), self.errors)
        self.refresh()
        self.changed.emit()

    # -- backing up ---------------------------------------------------------------------
    def back_up_now(self) -> BackgroundJob | None:
        if self.backup_job is not None and self.backup_job.is_running():
            return None
        uow, folder = self.desk.uow, self.desk.config.backup_folder
        job = BackgroundJob(lambda _report: data_safety.back_up_now(uow, folder), self)
        job.succeeded.connect(self._backed_up)
        job.failed.connect(lambda exc: (self._set_note(""), show_failure(self, exc)))
        job.finished.connect(self._update_buttons)
        self.backup_job = job
        self._set_note(_("Backing up…"))
        job.start()
        self._update_buttons()
        return job

    def _set_note(self, text: str) -> None:
        self.backup_note.setText(text)

    def _backed_up(self, made: list[Path]) -> None:
        self._set_note(_("Backed up to: {paths}").format(
            paths="; ".join(str(p.parent) for p in made)))
        self.refresh()
        self.changed.emit()

    # -- restoring ----------------------------------------------------------------------
    def restore_chosen(self) -> None:
        backup = self.chosen_backup()
        if backup is not None:
            self.restore(backup.path)

    def restore_from_file(self) -> None:
        start = str(self.status.folders[0]) if self.status else str(Path.home())
        chosen = self.ask_backup_file(self, start)
        if chosen:
            self.restore(Path(chosen))

    def restore(self, backup: Path) -> bool:
        question = _("Replace the database with the backup {path}?\n\nEverything recorded "
                     "after that backup was made is taken out of the database (the current "
                     "file is kept beside it). Villa Desk closes now and restores the backup "
                     "when it is next started; every other desk using this database must be "
                     "closed too.").format(path=backup)
        if not Messages.confirm(self, question, _("Restore from a backup")):
            return False
        if perform(self, lambda: data_safety.ask_restore_on_start(
                self.desk.uow, self.desk.config, backup)) is None:
            return False
        Messages.info(self, _("Villa Desk now closes. Start it again: the backup is checked "
                              "and restored before the desk opens."))
        self._show_pending()
        self.restart_asked.emit()
        return True

    def cancel_restore(self) -> None:
        perform(self, lambda: data_safety.cancel_restore(self.desk.uow, self.desk.config))
        self._show_pending()

    # -- the audit check ----------------------------------------------------------------
    def run_check(self) -> BackgroundJob | None:
        if self.check_job is not None and self.check_job.is_running():
            return None
        uow, folder = self.desk.uow, self.desk.config.backup_folder
        job = BackgroundJob(lambda _report: data_safety.run_audit_check(uow, folder), self)
        job.succeeded.connect(self._checked)
        job.failed.connect(lambda exc: show_failure(self, exc))
        job.finished.connect(self._update_buttons)
        self.check_job = job
        self.check_result.setText(_("Checking the audit log and every record…"))
        self.check_result.setStyleSheet("")
        job.start()
        self._update_buttons()
        return job

    def compare_paper(self) -> None:
        entry, fingerprint = self.paper_entry.text(), self.paper_fingerprint.text()
        result = perform(self, lambda: data_safety.compare_paper_seal(
            self.desk.uow, entry, fingerprint), self.errors)
        if result is None:
            self.paper_result.clear()
            return
        self.paper_result.setText(result.message)
        self.paper_result.setStyleSheet(OK_STYLE if result.ok else BAD_STYLE)

    def _checked(self, result: CheckResult) -> None:
        self._show_check(result)
        self.changed.emit()
