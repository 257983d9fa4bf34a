"""The desk's calendar and greetings: 早上好 before ten, 晚上好 after six, 节日快乐 on holidays."""

from __future__ import annotations

import datetime as dt

import pytest

from app.i18n import _
from app.models.calendar import WorkCalendar
from app.models.deadlines import DurationUnit, Rule
from app.models.greeting import greeting_for

CAL = WorkCalendar()


@pytest.mark.parametrize("when, greeting", [
    (dt.datetime(2026, 11, 24, 9, 59), "早上好"),
    (dt.datetime(2026, 11, 24, 10, 0), "您好"),
    (dt.datetime(2026, 11, 24, 17, 59), "您好"),
    (dt.datetime(2026, 11, 24, 18, 0), "晚上好"),
    (dt.datetime(2026, 10, 2, 9, 0), "节日快乐"),  # National Day holiday
])
def test_greeting_by_time_of_day_and_holiday(when: dt.datetime, greeting: str) -> None:
    assert _(greeting_for(when, CAL)) == greeting


def test_weekends_and_make_up_working_days() -> None:
    assert not CAL.is_workday(dt.date(2026, 11, 28))  # a Saturday
    assert CAL.is_workday(dt.date(2026, 11, 24))
    assert CAL.holiday_name(dt.date(2026, 10, 1))


def test_a_year_the_library_does_not_know_falls_back_and_site_entries_win() -> None:
    info = CAL.info(dt.date(2027, 2, 8))
    assert not info.known and info.is_workday  # a Monday; the schedule is not published
    site = WorkCalendar({dt.date(2027, 2, 8): (False, "春节")})
    assert site.holiday_name(dt.date(2027, 2, 8)) == "春节"
    assert not site.is_workday(dt.date(2027, 2, 8))


def test_working_days_skip_the_national_day_week() -> None:
    start = dt.datetime(2026, 9, 30, 15, 0)
    due = Rule(1, DurationUnit.WORKING_DAYS).due(start, CAL)
    assert due.date() > dt.date(2026, 10, 7)
    assert Rule(5, DurationUnit.MINUTES).due(start, CAL) == start + dt.timedelta(minutes=5)
