"""Per-desk settings kept in a small JSON file beside the database.

Things that belong to this PC, not to the site: which database to open, the language,
the last printer and mode per form, printer offsets for 套打. Site-wide rules live in the
database (see ``app.models.settings``).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.paths import config_file, database_file


@dataclass
class LocalConfig:
    path: Path
    data: dict[str, Any]

    @classmethod
    def load(cls, path: Path | None = None) -> LocalConfig:
        path = path or config_file()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                data = {}
        except (OSError, ValueError):
            data = {}
        return cls(path, data)

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def set(self, key: str, value: Any) -> None:
        # Several copies may be open (the desk's, the window sizes'): take what is on disk
        # now and change only this key, so no copy writes its stale keys over another's.
        fresh = LocalConfig.load(self.path).data if self.path.exists() else dict(self.data)
        fresh[key] = value
        self.data = fresh
        self.save()

    def save(self) -> None:
        # Write to a temporary file and rename, so a crash never leaves half a config.
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".config-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(self.data, fh, ensure_ascii=False, indent=2, sort_keys=True)
        os.replace(tmp, self.path)

    # Typed accessors for the keys every desk has.
    @property
    def database_url(self) -> str:
        env = os.environ.get("VILLA_DESK_DATABASE_URL")
        if env:
            return env
        return str(self.get("database_url") or f"sqlite:///{database_file()}")

    @property
    def locale(self) -> str:
        return str(os.environ.get("VILLA_DESK_LOCALE") or self.get("locale") or "zh_CN")

    @property
    def backup_folder(self) -> str | None:
        """A second backup folder for this desk (USB drive, network share), if any."""
        value = self.get("backup_folder")
        return str(value) if value else None

    @property
    def idle_lock_minutes(self) -> int:
        return int(self.get("idle_lock_minutes", 10))

    def print_preference(self, form: str) -> dict[str, Any]:
        return dict(self.get("print", {}).get(form, {}))

    def set_print_preference(self, form: str, **values: Any) -> None:
        prefs = dict(self.get("print", {}))
        prefs[form] = {**prefs.get(form, {}), **values}
        self.set("print", prefs)

    def printer_offset_mm(self, printer: str) -> tuple[float, float]:
        x, y = self.get("printer_offsets", {}).get(printer, (0.0, 0.0))
        return float(x), float(y)

    def set_printer_offset_mm(self, printer: str, x: float, y: float) -> None:
        offsets = dict(self.get("printer_offsets", {}))
        offsets[printer] = [x, y]
        self.set("printer_offsets", offsets)
