"""Starting the desk quickly without giving anything up: an up-to-date database is
recognised without Alembic, and passwords hashed with the old, slower argon2 settings still
sign in and are rehashed with the desk's own at that sign-in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from argon2 import PasswordHasher
from sqlalchemy import select, update

from app.bootstrap import open_database
from app.db import head_revision, newest_revision_in_files
from app.models.staff import Staff
from app.services import auth
from app.services.uow import UnitOfWork
from tests.conftest import PASSWORD


def test_the_migration_files_name_the_same_head_as_alembic(home: Path) -> None:
    opened = open_database(f"sqlite:///{home / 'desk.sqlite3'}")
    try:
        assert newest_revision_in_files() == head_revision(opened.engine)
    finally:
        opened.engine.dispose()


def test_an_up_to_date_database_opens_without_alembic(home: Path) -> None:
    database = home / "desk.sqlite3"
    open_database(f"sqlite:///{database}").engine.dispose()  # the first start migrates
    again = subprocess.run(
        [sys.executable, "-c", "import sys; from app.bootstrap import open_database; "
         f"open_database({f'sqlite:///{database}'!r}).engine.dispose(); "
         "print('alembic' in sys.modules)"],
        env={**os.environ, "VILLA_DESK_HOME": str(home)}, capture_output=True, text=True,
        timeout=120, cwd=Path(__file__).parents[1], check=True)
    assert again.stdout.strip() == "False"


def test_a_password_hashed_with_the_old_settings_signs_in_and_is_rehashed(
        uow: UnitOfWork) -> None:
    # Accounts made before the change carry argon2-cffi's defaults (64 MiB, t=3, p=4).
    old = PasswordHasher().hash(PASSWORD)
    with uow.transaction() as session:
        session.execute(update(Staff).where(Staff.agent_no == "008").values(password_hash=old))
    actor = auth.login(uow, "008", PASSWORD)
    assert actor.agent_no == "008"
    with uow.read() as session:
        stored = session.scalars(select(Staff.password_hash).where(Staff.agent_no == "008")).one()
    assert stored != old and stored.startswith("$argon2id$v=19$m=47104,t=1,p=1$")
    assert auth.login(uow, "008", PASSWORD).agent_no == "008"  # the new hash signs in too
