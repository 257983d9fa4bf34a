"""The manager keeps the fee standard (特需服务收费标准) and the repair categories."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.services import fee_standard, work_categories
from app.services.errors import PermissionDenied, ValidationFailed
from app.services.uow import UnitOfWork


def test_the_manager_adds_an_item_and_prices_are_exact(manager: UnitOfWork) -> None:
    item = fee_standard.create_fee_item(manager, " 更换浴霸灯泡 ", "个", "¥18.50")
    assert (item.name, item.unit, item.price, item.active) == (
        "更换浴霸灯泡", "个", Decimal("18.50"), True)
    assert fee_standard.list_fee_items(manager) == [item]


@pytest.mark.parametrize(("price", "field_errors"), [
    ("0", {"price"}), ("-5", {"price"}), ("12.345", {"price"}), ("十元", {"price"}),
    ("", {"price"}),
])
def test_a_price_must_be_a_positive_yuan_amount(
        manager: UnitOfWork, price: str, field_errors: set[str]) -> None:
    with pytest.raises(ValidationFailed) as caught:
        fee_standard.create_fee_item(manager, "疏通地漏", "次", price)
    assert set(caught.value.errors) == field_errors


def test_name_and_unit_are_required_and_names_unique(manager: UnitOfWork) -> None:
    with pytest.raises(ValidationFailed) as caught:
        fee_standard.create_fee_item(manager, " ", "", "10")
    assert set(caught.value.errors) == {"name", "unit"}
    fee_standard.create_fee_item(manager, "疏通地漏", "次", "60")
    with pytest.raises(ValidationFailed) as caught:
        fee_standard.create_fee_item(manager, "疏通地漏", "次", "80")
    assert set(caught.value.errors) == {"name"}


def test_items_are_deactivated_not_deleted(manager: UnitOfWork) -> None:
    item = fee_standard.create_fee_item(manager, "空调加氟", "台", "180")
    fee_standard.set_fee_item_active(manager, item.id, False)
    assert fee_standard.list_fee_items(manager) == []
    kept = fee_standard.list_fee_items(manager, include_inactive=True)
    assert [(row.name, row.active) for row in kept] == [("空调加氟", False)]
    # A new item may take the retired one's name; bringing the old one back is then refused.
    fee_standard.create_fee_item(manager, "空调加氟", "台", "200")
    with pytest.raises(ValidationFailed):
        fee_standard.set_fee_item_active(manager, item.id, True)


def test_the_manager_changes_a_price(manager: UnitOfWork) -> None:
    item = fee_standard.create_fee_item(manager, "更换门锁锁芯", "把", "50")
    changed = fee_standard.update_fee_item(manager, item.id, "更换门锁锁芯", "把", "65.00")
    assert changed.price == Decimal("65.00")


def test_a_receptionist_reads_but_does_not_change_the_standard(
        manager: UnitOfWork, receptionist: UnitOfWork, supervisor: UnitOfWork) -> None:
    item = fee_standard.create_fee_item(manager, "疏通马桶", "次", "100")
    assert [row.name for row in fee_standard.list_fee_items(receptionist)] == ["疏通马桶"]
    for uow in (receptionist, supervisor):
        with pytest.raises(PermissionDenied):
            fee_standard.create_fee_item(uow, "热水器安装", "台", "150")
        with pytest.raises(PermissionDenied):
            fee_standard.update_fee_item(uow, item.id, "疏通马桶", "次", "1")
        with pytest.raises(PermissionDenied):
            fee_standard.set_fee_item_active(uow, item.id, False)


def test_the_manager_keeps_the_category_list(manager: UnitOfWork,
                                             receptionist: UnitOfWork) -> None:
    water = work_categories.create_category(manager, "给排水")
    power = work_categories.create_category(manager, "电气")
    doors = work_categories.create_category(manager, "门窗")
    with pytest.raises(ValidationFailed) as caught:
        work_categories.create_category(manager, "电气")
    assert set(caught.value.errors) == {"name"}
    work_categories.rename_category(manager, doors.id, "门窗五金")
    order = work_categories.move_category(manager, doors.id, -2)
    assert [c.name for c in order] == ["门窗五金", "给排水", "电气"]
    work_categories.set_category_active(manager, power.id, False)
    assert [c.name for c in work_categories.list_categories(receptionist)] == [
        "门窗五金", "给排水"]
    assert len(work_categories.list_categories(manager, include_inactive=True)) == 3
    with pytest.raises(PermissionDenied):
        work_categories.create_category(receptionist, "园林")
    with pytest.raises(PermissionDenied):
        work_categories.rename_category(receptionist, water.id, "水")
