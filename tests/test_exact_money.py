"""Money is exact: fee prices, line prices, quantities and amounts are whole 分 (hundredths)
in the database, and migration 0006 converts what older versions stored as floats."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from app.db import make_engine
from app.models.types import Money
from app.models.work_orders import Department
from app.services import fee_standard, work_orders
from app.services.errors import ValidationFailed
from app.services.uow import UnitOfWork
from app.services.work_orders import FeeLineInput, WorkOrderDraft
from tests.money_migration import check_money_migrates_exactly


def test_a_0005_database_with_float_money_migrates_to_exact_cents(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    try:
        check_money_migrates_exactly(engine)
    finally:
        engine.dispose()


def test_the_money_type_refuses_what_it_cannot_hold_exactly() -> None:
    money = Money()
    assert money.process_bind_param(Decimal("0.30"), None) == 30  # type: ignore[arg-type]
    assert money.process_result_value(123456789, None) == Decimal("1234567.89")  # type: ignore[arg-type]
    for bad in (0.3, Decimal("0.305"), Decimal("NaN"), Decimal("1e30")):
        with pytest.raises((TypeError, ValueError)):
            money.process_bind_param(bad, None)  # type: ignore[arg-type]


def test_a_charged_repair_adds_up_to_the_cent_in_the_database(
        manager: UnitOfWork, receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    """A ¥0.10 part three times and a ¥0.20 one: 0.50 exactly, also as SQL sums it."""
    work_orders.ensure_defaults(manager)
    dime = fee_standard.create_fee_item(manager, "垫圈", "个", "0.10")
    fifth = fee_standard.create_fee_item(manager, "生料带", "卷", "0.20")
    category = 1  # the first seeded category (给排水)
    order = work_orders.open_work_order(receptionist, WorkOrderDraft(
        content="换垫圈", department=Department.ENGINEERING, category_id=category,
        villa_id=villas["A-12"], charged=True,
        fee_lines=(FeeLineInput(dime.id, Decimal(3)), FeeLineInput(fifth.id, Decimal(1)))))
    assert order.total == Decimal("0.50")
    with manager.sessions() as session:
        assert session.execute(text("SELECT SUM(amount) FROM work_order_line")).scalar() == 50


def test_prices_and_amounts_beyond_what_a_slip_prints_are_refused(
        manager: UnitOfWork, receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    work_orders.ensure_defaults(manager)
    for price in ("1e30", 27 * "9", "1000000", "-1", "0.001"):
        with pytest.raises(ValidationFailed) as refused:
            fee_standard.create_fee_item(manager, "天价", "次", price)
        assert "price" in refused.value.errors, price
    dear = fee_standard.create_fee_item(manager, "整体翻新", "次", "999999.99")
    with pytest.raises(ValidationFailed) as refused:
        work_orders.open_work_order(receptionist, WorkOrderDraft(
            content="翻新", department=Department.ENGINEERING, category_id=1,
            villa_id=villas["A-12"], charged=True,
            fee_lines=(FeeLineInput(dear.id, Decimal(11)),)))
    assert "9,999,999.99" in refused.value.errors["fee_lines"]
    ten = work_orders.open_work_order(receptionist, WorkOrderDraft(
        content="翻新", department=Department.ENGINEERING, category_id=1,
        villa_id=villas["A-12"], charged=True, fee_lines=(FeeLineInput(dear.id, Decimal(10)),)))
    assert ten.total == Decimal("9999999.90")
