"""关于: the program's version and where this desk keeps its files."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget
from sqlalchemy.engine import make_url

from app.backups import backup_folders
from app.config import LocalConfig
from app.i18n import _
from app.paths import data_dir, log_file

PACKAGE = "villa-desk"


def program_version() -> str:
    """The installed package's version (pyproject.toml), as pip and the CLI know it."""
    try:
        return version(PACKAGE)
    except PackageNotFoundError:  # run from a bare source tree
        return _("unknown (not installed)")


def database_location(url: str) -> str:
    """The SQLite file, or the server URL without its password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return str(Path(parsed.database))
    return parsed.render_as_string(hide_password=True)


class AboutDialog(QDialog):
    def __init__(self, config: LocalConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle(_("About Villa Desk"))
        heading = QLabel(_("Villa Desk"))
        heading.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.values = {
            "version": program_version(),
            "database": database_location(config.database_url),
            "data": str(data_dir()),
            "log": str(log_file()),
            "backups": "\n".join(str(p) for p in backup_folders(config.backup_folder)),
            "config": str(config.path),
        }
        titles = {"version": _("Version"), "database": _("Database"),
                  "data": _("Data folder"), "log": _("Log file"),
                  "backups": _("Backup folders"), "config": _("This desk's settings")}
        form = QFormLayout()
        for key, value in self.values.items():
            label = QLabel(value, objectName=f"about_{key}")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            form.addRow(titles[key], label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(QLabel(_("Front-desk program for a villa-resort clubhouse "
                                  "(别墅会所客服前台系统).")))
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
