"""Repair categories (报修类别): an editable, ordered list kept by the manager.

Categories are deactivated, never deleted, because old work orders still point at them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import validation
from app.i18n import _
from app.models.work_orders import WorkCategory
from app.services.errors import NotFound, ValidationFailed
from app.services.permissions import SIGNED_IN, Permission, needs
from app.services.record_changes import check_version
from app.services.uow import UnitOfWork

DEFAULT_CATEGORIES: tuple[str, ...] = (
    "给排水", "电气", "门窗", "空调暖通", "燃气", "弱电/网络", "园林", "其他",
)
MAX_NAME = 40


@dataclass(frozen=True)
class CategoryRow:
    id: int
    name: str
    sort_order: int
    active: bool
    version: int = 1  # passed back by the editor (app/services/record_changes.py)


def _row(category: WorkCategory) -> CategoryRow:
    return CategoryRow(category.id, category.name, category.sort_order, category.active,
                       category.version)


@needs(SIGNED_IN)
def list_categories(uow: UnitOfWork, include_inactive: bool = False) -> list[CategoryRow]:
    with uow.read() as session:
        query = select(WorkCategory).order_by(WorkCategory.sort_order, WorkCategory.id)
        if not include_inactive:
            query = query.where(WorkCategory.active.is_(True))
        return [_row(c) for c in session.scalars(query)]


def _check_name(session: Session, name: str, category_id: int | None) -> str:
    validation.enforce({"name": validation.Text(MAX_NAME)}, {"name": name})
    name = name.strip()
    message = validation.required(name)
    if message is None and len(name) > MAX_NAME:
        message = _("At most {n} characters.").format(n=MAX_NAME)
    if message is None:
        # The name is unique in the table, inactive ones included.
        taken = session.scalar(select(WorkCategory.id).where(
            WorkCategory.name == name, WorkCategory.id != (category_id or 0)))
        if taken is not None:
            message = _("There is already a category with this name.")
    if message:
        raise ValidationFailed({"name": message})
    return name


@needs(Permission.MANAGE_RULES)
def create_category(uow: UnitOfWork, name: str) -> CategoryRow:
    with uow.transaction() as session:
        clean = _check_name(session, name, None)
        last = session.scalar(select(func.max(WorkCategory.sort_order))) or 0
        category = WorkCategory(name=clean, sort_order=last + 10, active=True)
        session.add(category)
        session.flush()
        return _row(category)


@needs(Permission.MANAGE_RULES)
def rename_category(uow: UnitOfWork, category_id: int, name: str, *,
                    expected_version: int | None = None) -> CategoryRow:
    with uow.transaction() as session:
        category = _get(session, category_id)
        check_version(session, category, expected_version, category.name)
        category.name = _check_name(session, name, category_id)
        session.flush()
        return _row(category)


@needs(Permission.MANAGE_RULES)
def set_category_active(uow: UnitOfWork, category_id: int, active: bool) -> CategoryRow:
    with uow.transaction() as session:
        category = _get(session, category_id)
        category.active = active
        return _row(category)


@needs(Permission.MANAGE_RULES)
def move_category(uow: UnitOfWork, category_id: int, step: int) -> list[CategoryRow]:
    """Move a category up (step < 0) or down in the list; returns the whole new order."""
    validation.enforce({"step": validation.Number(-1000, 1000)}, {"step": step})
    with uow.transaction() as session:
        categories = list(session.scalars(
            select(WorkCategory).order_by(WorkCategory.sort_order, WorkCategory.id)))
        index = next((i for i, c in enumerate(categories) if c.id == category_id), None)
        if index is None:
            raise NotFound(_("No such category."))
        new_index = max(0, min(len(categories) - 1, index + step))
        categories.insert(new_index, categories.pop(index))
        for position, category in enumerate(categories, start=1):
            if category.sort_order != position * 10:
                category.sort_order = position * 10
        return [_row(c) for c in categories]


def _get(session: Session, category_id: int) -> WorkCategory:
    category = session.get(WorkCategory, category_id)
    if category is None:
        raise NotFound(_("No such category."))
    return category


def seed_categories(session: Session) -> int:
    """Add the default categories to a site that has none; returns how many were added."""
    if session.scalar(select(WorkCategory.id).limit(1)) is not None:
        return 0
    session.add_all(WorkCategory(name=name, sort_order=(i + 1) * 10, active=True)
                    for i, name in enumerate(DEFAULT_CATEGORIES))
    return len(DEFAULT_CATEGORIES)
