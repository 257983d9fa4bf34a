"""Backups of the SQLite file: made safely, kept in rotation, checked, and restored.

A backup is written with SQLite's online backup API (safe while desks are working) to a
``.partial`` name in the target folder, checked with ``PRAGMA integrity_check`` (the exit
backup: ``quick_check``), flushed to disk and only then renamed to its final name: a backup
killed half-way (power cut, USB stick pulled, a shutdown) never sits under a name that looks
finished. No Qt here.

Kinds, told apart by the file name ``<db>-<kind>-<stamp>.sqlite3``:
- ``daily``: the first start of each day; the newest ``KEEP_DAILY`` are kept;
- ``monthly``: the first daily of each month is also kept as a monthly; ``KEEP_MONTHLY``;
- ``exit``: when the program closes after work the newest backup does not hold (sign-ins
  alone are not work); the newest ``KEEP_EXIT`` are kept;
- anything else (``manual``, ``pre-migrate-…``, ``before-restore``) is never rotated away.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import re
import shutil
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from app.i18n import _
from app.services.audit_seals import MANIFEST_SUFFIX, note_restore, seal_backup

log = logging.getLogger(__name__)

KEEP_DAILY = 14
KEEP_MONTHLY = 12
KEEP_EXIT = 14
SUFFIX = ".sqlite3"
PARTIAL = ".partial"
ROTATED_KINDS = {"daily": KEEP_DAILY, "monthly": KEEP_MONTHLY, "exit": KEEP_EXIT}
_NAME = re.compile(r"^(?P<db>.+?)-(?P<kind>daily|monthly|exit|manual|before-restore|"
                   r"pre-migrate-[\w]+|backup)-(?P<stamp>\d{8}(?:-\d{6})?(?:-\d+)?)\.sqlite3$")


class BackupError(Exception):
    """A backup or restore could not be made; ``message`` is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class BackupFile:
    path: Path
    kind: str
    made_at: dt.datetime


def header_problem(path: Path) -> str | None:
    """What the first bytes say is wrong with ``path`` as a database (cheap: no page read)."""
    try:
        with open(path, "rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        return _("The file cannot be read: {reason}").format(reason=exc.strerror or exc)
    if not header:
        return _("The file is empty.")
    if not header.startswith(b"SQLite format 3\x00") or len(header) < 100:
        return _("The file is not a Villa Desk database (it is not an SQLite file).")
    return None


def check_sqlite_file(path: Path, quick: bool = False) -> str | None:
    """None if ``path`` is a whole, healthy SQLite database; else what is wrong, in words.

    ``quick``: ``PRAGMA quick_check`` — every page's structure, every record's format, the
    free list — without cross-checking each index against its table (a third of the time).
    """
    problem = header_problem(path)
    if problem:
        return problem
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            pragma = "PRAGMA quick_check" if quick else "PRAGMA integrity_check"
            result = [row[0] for row in conn.execute(pragma)]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return _("The file is damaged: {reason}").format(reason=exc)
    if result != ["ok"]:
        return _("The file is damaged: {reason}").format(reason="; ".join(result[:3]))
    return None


def _stamp(now: dt.datetime) -> str:
    return now.strftime("%Y%m%d-%H%M%S")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_backup(source: Path, target: Path, overwrite: bool = False,
                 quick_check: bool = False) -> Path:
    """Copy ``source`` to ``target`` through a checked temporary file; return ``target``.

    ``quick_check`` checks the copy with ``PRAGMA quick_check`` instead of the full
    ``integrity_check`` (see :func:`check_sqlite_file`)."""
    if target.exists() and not overwrite:
        raise BackupError(_("{path} already exists; choose another name.").format(path=target))
    partial = target.with_name(target.name + PARTIAL)
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(str(partial))
            try:
                src.backup(dst)
                # The copy is a plain rollback-journal file: one file, nothing beside it.
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        problem = check_sqlite_file(partial, quick=quick_check)
        if problem:
            raise BackupError(_("The backup failed its check: {reason}").format(reason=problem))
        _fsync(partial)
        os.replace(partial, target)
    except sqlite3.Error as exc:
        raise BackupError(_("The backup could not be written: {reason}").format(
            reason=exc)) from exc
    except OSError as exc:
        raise BackupError(_("The backup could not be written: {reason}").format(
            reason=exc.strerror or exc)) from exc
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
    log.info("Backed up %s to %s", source, target)
    return target


def backup_name(source: Path, kind: str, now: dt.datetime) -> str:
    return f"{source.stem}-{kind}-{_stamp(now)}{SUFFIX}"


def list_backups(folder: Path, source: Path | None = None) -> list[BackupFile]:
    """Finished backups in ``folder`` (of ``source``'s database if given), newest first."""
    found: list[BackupFile] = []
    if not folder.is_dir():
        return found
    for path in folder.glob(f"*{SUFFIX}"):
        match = _NAME.match(path.name)
        if not match or (source is not None and match["db"] != source.stem):
            continue
        stamp = match["stamp"]
        try:
            made = dt.datetime.strptime(stamp[:15], "%Y%m%d-%H%M%S") if len(stamp) >= 15 \
                else dt.datetime.strptime(stamp[:8], "%Y%m%d")
        except ValueError:
            continue
        kind = "pre-migrate" if match["kind"].startswith("pre-migrate") else match["kind"]
        found.append(BackupFile(path, kind, made))
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def rotate(folder: Path, source: Path) -> list[Path]:
    """Remove the rotated kinds beyond their keep counts; return what was removed.

    Backups are copies, not records: removing old copies loses nothing the rules keep.
    """
    removed: list[Path] = []
    backups = list_backups(folder, source)
    for kind, keep in ROTATED_KINDS.items():
        for old in [b for b in backups if b.kind == kind][keep:]:
            old.path.unlink(missing_ok=True)
            removed.append(old.path)
    for stale in folder.glob(f"{source.stem}-*{SUFFIX}{PARTIAL}"):
        stale.unlink(missing_ok=True)  # left by a backup killed half-way
        removed.append(stale)
    return removed


def daily_due(folders: Iterable[Path], source: Path, today: dt.date) -> bool:
    return not any(b.kind in ("daily", "monthly") and b.made_at.date() == today
                   for folder in folders for b in list_backups(folder, source))


def make_rotated_backup(source: Path, folders: list[Path], kind: str,
                        now: dt.datetime) -> list[Path]:
    """A ``daily`` or ``exit`` backup into every folder (the data folder and, where the
    site set one, a USB drive or network share); a daily also becomes the month's first
    monthly. A folder that cannot be written is logged and skipped; raises only if none
    could be written."""
    made: list[Path] = []
    problems: list[str] = []
    for folder in folders:
        try:
            # The exit backup's copy gets the quick check: the copy is SQLite's own, page by
            # page, and what quick_check skips (each index against its table) is checked on
            # the database itself by the day's first backup, every day. On a ten-year file
            # this is the difference between ~5 s and ~15 s after the windows have closed.
            target = write_backup(source, folder / backup_name(source, kind, now),
                                  quick_check=kind == "exit")
            seal_backup(target, source.name, now)
            made.append(target)
            if kind == "daily" and not any(
                    b.kind == "monthly" and (b.made_at.year, b.made_at.month)
                    == (now.year, now.month) for b in list_backups(folder, source)):
                monthly = target.with_name(backup_name(source, "monthly", now))
                shutil.copy2(target, monthly)
                seal_backup(monthly, source.name, now)
            rotate(folder, source)
        except BackupError as exc:
            log.warning("Backup into %s failed: %s", folder, exc.message)
            problems.append(f"{folder}: {exc.message}")
    if not made and problems:
        raise BackupError("\n".join(problems))
    return made


def newest_good_backup(folders: Iterable[Path], source: Path) -> BackupFile | None:
    """The newest backup that passes the check, for the start-up check to offer."""
    for backup in sorted((b for f in folders for b in list_backups(f, source)),
                         key=lambda b: b.made_at, reverse=True):
        if check_sqlite_file(backup.path) is None:
            return backup
    return None


def last_backup(folders: Iterable[Path], source: Path) -> BackupFile | None:
    backups = [b for f in folders for b in list_backups(f, source)]
    return max(backups, key=lambda b: b.made_at) if backups else None


def restore(backup: Path, database: Path, now: dt.datetime,
            seal_folders: Iterable[Path] = ()) -> Path | None:
    """Replace ``database`` with ``backup``; return where the current file was put aside.

    The backup is checked first; the current database (with its WAL) is kept beside it as
    ``…-before-restore-<stamp>``, so a restore can itself be undone. Every connection to
    the database must be closed (the caller makes sure: CLI, or the program before quit).
    """
    problem = check_sqlite_file(backup)
    if problem:
        raise BackupError(_("{path} cannot be restored: {reason}").format(
            path=backup, reason=problem))
    aside: Path | None = None
    if database.exists():
        aside = database.with_name(backup_name(database, "before-restore", now))
        # Through the backup API, so what was committed in the WAL is in the copy too.
        try:
            write_backup(database, aside)
        except BackupError:
            # A damaged current file cannot be copied page by page: keep it as it is.
            shutil.copy2(database, aside)
    staged = database.with_name(database.name + ".restoring")
    write_backup(backup, staged, overwrite=True)
    for leftover in (database.with_name(database.name + "-wal"),
                     database.with_name(database.name + "-shm")):
        leftover.unlink(missing_ok=True)
    os.replace(staged, database)
    note_restore(seal_folders, database.name, now)
    log.info("Restored %s from %s (previous file kept as %s)", database, backup, aside)
    return aside


#: Audit actions that change no record: a day of signing in and looking needs no exit backup.
SIGN_IN_ACTIONS = ("login", "login_failed")


def changed_since_backup(database: Path, folders: Iterable[Path]) -> bool:
    """Whether the database holds work the newest backup does not: an audit entry after the
    chain head sealed in that backup's manifest, other than a sign-in. Every change to a
    record writes an audit entry, so this reads one indexed row. When in doubt (no backup,
    no manifest, a log that went back — a restore — or an unreadable file): True."""
    newest = last_backup(folders, database)
    if newest is None:
        return True
    manifest = newest.path.with_name(newest.path.name + MANIFEST_SUFFIX)
    try:
        sealed = int(json.loads(manifest.read_text(encoding="utf-8"))["last_id"])
    except (OSError, ValueError, KeyError, TypeError):
        return True
    try:
        conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            head = conn.execute("SELECT last_id FROM audit_anchor WHERE id = 1").fetchone()
            work = conn.execute(
                "SELECT 1 FROM audit_entry WHERE id > ? AND action NOT IN (?, ?) LIMIT 1",
                (sealed, *SIGN_IN_ACTIONS)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return True
    if (head[0] if head else 0) < sealed:
        return True  # the log went back (a restore): this is not the file backed up
    return work is not None


def backup_folders(extra: str | None) -> list[Path]:
    """The data folder's ``backups`` and, where this desk names one, a second place (a USB
    drive or a network share) so one failed disk does not take the backups with it."""
    from app.paths import backup_dir

    folders = [backup_dir()]
    if extra:
        folders.append(Path(extra))
    return folders


def automatic_backup(database: Path | None, extra_folder: str | None, kind: str,
                     now: dt.datetime) -> list[Path]:
    """The program's own backups: ``daily`` (only if none was made today) and ``exit``.
    Never raises: a failed backup is logged, and its age shows in the status bar."""
    if database is None or not database.exists():
        return []
    folders = backup_folders(extra_folder)
    if kind == "daily" and not daily_due(folders, database, now.date()):
        return []
    if kind == "exit" and not changed_since_backup(database, folders):
        log.info("No exit backup: nothing but sign-ins since the newest backup")
        return []
    try:
        return make_rotated_backup(database, folders, kind, now)
    except BackupError as exc:
        log.error("Automatic %s backup failed: %s", kind, exc.message)
        return []
