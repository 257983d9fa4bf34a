"""The manager's side of "nothing lost": backups, their second folder, restore, audit check.

One function per thing the manager does on the 备份与核查 page, each checked against
``Permission.MANAGE_DATA``; plus the two things the program does by itself: the nightly
audit check (run with the day's first backup, its result kept in ``audit-check.json`` in
the data folder) and the restore a manager asked for, done at the next start before the
database is opened (a restore needs every connection closed). Built on ``app.backups``
and ``app.services.audit_check``; no Qt here.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from app import validation
from app.backups import (
    BackupError,
    BackupFile,
    automatic_backup,
    backup_folders,
    check_sqlite_file,
    list_backups,
    make_rotated_backup,
    restore,
)
from app.config import LocalConfig
from app.db import sqlite_path
from app.i18n import _, fmt_time
from app.models.audit import AuditEntry
from app.paths import data_dir
from app.services.audit_check import check_audit
from app.services.audit_replay import ReplayStopped
from app.services.audit_seals import database_key, read_seals
from app.services.errors import ServiceError, ValidationFailed
from app.services.permissions import PROGRAM, Permission, needs
from app.services.uow import UnitOfWork
from app.startup_check import sqlite_file_of

log = logging.getLogger(__name__)

CHECK_FILE = "audit-check.json"
#: The status bar turns red when the newest backup is older than this.
WARN_AFTER = dt.timedelta(days=2)
SECOND_FOLDER_KEY = "backup_folder"
RESTORE_KEY = "restore_on_start"


@dataclass(frozen=True)
class CheckResult:
    """One run of the audit check, as kept in ``audit-check.json`` and shown to the manager."""

    at: dt.datetime
    ok: bool
    summary: str
    problems: tuple[str, ...]  # plain words, the first bad entry or record first


@dataclass(frozen=True)
class BackupStatus:
    database: Path | None  # None: a server database (backed up with its own tools)
    folders: tuple[Path, ...]  # the data folder's, then this desk's second one
    second_folder: str | None
    backups: tuple[BackupFile, ...]  # every finished backup in those folders, newest first
    last_check: CheckResult | None

    @property
    def last(self) -> BackupFile | None:
        return self.backups[0] if self.backups else None


@dataclass(frozen=True)
class RestoreDone:
    backup: Path
    database: Path
    aside: Path | None


def _database(uow: UnitOfWork) -> Path | None:
    return sqlite_path(uow.sessions.kw["bind"])


def check_file() -> Path:
    return data_dir() / CHECK_FILE


def all_backups(folders: list[Path] | tuple[Path, ...], database: Path) -> list[BackupFile]:
    return sorted((b for folder in folders for b in list_backups(folder, database)),
                  key=lambda b: b.made_at, reverse=True)


@needs(Permission.MANAGE_DATA)
def backup_status(uow: UnitOfWork, second_folder: str | None) -> BackupStatus:
    """What the page shows. Reads folder listings only (no file is opened or checked)."""
    database = _database(uow)
    folders = tuple(backup_folders(second_folder))
    backups = tuple(all_backups(folders, database)) if database else ()
    return BackupStatus(database, folders, second_folder, backups, last_check())


def backup_overdue(last: BackupFile | None, now: dt.datetime) -> bool:
    return last is None or now - last.made_at > WARN_AFTER


def describe_age(made_at: dt.datetime, now: dt.datetime) -> str:
    """「今天 08:05」, 「昨天 22:10」 or 「3 天前」: how the desk says a backup's age."""
    days = (now.date() - made_at.date()).days
    if days <= 0:
        return _("today {time}").format(time=fmt_time(made_at))
    if days == 1:
        return _("yesterday {time}").format(time=fmt_time(made_at))
    return _("{n} days ago").format(n=days)


def check_second_folder(text: str) -> Path:
    """The folder a manager typed or picked, made if missing and proven writable."""
    message = validation.Text(1000)(text)  # a NUL or a broken character is no path
    if message:
        raise ValidationFailed({"backup_folder": message})
    path = Path(text.strip()).expanduser()
    if not text.strip():
        raise ValidationFailed({"backup_folder": _("Choose a folder.")})
    if not path.is_absolute():
        raise ValidationFailed({"backup_folder": _(
            "Give the full path of the folder, e.g. E:\\备份 or /media/usb/备份.")})
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Prove it: a USB stick can be mounted read-only, a share can refuse this user.
        with tempfile.NamedTemporaryFile(dir=path, prefix=".villa-desk-test-"):
            pass
    except OSError as exc:
        raise ValidationFailed({"backup_folder": _(
            "Backups cannot be written into {path}: {reason}").format(
                path=path, reason=exc.strerror or exc)}) from exc
    if path.resolve() == backup_folders(None)[0].resolve():
        raise ValidationFailed({"backup_folder": _(
            "This is the data folder's own backup folder; choose another drive or a "
            "network share.")})
    return path


@needs(Permission.MANAGE_DATA)
def set_second_folder(uow: UnitOfWork, config: LocalConfig, text: str | None) -> str | None:
    """Set (or, with None or empty text, clear) this desk's second backup folder."""
    if not text or not text.strip():
        config.set(SECOND_FOLDER_KEY, None)
        return None
    folder = str(check_second_folder(text))
    config.set(SECOND_FOLDER_KEY, folder)
    return folder


@needs(Permission.MANAGE_DATA)
def back_up_now(uow: UnitOfWork, second_folder: str | None) -> list[Path]:
    """A ``manual`` backup into every folder: sealed, checked, and never rotated away."""
    database = _database(uow)
    if database is None:
        raise ServiceError(_("This desk uses a server database; back it up with the "
                             "server's own tools (pg_dump)."))
    try:
        return make_rotated_backup(database, backup_folders(second_folder), "manual",
                                   uow.clock.now())
    except BackupError as exc:
        raise ServiceError(exc.message) from exc


def _audit(uow: UnitOfWork, second_folder: str | None) -> CheckResult:
    engine = uow.sessions.kw["bind"]
    seals = read_seals(backup_folders(second_folder), database_key(engine))
    with uow.read() as session:
        report = check_audit(session, seals)
    return CheckResult(uow.clock.now().replace(microsecond=0), report.ok, report.summary(),
                       report.problems)


@needs(Permission.MANAGE_DATA)
def run_audit_check(uow: UnitOfWork, second_folder: str | None) -> CheckResult:
    """The manager's check, now: the chain, every record replayed, every seal compared."""
    result = _audit(uow, second_folder)
    write_check(result)
    return result


def write_check(result: CheckResult, path: Path | None = None) -> None:
    path = path or check_file()
    record = {"at": result.at.isoformat(sep=" ", timespec="seconds"), "ok": result.ok,
              "summary": result.summary, "problems": list(result.problems)}
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".audit-check-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(record, fh, ensure_ascii=False, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)  # a reader sees the old result or the new one, never half
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise


def last_check(path: Path | None = None) -> CheckResult | None:
    path = path or check_file()
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        return CheckResult(dt.datetime.fromisoformat(record["at"]), bool(record["ok"]),
                           str(record["summary"]),
                           tuple(str(p) for p in record.get("problems", [])))
    except (OSError, ValueError, KeyError, TypeError):
        return None


@needs(PROGRAM)
def nightly_check(uow: UnitOfWork, second_folder: str | None) -> CheckResult | None:
    """The day's audit check, run by the program itself (the start-up thread) once a day.

    Runs as the system, not as a person; never raises: a failure is logged.
    """
    now = uow.clock.now()
    previous = last_check()
    if previous is not None and previous.at.date() == now.date():
        return None
    try:
        result = _audit(uow, second_folder)
        write_check(result)
    except ReplayStopped:
        log.info("The day's audit check was stopped because the program closed")
        return None
    except Exception:
        log.exception("The nightly audit check could not run")
        return None
    if not result.ok:
        log.error("The nightly audit check found problems: %s", "; ".join(result.problems))
    return result


@needs(PROGRAM)
def daily_start_work(uow: UnitOfWork, second_folder: str | None) -> None:
    """What the program's start-up thread does: the day's backup, then the day's check."""
    now = uow.clock.now()
    automatic_backup(_database(uow), second_folder, "daily", now)
    nightly_check(uow, second_folder)


@dataclass(frozen=True)
class PaperSealCheck:
    ok: bool
    message: str  # plain words


@needs(Permission.MANAGE_DATA)
def compare_paper_seal(uow: UnitOfWork, entry_text: str, fingerprint: str) -> PaperSealCheck:
    """Compare the seal printed on a signed day's record (第 N 条 / 指纹 …) with the log."""
    errors: dict[str, str] = {}
    entry_text = entry_text.strip()
    digits = "".join(fingerprint.split()).lower()
    if not entry_text.isascii() or not entry_text.isdigit() or len(entry_text) > 12 \
            or not 1 <= int(entry_text) <= validation.ID_MAX:
        errors["paper_entry"] = _("Give the entry number printed on the paper.")
    if not 8 <= len(digits) <= 64 or any(c not in "0123456789abcdef" for c in digits):
        errors["paper_fingerprint"] = _("Give the fingerprint printed on the paper "
                                        "(16 characters, 0–9 and a–f).")
    if errors:
        raise ValidationFailed(errors)
    entry_id = int(entry_text)
    with uow.read() as session:
        entry = session.get(AuditEntry, entry_id)
        found = entry.hash if entry is not None else None
    if found is None:
        return PaperSealCheck(False, _(
            "Entry {id} is no longer in the audit log: the log was cut short or emptied "
            "after the paper was printed.").format(id=entry_id))
    if found.startswith(digits):
        return PaperSealCheck(True, _("Entry {id} matches the paper.").format(id=entry_id))
    return PaperSealCheck(False, _(
        "Entry {id} has the fingerprint {now} in the log, not {paper} as on the paper: the "
        "audit log was rewritten after the paper was printed.").format(
            id=entry_id, now=found[:len(digits)], paper=digits))


@needs(Permission.MANAGE_DATA)
def ask_restore_on_start(uow: UnitOfWork, config: LocalConfig, backup: Path) -> Path:
    """Check a backup and note it for the next start, which restores it before opening."""
    if _database(uow) is None:
        raise ServiceError(_("This desk uses a server database; restore it with the "
                             "server's own tools (pg_restore)."))
    problem = check_sqlite_file(backup)
    if problem:
        raise ValidationFailed({"backup": _("{path} cannot be restored: {reason}").format(
            path=backup, reason=problem)})
    config.set(RESTORE_KEY, str(backup))
    return backup


@needs(Permission.MANAGE_DATA)
def cancel_restore(uow: UnitOfWork, config: LocalConfig) -> None:
    config.set(RESTORE_KEY, None)


def restore_asked(config: LocalConfig) -> Path | None:
    value = config.get(RESTORE_KEY)
    return Path(str(value)) if value else None


def restore_on_start(config: LocalConfig, now: dt.datetime) -> RestoreDone | None:
    """At start, before the database is opened: restore the backup a manager chose.

    The request is removed first, so a backup that fails its check is refused once and
    the desk starts on its current file, never in a loop. Raises ``BackupError``.
    """
    backup = restore_asked(config)
    if backup is None:
        return None
    config.set(RESTORE_KEY, None)
    database = sqlite_file_of(config.database_url)
    if database is None:
        raise BackupError(_("This desk uses a server database; nothing was restored."))
    aside = restore(backup, database, now, backup_folders(config.backup_folder))
    log.info("Restored %s from %s as a manager asked", database, backup)
    return RestoreDone(backup, database, aside)
