"""The files kept with one record: add (copied into the database) and open (a copy).

Before the record is saved there is nothing to keep a file with, so the chosen paths wait
in ``pending_files()`` for the save action, which keeps them in its own transaction.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services import attachments
from app.services.attachments import AttachmentInfo
from app.views.desk import Desk
from app.views.feedback import perform

_ID_ROLE = Qt.ItemDataRole.UserRole


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, size // 1024)} KB"


class AttachmentList(QWidget):
    #: emitted after a file was kept with a saved record
    added = Signal(object)

    def __init__(self, desk: Desk, record_type: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.record_type = record_type
        self.record_id: int | None = None
        self._pending: list[Path] = []
        self.setObjectName(f"attachments_{record_type}")
        self.files = QListWidget(objectName="attachment_files")
        self.files.setMaximumHeight(90)
        self.files.itemActivated.connect(lambda _item: self.open_selected())
        self.add_button = QPushButton(_("Add file…"), objectName="attachment_add")
        self.add_button.clicked.connect(self.choose)
        self.open_button = QPushButton(_("Open file"), objectName="attachment_open")
        self.open_button.clicked.connect(self.open_selected)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.files, 1)
        layout.addLayout(buttons)

    def show_record(self, record_id: int | None) -> None:
        self.record_id = record_id
        self._pending.clear()
        self.reload()

    def pending_files(self) -> list[Path]:
        return list(self._pending)

    def reload(self) -> None:
        self.files.clear()
        if self.record_id is not None:
            kept = perform(self, lambda: attachments.attachments_of(
                self.desk.uow, self.record_type, self.record_id or 0)) or []
            for info in kept:
                self._add_row(info)
        for path in self._pending:
            item = QListWidgetItem(_("{name} (kept when saved)").format(name=path.name))
            self.files.addItem(item)
        self.open_button.setEnabled(self.files.count() > 0)

    def _add_row(self, info: AttachmentInfo) -> None:
        item = QListWidgetItem(f"{info.file_name}  ·  {size_text(info.size)}  ·  "
                               f"{info.added_by}  {info.added_at:%Y-%m-%d %H:%M}")
        item.setData(_ID_ROLE, info.id)
        item.setToolTip(f"SHA-256 {info.sha256}")
        self.files.addItem(item)

    def choose(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, _("Choose files to keep with the record"), str(Path.home()),
            _("Photos, scans and documents (*.jpg *.jpeg *.png *.pdf *.heic *.doc *.docx "
              "*.txt);;All files (*)"))
        self.add_paths([Path(name) for name in names])

    def add_paths(self, paths: list[Path]) -> None:
        if self.record_id is None:
            self._pending.extend(paths)
        else:
            for path in paths:
                info = perform(self, lambda path=path: attachments.add_file(
                    self.desk.uow, self.record_type, self.record_id or 0, path))
                if info is not None:
                    self.added.emit(info)
        self.reload()

    def open_selected(self) -> None:
        item = self.files.currentItem() or self.files.item(0)
        if item is None or item.data(_ID_ROLE) is None:
            return
        attachment_id = int(item.data(_ID_ROLE))
        data = perform(self, lambda: attachments.content(self.desk.uow, attachment_id))
        if data is None:
            return
        # A copy to look at: the kept bytes stay in the database whatever the viewer does.
        name = item.text().split("  ·  ")[0]
        folder = Path(tempfile.mkdtemp(prefix="villa-desk-file-"))
        copy = folder / name
        copy.write_bytes(data)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy)))
