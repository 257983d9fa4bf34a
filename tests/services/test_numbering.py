"""Slip numbers: gapless per series and year, never reused, safe across processes."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

import pytest
from sqlalchemy import select

from app.bootstrap import open_database
from app.clock import FakeClock
from app.models.numbering import DocumentKind, NumberedDocument
from app.services import numbering
from app.services.actor import SYSTEM
from app.services.errors import Conflict, ServiceError
from app.services.uow import UnitOfWork

NOW = dt.datetime(2026, 11, 24, 9, 5)


def _take(uow: UnitOfWork, kind: DocumentKind = DocumentKind.DISPATCH_SLIP,
          now: dt.datetime = NOW) -> str:
    with uow.transaction() as session:
        return numbering.allocate(session, kind, record_type="test", actor=uow.actor,
                                  now=now).number


def test_numbers_follow_each_other_per_kind_and_year(uow: UnitOfWork) -> None:
    assert [_take(uow) for _ in range(3)] == ["PG2026-000001", "PG2026-000002", "PG2026-000003"]
    assert _take(uow, DocumentKind.RELEASE_PASS) == "FX2026-000001"
    assert _take(uow, now=dt.datetime(2027, 1, 2, 8, 0)) == "PG2027-000001"


def test_a_rolled_back_record_leaves_no_gap(uow: UnitOfWork) -> None:
    _take(uow)
    with pytest.raises(RuntimeError), uow.transaction() as session:
        numbering.allocate(session, DocumentKind.DISPATCH_SLIP, record_type="test",
                           actor=SYSTEM, now=NOW)
        raise RuntimeError("printer on fire")
    assert _take(uow) == "PG2026-000002"


def test_void_keeps_the_number_and_says_who_and_why(supervisor: UnitOfWork) -> None:
    number = _take(supervisor)
    with supervisor.transaction() as session:
        doc = numbering.get_document(session, number)
        with pytest.raises(ServiceError):
            numbering.void(session, doc, actor=supervisor.actor, reason="  ", now=NOW)
        numbering.void(session, doc, actor=supervisor.actor, reason="填写错误", now=NOW)
    with supervisor.transaction() as session:
        doc = numbering.get_document(session, number)
        assert (doc.state.value, doc.void_reason, doc.voided_by_id) == (
            "void", "填写错误", supervisor.actor.staff_id)
        with pytest.raises(Conflict):
            numbering.void(session, doc, actor=supervisor.actor, reason="again", now=NOW)
    assert _take(supervisor) == "PG2026-000002"


def test_prints_are_counted_and_later_ones_are_reprints(uow: UnitOfWork) -> None:
    number = _take(uow)
    with uow.transaction() as session:
        doc = numbering.get_document(session, number)
        assert numbering.record_print(session, doc, actor=SYSTEM, now=NOW) == 0
        assert numbering.record_print(session, doc, actor=SYSTEM, now=NOW) == 1
    with uow.read() as session:
        assert numbering.get_document(session, number).print_count == 2


def test_the_monthly_register_shows_a_hole(uow: UnitOfWork) -> None:
    for _ in range(3):
        _take(uow)
    with uow.transaction() as session:
        session.execute(NumberedDocument.__table__.delete().where(NumberedDocument.seq == 2))
    with uow.read() as session:
        lines = numbering.monthly_register(session, DocumentKind.DISPATCH_SLIP, 2026, 11)
    assert [(line.number, line.state) for line in lines] == [
        ("PG2026-000001", "issued"), ("PG2026-000002", "missing"), ("PG2026-000003", "issued")]


def _worker(url: str, count: int, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    opened = open_database(url, clock=FakeClock(NOW))
    taken = [_take(opened.uow) for _ in range(count)]
    opened.engine.dispose()
    queue.put(taken)


def allocate_in_processes(url: str, processes: int, per_process: int) -> list[str]:
    """Start ``processes`` OS processes that each take ``per_process`` slip numbers from
    the database at ``url`` at the same time; every number they got."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    workers = [ctx.Process(target=_worker, args=(url, per_process, queue))
               for _ in range(processes)]
    for w in workers:
        w.start()
    results = [queue.get(timeout=120) for _ in workers]
    for w in workers:
        w.join(timeout=60)
        assert w.exitcode == 0
    return [n for batch in results for n in batch]


def dispatch_slip_seqs(uow: UnitOfWork) -> list[int]:
    with uow.read() as session:
        return sorted(session.scalars(select(NumberedDocument.seq).where(
            NumberedDocument.kind == DocumentKind.DISPATCH_SLIP)).all())


@pytest.mark.slow
def test_four_processes_allocating_at_once_get_exactly_one_to_n(uow: UnitOfWork,
                                                                home: Path) -> None:
    per_process, processes = 40, 4
    numbers = allocate_in_processes(str(uow.sessions.kw["bind"].url), processes, per_process)
    assert len(numbers) == len(set(numbers)) == per_process * processes
    assert dispatch_slip_seqs(uow) == list(range(1, per_process * processes + 1))
