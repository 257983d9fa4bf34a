"""The whole demo: site, resort, rules, and a few years of desk history.

Each register's history is one builder (app/demo/history.py) in ``history_builders()``;
a register that joins the demo adds its builder there and nothing else changes here.

The demo is all or nothing. Every builder still opens its own ``uow.transaction()`` per
month, but here they all run on one connection inside one outer transaction, so each of
theirs becomes a SAVEPOINT (SQLAlchemy's "join a session into an external transaction").
The outer transaction commits only when the last month is written: a cancel (``progress``
raising), an error or even a killed process leaves the database exactly as empty as it
was, so the first-run wizard can simply start again. This works the same on SQLite and
PostgreSQL, which a build-into-a-spare-file-and-swap scheme would not.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from app.demo.history import HistoryBuilder, Period, write_history
from app.demo.periods import months
from app.demo.rates import FIRST_RUN_CALLS_PER_VILLA_DAY
from app.demo.resort import DEMO_PASSWORD, DEMO_STAFF, build_resort
from app.i18n import _
from app.models.site import Site, SiteSetting
from app.models.staff import Role, Staff
from app.services.uow import UnitOfWork

DEMO_SITE = Site(name="翡翠湾别墅会所", phone="0571-88886666",
                 address="浙江省杭州市西湖区翡翠湾路1号")

#: Told (step text, steps done, steps in all) after each step; may raise to cancel.
Progress = Callable[[str, int, int], None]

#: Site setting that marks a demo database: the demo's agent numbers, for the sign-in hint.
DEMO_ACCOUNTS_KEY = "demo.accounts"


@dataclass(frozen=True)
class DemoSummary:
    villas: int
    people: int
    reception_entries: int
    work_orders: int


@dataclass(frozen=True)
class DemoAccount:
    agent_no: str
    name: str
    role: Role


def history_builders() -> list[HistoryBuilder]:
    """Every register's demo history, in the order they are written (orders follow calls).

    A new register adds its builder here (see app/demo/history.py)."""
    from app.demo.complaint_history import ComplaintHistory
    from app.demo.mail_history import MailHistory
    from app.demo.reception_history import ReceptionHistory
    from app.demo.release_pass_history import ReleasePassHistory
    from app.demo.work_order_history import WorkOrderHistory

    return [ReceptionHistory(), WorkOrderHistory(), ComplaintHistory(), MailHistory(),
            ReleasePassHistory()]


def build_demo(uow: UnitOfWork, villas: int = 240, years: float = 3.0,
               progress: Progress | None = None,
               calls_per_villa_day: float = FIRST_RUN_CALLS_PER_VILLA_DAY) -> DemoSummary:
    """Fill an empty database in one transaction; ``years`` of history end today.

    The resort comes first, then each builder of ``history_builders()`` writes the whole
    period a month at a time, telling ``progress`` after every month."""
    from app.services.work_orders import ensure_defaults

    say = progress or (lambda _step, _done, _total: None)
    today = uow.clock.now().date()
    period = Period(today - dt.timedelta(days=int(365 * years)), today, uow.clock.now(),
                    calls_per_villa_day)
    builders = history_builders()
    month_count = len(months(period.start, period.end))
    total = 2 + len(builders) * month_count  # the resort, each month per builder, the commit
    done = 0

    def step(text: str) -> None:
        nonlocal done
        done += 1
        say(text, done, total)

    say(_("Creating villas and households…"), 0, total)
    written: dict[str, int] = {}
    with _all_or_nothing(uow) as demo:
        with demo.transaction() as session:
            session.add(Site(name=DEMO_SITE.name, phone=DEMO_SITE.phone,
                             address=DEMO_SITE.address))
            session.add(SiteSetting(key=DEMO_ACCOUNTS_KEY, value=json.dumps(
                [agent_no for agent_no, _name, _role in DEMO_STAFF])))
        resort = build_resort(demo, villas=villas)
        ensure_defaults(demo)
        step(_("Villas and households created."))
        for builder in builders:
            written[builder.register] = write_history(
                demo, builder, period,
                lambda first, builder=builder: step(builder.month_written(first)))
        # Last chance to cancel before everything becomes visible at once.
        say(_("Saving…"), done, total)
    step(_("The demo resort is ready."))
    return DemoSummary(resort.villas, resort.people, written.get("reception_entry", 0),
                       written.get("work_order", 0))


@contextmanager
def _all_or_nothing(uow: UnitOfWork) -> Iterator[UnitOfWork]:
    """The same unit of work, but every transaction it opens is a savepoint of one."""
    engine = uow.sessions.kw["bind"]
    assert isinstance(engine, Engine)
    with engine.connect() as connection, connection.begin():
        sessions = sessionmaker(bind=connection, expire_on_commit=False,
                                join_transaction_mode="create_savepoint")
        yield replace(uow, sessions=sessions)


def demo_accounts(uow: UnitOfWork) -> list[DemoAccount]:
    """The demo's sign-in accounts still active here; empty on a real site's database."""
    with uow.read() as session:
        row = session.get(SiteSetting, DEMO_ACCOUNTS_KEY)
        if row is None:
            return []
        agent_nos = list(json.loads(row.value))
        found = session.scalars(select(Staff).where(Staff.agent_no.in_(agent_nos),
                                                    Staff.active.is_(True))).all()
        by_no = {person.agent_no: person for person in found}
        return [DemoAccount(no, by_no[no].name, by_no[no].role)
                for no in agent_nos if no in by_no]


__all__ = ["DEMO_PASSWORD", "DEMO_SITE", "DemoAccount", "DemoSummary", "Progress",
           "build_demo", "demo_accounts"]
