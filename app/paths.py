"""Where Villa Desk keeps its files.

One place decides every path. ``VILLA_DESK_HOME`` overrides the data directory, so tests
and a second site on the same PC each get their own database, logs and backups.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "villa-desk"
ENV_HOME = "VILLA_DESK_HOME"


def data_dir() -> Path:
    override = os.environ.get(ENV_HOME)
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def keep_files_private() -> None:
    """Make everything this process creates readable by its user only, and tighten what
    an older version left readable by everyone.

    The database, its WAL, logs, backups and config hold owners' phones and ID numbers.
    On POSIX the umask covers every file SQLite, logging and backups create from now on;
    Windows keeps its per-user profile ACLs, so nothing is done there.
    """
    if os.name != "posix":
        return
    os.umask(0o077)
    root = data_dir()
    for folder, dirs, files in os.walk(root):
        os.chmod(folder, 0o700)
        for name in files:
            file = Path(folder) / name
            if not file.is_symlink():
                os.chmod(file, 0o600)
        dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]


def database_file() -> Path:
    return data_dir() / "villa-desk.sqlite3"


def config_file() -> Path:
    return data_dir() / "config.json"


def log_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def log_file() -> Path:
    return log_dir() / "villa-desk.log"


def backup_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def install_root() -> Path:
    """The directory holding ``resources/`` and ``i18n/`` (source tree or frozen bundle)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return install_root() / "resources"


def locale_dir() -> Path:
    return install_root() / "i18n"
