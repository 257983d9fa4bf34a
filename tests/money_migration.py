"""Migration 0006 on a database at 0005 holding money the old way (floats on SQLite,
NUMERIC on PostgreSQL): shared by the SQLite test and the PostgreSQL one."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from alembic import command
from sqlalchemy import Engine, create_engine, inspect, select, text
from sqlalchemy.orm import Session

from app.db import _alembic_config, migrate
from app.models.work_orders import FeeItem, WorkOrderLine
from tests.schema import schema_drift

#: unit price, quantity, amount as the old code computed and stored them.
AWKWARD = [
    (Decimal("0.1") + Decimal("0.2"), Decimal("1"), Decimal("0.30")),
    (Decimal("1234567.89"), Decimal("1"), Decimal("1234567.89")),
    (Decimal("0.07"), Decimal("3.00"), Decimal("0.21")),
    (Decimal("99999999.99"), Decimal("0.01"), Decimal("1000000.00")),
    (Decimal("45.00"), Decimal("2.50"), Decimal("112.50")),
]


def _filler(column: dict[str, Any]) -> Any:
    kind = str(column["type"]).upper()
    if "INT" in kind:
        return 1
    if "BOOL" in kind:
        return False
    if "DATE" in kind or "TIME" in kind:
        return "2026-11-24 09:00:00"
    if "NUMERIC" in kind:
        return 0
    return "x"


def _insert(conn: Any, table: str, values: dict[str, Any]) -> None:
    """A row with ``values`` and something for every other NOT NULL column."""
    row = dict(values)
    for column in inspect(conn).get_columns(table):
        if column["name"] in row or column["nullable"] or column.get("default") is not None:
            continue
        if column["name"] == "id":
            continue
        row[column["name"]] = _filler(column)
    names = ", ".join(row)
    marks = ", ".join(f":{name}" for name in row)
    conn.execute(text(f"INSERT INTO {table} ({names}) VALUES ({marks})"), row)


def check_money_migrates_exactly(engine: Engine) -> None:
    command.upgrade(_alembic_config(engine), "0005")
    sqlite = engine.dialect.name == "sqlite"
    # Only these two tables matter here: their parents are not checked (a plain SQLite
    # engine leaves foreign keys off; PostgreSQL's superuser can switch triggers off).
    plain = create_engine(engine.url) if sqlite else engine
    with plain.begin() as conn:
        if not sqlite:
            conn.execute(text("SET session_replication_role = replica"))
        for index, (price, quantity, amount) in enumerate(AWKWARD, start=1):
            # What SQLAlchemy bound on SQLite before 0006: floats (0.30000000000000004).
            old = (lambda v: float(v)) if sqlite else (lambda v: v)
            _insert(conn, "fee_item", {"id": index, "name": f"item {index}", "unit": "次",
                                       "price": old(price), "active": True})
            _insert(conn, "work_order_line", {
                "id": index, "work_order_id": 1, "fee_item_id": index, "name": f"item {index}",
                "unit": "次", "unit_price": old(price), "quantity": old(quantity),
                "amount": old(amount)})
    if sqlite:
        plain.dispose()
    migrate(engine)
    assert schema_drift(engine) == []
    with Session(engine) as session:
        lines = session.scalars(select(WorkOrderLine).order_by(WorkOrderLine.id)).all()
        assert [(line.unit_price, line.quantity, line.amount) for line in lines] == [
            (p.quantize(Decimal("0.01")), q.quantize(Decimal("0.01")), a)
            for p, q, a in AWKWARD]
        prices = session.scalars(select(FeeItem.price).order_by(FeeItem.id)).all()
        assert prices == [p.quantize(Decimal("0.01")) for p, _q, _a in AWKWARD]
    with engine.connect() as conn:  # stored as whole 分, not as a float
        assert conn.execute(text("SELECT unit_price, amount FROM work_order_line "
                                 "WHERE id = 1")).one() == (30, 30)
        assert conn.execute(text("SELECT SUM(amount) FROM work_order_line")).scalar() == \
            sum(int(a * 100) for _p, _q, a in AWKWARD)
