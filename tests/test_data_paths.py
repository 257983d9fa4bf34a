"""The data folder may be anywhere a site puts it, and what is in it stays private."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main

ROOT = Path(__file__).resolve().parent.parent

#: Folder names seen on real desks: a Chinese user name, an apostrophe, brackets, a comma,
#: a Windows drive's colon and backslash, and a percent sign (URL-encoding's escape).
AWKWARD = ["前台数据", "O'Brien", "备份 (旧)", "a,b", "C:\\villa", "100%"]


@pytest.mark.parametrize("folder", AWKWARD)
def test_the_desk_starts_migrates_and_backs_up_in_an_awkward_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / folder / "villa-desk"
    monkeypatch.setenv("VILLA_DESK_HOME", str(home))
    assert main(["migrate"]) == 0
    assert main(["backup"]) == 0
    backups = list((home / "backups").glob("*.sqlite3"))
    assert backups
    assert main(["restore", str(backups[0]), "--yes"]) == 0
    assert main(["verify-audit"]) == 0
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    assert (home / "villa-desk.sqlite3").stat().st_size > 0
    assert list(home.glob("villa-desk-before-restore-*.sqlite3"))


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_database_logs_and_backups_are_readable_by_their_user_only(tmp_path: Path) -> None:
    home = tmp_path / "desk"
    env = {**os.environ, "VILLA_DESK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    for command in (["migrate"], ["backup"]):
        subprocess.run([sys.executable, "-m", "app", *command], env=env, cwd=ROOT,
                       check=True, capture_output=True)
    files = [p for p in home.rglob("*") if p.is_file()]
    folders = [home, *(p for p in home.rglob("*") if p.is_dir())]
    assert {p.name for p in files} >= {"villa-desk.sqlite3", "villa-desk.log"}
    assert any(p.parent.name == "backups" for p in files)
    assert {str(p.relative_to(home)): oct(_mode(p)) for p in files if _mode(p) != 0o600} == {}
    assert {str(p): oct(_mode(p)) for p in folders if _mode(p) != 0o700} == {}


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_files_an_older_version_left_open_are_closed_at_the_next_start(tmp_path: Path) -> None:
    home = tmp_path / "desk"
    (home / "backups").mkdir(parents=True)
    old = home / "backups" / "villa-desk-backup-old.sqlite3"
    old.write_bytes(b"")
    old.chmod(0o644)
    home.chmod(0o755)
    env = {**os.environ, "VILLA_DESK_HOME": str(home)}
    subprocess.run([sys.executable, "-m", "app", "migrate"], env=env, cwd=ROOT, check=True,
                   capture_output=True)
    assert _mode(old) == 0o600
    assert _mode(home) == 0o700


def test_an_unexpected_failure_in_a_command_is_a_sentence_not_a_traceback(
        home: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import app.cli

    def broken(_args: object) -> int:
        raise RuntimeError("a bug nobody foresaw")

    monkeypatch.setattr(app.cli, "cmd_migrate", broken)
    assert main(["migrate"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "a bug nobody foresaw" not in err
    assert "villa-desk.log" in err
    assert "a bug nobody foresaw" in (home / "logs" / "villa-desk.log").read_text("utf-8")
