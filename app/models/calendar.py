"""The working calendar: Chinese statutory holidays and make-up working days (调休).

``chinese_calendar`` knows the State Council schedule only up to the year it was released
for; the site enters later years itself as ``CalendarDay`` rows, which always win.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import chinese_calendar
from sqlalchemy import Boolean, Date, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class CalendarDay(Base):
    """A site-entered day that overrides the built-in calendar."""

    __tablename__ = "calendar_day"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str] = mapped_column(String(40), default="")  # 春节, 国庆节 …


_CHINESE_NAMES = {holiday.value: holiday.chinese for holiday in chinese_calendar.Holiday}


@dataclass(frozen=True)
class DayInfo:
    is_workday: bool
    holiday_name: str  # non-empty on statutory holidays only
    known: bool  # False when neither the library nor the site knows this year
    occasion: str = ""  # the holiday a day off or a make-up working day (调休) belongs to


@dataclass
class WorkCalendar:
    overrides: Mapping[dt.date, tuple[bool, str]] = field(default_factory=dict)

    def info(self, day: dt.date) -> DayInfo:
        if day in self.overrides:
            workday, name = self.overrides[day]
            return DayInfo(workday, "" if workday else name, True, name)
        try:
            on_holiday, name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:
            return DayInfo(day.weekday() < 5, "", False)
        # The library names weekends None and make-up days after their holiday. Its names
        # are English; the site enters Chinese ones, so both read alike.
        occasion = _CHINESE_NAMES.get(name, name or "")
        return DayInfo(not on_holiday, occasion if on_holiday else "", True, occasion)

    def builtin_knows(self, year: int) -> bool:
        """Whether the bundled State Council schedule covers ``year``."""
        try:
            chinese_calendar.get_holiday_detail(dt.date(year, 12, 31))
            chinese_calendar.get_holiday_detail(dt.date(year, 1, 1))
        except NotImplementedError:
            return False
        return True

    def knows_year(self, year: int) -> bool:
        """Whether anyone (the library or the site) has said which days of ``year`` are off."""
        return self.builtin_knows(year) or any(day.year == year for day in self.overrides)

    def is_site_entry(self, day: dt.date) -> bool:
        return day in self.overrides

    def is_workday(self, day: dt.date) -> bool:
        return self.info(day).is_workday

    def holiday_name(self, day: dt.date) -> str:
        return self.info(day).holiday_name

    def add_working_days(self, start: dt.datetime, days: int) -> dt.datetime:
        """The same time of day, ``days`` working days later (counting from the next day)."""
        current = start
        remaining = days
        while remaining > 0:
            current += dt.timedelta(days=1)
            if self.is_workday(current.date()):
                remaining -= 1
        return current
