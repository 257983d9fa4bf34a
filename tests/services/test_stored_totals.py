"""A work order's money total is stored on the order and always equals its lines.

The list shows the stored total (no sum over the line table per page), so every way a line
is written must keep it: the services, and any code writing through the ORM (the demo
builder). The total is derived, so it is not in the audit log: an old database gains the
column from migration 0007 without a log entry and still passes the audit check, and a
total edited in the file is still found (the check recomputes it from the lines).
"""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

from alembic import command
from sqlalchemy import inspect, select

from app.db import _alembic_config, migrate
from app.models.audit import AuditEntry
from app.models.work_orders import WorkOrder, WorkOrderLine
from app.services import work_orders
from app.services.audit_check import AuditCheck, check_audit
from app.services.uow import UnitOfWork
from app.services.work_order_queries import WorkOrderFilter, list_work_orders, work_order_detail
from app.services.work_orders import FeeLineInput
from tests.services.test_work_orders import defaults, tap_draft  # noqa: F401


def _check(uow: UnitOfWork) -> AuditCheck:
    with uow.read() as session:
        return check_audit(session, [])


def _stored(uow: UnitOfWork, order_id: int) -> Decimal:
    with uow.read() as session:
        return session.scalars(select(WorkOrder.total).where(WorkOrder.id == order_id)).one()


def _charged_tap(uow: UnitOfWork, villas: dict[str, int], ids: dict[str, int]) -> int:
    order = work_orders.open_work_order(uow, tap_draft(
        villas, ids, charged=True, fee_lines=(
            FeeLineInput(ids["疏通下水道/地漏"], Decimal(2)),
            FeeLineInput(ids["更换水龙头（人工）"], Decimal(1)))))
    return order.id


def test_lines_added_changed_and_taken_off_keep_the_total_in_the_same_save(
        receptionist: UnitOfWork, villas: dict[str, int],
        defaults: dict[str, int]) -> None:  # noqa: F811
    order_id = _charged_tap(receptionist, villas, defaults)
    detail = work_order_detail(receptionist, order_id)
    assert detail.total > 0
    assert _stored(receptionist, order_id) == detail.total
    # The plumber needs only one unblocking after all: the line changes, the total too.
    draft = tap_draft(villas, defaults, charged=True, fee_lines=(
        FeeLineInput(defaults["疏通下水道/地漏"], Decimal(1)),))
    after = work_orders.edit_work_order(receptionist, order_id, draft,
                                        expected_version=detail.version)
    assert after.total < detail.total
    assert _stored(receptionist, order_id) == after.total
    [row] = list_work_orders(receptionist, WorkOrderFilter()).rows
    assert row.total == after.total


def test_a_line_written_through_the_orm_by_id_alone_moves_the_total(
        receptionist: UnitOfWork, villas: dict[str, int],
        defaults: dict[str, int]) -> None:  # noqa: F811
    """Like the demo builder or a script: no service, only the models."""
    order_id = _charged_tap(receptionist, villas, defaults)
    before = _stored(receptionist, order_id)
    with receptionist.transaction() as session:
        session.add(WorkOrderLine(work_order_id=order_id, name="上门费", unit="次",
                                  unit_price=Decimal("30.00"), quantity=Decimal(1),
                                  amount=Decimal("30.00")))
    assert _stored(receptionist, order_id) == before + Decimal("30.00")


def test_the_total_is_not_logged_but_an_edited_total_is_found(
        receptionist: UnitOfWork, villas: dict[str, int],
        defaults: dict[str, int]) -> None:  # noqa: F811
    order_id = _charged_tap(receptionist, villas, defaults)
    with receptionist.read() as session:
        logged = session.scalars(select(AuditEntry).where(
            AuditEntry.entity == "work_order", AuditEntry.entity_id == str(order_id))).all()
    assert logged and all(entry.field != "total" and '"total"' not in (entry.new or "")
                          for entry in logged)
    assert _check(receptionist).ok
    path = Path(str(receptionist.sessions.kw["bind"].url.database))
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE work_order SET total = 1 WHERE id = ?", (order_id,))
    report = _check(receptionist)
    assert not report.ok
    assert any("total" in problem for problem in report.problems), report.problems


def test_an_old_database_gains_the_totals_and_still_passes_the_audit_check(
        receptionist: UnitOfWork, villas: dict[str, int],
        defaults: dict[str, int]) -> None:  # noqa: F811
    order_id = _charged_tap(receptionist, villas, defaults)
    expected = _stored(receptionist, order_id)
    engine = receptionist.sessions.kw["bind"]
    # Back to the schema before the stored totals: the log was written without them, as
    # the old program wrote it.
    command.downgrade(_alembic_config(engine), "0006")
    assert "total" not in {c["name"] for c in inspect(engine).get_columns("work_order")}
    migrate(engine)
    assert _stored(receptionist, order_id) == expected > 0
    report = _check(receptionist)
    assert report.ok, report.problems
