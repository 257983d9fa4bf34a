"""Declarative base shared by every model.

Constraint names follow a fixed convention so Alembic migrations are the same on SQLite
and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import DateTime, Enum, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)

    #: Models whose rows must never be deleted (numbered records, people's files).
    __protected__: bool = False
    #: Models that are not audited (the audit log itself, caches).
    __audited__: bool = True
    #: Columns the program derives from other audited rows (a work order's ``total`` from
    #: its lines). They are not logged and not replayed: the audit check recomputes them
    #: from the rows they come from (app/services/audit_replay.py), so an old database
    #: can gain such a column, filled in by its migration, without a single log entry.
    __derived__: frozenset[str] = frozenset()


def str_enum(enum_cls: type[enum.Enum], name: str) -> Enum:
    """Store enums by value as plain strings: portable and readable in the raw database."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        validate_strings=True,
        values_callable=lambda e: [m.value for m in e],
        length=24,
    )


class CreatedAt:
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
