"""Before a database file is opened: is it there, is it whole, and is it ours?

SQLite happily opens a 0-byte file or a mistyped path as a new, empty database, and Alembic
then "migrates" it: the desk would start on an empty register and look as if ten years of
records were gone. So the program and every command look at the file first, say in plain
words what is wrong, and point at the newest good backup. Creating a database anywhere but
the data folder's default place is an explicit choice (``--create``). No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from app.backups import (
    BackupFile,
    backup_folders,
    check_sqlite_file,
    header_problem,
    newest_good_backup,
)
from app.i18n import _
from app.paths import database_file


@dataclass(frozen=True)
class DatabaseProblem:
    path: Path
    reason: str  # translated, for the user
    newest_backup: BackupFile | None

    def message(self) -> str:
        text = _("The database {path} cannot be opened: {reason}").format(
            path=self.path, reason=self.reason)
        if self.newest_backup is not None:
            text += "\n" + _("The newest good backup is {path} (made {when}).").format(
                path=self.newest_backup.path,
                when=self.newest_backup.made_at.strftime("%Y-%m-%d %H:%M"))
        return text


def sqlite_file_of(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def check_database(url: str, create: bool = False, full: bool = True,
                   extra_backup_folder: str | None = None) -> DatabaseProblem | None:
    """None when the database at ``url`` may be opened.

    ``create``: a missing file may become a new database (always true for the default
    file in the data folder, which is how a first start begins). ``full``: also read every
    page (``integrity_check``); the program's start skips it for speed and leaves it to
    the day's first backup, the commands do it.
    """
    path = sqlite_file_of(url)
    if path is None:
        return None  # PostgreSQL: the server keeps its own files whole
    if not path.exists():
        if create or path.resolve() == database_file().resolve():
            return None
        return DatabaseProblem(path, _(
            "there is no database at this path. Check the path; to start a new, empty "
            "database there, add --create."), None)
    reason = header_problem(path) if not full else check_sqlite_file(path)
    if reason is None:
        return None
    return DatabaseProblem(path, reason,
                           newest_good_backup(backup_folders(extra_backup_folder), path))
