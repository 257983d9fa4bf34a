"""How big a demo came out: rows per table and the database file, for the CLI and the bench."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, func, select

from app.db import sqlite_path
from app.i18n import _
from app.models.base import Base
from app.services.uow import UnitOfWork


@dataclass(frozen=True)
class DemoSize:
    #: Rows per table, the largest first; empty tables left out.
    rows: tuple[tuple[str, int], ...]
    #: The SQLite file (its write-ahead log folded in); None on a server database.
    file_bytes: int | None

    def lines(self, seconds: float) -> list[str]:
        """What the CLI prints after a build: time, file size, then one line per table."""
        size = (_("{mib} MiB").format(mib=f"{self.file_bytes / 2**20:.1f}")
                if self.file_bytes is not None else _("on the server"))
        out = [_("Built in {seconds} s; database {size}.").format(seconds=f"{seconds:.1f}",
                                                                    size=size)]
        width = max((len(name) for name, _n in self.rows), default=0)
        out += [f"  {name:<{width}}  {count:>9,}" for name, count in self.rows]
        return out


def demo_size(uow: UnitOfWork, engine: Engine) -> DemoSize:
    with uow.read() as session:
        counts = [(table.name, session.scalar(select(func.count()).select_from(table)) or 0)
                  for table in Base.metadata.sorted_tables]
    path = sqlite_path(engine)
    file_bytes = None
    if path is not None and path.exists():
        # The build's pages still sit in the write-ahead log: fold them into the file first.
        # On the driver's own connection: it runs outside a transaction (autocommit).
        raw = engine.raw_connection()
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
        finally:
            raw.close()
        file_bytes = path.stat().st_size
    rows = tuple(sorted(((n, c) for n, c in counts if c), key=lambda item: (-item[1], item[0])))
    return DemoSize(rows, file_bytes)
