"""The demo's complaints look like a real desk's: numbered in time order, mostly closed
after a callback, a few escalated, the last days' open; the audit check accepts them."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import func, select

from app.demo.complaint_history import add_complaint_history
from app.demo.reception_history import add_reception_history
from app.demo.resort import build_resort
from app.models.complaints import Complaint, ComplaintState, ComplaintStep, StepKind
from app.models.reception import EntryClass, ReceptionEntry
from app.services.audit_check import check_audit
from app.services.complaint_queries import ComplaintFilter, due_panel, list_complaints
from app.services.uow import UnitOfWork


def test_three_months_of_complaints(uow: UnitOfWork, receptionist: UnitOfWork,
                                    supervisor: UnitOfWork) -> None:
    build_resort(uow, villas=120, with_staff=False)
    start, end = dt.date(2026, 8, 24), dt.date(2026, 11, 24)
    add_reception_history(uow, start, end)
    made = add_complaint_history(uow, start, end)
    with uow.read() as session:
        calls = session.scalar(select(func.count()).select_from(ReceptionEntry).where(
            ReceptionEntry.entry_class == EntryClass.COMPLAINT)) or 0
        rows = session.execute(select(Complaint.number, Complaint.received_at,
                                      Complaint.state, Complaint.entry_id,
                                      Complaint.repeat_of_id)
                               .order_by(Complaint.id)).all()
        escalated = session.scalar(select(func.count()).select_from(ComplaintStep).where(
            ComplaintStep.kind == StepKind.ESCALATED)) or 0
    assert made == len(rows) and 0.2 * calls < made < 0.5 * calls
    assert [r.received_at for r in rows] == sorted(r.received_at for r in rows)
    assert rows[0].number == "TS2026-000001" and all(r.entry_id for r in rows)
    states = Counter(r.state for r in rows)
    assert states[ComplaintState.CLOSED] > 0.7 * made
    assert states[ComplaintState.OPEN] + states[ComplaintState.HANDLED] > 0
    assert escalated > 0
    assert 0 < sum(r.repeat_of_id is not None for r in rows) < made / 2
    page = list_complaints(supervisor, ComplaintFilter(), limit=10)
    assert len(page.rows) == 10 and page.has_more
    assert due_panel(supervisor).items
    with uow.read() as session:
        result = check_audit(session, [])
    assert result.ok, result.problems
