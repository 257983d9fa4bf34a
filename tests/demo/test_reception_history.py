"""The demo's reception history looks like a real desk's: every day busy, most days signed."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter

import pytest
from sqlalchemy import func, select

from app.demo.reception_history import add_reception_history
from app.demo.resort import build_resort
from app.models.reception import (
    AnswerBookEntry,
    DailyReview,
    EntryClass,
    InquiryPromise,
    ReceptionEntry,
)
from app.models.staff import Role, Staff
from app.services import answer_book, daily_review
from app.services.reception import EntryFilter, list_entries
from app.services.uow import UnitOfWork

TODAY = dt.date(2026, 11, 24)
#: The 40 villas here ring as often as the first run's 240: 14 calls a day.
BUSY = 14 / 40


@pytest.fixture
def resort(uow: UnitOfWork) -> UnitOfWork:
    build_resort(uow, villas=40, with_staff=False)
    return uow


def test_a_month_of_history_is_busy_signed_and_taken_by_receptionists(
        resort: UnitOfWork, receptionist: UnitOfWork) -> None:
    start = TODAY - dt.timedelta(days=30)
    added = add_reception_history(resort, start, TODAY, calls_per_villa_day=BUSY)

    with resort.read() as session:
        entries = list(session.scalars(select(ReceptionEntry)))
        receptionists = set(session.scalars(select(Staff.id).where(
            Staff.role == Role.RECEPTIONIST)))
        reviews = list(session.scalars(select(DailyReview)))
        promises = list(session.scalars(select(InquiryPromise)))
    assert added == len(entries)
    per_day = Counter(e.occurred_at.date() for e in entries)
    assert set(per_day) <= {start + dt.timedelta(days=i) for i in range(31)}
    assert all(8 <= n <= 20 for day, n in per_day.items() if day < TODAY)
    assert all(e.occurred_at <= resort.clock.now() for e in entries)  # nothing in the future
    assert {e.taken_by_id for e in entries} <= receptionists
    assert set(Counter(e.entry_class for e in entries)) == set(EntryClass)
    assert any(e.back_entered and e.recorded_at > e.occurred_at for e in entries)
    assert all(p.due_at == next(e.occurred_at for e in entries if e.id == p.entry_id)
               + dt.timedelta(hours=24) for p in promises)

    assert 25 <= len(reviews) <= 30  # most past days signed, yesterday still waiting
    assert all(r.signed_at.date() == r.day + dt.timedelta(days=1) for r in reviews)
    assert all(r.entry_count == per_day[r.day] for r in reviews)
    pending = {d.day for d in daily_review.unsigned_days(receptionist, start, TODAY)}
    assert TODAY - dt.timedelta(days=1) in pending  # signed tomorrow morning, not yet

    # The desk's own services read it like any day's work.
    day = list_entries(receptionist, EntryFilter(TODAY - dt.timedelta(days=3),
                                                 TODAY - dt.timedelta(days=3)))
    assert day.counts.total + sum(r.voided for r in day.rows) == per_day[
        TODAY - dt.timedelta(days=3)]
    assert [r.question for r in answer_book.search_answers(receptionist, "泳池")] == [
        "会所泳池开放时间？"]


def test_the_desk_gets_busier_with_more_villas_and_a_higher_rate(resort: UnitOfWork) -> None:
    start = TODAY - dt.timedelta(days=60)
    end = TODAY - dt.timedelta(days=1)
    added = add_reception_history(resort, start, end, calls_per_villa_day=0.5)
    assert 0.4 * 40 * 60 < added < 0.6 * 40 * 60  # 20 a day on average, not today's 14


def test_the_answer_book_is_added_once(resort: UnitOfWork) -> None:
    add_reception_history(resort, TODAY - dt.timedelta(days=2), TODAY - dt.timedelta(days=1))
    add_reception_history(resort, TODAY, TODAY, seed=8)
    with resort.read() as session:
        assert session.scalar(select(func.count(AnswerBookEntry.id))) == 25


@pytest.mark.slow
def test_three_years_of_history_take_well_under_a_minute(resort: UnitOfWork) -> None:
    began = time.perf_counter()
    added = add_reception_history(resort, TODAY - dt.timedelta(days=3 * 365), TODAY,
                                  calls_per_villa_day=BUSY)
    assert time.perf_counter() - began < 60
    assert 3 * 365 * 8 <= added <= 3 * 365 * 20
