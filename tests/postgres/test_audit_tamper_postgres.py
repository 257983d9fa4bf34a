"""The same quiet changes, made with psql on the shared server: the audit check finds them.

Seals of a PostgreSQL database live in the desks' backup folders like a SQLite desk's
(pg_dump makes the backups; the program still writes the chain's head beside them).
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from app.backups import backup_folders
from app.bootstrap import Opened
from app.models.audit import GENESIS_HASH, entry_hash
from app.models.reception import Channel, EntryClass
from app.services import reception, work_orders
from app.services.audit_check import AuditCheck, check_audit
from app.services.audit_seals import database_key, head_of, read_seals, write_seal
from app.services.uow import UnitOfWork
from tests.services.test_permission_table import (  # noqa: F401  (run on PostgreSQL too)
    desk,
    test_a_receptionist_reads_the_archives_with_phones_and_id_numbers_masked,
    test_every_action_refuses_exactly_whom_the_table_refuses,
)
from tests.services.test_work_orders import defaults, tap_draft  # noqa: F401

pytestmark = pytest.mark.postgres


@pytest.fixture
def sealed_day(opened: Opened, receptionist: UnitOfWork, villas: dict[str, int],
               defaults: dict[str, int]) -> UnitOfWork:  # noqa: F811
    reception.log_entry(receptionist, reception.NewEntry(
        Channel.PHONE, EntryClass.REPAIR, "张伟", "主卫水龙头漏水", villa_id=villas["A-12"]))
    work_orders.open_work_order(receptionist, tap_draft(villas, defaults))
    with receptionist.read() as session:
        seal = head_of(session, dt.datetime(2026, 11, 24, 9))
    write_seal(backup_folders(None), database_key(opened.engine), seal)
    return receptionist


def _check(opened: Opened, uow: UnitOfWork) -> AuditCheck:
    seals = read_seals(backup_folders(None), database_key(opened.engine))
    with uow.read() as session:
        return check_audit(session, seals)


def _psql(opened: Opened, *statements: str) -> None:
    with opened.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))


def test_an_untouched_day_passes(opened: Opened, sealed_day: UnitOfWork) -> None:
    report = _check(opened, sealed_day)
    assert report.ok, report.problems
    assert report.seals_checked == 1


def test_a_work_order_edited_with_psql(opened: Opened, sealed_day: UnitOfWork) -> None:
    _psql(opened, "UPDATE work_order SET contact_phone = '13900000000'")
    assert any("contact_phone" in p for p in _check(opened, sealed_day).problems)


def test_the_log_cut_short_and_the_anchor_moved_back(opened: Opened,
                                                     sealed_day: UnitOfWork) -> None:
    with opened.engine.begin() as conn:
        last = conn.execute(text("SELECT max(id) FROM audit_entry")).scalar()
        conn.execute(text("DELETE FROM audit_entry WHERE id > :n"), {"n": last - 3})
        head = conn.execute(text(
            "SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1")).one()
        conn.execute(text("UPDATE audit_anchor SET last_id = :i, last_hash = :h"),
                     {"i": head[0], "h": head[1]})
    report = _check(opened, sealed_day)
    assert report.chain.ok and any("被截短或清空" in p for p in report.problems)


def test_a_middle_entry_rewritten_and_the_chain_recomputed(opened: Opened,
                                                           sealed_day: UnitOfWork) -> None:
    with opened.engine.begin() as conn:
        conn.execute(text("UPDATE audit_entry SET actor_no = '999' WHERE id = 2"))
        previous = GENESIS_HASH
        rows = conn.execute(text(
            "SELECT id, at, actor_id, actor_no, action, entity, entity_id, field, old, new "
            "FROM audit_entry ORDER BY id")).all()
        for (entry_id, at, *rest) in rows:
            digest = entry_hash(previous, entry_id, at, *rest)
            conn.execute(text("UPDATE audit_entry SET prev_hash = :p, hash = :h "
                              "WHERE id = :i"), {"p": previous, "h": digest, "i": entry_id})
            previous = digest
        conn.execute(text("UPDATE audit_anchor SET last_hash = :h"), {"h": previous})
    report = _check(opened, sealed_day)
    assert report.chain.ok and any("被改写" in p for p in report.problems)
