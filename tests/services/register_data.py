"""Years of registers written straight into the tables, fast, for the list tests.

Rows go in by bulk INSERT (no audit, no flush listeners): these tests look at how lists
read a big register, not at how records are written. Values repeat on purpose (the same
minute, assignee, state, total for many orders) so paging must break ties by the id.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import Decimal

from sqlalchemy import insert, select, text

from app.models.numbering import DocumentKind, NumberedDocument
from app.models.reception import Channel, EntryClass, ReceptionEntry
from app.models.reception_counts import ReceptionDayCount
from app.models.staff import Staff
from app.models.work_orders import Department, WorkOrder, WorkOrderState
from app.services.uow import UnitOfWork

START = dt.datetime(2025, 6, 1, 8, 0)
ASSIGNEES = ("", "李师傅", "王师傅", "张师傅", "Bob")
CALLERS = ("张伟", "王建国", "李娜", "John Smith", "赵敏")


def fill_registers(uow: UnitOfWork, villa_ids: list[int], orders: int, entries: int,
                   seed: int = 8) -> None:
    rng = random.Random(seed)
    with uow.transaction() as session:
        staff_id = session.scalars(select(Staff.id).order_by(Staff.id)).first()
        calls = [{
            "channel": rng.choice(list(Channel)), "entry_class": rng.choice(list(EntryClass)),
            "caller_name": rng.choice(CALLERS), "villa_id": rng.choice(villa_ids),
            "occurred_at": START + dt.timedelta(minutes=11 * (n // 2)),
            "recorded_at": START + dt.timedelta(minutes=11 * (n // 2)),
            "content": "问询", "taken_by_id": staff_id, "voided": n % 17 == 0,
            "version": 1,
        } for n in range(1, entries + 1)]
        session.execute(insert(ReceptionEntry), calls)
        # What the model's flush listener keeps for records written through the ORM.
        per_day = Counter((e["occurred_at"].date(), e["entry_class"]) for e in calls
                          if not e["voided"])
        session.execute(insert(ReceptionDayCount), [
            {"day": day, "entry_class": cls, "count": n} for (day, cls), n in per_day.items()])
        # Most repairs came in as a call: the order points at its reception record.
        entry_ids = list(session.scalars(select(ReceptionEntry.id).order_by(ReceptionEntry.id)))
        documents = []
        work = []
        for n in range(1, orders + 1):
            # Several orders share a minute: ties on received_at.
            at = START + dt.timedelta(minutes=7 * (n // 3))
            number = f"PG{at.year}-{n:06d}"
            documents.append({"kind": DocumentKind.DISPATCH_SLIP, "year": at.year, "seq": n,
                              "number": number, "record_type": "work_order",
                              "created_at": at, "created_by_id": staff_id})
            state = rng.choice(list(WorkOrderState))
            work.append({
                "number": number, "villa_id": rng.choice(villa_ids), "content": "漏水",
                "department": rng.choice(list(Department)),
                "assignee": rng.choice(ASSIGNEES), "state": state, "received_at": at,
                "completed_at": at + dt.timedelta(hours=3)
                if state not in (WorkOrderState.RECEIVED, WorkOrderState.DISPATCHED) else None,
                "taken_by_id": staff_id, "charged": n % 4 == 0,
                "total": Decimal(rng.choice((0, 0, 60, 120, 35.5))).quantize(Decimal("0.01")),
                "version": 1, "entry_id": entry_ids[n - 1] if n % 3 and n <= len(entry_ids)
                else None,
            })
        session.execute(insert(NumberedDocument), documents)
        ids = dict(session.execute(select(NumberedDocument.number, NumberedDocument.id)).all())
        for row in work:
            row["document_id"] = ids[row["number"]]
        session.execute(insert(WorkOrder), work)
    with uow.transaction() as session:
        # What the program's databases have after a while: statistics for the planner.
        session.execute(text("ANALYZE"))
