"""Another desk, as a separate program: ``python -m tests.other_desk URL WHEN ACTION…``.

Opens the same database the way the program does (``app.bootstrap``), signs in as the
supervisor (002, another person than the desk under test) and does what it is told, each
action its own transaction, then prints what it did. ``WHEN`` is the other desk's clock
(ISO time), so its records fall on the day the test's desk shows. Actions:

- ``call:VILLA:CONTENT`` logs a reception record (a help request) for a villa number;
- ``order:VILLA:CONTENT`` opens a work order (给排水, engineering) for a villa number;
- ``fail:VILLA:CONTENT`` logs a record in a transaction that then fails (rolled back).
"""

from __future__ import annotations

import datetime as dt
import sys

from app.bootstrap import open_database
from app.clock import FakeClock
from app.models.reception import Channel, EntryClass
from app.models.work_orders import Department
from app.services import households, work_orders
from app.services.auth import login
from app.services.reception import NewEntry, log_entry
from app.services.uow import UnitOfWork
from app.services.work_categories import list_categories
from app.services.work_orders import WorkOrderDraft

PASSWORD = "desk-secret"  # tests.conftest.PASSWORD, without importing pytest's conftest


class Refused(Exception):
    """The rolled-back action's own failure."""


def villa_id(uow: UnitOfWork, number: str) -> int:
    hit = households.villa_by_number(uow, number)
    if hit is None:
        raise SystemExit(f"no villa {number}")
    return int(hit.villa_id)


def main(argv: list[str]) -> int:
    url, when, *actions = argv
    opened = open_database(url, clock=FakeClock(dt.datetime.fromisoformat(when)))
    uow = opened.uow.as_actor(login(opened.uow, "002", PASSWORD))
    try:
        for action in actions:
            kind, number, content = action.split(":", 2)
            villa = villa_id(uow, number)
            if kind == "call":
                row = log_entry(uow, NewEntry(Channel.PHONE, EntryClass.HELP, "张伟", content,
                                              villa_id=villa,
                                              occurred_at=uow.clock.now()))
                print(f"call {row.id}")
            elif kind == "order":
                work_orders.ensure_defaults(uow)  # as the program does at every start
                category = next(c.id for c in list_categories(uow) if c.name == "给排水")
                order = work_orders.open_work_order(uow, WorkOrderDraft(
                    content=content, department=Department.ENGINEERING,
                    category_id=category, villa_id=villa, location="厨房",
                    contact_name="张伟", contact_phone="13812345678"))
                print(f"order {order.id} {order.number}")
            elif kind == "fail":
                try:
                    with uow.transaction() as session:
                        from app.models.reception import ReceptionEntry

                        session.add(ReceptionEntry(
                            channel=Channel.PHONE, entry_class=EntryClass.HELP,
                            caller_name="张伟", content=content, villa_id=villa,
                            occurred_at=uow.clock.now(), recorded_at=uow.clock.now(),
                            taken_by_id=uow.actor.staff_id))
                        session.flush()
                        raise Refused
                except Refused:
                    print("rolled back")
            else:
                raise SystemExit(f"unknown action {kind}")
    finally:
        opened.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
