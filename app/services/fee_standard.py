"""The fee standard (特需服务收费标准): charged items with unit and price, kept by the manager.

Items are deactivated, never deleted: work orders copy name, unit and price when a line is
added, and the standard's history stays readable in the audit log [003 1.5, 004 4.4.3.1–2].
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import validation
from app.i18n import _
from app.models.work_orders import FeeItem
from app.services.errors import NotFound, ValidationFailed
from app.services.permissions import SIGNED_IN, Permission, needs
from app.services.record_changes import check_version
from app.services.uow import UnitOfWork

CENT = Decimal("0.01")
#: One declaration for the whole program (app/validation.py): what a slip prints in full.
MAX_PRICE = validation.PRICE_MAX
#: A fee item as the manager types it (the price is parsed from text by ``parse_price``).
ITEM_SPEC: validation.Spec = {"name": validation.Text(80), "unit": validation.Text(10)}

#: A typical villa estate's standard for private-area work: name, unit, price in yuan.
DEFAULT_FEE_ITEMS: tuple[tuple[str, str, str], ...] = (
    ("上门检测（非公共部位）", "次", "30.00"),
    ("更换水龙头（人工）", "个", "30.00"),
    ("更换角阀（人工）", "个", "25.00"),
    ("更换马桶水箱配件（人工）", "套", "45.00"),
    ("疏通下水道/地漏", "次", "80.00"),
    ("疏通马桶", "次", "100.00"),
    ("更换灯具、灯管（人工）", "个", "15.00"),
    ("更换开关、插座面板（人工）", "个", "15.00"),
    ("更换门锁锁芯（人工）", "把", "50.00"),
    ("门窗合页、滑轨调整", "扇", "30.00"),
    ("重新打玻璃胶", "米", "12.00"),
    ("空调清洗（挂机）", "台", "120.00"),
    ("热水器安装", "台", "150.00"),
    ("窗帘轨道安装", "米", "15.00"),
)


@dataclass(frozen=True)
class FeeItemRow:
    id: int
    name: str
    unit: str
    price: Decimal
    active: bool
    version: int = 1  # passed back by the editor (app/services/record_changes.py)


def _row(item: FeeItem) -> FeeItemRow:
    return FeeItemRow(item.id, item.name, item.unit, Decimal(item.price), item.active,
                      item.version)


def parse_price(text: str | Decimal) -> Decimal | None:
    """A price in yuan with at most two decimals, or None if it is not one. A number far
    beyond any price comes back as it is, for the caller to call it too large (quantizing
    ``1e30`` would overflow the decimal context)."""
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, str) and len(text) <= 40:
        try:
            value = Decimal(text.strip().replace(",", "").lstrip("¥￥"))
        except InvalidOperation:
            return None
    else:  # a float (0.1 + 0.2 is not 0.3) or anything else is not a price
        return None
    if value.is_finite() and abs(value) > MAX_PRICE:
        return value
    if not value.is_finite() or value != value.quantize(CENT, ROUND_HALF_UP):
        return None
    return value.quantize(CENT)


def _validate(session: Session, name: str, unit: str, price: str | Decimal,
              item_id: int | None) -> Decimal:
    validation.enforce(ITEM_SPEC, {"name": name, "unit": unit})
    errors = validation.collect({
        "name": (validation.required, name),
        "unit": (validation.required, unit),
    })
    if len(name.strip()) > 80:
        errors["name"] = _("At most {n} characters.").format(n=80)
    if len(unit.strip()) > 10:
        errors["unit"] = _("At most {n} characters.").format(n=10)
    value = parse_price(price)
    if value is None:
        errors["price"] = _("Enter a price in yuan, like 30 or 12.50.")
    elif value <= 0:
        errors["price"] = _("A price must be more than zero.")
    elif value > MAX_PRICE:
        errors["price"] = _("A price may be at most ¥{limit}.").format(limit=f"{MAX_PRICE:,}")
    if "name" not in errors:
        same = session.scalar(
            select(FeeItem.id).where(func.trim(FeeItem.name) == name.strip(),
                                     FeeItem.active.is_(True), FeeItem.id != (item_id or 0))
        )
        if same is not None:
            errors["name"] = _("The fee standard already has an item with this name.")
    if errors:
        raise ValidationFailed(errors)
    assert value is not None
    return value


@needs(SIGNED_IN)
def list_fee_items(uow: UnitOfWork, include_inactive: bool = False) -> list[FeeItemRow]:
    with uow.read() as session:
        query = select(FeeItem).order_by(FeeItem.active.desc(), FeeItem.id)
        if not include_inactive:
            query = query.where(FeeItem.active.is_(True))
        return [_row(item) for item in session.scalars(query)]


@needs(Permission.MANAGE_RULES)
def create_fee_item(uow: UnitOfWork, name: str, unit: str, price: str | Decimal) -> FeeItemRow:
    with uow.transaction() as session:
        value = _validate(session, name, unit, price, None)
        item = FeeItem(name=name.strip(), unit=unit.strip(), price=value, active=True)
        session.add(item)
        session.flush()
        return _row(item)


@needs(Permission.MANAGE_RULES)
def update_fee_item(uow: UnitOfWork, item_id: int, name: str, unit: str,
                    price: str | Decimal, *, expected_version: int | None = None) -> FeeItemRow:
    """Change an item; work orders keep the name and price they copied earlier."""
    with uow.transaction() as session:
        item = _get(session, item_id)
        check_version(session, item, expected_version, item.name)
        value = _validate(session, name, unit, price, item_id)
        item.name, item.unit, item.price = name.strip(), unit.strip(), value
        session.flush()
        return _row(item)


@needs(Permission.MANAGE_RULES)
def set_fee_item_active(uow: UnitOfWork, item_id: int, active: bool) -> FeeItemRow:
    with uow.transaction() as session:
        item = _get(session, item_id)
        if active and not item.active:
            _validate(session, item.name, item.unit, Decimal(item.price), item_id)
        item.active = active
        return _row(item)


def _get(session: Session, item_id: int) -> FeeItem:
    item = session.get(FeeItem, item_id)
    if item is None:
        raise NotFound(_("No such fee item."))
    return item


def seed_fee_standard(session: Session) -> int:
    """Add the default standard to a site that has none; returns how many were added."""
    if session.scalar(select(FeeItem.id).limit(1)) is not None:
        return 0
    session.add_all(FeeItem(name=name, unit=unit, price=Decimal(price), active=True)
                    for name, unit, price in DEFAULT_FEE_ITEMS)
    return len(DEFAULT_FEE_ITEMS)
