"""Someone with the database file and a SQLite editor tries to change the record quietly.

Each way found in a probe of the old check is tried here; the manager's check (chain,
records replayed against their history, and seals kept in the backup folder) finds it and
names the first bad entry or record in plain words.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from app.backups import automatic_backup, backup_folders
from app.models.audit import GENESIS_HASH, entry_hash
from app.models.reception import Channel, EntryClass
from app.services import reception, work_orders
from app.services.audit_check import AuditCheck, check_audit
from app.services.audit_seals import database_key, read_seals
from app.services.uow import UnitOfWork
from tests.services.test_work_orders import defaults, tap_draft  # noqa: F401


def _file(uow: UnitOfWork) -> Path:
    return Path(str(uow.sessions.kw["bind"].url.database))


def _check(uow: UnitOfWork) -> AuditCheck:
    engine = uow.sessions.kw["bind"]
    seals = read_seals(backup_folders(None), database_key(engine))
    with uow.read() as session:
        return check_audit(session, seals)


@pytest.fixture
def sealed_day(receptionist: UnitOfWork, villas: dict[str, int],
               defaults: dict[str, int]) -> UnitOfWork:  # noqa: F811
    """A morning's work at the desk, then the day's backup (which seals the chain)."""
    reception.log_entry(receptionist, reception.NewEntry(
        Channel.PHONE, EntryClass.REPAIR, "张伟", "主卫水龙头漏水", villa_id=villas["A-12"]))
    reception.log_entry(receptionist, reception.NewEntry(
        Channel.VISIT, EntryClass.INQUIRY, "王建国", "问游泳池开放时间",
        villa_id=villas["A-3"]))
    work_orders.open_work_order(receptionist, tap_draft(villas, defaults))
    made = automatic_backup(_file(receptionist), None, "daily", dt.datetime(2026, 11, 24, 9))
    assert made
    return receptionist


def _raw(uow: UnitOfWork) -> sqlite3.Connection:
    return sqlite3.connect(_file(uow))


def test_an_untouched_day_passes_the_check(sealed_day: UnitOfWork) -> None:
    report = _check(sealed_day)
    assert report.ok, report.problems
    assert report.seals_checked >= 2  # the seal file line and the backup's manifest


def test_a_work_order_edited_in_the_file_without_an_entry(sealed_day: UnitOfWork) -> None:
    with _raw(sealed_day) as raw:
        raw.execute("UPDATE work_order SET contact_phone = '13900000000'")
    report = _check(sealed_day)
    assert not report.ok
    assert any("work_order" in p and "contact_phone" in p and "13900000000" in p
               for p in report.problems)


def test_a_call_record_deleted_from_the_file(sealed_day: UnitOfWork) -> None:
    with _raw(sealed_day) as raw:
        raw.execute("PRAGMA foreign_keys = OFF")
        raw.execute("DELETE FROM reception_entry WHERE caller_name = '王建国'")
    report = _check(sealed_day)
    assert any("reception_entry" in p and "已不存在" in p for p in report.problems)


def test_a_slip_number_voided_in_the_numbering_table(sealed_day: UnitOfWork) -> None:
    with _raw(sealed_day) as raw:
        raw.execute("UPDATE numbered_document SET state = 'void', void_reason = '写错了'")
    report = _check(sealed_day)
    assert any("numbered_document" in p and "state" in p for p in report.problems)


def test_a_record_slipped_into_the_file(sealed_day: UnitOfWork) -> None:
    with _raw(sealed_day) as raw:
        raw.execute("INSERT INTO villa (number, zone, occupancy, note) "
                    "SELECT 'Z-99', zone, occupancy, note FROM villa LIMIT 1")
    report = _check(sealed_day)
    assert any("villa" in p and "没有它的创建记录" in p for p in report.problems)


def test_the_last_five_entries_cut_off_and_the_anchor_moved_back(
        sealed_day: UnitOfWork) -> None:
    with _raw(sealed_day) as raw:
        last = raw.execute("SELECT max(id) FROM audit_entry").fetchone()[0]
        raw.execute("DELETE FROM audit_entry WHERE id > ?", (last - 5,))
        head = raw.execute("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1")\
            .fetchone()
        raw.execute("UPDATE audit_anchor SET last_id = ?, last_hash = ?", head)
    report = _check(sealed_day)
    assert report.chain.ok  # the chain alone is fooled …
    assert any("被截短或清空" in p and f"第 {last} 条" in p for p in report.problems)


def test_the_log_emptied_and_the_anchor_deleted(sealed_day: UnitOfWork) -> None:
    with _raw(sealed_day) as raw:
        raw.execute("DELETE FROM audit_entry")
        raw.execute("DELETE FROM audit_anchor")
    report = _check(sealed_day)
    assert report.chain.ok and report.chain.checked == 0  # "0 entries, intact" before
    assert not report.ok
    assert any("被截短或清空" in p for p in report.problems)


def test_a_middle_entry_edited_and_the_chain_recomputed(sealed_day: UnitOfWork) -> None:
    with _raw(sealed_day) as raw:
        raw.execute("UPDATE audit_entry SET new = replace(new, '主卫水龙头漏水', '无事') "
                    "WHERE entity = 'reception_entry' AND action = 'create'")
        raw.execute("UPDATE reception_entry SET content = '无事' "
                    "WHERE content = '主卫水龙头漏水'")
        # The hashes have no secret: whoever edits can recompute the whole chain.
        previous = GENESIS_HASH
        rows = raw.execute("SELECT id, at, actor_id, actor_no, action, entity, entity_id, "
                           "field, old, new FROM audit_entry ORDER BY id").fetchall()
        for (entry_id, at, *rest) in rows:
            digest = entry_hash(previous, entry_id, dt.datetime.fromisoformat(at), *rest)
            raw.execute("UPDATE audit_entry SET prev_hash = ?, hash = ? WHERE id = ?",
                        (previous, digest, entry_id))
            previous = digest
        raw.execute("UPDATE audit_anchor SET last_hash = ?", (previous,))
    report = _check(sealed_day)
    assert report.chain.ok  # the rebuilt chain is consistent …
    assert any("被改写" in p for p in report.problems)  # … but not with the seals


def test_a_restore_takes_the_log_back_without_a_false_alarm(
        sealed_day: UnitOfWork, villas: dict[str, int], home: Path) -> None:
    from app.backups import list_backups, restore

    database = _file(sealed_day)
    monday = list_backups(home / "backups", database)[0].path
    reception.log_entry(sealed_day, reception.NewEntry(
        Channel.PHONE, EntryClass.HELP, "赵敏", "借轮椅", villa_id=villas["B-7"]))
    automatic_backup(database, None, "exit", dt.datetime(2026, 11, 24, 18))
    sealed_day.sessions.kw["bind"].dispose()
    restore(monday, database, dt.datetime(2026, 11, 25, 8), backup_folders(None))
    report = _check(sealed_day)
    assert report.ok, report.problems


def test_closing_the_program_stops_a_long_check_without_a_verdict(
        sealed_day: UnitOfWork) -> None:
    from app.services.actor import SYSTEM
    from app.services.audit_replay import CLOSING, ReplayStopped, replay_records
    from app.services.data_safety import last_check, nightly_check

    program = sealed_day.as_actor(SYSTEM)  # the start-up thread runs the check
    CLOSING.set()
    try:
        with sealed_day.read() as session, pytest.raises(ReplayStopped):
            replay_records(session)
        assert nightly_check(program, None) is None
        assert last_check() is None  # no "intact" recorded for a check that did not finish
    finally:
        CLOSING.clear()
    assert nightly_check(program, None) is not None
