"""Regenerate the initial migration from the models (only while nothing has shipped)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from alembic import command

from app.db import _alembic_config, make_engine

versions = Path(__file__).resolve().parent.parent / "app" / "migrations" / "versions"
for old in versions.glob("0001_*.py"):
    old.unlink()
with tempfile.TemporaryDirectory() as tmp:
    engine = make_engine(f"sqlite:///{tmp}/x.sqlite3")
    command.revision(_alembic_config(engine), message="initial schema", autogenerate=True,
                     rev_id="0001")
