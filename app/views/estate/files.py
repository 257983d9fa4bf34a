"""Where a workbook is read from or saved to. Tests replace these class methods with a path."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from app.i18n import _

XLSX_SUFFIX = ".xlsx"


def _filter() -> str:
    return _("Excel workbooks (*.xlsx)")


class ExcelFiles:
    """The file dialogs of the register, one place to answer them in tests."""

    @classmethod
    def open_path(cls, parent: QWidget | None) -> Path | None:
        name, _chosen = QFileDialog.getOpenFileName(
            parent, _("Choose the workbook to import"), str(Path.home()), _filter())
        return Path(name) if name else None

    @classmethod
    def save_path(cls, parent: QWidget | None, title: str, suggested: str) -> Path | None:
        name, _chosen = QFileDialog.getSaveFileName(
            parent, title, str(Path.home() / suggested), _filter())
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == XLSX_SUFFIX else path.with_suffix(XLSX_SUFFIX)
