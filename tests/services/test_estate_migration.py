"""The estate register's migration (0002) on a database that already holds a desk's work."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from app.db import _alembic_config, make_engine
from tests.schema import schema_drift


def test_a_database_with_work_orders_gains_the_register_and_can_go_back(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    engine = make_engine(f"sqlite:///{home / 'old.sqlite3'}")
    config = _alembic_config(engine)
    command.upgrade(config, "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO villa (id, number, zone, occupancy, note) "
                          "VALUES (1, 'A-12', '湖畔区', 'occupied', '')"))
        conn.execute(text(
            "INSERT INTO staff (id, agent_no, name, role, active, password_hash, "
            "failed_logins, created_at) VALUES (1, '001', '陈经理', 'manager', 1, 'x', 0, "
            "'2026-11-01 08:00:00')"))
        conn.execute(text(
            "INSERT INTO numbered_document (id, kind, year, seq, number, record_type, "
            "record_id, state, created_at, created_by_id, void_reason, print_count) VALUES "
            "(1, 'dispatch_slip', 2026, 1, 'PG2026-000001', 'work_order', 1, 'issued', "
            "'2026-11-02 09:00:00', 1, '', 0)"))
        # A work order with a line that points at it: the migration must not copy
        # work_order (SQLite refuses to drop a table that other rows point at).
        conn.execute(text(
            "INSERT INTO work_order (id, number, document_id, villa_id, location, "
            "contact_name, contact_phone, content, department, assignee, charged, state, "
            "received_at, paused_reason, state_before_pause, void_reason, completion_note, "
            "reopen_count, taken_by_id) VALUES (1, 'PG2026-000001', 1, 1, '', '张伟', '', "
            "'漏水', 'engineering', '李师傅', 0, 'dispatched', '2026-11-02 09:00:00', '', "
            "'', '', '', 0, 1)"))
        conn.execute(text(
            "INSERT INTO work_order_line (id, work_order_id, name, unit, unit_price, "
            "quantity, amount) VALUES (1, 1, '换龙头', '个', 30, 1, 30)"))
    command.upgrade(config, "0002")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT assignee, assignee_id FROM work_order")).one() == (
            "李师傅", None)
        assert conn.execute(text("SELECT villa_type, area, retired_on FROM villa")).one() == (
            "", None, None)
    command.upgrade(config, "head")
    assert schema_drift(engine) == []
    command.downgrade(config, "0001")
    with engine.connect() as conn:
        assert "assignee_id" not in {c["name"] for c in inspect(conn).get_columns("work_order")}
        assert "roster_member" not in inspect(conn).get_table_names()
        assert conn.execute(text("SELECT count(*) FROM work_order_line")).scalar() == 1
    engine.dispose()
