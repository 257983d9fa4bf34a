"""Shared fixtures: every test gets its own data directory and a fresh SQLite file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import i18n
from app.bootstrap import Opened, open_database
from app.clock import FakeClock
from app.models.staff import Role
from app.services import site, staff
from app.services.actor import Actor
from app.services.auth import login
from app.services.uow import UnitOfWork
from tests.printing.conftest import CupsQueue

#: A Tuesday morning at the clubhouse.
MORNING = dt.datetime(2026, 11, 24, 8, 30)
PASSWORD = "desk-secret"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "home"
    monkeypatch.setenv("VILLA_DESK_HOME", str(data))
    monkeypatch.delenv("VILLA_DESK_DATABASE_URL", raising=False)
    monkeypatch.delenv("VILLA_DESK_LOCALE", raising=False)
    return data


@pytest.fixture(autouse=True)
def chinese() -> Iterator[None]:
    i18n.set_locale("zh_CN")
    yield
    i18n.set_locale("zh_CN")


@pytest.fixture(autouse=True)
def unscripted_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    """A question no test scripted — typically "keep your draft and quit?" or "discard
    what you typed?" when a failed test's half-typed window is closed — takes its Esc
    answer (No) instead of waiting for a person. Tests that ask replace them themselves."""
    from app.views.messages import Messages

    monkeypatch.setattr(Messages, "choose", classmethod(
        lambda cls, parent, text, choices, title="", escape=-1: escape))
    monkeypatch.setattr(Messages, "confirm", classmethod(
        lambda cls, parent, text, title="": False))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MORNING)


@pytest.fixture
def opened(home: Path, clock: FakeClock) -> Iterator[Opened]:
    result = open_database(f"sqlite:///{home / 'desk.sqlite3'}", clock=clock)
    yield result
    result.engine.dispose()


@pytest.fixture
def uow(opened: Opened) -> UnitOfWork:
    """A set-up site with a manager (001), a supervisor (002) and a receptionist (008)."""
    system = opened.uow
    site.set_up(system, site.SiteInfo("翡翠湾别墅会所", "0571-88886666", "杭州市西湖区翡翠湾路1号"),
                "001", "陈经理", PASSWORD)
    manager = login(system, "001", PASSWORD)
    as_manager = system.as_actor(manager)
    staff.create_staff(as_manager, "002", "刘主管", Role.SUPERVISOR, PASSWORD)
    staff.create_staff(as_manager, "008", "王丽", Role.RECEPTIONIST, PASSWORD)
    return system


def actor(uow: UnitOfWork, agent_no: str) -> Actor:
    return login(uow, agent_no, PASSWORD)


@pytest.fixture
def manager(uow: UnitOfWork) -> UnitOfWork:
    return uow.as_actor(actor(uow, "001"))


@pytest.fixture
def supervisor(uow: UnitOfWork) -> UnitOfWork:
    return uow.as_actor(actor(uow, "002"))


@pytest.fixture
def receptionist(uow: UnitOfWork) -> UnitOfWork:
    return uow.as_actor(actor(uow, "008"))


@pytest.fixture
def villas(uow: UnitOfWork) -> dict[str, int]:
    """A few households the desk's day keeps meeting; villa number → villa id."""
    from app.demo.resort import add_household
    from app.models.households import HouseholdRole as R

    return {
        "A-12": add_household(uow, "A-12", "湖畔区", [
            ("张伟", R.OWNER, "", "13812345678"),
            ("李娜", R.FAMILY, "配偶", "13987654321"),
        ]),
        "A-3": add_household(uow, "A-3", "湖畔区", [("王建国", R.OWNER, "", "13600001111")]),
        "B-7": add_household(uow, "B-7", "林溪区", [
            ("赵敏", R.OWNER, "", "15800002222"),
            ("周杰", R.TENANT, "", "18600003333"),
        ]),
    }


@pytest.fixture(scope="session")
def cups_queue() -> Iterator[CupsQueue]:
    """One private cupsd with a cups-pdf queue for the whole run (see tests/printing)."""
    from tests.printing.conftest import cups_sandbox

    with cups_sandbox() as queue:
        yield queue
