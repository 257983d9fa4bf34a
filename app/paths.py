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
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_file() -> Path:
    return data_dir() / "villa-desk.sqlite3"


def config_file() -> Path:
    return data_dir() / "config.json"


def log_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_file() -> Path:
    return log_dir() / "villa-desk.log"


def backup_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
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
