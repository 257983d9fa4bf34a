"""备份与核查: the manager sees the last backup and its age, keeps a second copy on a USB
stick, backs up by hand, restores a chosen backup at the next start, and runs the audit
check; the status bar warns when backups stop and when the nightly check found something.

Real files, real threads, the real SQLite database; nothing sleeps.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.backups import backup_name, list_backups, write_backup
from app.bootstrap import Opened
from app.config import LocalConfig
from app.models.calendar import WorkCalendar
from app.models.reception import Channel, EntryClass
from app.paths import backup_dir, config_file
from app.services import data_safety, reception
from app.services.uow import UnitOfWork
from app.views.data_safety.page import DataSafetyDialog
from app.views.desk import Desk
from app.views.main_window.status_bar import DeskStatusBar
from app.views.messages import Messages
from tests.conftest import MORNING, actor


def _database(uow: UnitOfWork) -> Path:
    return Path(str(uow.sessions.kw["bind"].url.database))


def _desk(uow: UnitOfWork, agent_no: str = "001") -> Desk:
    return Desk(uow, LocalConfig.load(config_file()), actor=actor(uow, agent_no))


def _page(qtbot: QtBot, desk: Desk) -> DataSafetyDialog:
    page = DataSafetyDialog(desk)
    qtbot.addWidget(page)
    page.show()
    return page


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every message shown; confirmations are answered yes."""
    seen: list[str] = []
    monkeypatch.setattr(Messages, "info", classmethod(
        lambda cls, parent, text, title="": seen.append(text)))
    monkeypatch.setattr(Messages, "warn", classmethod(
        lambda cls, parent, text, title="": seen.append(text)))
    monkeypatch.setattr(Messages, "confirm", classmethod(
        lambda cls, parent, text, title="": seen.append(text) or True))
    return seen


def _call(uow: UnitOfWork, villas: dict[str, int], caller: str, content: str) -> None:
    reception.log_entry(uow, reception.NewEntry(
        Channel.PHONE, EntryClass.REPAIR, caller, content, villa_id=villas["A-12"]))


def test_the_page_shows_the_last_backup_its_age_and_the_folders(
        qtbot: QtBot, uow: UnitOfWork, home: Path) -> None:
    database = _database(uow)
    write_backup(database, backup_dir() / backup_name(database, "daily",
                                                      dt.datetime(2026, 11, 24, 8, 5)))
    write_backup(database, backup_dir() / backup_name(database, "exit",
                                                      dt.datetime(2026, 11, 21, 18, 0)))
    page = _page(qtbot, _desk(uow))
    assert "今天 08:05" in page.last_backup.text()
    assert "2026" in page.last_backup.text()
    assert page.data_folder.text() == str(home / "backups")
    assert page.second_folder.text() == ""
    assert page.table.rowCount() == 2
    assert page.table.item(0, 1).text() == "每日"
    assert page.table.item(1, 1).text() == "退出时"


def test_a_second_folder_makes_the_next_backup_land_in_both(
        qtbot: QtBot, uow: UnitOfWork, villas: dict[str, int], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, said: list[str]) -> None:
    usb = tmp_path / "U盘 (E:)" / "会所备份"
    monkeypatch.setattr(DataSafetyDialog, "ask_folder",
                        classmethod(lambda cls, parent, start: str(usb)))
    desk = _desk(uow)
    page = _page(qtbot, desk)
    qtbot.mouseClick(page.choose_folder, Qt.MouseButton.LeftButton)
    assert page.second_folder.text() == str(usb)
    assert LocalConfig.load(config_file()).backup_folder == str(usb)

    job = page.back_up_now()
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=20_000):
        pass
    for folder in (backup_dir(), usb):
        made = list_backups(folder, _database(uow))
        assert [b.kind for b in made] == ["manual"], folder
        assert data_safety.check_sqlite_file(made[0].path) is None
    assert "今天 08:30" in page.last_backup.text()
    assert page.table.rowCount() == 2
    assert str(usb) in page.backup_note.text()
    assert said == []


def test_a_folder_that_cannot_be_written_is_refused_beside_the_field(
        qtbot: QtBot, uow: UnitOfWork, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        said: list[str]) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the USB folder should be")
    monkeypatch.setattr(DataSafetyDialog, "ask_folder",
                        classmethod(lambda cls, parent, start: str(blocked / "备份")))
    page = _page(qtbot, _desk(uow))
    page.pick_second_folder()
    assert "无法" in page.errors.message("backup_folder") or \
        "cannot" in page.errors.message("backup_folder")
    assert LocalConfig.load(config_file()).backup_folder is None


def test_backing_up_is_for_the_manager_only(uow: UnitOfWork) -> None:
    from app.services.errors import PermissionDenied

    supervisor = uow.as_actor(actor(uow, "002"))
    with pytest.raises(PermissionDenied):
        data_safety.back_up_now(supervisor, None)
    with pytest.raises(PermissionDenied):
        data_safety.run_audit_check(supervisor, None)


def test_a_tampered_record_is_reported_in_plain_words_by_the_check_on_the_page(
        qtbot: QtBot, uow: UnitOfWork, villas: dict[str, int], said: list[str]) -> None:
    receptionist = uow.as_actor(actor(uow, "008"))
    _call(receptionist, villas, "张伟", "主卫水龙头漏水")
    with sqlite3.connect(_database(uow)) as raw:  # someone with a SQLite editor
        raw.execute("UPDATE reception_entry SET content = '无事' WHERE caller_name = '张伟'")
    page = _page(qtbot, _desk(uow))
    job = page.run_check()
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=20_000):
        pass
    assert page.problems.isVisible()
    first = page.problems.item(0).text()
    assert "reception_entry" in first and "无事" in first
    assert "b71c1c" in page.check_result.styleSheet()
    assert said == []
    # The result is kept: the page and the status bar show it again later.
    kept = data_safety.last_check()
    assert kept is not None and not kept.ok and kept.problems[0] == first


def test_restoring_from_the_page_happens_at_the_next_start(
        qtbot: QtBot, opened: Opened, uow: UnitOfWork, villas: dict[str, int],
        home: Path, said: list[str]) -> None:
    receptionist = uow.as_actor(actor(uow, "008"))
    _call(receptionist, villas, "张伟", "主卫水龙头漏水")
    database = _database(uow)
    monday = write_backup(database, backup_dir() / backup_name(
        database, "daily", dt.datetime(2026, 11, 24, 8, 5)))
    _call(receptionist, villas, "王建国", "车库门打不开")  # after the backup

    LocalConfig.load(config_file()).set("database_url", f"sqlite:///{database}")
    desk = _desk(uow)
    page = _page(qtbot, desk)
    page.table.selectRow(0)
    with qtbot.waitSignal(page.restart_asked):
        qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    assert str(monday) in said[0]  # the confirmation named the backup
    assert LocalConfig.load(config_file()).get("restore_on_start") == str(monday)
    assert page.pending.isVisible()
    page.close()
    opened.engine.dispose()  # this desk closes

    started = subprocess.run([sys.executable, "-c", START], capture_output=True, text=True,
                             timeout=120, cwd=Path(__file__).parents[2],
                             env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert started.returncode == 0, started.stderr[-2000:]
    assert "restored:" in started.stdout and str(monday) in started.stdout

    with sqlite3.connect(database) as raw:
        callers = [r[0] for r in raw.execute("SELECT caller_name FROM reception_entry")]
    assert callers == ["张伟"]
    aside = list(database.parent.glob("desk-before-restore-*.sqlite3"))
    assert len(aside) == 1
    with sqlite3.connect(aside[0]) as raw:
        kept = sorted(r[0] for r in raw.execute("SELECT caller_name FROM reception_entry"))
    assert kept == ["张伟", "王建国"]
    assert LocalConfig.load(config_file()).get("restore_on_start") is None


#: The real program, started the way the desk starts it; the sign-in is closed at once.
START = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from app.views import application
from app.views.messages import Messages

Messages.info = classmethod(lambda cls, parent, text, title="": print("restored:", text))
Messages.warn = classmethod(lambda cls, parent, text, title="": print("warned:", text))

def answer():
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    if not shown:
        QTimer.singleShot(100, answer)
        return
    for w in shown:
        w.close()

application.create_application(sys.argv)
QTimer.singleShot(300, answer)
sys.exit(application.run_gui(sys.argv))
"""


def test_a_backup_that_fails_its_check_is_not_restored_at_start(
        uow: UnitOfWork, opened: Opened, tmp_path: Path, said: list[str]) -> None:
    from app.views.application import restore_if_asked

    database = _database(uow)
    garbage = tmp_path / "villa-desk-daily-20261123-080000.sqlite3"
    garbage.write_text("not a database")
    config = LocalConfig.load(config_file())
    config.set("database_url", f"sqlite:///{database}")
    config.set("restore_on_start", str(garbage))
    opened.engine.dispose()
    before = database.read_bytes()
    restore_if_asked(config)
    assert database.read_bytes() == before
    assert "不是" in said[0] or "not" in said[0]
    assert LocalConfig.load(config_file()).get("restore_on_start") is None  # no loop


def test_the_start_up_thread_writes_the_nightly_check_and_the_manager_sees_a_problem(
        qtbot: QtBot, opened: Opened, uow: UnitOfWork, villas: dict[str, int],
        home: Path) -> None:
    from app.views.application import _start_daily_backup

    receptionist = uow.as_actor(actor(uow, "008"))
    _call(receptionist, villas, "张伟", "主卫水龙头漏水")
    with sqlite3.connect(_database(uow)) as raw:
        raw.execute("PRAGMA foreign_keys = OFF")
        raw.execute("DELETE FROM reception_entry")  # a record taken out of the file
    worker = _start_daily_backup(opened, LocalConfig.load(config_file()))
    assert worker.name == "daily-backup"
    worker.join(60)
    result = json.loads((home / "audit-check.json").read_text("utf-8"))
    assert result["ok"] is False
    assert any("reception_entry" in p for p in result["problems"])
    assert list_backups(backup_dir(), _database(uow))  # and the day's backup was made

    bar = DeskStatusBar(_desk(uow, "001"), WorkCalendar())
    qtbot.addWidget(bar)
    bar.show()
    assert bar.audit.isVisible()
    assert "b71c1c" in bar.audit.text()
    with qtbot.waitSignal(bar.open_data_safety):
        bar.audit.linkActivated.emit("audit")
    receptionist_bar = DeskStatusBar(_desk(uow, "008"), WorkCalendar())
    qtbot.addWidget(receptionist_bar)
    receptionist_bar.show()
    assert not receptionist_bar.audit.isVisible()
    assert not receptionist_bar.backup.isVisible()

    # Once a day: a second start the same day does not run it again.
    (home / "audit-check.json").write_text(json.dumps({**result, "ok": True}), "utf-8")
    _start_daily_backup(opened, LocalConfig.load(config_file())).join(60)
    assert json.loads((home / "audit-check.json").read_text("utf-8"))["ok"] is True


def test_the_status_bar_warns_after_two_days_without_a_backup(
        qtbot: QtBot, uow: UnitOfWork) -> None:
    database = _database(uow)
    write_backup(database, backup_dir() / backup_name(
        database, "exit", MORNING - dt.timedelta(days=3, hours=2)))
    bar = DeskStatusBar(_desk(uow), WorkCalendar())
    qtbot.addWidget(bar)
    bar.show()
    assert bar.backup.isVisible()
    assert "备份：3 天前" in bar.backup.text() and "b71c1c" in bar.backup.text()

    write_backup(database, backup_dir() / backup_name(database, "daily",
                                                      dt.datetime(2026, 11, 24, 8, 5)))
    bar.update_now()
    assert "备份：今天 08:05" in bar.backup.text() and "b71c1c" not in bar.backup.text()
    assert not bar.audit.isVisible()


def test_the_status_bar_warns_when_there_is_no_backup_at_all(
        qtbot: QtBot, uow: UnitOfWork) -> None:
    bar = DeskStatusBar(_desk(uow), WorkCalendar())
    qtbot.addWidget(bar)
    bar.show()
    assert "b71c1c" in bar.backup.text() and "尚无" in bar.backup.text()


def test_the_account_menu_opens_the_page_for_a_manager_only(
        qtbot: QtBot, uow: UnitOfWork, said: list[str]) -> None:
    from app.services import site
    from app.views.main_window.tabs import build_tabs
    from app.views.main_window.window import MainWindow

    desk = _desk(uow)
    window = MainWindow(desk, site.get_site(uow), WorkCalendar(), build_tabs(desk))
    qtbot.addWidget(window)
    window.show()
    assert window.data_action.isVisible()
    assert window.data_action.text() == "备份与核查…"
    status = window.statusBar()
    assert isinstance(status, DeskStatusBar) and "尚无" in status.backup.text()
    page = window.open_data_safety()
    assert isinstance(page, DataSafetyDialog)
    job = page.back_up_now()
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=20_000):
        pass
    assert "备份：今天 08:30" in status.backup.text()  # the status bar heard of it
    # Choosing a restore closes the program: the restore waits for the next start.
    assert page.restore(page.status.backups[0].path)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: not window.isVisible())
    LocalConfig.load(config_file()).set("restore_on_start", None)
    desk.set_actor(actor(uow, "002"))
    assert not window.data_action.isVisible()
    assert window.open_data_safety() is None


def test_a_file_that_is_not_a_backup_is_refused_before_anything_is_noted(
        qtbot: QtBot, uow: UnitOfWork, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        said: list[str]) -> None:
    photo = tmp_path / "照片.sqlite3"
    photo.write_bytes(b"\xff\xd8\xff\xe0 not a database")
    monkeypatch.setattr(DataSafetyDialog, "ask_backup_file",
                        classmethod(lambda cls, parent, start: str(photo)))
    page = _page(qtbot, _desk(uow))
    with qtbot.assertNotEmitted(page.restart_asked):
        page.restore_from_file()
    assert "不是" in said[-1] and str(photo) in said[-1]
    assert LocalConfig.load(config_file()).get("restore_on_start") is None
    assert not page.pending.isVisible()


def test_a_manager_demoted_since_signing_in_can_no_longer_back_up_or_restore(
        qtbot: QtBot, uow: UnitOfWork, tmp_path: Path) -> None:
    from app.models.staff import Role
    from app.services import staff
    from app.services.errors import PermissionDenied

    boss = uow.as_actor(actor(uow, "001"))
    staff.create_staff(boss, "003", "孙经理", Role.MANAGER, "desk-secret")
    deputy_actor = actor(uow, "003")
    deputy = uow.as_actor(deputy_actor)
    bar = DeskStatusBar(Desk(uow, LocalConfig.load(config_file()), actor=deputy_actor),
                        WorkCalendar())
    qtbot.addWidget(bar)
    bar.show()
    assert bar.backup.isVisible()
    staff.set_role(boss, deputy_actor.staff_id, Role.RECEPTIONIST)  # type: ignore[arg-type]
    with pytest.raises(PermissionDenied):
        data_safety.back_up_now(deputy, None)
    backup = tmp_path / "x.sqlite3"
    write_backup(_database(uow), backup)
    with pytest.raises(PermissionDenied):
        data_safety.ask_restore_on_start(deputy, LocalConfig.load(config_file()), backup)
    assert LocalConfig.load(config_file()).get("restore_on_start") is None
    bar.update_now()  # no error box every 15 s: the figures just go away
    assert not bar.backup.isVisible()


def test_the_seal_on_a_printed_record_is_compared_with_the_log(
        qtbot: QtBot, uow: UnitOfWork, villas: dict[str, int], tmp_path: Path,
        said: list[str]) -> None:
    import re

    from app.services.daily_record import daily_record_pdf
    from app.services.daily_review import sign_day
    from tests.printing.conftest import pdf_text

    receptionist = uow.as_actor(actor(uow, "008"))
    _call(receptionist, villas, "张伟", "主卫水龙头漏水")
    supervisor = uow.as_actor(actor(uow, "002"))
    sign_day(supervisor, MORNING.date(), "")
    paper = tmp_path / "record.pdf"
    paper.write_bytes(daily_record_pdf(supervisor, MORNING.date()))
    found = re.search(r"第 (\d+) 条 / 指纹 ([0-9a-f]{16})", pdf_text(paper))
    assert found is not None
    entry, fingerprint = found.groups()

    page = _page(qtbot, _desk(uow))
    page.paper_entry.setText("１２")  # fullwidth digits are not an entry number
    page.paper_fingerprint.setText("not hex")
    page.compare_paper()
    assert page.errors.message("paper_entry") and page.errors.message("paper_fingerprint")

    page.paper_entry.setText(entry)
    page.paper_fingerprint.setText(fingerprint.upper())
    qtbot.keyClick(page.paper_fingerprint, Qt.Key.Key_Return)
    assert "一致" in page.paper_result.text()

    with sqlite3.connect(_database(uow)) as raw:  # the chain rebuilt with new hashes
        raw.execute("UPDATE audit_entry SET hash = ? WHERE id = ?", ("0" * 64, int(entry)))
    page.compare_paper()
    assert "改写" in page.paper_result.text() and fingerprint in page.paper_result.text()
    assert "b71c1c" in page.paper_result.styleSheet()

    with sqlite3.connect(_database(uow)) as raw:
        raw.execute("DELETE FROM audit_entry WHERE id >= ?", (int(entry),))
    page.compare_paper()
    assert "已不在" in page.paper_result.text()
    assert said == []
