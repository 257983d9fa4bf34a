"""The audit log: who changed what, chained so that tampering is found."""

from __future__ import annotations

import sqlite3

from sqlalchemy import select

from app.models.audit import AuditEntry
from app.models.staff import Staff
from app.services import audit, staff
from app.services.uow import UnitOfWork


def _verify(uow: UnitOfWork) -> audit.TamperReport:
    with uow.read() as session:
        return audit.verify_chain(session)


def test_creating_staff_is_logged_with_who_and_when(manager: UnitOfWork) -> None:
    with manager.read() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "staff", AuditEntry.action == "create")
        ).all()
    assert [e.actor_no for e in entries] == ["SYS", "001", "001"]
    assert all('"password_hash": "***"' in (e.new or "") for e in entries)
    assert _verify(manager).ok


def test_an_update_records_old_and_new_value(manager: UnitOfWork) -> None:
    row = next(s for s in staff.list_staff(manager) if s.agent_no == "008")
    staff.set_active(manager, row.id, False)
    with manager.read() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.field == "active").order_by(AuditEntry.id.desc())
        ).first()
    assert entry is not None
    assert (entry.old, entry.new, entry.actor_no) == ("true", "false", "001")


def test_deleting_a_kept_record_is_refused(manager: UnitOfWork) -> None:
    import pytest

    from app.services.errors import ServiceError

    with pytest.raises(ServiceError), manager.transaction() as session:
        session.delete(session.scalars(select(Staff)).first())


def _db(manager: UnitOfWork) -> str:
    return str(manager.sessions.kw["bind"].url.database)


def test_an_altered_entry_is_reported(manager: UnitOfWork) -> None:
    assert _verify(manager).ok
    with sqlite3.connect(_db(manager)) as raw:
        raw.execute("UPDATE audit_entry SET new = 'edited' WHERE id = 3")
    report = _verify(manager)
    assert (report.ok, report.first_bad_id, report.reason) == (False, 3, "altered")


def test_a_removed_entry_is_reported(manager: UnitOfWork) -> None:
    with sqlite3.connect(_db(manager)) as raw:
        raw.execute("DELETE FROM audit_entry WHERE id = 4")
    report = _verify(manager)
    assert (report.ok, report.first_bad_id, report.reason) == (False, 4, "missing")


def test_entries_cut_off_the_end_are_reported(manager: UnitOfWork) -> None:
    with sqlite3.connect(_db(manager)) as raw:
        last = raw.execute("SELECT max(id) FROM audit_entry").fetchone()[0]
        raw.execute("DELETE FROM audit_entry WHERE id = ?", (last,))
    report = _verify(manager)
    assert (report.ok, report.reason) == (False, "truncated")


def test_a_created_record_is_logged_with_its_id(manager: UnitOfWork) -> None:
    row = staff.create_staff(manager, "015", "新同事", staff.Role.RECEPTIONIST, "secret1")
    with manager.read() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "staff", AuditEntry.action == "create")
            .order_by(AuditEntry.id.desc())
        ).first()
    assert entry is not None and entry.entity_id == str(row.id)
