"""The whole demo: site, resort, rules, and a few years of desk history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from app.demo.resort import build_resort
from app.models.site import Site
from app.services.uow import UnitOfWork

DEMO_SITE = Site(name="翡翠湾别墅会所", phone="0571-88886666",
                 address="浙江省杭州市西湖区翡翠湾路1号")

Progress = Callable[[str], None]


@dataclass(frozen=True)
class DemoSummary:
    villas: int
    people: int
    reception_entries: int
    work_orders: int


def build_demo(uow: UnitOfWork, villas: int = 240, years: float = 3.0,
               progress: Progress | None = None) -> DemoSummary:
    """Fill an empty database; ``years`` of history end today."""
    from app.demo.reception_history import add_reception_history
    from app.demo.work_order_history import add_work_order_history
    from app.services.work_orders import ensure_defaults

    say = progress or (lambda _message: None)
    with uow.transaction() as session:
        session.add(Site(name=DEMO_SITE.name, phone=DEMO_SITE.phone, address=DEMO_SITE.address))
    say("villas")
    resort = build_resort(uow, villas=villas)
    ensure_defaults(uow)
    today = uow.clock.now().date()
    start = today - dt.timedelta(days=int(365 * years))
    say("reception")
    entries = add_reception_history(uow, start, today)
    say("work_orders")
    orders = add_work_order_history(uow, start, today)
    return DemoSummary(resort.villas, resort.people, entries, orders)
