"""Exact money on the real PostgreSQL server: the 0006 migration, and the largest amounts
the validators accept (an amount of ¥10 billion used to raise DataError here)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import text

from app.bootstrap import Opened
from app.db import make_engine
from app.models.work_orders import Department
from app.services import fee_standard, work_orders
from app.services.errors import ValidationFailed
from app.services.uow import UnitOfWork
from app.services.work_orders import FeeLineInput, WorkOrderDraft
from tests.money_migration import check_money_migrates_exactly


def test_a_0005_postgresql_database_migrates_its_money_to_exact_cents(pg_database: str) -> None:
    engine = make_engine(pg_database)
    try:
        check_money_migrates_exactly(engine)
    finally:
        engine.dispose()


def test_the_largest_order_the_desk_accepts_is_stored_and_more_is_refused(
        opened: Opened, manager: UnitOfWork, receptionist: UnitOfWork,
        villas: dict[str, int]) -> None:
    work_orders.ensure_defaults(manager)
    dear = fee_standard.create_fee_item(manager, "整体翻新", "次", "999999.99")
    order = work_orders.open_work_order(receptionist, WorkOrderDraft(
        content="翻新", department=Department.ENGINEERING, category_id=1,
        villa_id=villas["A-12"], charged=True, fee_lines=(FeeLineInput(dear.id, Decimal(10)),)))
    assert order.total == Decimal("9999999.90")
    with opened.engine.connect() as conn:
        assert conn.execute(text("SELECT SUM(amount) FROM work_order_line")).scalar() == \
            999999990
    for price in ("1e30", "10000000000"):
        with pytest.raises(ValidationFailed):
            fee_standard.create_fee_item(manager, "天价", "次", price)
