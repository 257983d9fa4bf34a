"""Checks of a migrated schema shared by the SQLite and the PostgreSQL tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, inspect

from app.db import current_revision, head_revision, make_engine, migrate
from app.models import Base

CORE_TABLES = {"villa", "person", "staff", "audit_entry", "audit_anchor", "number_series",
               "numbered_document", "work_order", "reception_entry"}


def _modelled(name: str | None, type_: str, _parents: object) -> bool:
    """Everything named ``search_…`` is the search index of migration 0009, which lives
    outside the models: SQLite FTS5 tables (and their shadow tables), PostgreSQL trigram
    indexes (app/services/search_index.py)."""
    return not (type_ in ("table", "index") and (name or "").startswith("search_"))


def schema_drift(engine: Engine) -> list[Any]:
    """What Alembic's autogenerate would change to make the database match the models
    (tables, columns and their types, nullability, indexes, unique and foreign keys)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                         "include_name": _modelled})
        return list(compare_metadata(context, Base.metadata))


def check_empty_database_migrates_to_head(url: str) -> Engine:
    """Migrate an empty database the way the program does at start; return its engine
    (the caller disposes of it)."""
    engine = make_engine(url)
    assert inspect(engine).get_table_names() == []
    assert current_revision(engine) is None
    assert migrate(engine) is None  # nothing to back up in an empty database
    assert current_revision(engine) == head_revision(engine)
    assert set(inspect(engine).get_table_names()) >= CORE_TABLES
    assert schema_drift(engine) == []
    return engine
