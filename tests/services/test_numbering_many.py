"""Numbers taken many at once (the demo's history) are the numbers taken one by one."""

from __future__ import annotations

import datetime as dt

from app.models.numbering import DocumentKind
from app.services import numbering
from app.services.actor import SYSTEM
from app.services.uow import UnitOfWork


def test_a_batch_across_new_year_continues_each_years_series_without_a_gap(
        uow: UnitOfWork) -> None:
    with uow.transaction() as session:
        first = numbering.allocate(session, DocumentKind.DISPATCH_SLIP, record_type="test",
                                   actor=SYSTEM, now=dt.datetime(2026, 12, 30, 9, 0))
    times = [dt.datetime(2026, 12, 31, 9, 0), dt.datetime(2026, 12, 31, 23, 50),
             dt.datetime(2027, 1, 1, 0, 10), dt.datetime(2027, 1, 1, 8, 0)]
    with uow.transaction() as session:
        batch = numbering.allocate_many(session, DocumentKind.DISPATCH_SLIP,
                                        record_type="test",
                                        requests=[(SYSTEM, when) for when in times])
        assert all(document.id is not None for document in batch)  # flushed, ready to link
    with uow.transaction() as session:
        after = numbering.allocate(session, DocumentKind.DISPATCH_SLIP, record_type="test",
                                   actor=SYSTEM, now=dt.datetime(2027, 1, 2, 9, 0))
    assert [first.number] + [d.number for d in batch] + [after.number] == [
        "PG2026-000001", "PG2026-000002", "PG2026-000003", "PG2027-000001", "PG2027-000002",
        "PG2027-000003"]
    assert [d.created_at for d in batch] == times
