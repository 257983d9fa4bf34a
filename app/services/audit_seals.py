"""Seals of the audit chain kept where a database editor cannot reach them at the same time.

A seal is the chain's head (entry id and hash) at a moment. Someone who edits the database
file can cut the log short, empty it, or rewrite a middle entry and recompute every hash
after it — the chain alone then looks intact. A seal written earlier into the backup folder
(a line in ``audit-seals.jsonl``, a manifest beside each backup) still says what entry N's
hash was, so verification compares the chain with every seal it can find. No Qt here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.audit import GENESIS_HASH, AuditAnchor, AuditEntry

log = logging.getLogger(__name__)

SEAL_FILE = "audit-seals.jsonl"
MANIFEST_SUFFIX = ".manifest.json"


@dataclass(frozen=True)
class Seal:
    last_id: int
    last_hash: str
    at: dt.datetime
    source: str  # where the seal was found, for the report


@dataclass(frozen=True)
class SealProblem:
    seal: Seal
    found_hash: str | None  # None: entry missing

    def describe(self) -> str:
        if self.found_hash is None:
            return _("The audit log was cut short or emptied: a seal made {when} ({source}) "
                     "says entry {id} existed, and it is no longer in the log.").format(
                         when=self.seal.at.strftime("%Y-%m-%d %H:%M"), source=self.seal.source,
                         id=self.seal.last_id)
        return _("The audit log was rewritten: a seal made {when} ({source}) says entry {id} "
                 "had another fingerprint than it has now.").format(
                     when=self.seal.at.strftime("%Y-%m-%d %H:%M"), source=self.seal.source,
                     id=self.seal.last_id)


def database_key(engine: Engine) -> str:
    """Which database a seal belongs to (several sites may share one backup folder)."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        return Path(url.database or "").name
    return f"{url.host or ''}/{url.database or ''}"


def head_of(session: Session, at: dt.datetime) -> Seal:
    anchor = session.get(AuditAnchor, 1)
    if anchor is None:
        return Seal(0, GENESIS_HASH, at, "")
    return Seal(anchor.last_id, anchor.last_hash, at, "")


def head_of_file(path: Path, at: dt.datetime) -> Seal | None:
    """The chain's head inside a SQLite file (a fresh backup), read without the ORM."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT last_id, last_hash FROM audit_anchor WHERE id = 1")\
                .fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return Seal(row[0], row[1], at, "") if row else Seal(0, GENESIS_HASH, at, "")


def _append_line(folder: Path, record: dict[str, object]) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / SEAL_FILE
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def write_seal(folders: Iterable[Path], key: str, seal: Seal) -> None:
    """Append the seal to each folder's seal file; a folder that fails is logged."""
    record = {"database": key, "last_id": seal.last_id, "last_hash": seal.last_hash,
              "at": seal.at.isoformat(sep=" ", timespec="seconds")}
    for folder in folders:
        try:
            _append_line(folder, record)
        except OSError:
            log.exception("Could not write the audit seal into %s", folder)


def seal_backup(backup: Path, key: str, at: dt.datetime) -> Seal | None:
    """Write the manifest beside a finished backup and add its seal to the folder's file."""
    seal = head_of_file(backup, at)
    if seal is None:
        return None
    manifest = {"database": key, "backup": backup.name, "last_id": seal.last_id,
                "last_hash": seal.last_hash, "at": at.isoformat(sep=" ", timespec="seconds")}
    backup.with_name(backup.name + MANIFEST_SUFFIX).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True), encoding="utf-8")
    write_seal([backup.parent], key, seal)
    return seal


def note_restore(folders: Iterable[Path], key: str, at: dt.datetime) -> None:
    """A restore takes the log back on purpose: seals made before it no longer apply."""
    for folder in folders:
        with contextlib.suppress(OSError):
            _append_line(folder, {"database": key, "restored": True,
                                  "at": at.isoformat(sep=" ", timespec="seconds")})


def _parse_at(text: object) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(text))
    except ValueError:
        return None


def read_seals(folders: Iterable[Path], key: str) -> list[Seal]:
    """Every seal of database ``key`` in these folders made since its last restore."""
    seals: list[Seal] = []
    for folder in folders:
        found: list[Seal] = []
        restored_at: dt.datetime | None = None
        path = folder / SEAL_FILE
        if path.is_file():
            for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
                record = _record(line, key)
                if record is None:
                    continue
                at = _parse_at(record.get("at"))
                if record.get("restored"):
                    restored_at = at
                elif at is not None and isinstance(record.get("last_id"), int):
                    found.append(Seal(record["last_id"], str(record.get("last_hash")), at,
                                      f"{path}:{number}"))
        for manifest in sorted(folder.glob(f"*{MANIFEST_SUFFIX}")) if folder.is_dir() else []:
            try:
                record = _record(manifest.read_text("utf-8"), key)
            except OSError:
                continue
            at = _parse_at(record.get("at")) if record else None
            if record and at and isinstance(record.get("last_id"), int):
                found.append(Seal(record["last_id"], str(record.get("last_hash")), at,
                                  str(manifest)))
        seals.extend(s for s in found if restored_at is None or s.at > restored_at)
    return seals


def _record(text: str, key: str) -> dict[str, object] | None:
    try:
        record = json.loads(text)
    except ValueError:
        return None
    if not isinstance(record, dict) or record.get("database") != key:
        return None
    return record


def check_seals(session: Session, seals: Iterable[Seal]) -> list[SealProblem]:
    problems: list[SealProblem] = []
    for seal in sorted(seals, key=lambda s: s.last_id):
        if seal.last_id == 0:
            continue
        entry = session.get(AuditEntry, seal.last_id)
        if entry is None:
            problems.append(SealProblem(seal, None))
        elif entry.hash != seal.last_hash:
            problems.append(SealProblem(seal, entry.hash))
        if entry is not None:
            session.expunge(entry)
    return problems
