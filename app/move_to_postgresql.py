"""Moving a site from one desk's SQLite file to a PostgreSQL database several desks share.

The target must be empty. It is migrated to the same schema revision, every table is
copied in foreign-key order a batch at a time (plain inserts: the audit log is copied as
it is, not written anew, so its hash chain stays the one the site has), the id sequences are
moved past the copied ids, and then the copy is verified: row counts per table and the
audit check (chain and records replayed). No Qt here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine, Integer, func, inspect, select, text

from app.db import current_revision, head_revision, migrate
from app.i18n import _
from app.models import Base

BATCH = 2000
Progress = Callable[[str, int, int], None]


class MoveRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class MoveReport:
    rows: dict[str, int]
    audit_ok: bool
    audit_problems: tuple[str, ...]


def _check_target(source: Engine, target: Engine) -> None:
    if target.dialect.name != "postgresql":
        raise MoveRefused(_("The target must be a PostgreSQL database URL, like "
                            "postgresql+psycopg://desk@server/villa."))
    if current_revision(source) != head_revision(source):
        raise MoveRefused(_("Bring this database up to date first (villa-desk migrate)."))
    tables = set(inspect(target).get_table_names()) - {"alembic_version"}
    if tables:
        with target.connect() as conn:
            filled = [t.name for t in Base.metadata.sorted_tables if t.name in tables
                      and conn.execute(select(func.count()).select_from(t)).scalar()]
        if filled:
            raise MoveRefused(_("The PostgreSQL database is not empty (it has {tables}); "
                                "the move only goes into an empty database.").format(
                                    tables=", ".join(filled[:5])))


def move(source: Engine, target: Engine, progress: Progress | None = None) -> MoveReport:
    say = progress or (lambda _step, _done, _total: None)
    _check_target(source, target)
    migrate(target)
    tables = Base.metadata.sorted_tables
    counts: dict[str, int] = {}
    with source.connect() as src, target.begin() as dst:
        for index, table in enumerate(tables):
            say(table.name, index, len(tables))
            copied = 0
            result = src.execution_options(stream_results=True).execute(select(table))
            while batch := result.fetchmany(BATCH):
                dst.execute(table.insert(), [dict(row._mapping) for row in batch])
                copied += len(batch)
            counts[table.name] = copied
        for table in tables:
            key = list(table.primary_key.columns)
            if len(key) == 1 and isinstance(key[0].type, Integer) and key[0].autoincrement:
                # Identity/serial columns would otherwise hand out id 1 again.
                dst.execute(text(
                    "SELECT setval(pg_get_serial_sequence(:table, :column), "
                    f"coalesce((SELECT max({key[0].name}) FROM {table.name}), 0) + 1, false)"),
                    {"table": table.name, "column": key[0].name})
    say("verify", len(tables), len(tables))
    return MoveReport(counts, *_verify(source, target, counts))


def _verify(source: Engine, target: Engine,
            counts: dict[str, int]) -> tuple[bool, tuple[str, ...]]:
    from sqlalchemy.orm import Session

    from app.services.audit_check import check_audit

    problems: list[str] = []
    with source.connect() as src, target.connect() as dst:
        for table in Base.metadata.sorted_tables:
            there = dst.execute(select(func.count()).select_from(table)).scalar()
            here = src.execute(select(func.count()).select_from(table)).scalar()
            if not here == there == counts[table.name]:
                problems.append(_("Table {table}: {here} rows here, {there} in PostgreSQL.")
                                .format(table=table.name, here=here, there=there))
    with Session(target) as session:
        report = check_audit(session, [])
        session.rollback()
    return report.ok and not problems, tuple(problems) + report.problems
