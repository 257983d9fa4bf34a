"""The demo's release passes look like a real desk's: numbered in time order without a gap,
nearly all back from the gate, a few with items that did not match, the last days' still
out; and the ten-year rate gives about 20,000 at 400 villas."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import select

from app.demo.history import Period, write_history
from app.demo.rates import REAL_DESK_CALLS_PER_VILLA_DAY
from app.demo.release_pass_history import PASSES_PER_CALL, ReleasePassHistory
from app.demo.resort import build_resort
from app.models.release_passes import NEEDS_CONSENT, ConsentKind, PassState, ReleasePass
from app.services.audit_replay import replay_records
from app.services.release_pass_registers import month_register
from app.services.uow import UnitOfWork

TODAY = dt.date(2026, 11, 24)


def test_a_year_of_passes_is_numbered_in_time_order_and_mostly_back_from_the_gate(
        uow: UnitOfWork, receptionist: UnitOfWork, supervisor: UnitOfWork) -> None:
    build_resort(uow, villas=60, with_staff=False)
    start = TODAY - dt.timedelta(days=365)
    period = Period(start, TODAY, uow.clock.now(), calls_per_villa_day=0.4)
    added = write_history(uow, ReleasePassHistory(), period)
    with uow.read() as session:
        made = list(session.scalars(select(ReleasePass).order_by(ReleasePass.id)))
    assert added == len(made) > 500
    by_time = sorted(made, key=lambda p: (p.issued_at, p.id))
    years = Counter(p.issued_at.year for p in made)
    expected = [f"FX{year}-{n:06d}" for year in sorted(years)
                for n in range(1, years[year] + 1)]
    assert [p.number for p in by_time] == expected
    for month in (3, 7, 10):
        states = Counter(row.state for row in month_register(receptionist, 2026, month))
        assert states["缺号"] == 0 and states["正常"] > 20
    state = Counter(p.state for p in made)
    assert state[PassState.USED] > 0.85 * len(made)
    assert 0 < state[PassState.VOID] < 0.06 * len(made)
    used = [p for p in made if p.state == PassState.USED]
    mismatched = [p for p in used if not p.items_matched]
    assert 0 < len(mismatched) < 0.15 * len(used) and all(p.gate_note for p in mismatched)
    assert all(p.valid_from <= p.used_at <= p.valid_until for p in used)  # type: ignore[operator]
    assert all(p.issued_at <= p.valid_from < p.valid_until for p in made)
    out = [p for p in made if p.state == PassState.ISSUED]
    assert any(p.issued_at.date() >= TODAY - dt.timedelta(days=2) for p in out)
    for p in made:
        if p.applicant_kind in NEEDS_CONSENT:
            assert p.consent == ConsentKind.PHONE and p.consent_confirmed_by_id
    # Written through the ORM: the audit log replays to exactly these rows.
    with uow.read() as session:
        assert [p.describe() for p in replay_records(session)] == []


def test_ten_years_at_a_real_desks_rate_hold_about_twenty_thousand_passes() -> None:
    per_day = 400 * REAL_DESK_CALLS_PER_VILLA_DAY * PASSES_PER_CALL
    assert 18_000 < per_day * 3652 < 22_000
