"""Opening a site's database: engine, migrations, session factory, unit of work. No Qt."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from app.clock import Clock, SystemClock
from app.config import LocalConfig
from app.db import make_engine, make_session_factory, migrate
from app.services.uow import UnitOfWork


@dataclass
class Opened:
    engine: Engine
    uow: UnitOfWork
    backup: Path | None  # made before a migration, if any


def open_database(url: str | None = None, clock: Clock | None = None,
                  config: LocalConfig | None = None) -> Opened:
    config = config or LocalConfig.load()
    engine = make_engine(url or config.database_url)
    backup = migrate(engine)
    uow = UnitOfWork(make_session_factory(engine), clock or SystemClock())
    return Opened(engine, uow, backup)
