"""A damaged, empty or mistyped database is never opened silently as a new one."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from app.backups import backup_name, check_sqlite_file, write_backup
from app.bootstrap import open_database
from app.cli import main
from app.config import LocalConfig
from app.views.messages import Messages


def _desk_database(path: Path) -> Path:
    open_database(f"sqlite:///{path}").engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO site (name, phone, address) VALUES ('翡翠湾别墅会所', '', '')")
        conn.execute("CREATE TABLE ballast (data BLOB)")
        conn.executemany("INSERT INTO ballast VALUES (randomblob(4000))", [()] * 300)
    return path


def _tear_a_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle:middle + 4096] = b"\xa5" * 4096
    path.write_bytes(bytes(data))


def test_a_mistyped_database_path_is_not_made_into_a_new_database(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    typo = tmp_path / "vila-desk.sqlite3"
    assert main(["--database", f"sqlite:///{typo}", "migrate"]) == 2
    assert not typo.exists()
    assert "--create" in capsys.readouterr().err
    assert main(["--database", f"sqlite:///{typo}", "--create", "migrate"]) == 0
    assert check_sqlite_file(typo) is None


@pytest.mark.parametrize(("content", "says"), [(b"", "空"),
                                               ("业主电话登记表".encode(), "不是"),
                                               (b"SQLite format 2\x00" + b"\0" * 200, "不是")])
def test_an_empty_or_foreign_file_is_refused_in_plain_words(
        home: Path, capsys: pytest.CaptureFixture[str], content: bytes, says: str) -> None:
    home.mkdir(parents=True, exist_ok=True)
    database = home / "villa-desk.sqlite3"
    database.write_bytes(content)
    for command in (["migrate"], ["backup"], ["verify-audit"]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert says in err and "Traceback" not in err
    assert database.read_bytes() == content


def test_a_torn_page_is_found_and_the_newest_good_backup_named(
        home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = _desk_database(home / "villa-desk.sqlite3")
    good = write_backup(database, home / "backups" / backup_name(
        database, "daily", dt.datetime(2026, 12, 1, 8, 0)))
    _tear_a_page(database)
    for command in (["migrate"], ["backup"]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert "损坏" in err and str(good) in err


def test_the_program_offers_the_newest_backup_for_an_empty_file(
        home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.views.application import database_may_open

    database = _desk_database(home / "villa-desk.sqlite3")
    write_backup(database, home / "backups" / backup_name(
        database, "exit", dt.datetime(2026, 12, 1, 18, 0)))
    database.write_bytes(b"")  # the PC was switched off at the wall mid-write
    asked: list[str] = []
    answer = {"yes": False}
    monkeypatch.setattr(Messages, "confirm", classmethod(
        lambda cls, parent, text, title="": asked.append(text) or answer["yes"]))
    config = LocalConfig.load()
    assert not database_may_open(config)
    assert database.read_bytes() == b""  # declined: nothing touched
    answer["yes"] = True
    assert database_may_open(config)
    assert "空" in asked[-1]
    assert check_sqlite_file(database) is None
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT name FROM site").fetchone() == ("翡翠湾别墅会所",)
    assert list(home.glob("villa-desk-before-restore-*.sqlite3"))
