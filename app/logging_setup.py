"""Logging to a rotating file in the data directory; the path is what users are told."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from app.paths import log_file


def setup_logging(level: int = logging.INFO) -> Path:
    path = log_file()
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "villa_desk", False)]:
        # Another data directory was opened earlier in this process (tests, second site).
        if getattr(old, "baseFilename", "") != str(path):
            root.removeHandler(old)
            old.close()
    if not any(getattr(h, "villa_desk", False) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
        handler.villa_desk = True  # type: ignore[attr-defined]
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
        )
        root.addHandler(handler)
    root.setLevel(level)
    return path
