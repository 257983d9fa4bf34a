"""The demo's work orders look like a real desk's: numbered in order, mostly closed, some late."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter

import pytest
from sqlalchemy import select

from app.demo.reception_history import add_reception_history
from app.demo.resort import build_resort
from app.demo.work_order_history import add_work_order_history
from app.models.numbering import DocumentState, NumberedDocument
from app.models.reception import EntryClass, ReceptionEntry
from app.models.staff import Role, Staff
from app.models.work_orders import Rating, WorkOrder, WorkOrderCallback
from app.models.work_orders import WorkOrderState as S
from app.services.uow import UnitOfWork
from app.services.work_order_queries import OPEN_STATES, WorkOrderFilter, list_work_orders
from app.services.work_order_slips import monthly_register_rows

TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def resort(uow: UnitOfWork, receptionist: UnitOfWork, supervisor: UnitOfWork) -> UnitOfWork:
    build_resort(uow, villas=40, with_staff=False)
    return uow


def orders(uow: UnitOfWork) -> list[WorkOrder]:
    with uow.read() as session:
        return list(session.scalars(select(WorkOrder).order_by(WorkOrder.id)))


def test_two_months_of_orders_are_numbered_in_time_order_and_mostly_closed(
        resort: UnitOfWork) -> None:
    start = TODAY - dt.timedelta(days=60)
    added = add_work_order_history(resort, start, TODAY)
    made = orders(resort)
    assert added == len(made)
    per_day = Counter(o.received_at.date() for o in made)
    assert all(3 <= n <= 8 for day, n in per_day.items() if day < TODAY)
    # Numbers follow the time the requests came in, without a gap, year by year.
    assert [o.number for o in sorted(made, key=lambda o: (o.received_at, o.id))] == [
        f"PG2026-{n:06d}" for n in range(1, len(made) + 1)]
    for year, month in ((2026, 10), (2026, 11)):
        states = Counter(row.state for row in monthly_register_rows(resort, year, month))
        assert states["缺号"] == 0 and states["正常"] > 50

    state = Counter(o.state for o in made)
    assert state[S.CLOSED] > 0.85 * len(made)
    assert all(o.received_at <= resort.clock.now() for o in made)
    old = [o for o in made if o.received_at.date() < TODAY - dt.timedelta(days=5)]
    assert {o.state for o in old} <= {S.CLOSED, S.VOID}
    with resort.read() as session:
        receptionists = set(session.scalars(select(Staff.id).where(
            Staff.role == Role.RECEPTIONIST)))
        callbacks = list(session.scalars(select(WorkOrderCallback)))
        documents = {d.id: d for d in session.scalars(select(NumberedDocument))}
    assert {o.taken_by_id for o in made} <= receptionists
    last_callback = {cb.work_order_id: cb for cb in sorted(callbacks, key=lambda c: c.at)}
    assert all(last_callback[o.id].satisfaction != Rating.UNSATISFIED
               for o in made if o.state == S.CLOSED)
    assert all(o.completed_at and o.started_at and o.dispatched_at
               and o.received_at < o.dispatched_at <= o.started_at < o.completed_at
               for o in made if o.state == S.CLOSED)
    assert all(documents[o.document_id].state == DocumentState.VOID and o.void_reason
               for o in made if o.state == S.VOID)
    assert all(documents[o.document_id].record_id == o.id for o in made)


def test_some_work_is_charged_and_the_last_days_are_still_open(resort: UnitOfWork) -> None:
    add_work_order_history(resort, TODAY - dt.timedelta(days=90), TODAY)
    made = orders(resort)
    with resort.read() as session:
        charged = [o for o in made if o.charged]
        totals = {o.id: sum(line.amount for line in session.get(WorkOrder, o.id).lines)
                  for o in charged}
    assert 0.05 * len(made) < len(charged) < 0.5 * len(made)
    assert all(total > 0 for total in totals.values())
    still_open = list_work_orders(resort, WorkOrderFilter(states=OPEN_STATES)).rows
    assert len({row.state for row in still_open}) >= 3
    assert any(row.deadline.attention for row in still_open)


def test_every_repair_call_of_the_reception_history_gets_its_order(resort: UnitOfWork) -> None:
    start = TODAY - dt.timedelta(days=20)
    add_reception_history(resort, start, TODAY)
    add_work_order_history(resort, start, TODAY)
    with resort.read() as session:
        repairs = {e.id: e for e in session.scalars(select(ReceptionEntry).where(
            ReceptionEntry.entry_class == EntryClass.REPAIR,
            ReceptionEntry.voided.is_(False)))}
    made = orders(resort)
    assert sorted(o.entry_id for o in made) == sorted(repairs)
    assert all((o.taken_by_id, o.received_at, o.villa_id) == (
        repairs[o.entry_id].taken_by_id, repairs[o.entry_id].occurred_at,
        repairs[o.entry_id].villa_id) for o in made if o.entry_id is not None)


@pytest.mark.slow
def test_three_years_take_well_under_ninety_seconds(resort: UnitOfWork) -> None:
    began = time.perf_counter()
    added = add_work_order_history(resort, TODAY - dt.timedelta(days=3 * 365), TODAY)
    assert time.perf_counter() - began < 90
    assert added > 3 * 365 * 3
