"""Desk shifts (班次). The clubhouse desk runs three shifts a day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.i18n import N_, _


@dataclass(frozen=True)
class Shift:
    key: str
    name: str  # untranslated
    start: dt.time
    end: dt.time

    @property
    def title(self) -> str:
        return _(self.name)


SHIFTS = (
    Shift("morning", N_("Morning shift"), dt.time(8, 0), dt.time(16, 0)),
    Shift("evening", N_("Evening shift"), dt.time(16, 0), dt.time(23, 59, 59)),
    Shift("night", N_("Night shift"), dt.time(0, 0), dt.time(8, 0)),
)


def shift_for(now: dt.datetime) -> Shift:
    t = now.time()
    for shift in SHIFTS:
        if shift.start <= t < shift.end:
            return shift
    return SHIFTS[1]
