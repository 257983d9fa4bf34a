"""Backups a desk can trust: checked before they get their name, rotated, restorable."""

from __future__ import annotations

import datetime as dt
import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.backups import (
    KEEP_DAILY,
    KEEP_EXIT,
    BackupError,
    automatic_backup,
    backup_name,
    check_sqlite_file,
    list_backups,
    make_rotated_backup,
    rotate,
    write_backup,
)
from app.bootstrap import open_database
from app.cli import main

DEC_2 = dt.datetime(2026, 12, 2, 8, 5)


def _database(path: Path, rows: int = 3, blob: int = 10) -> Path:
    """A real, migrated desk database with ``rows`` sites and some ballast to copy."""
    if not path.exists():
        open_database(f"sqlite:///{path}").engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS ballast (data BLOB)")
        start = conn.execute("SELECT count(*) FROM site").fetchone()[0]
        conn.executemany("INSERT INTO site (name, phone, address) VALUES (?, '', '')",
                         [(f"会所{start + i}",) for i in range(rows)])
        conn.executemany("INSERT INTO ballast (data) VALUES (randomblob(?))",
                         [(blob,)] * rows)
    return path


def _names(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM site ORDER BY id")]


def test_a_backup_is_a_checked_copy_under_its_final_name(tmp_path: Path) -> None:
    source = _database(tmp_path / "villa-desk.sqlite3")
    target = write_backup(source, tmp_path / "b" / "copy.sqlite3")
    assert check_sqlite_file(target) is None
    assert _names(target) == _names(source)
    assert not list((tmp_path / "b").glob("*.partial"))


def test_a_backup_never_silently_overwrites(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    source = _database(tmp_path / "villa-desk.sqlite3")
    existing = tmp_path / "usb.sqlite3"
    existing.write_bytes(b"last week's copy")
    with pytest.raises(BackupError):
        write_backup(source, existing)
    url = f"sqlite:///{source}"
    assert main(["--database", url, "backup", "-o", str(existing)]) == 2
    assert existing.read_bytes() == b"last week's copy"
    assert "已存在" in capsys.readouterr().err
    assert main(["--database", url, "backup", "-o", str(existing), "--force"]) == 0
    assert check_sqlite_file(existing) is None


def test_a_backup_killed_half_way_leaves_no_file_that_looks_finished(tmp_path: Path) -> None:
    # A power cut or a pulled USB stick during a backup: whatever has the final name must
    # be a whole database; the half-written copy is cleared by the next rotation.
    source = _database(tmp_path / "villa-desk.sqlite3", rows=400, blob=100_000)
    script = ("import sys; from pathlib import Path; from app.backups import write_backup; "
              "write_backup(Path(sys.argv[1]), Path(sys.argv[2]))")
    root = Path(__file__).resolve().parent.parent
    folder = tmp_path / "backups"
    for attempt in range(8):
        target = folder / backup_name(source, "daily", DEC_2 + dt.timedelta(days=attempt))
        child = subprocess.Popen([sys.executable, "-c", script, str(source), str(target)],
                                 cwd=root)
        time.sleep(0.15 + 0.05 * attempt)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        assert not target.exists() or check_sqlite_file(target) is None
    rotate(folder, source)
    assert not list(folder.glob("*.partial"))
    assert all(check_sqlite_file(b.path) is None for b in list_backups(folder, source))


def test_damaged_files_are_named_for_what_they_are(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    text = tmp_path / "notes.sqlite3"
    text.write_text("业主电话登记表", encoding="utf-8")
    good = _database(tmp_path / "good.sqlite3", rows=200, blob=4000)
    torn = tmp_path / "torn.sqlite3"
    data = bytearray(good.read_bytes())
    data[len(data) // 2: len(data) // 2 + 4096] = b"\xff" * 4096  # a bad page mid-file
    torn.write_bytes(bytes(data))
    assert "空" in (check_sqlite_file(empty) or "")
    assert "不是" in (check_sqlite_file(text) or "")
    assert "损坏" in (check_sqlite_file(torn) or "")
    assert check_sqlite_file(good) is None


def test_daily_backups_run_once_a_day_keep_a_monthly_and_rotate(tmp_path: Path) -> None:
    source = _database(tmp_path / "villa-desk.sqlite3")
    folder = tmp_path / "backups"
    for day in range(40):  # 2 December to 10 January
        make_rotated_backup(source, [folder], "daily", DEC_2 + dt.timedelta(days=day))
        make_rotated_backup(source, [folder], "exit",
                            DEC_2 + dt.timedelta(days=day, hours=10))
    write_backup(source, folder / backup_name(source, "manual", DEC_2))
    kinds = [b.kind for b in list_backups(folder, source)]
    assert kinds.count("daily") == KEEP_DAILY
    assert kinds.count("exit") == KEEP_EXIT
    assert kinds.count("monthly") == 2  # December and January
    assert kinds.count("manual") == 1  # never rotated away


def test_the_program_backs_up_once_a_day_into_both_folders(
        home: Path, tmp_path: Path) -> None:
    source = _database(home / "villa-desk.sqlite3")
    usb = tmp_path / "U盘" / "备份"
    first = automatic_backup(source, str(usb), "daily", DEC_2)
    assert [p.parent for p in first] == [home / "backups", usb]
    assert automatic_backup(source, str(usb), "daily", DEC_2 + dt.timedelta(hours=3)) == []
    _desk_work(source)
    assert len(automatic_backup(source, str(usb), "exit", DEC_2 + dt.timedelta(hours=9))) == 2


def _desk_work(path: Path, action: str = "print") -> None:
    """Something the desk does that the audit log records (a slip printed, a sign-in)."""
    from app.services import audit

    opened = open_database(f"sqlite:///{path}")
    try:
        with opened.uow.transaction() as session:
            audit.record_event(session, action, "work_order", "1")
    finally:
        opened.engine.dispose()


def test_closing_after_only_signing_in_makes_no_exit_backup(home: Path) -> None:
    source = _database(home / "villa-desk.sqlite3")
    assert automatic_backup(source, None, "daily", DEC_2)
    _desk_work(source, "login")  # the evening shift signs in, looks, and closes
    assert automatic_backup(source, None, "exit", DEC_2 + dt.timedelta(hours=10)) == []
    _desk_work(source, "print")  # a slip printed is work the backup must hold
    made = automatic_backup(source, None, "exit", DEC_2 + dt.timedelta(hours=11))
    assert len(made) == 1
    _desk_work(source, "login")  # the next sign-in only: that exit backup holds everything
    assert automatic_backup(source, None, "exit", DEC_2 + dt.timedelta(hours=12)) == []


def test_the_exit_backup_checks_its_copy_quickly(home: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from app import backups

    source = _database(home / "villa-desk.sqlite3")
    checks: list[bool] = []
    real = backups.check_sqlite_file
    monkeypatch.setattr(backups, "check_sqlite_file",
                        lambda path, quick=False: checks.append(quick) or real(path, quick))
    automatic_backup(source, None, "daily", DEC_2)
    _desk_work(source)
    automatic_backup(source, None, "exit", DEC_2 + dt.timedelta(hours=9))
    assert checks == [False, True]  # the day's backup checks every index, the exit's quickly


def test_an_unwritable_second_folder_does_not_stop_the_backup(home: Path,
                                                             tmp_path: Path) -> None:
    source = _database(home / "villa-desk.sqlite3")
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the USB folder should be")
    made = automatic_backup(source, str(blocked / "backups"), "daily", DEC_2)
    assert [p.parent for p in made] == [home / "backups"]


def test_restore_checks_the_backup_and_keeps_the_current_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    database = _database(tmp_path / "villa-desk.sqlite3", rows=1)
    backup = write_backup(database, tmp_path / "monday.sqlite3")
    _database(database, rows=2)  # Tuesday's work, then the disk goes bad
    url = f"sqlite:///{database}"

    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_text("not a database")
    assert main(["--database", url, "restore", str(garbage), "--yes"]) == 2
    assert len(_names(database)) == 3

    monkeypatch.setattr(sys, "stdin", io.StringIO("no\n"))
    assert main(["--database", url, "restore", str(backup)]) == 1
    assert len(_names(database)) == 3

    monkeypatch.setattr(sys, "stdin", io.StringIO("yes\n"))
    capsys.readouterr()
    assert main(["--database", url, "restore", str(backup)]) == 0
    assert _names(database) == ["会所0"]
    aside = [p for p in tmp_path.glob("villa-desk-before-restore-*.sqlite3")]
    assert len(aside) == 1 and len(_names(aside[0])) == 3
    assert str(aside[0]) in capsys.readouterr().out
