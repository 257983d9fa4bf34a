"""Which greeting the desk should use now [004 4.1.3]."""

from __future__ import annotations

import datetime as dt

from app.i18n import N_
from app.models.calendar import WorkCalendar

GOOD_MORNING = N_("Good morning")  # 早上好
GOOD_EVENING = N_("Good evening")  # 晚上好
HELLO = N_("Hello")  # 您好
HAPPY_HOLIDAY = N_("Happy holidays")  # 节日快乐


def greeting_for(now: dt.datetime, calendar: WorkCalendar) -> str:
    """Untranslated greeting key; the view translates it (models stay language-neutral)."""
    if calendar.holiday_name(now.date()):
        return HAPPY_HOLIDAY
    if now.time() < dt.time(10, 0):
        return GOOD_MORNING
    if now.time() >= dt.time(18, 0):
        return GOOD_EVENING
    return HELLO
