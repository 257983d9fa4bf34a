"""What a register's demo history is: one builder, told the period, writing month by month.

``build_demo`` (app/demo/build.py) runs every builder of ``HISTORY`` in turn; each writes
one month per transaction (a savepoint of the demo's one outer transaction) and is told
after each month so the progress bar moves and a cancel is heard. A later register
(complaints, parcels, release passes) adds its own module with one builder and one line in
``app.demo.build.HISTORY``; a builder may read what earlier builders wrote (the work orders
follow the repair calls), so the order of that list matters.

Writing stays on the ORM so the audit log and every flush listener (stored totals, pinyin)
see the demo exactly as they see the desk; the speed comes from flushing a month at a time,
reading the fixed things (staff, villas, fee items) once, and never querying per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session

from app.demo.periods import months
from app.demo.rates import FIRST_RUN_CALLS_PER_VILLA_DAY
from app.services.uow import UnitOfWork


@dataclass(frozen=True)
class Period:
    """The stretch of history to write (both days included) and how busy the desk is."""

    start: dt.date
    end: dt.date
    #: Nothing happens after this moment: the last days' records are still open.
    now: dt.datetime
    calls_per_villa_day: float = FIRST_RUN_CALLS_PER_VILLA_DAY


class HistoryBuilder(Protocol):
    """One register's history. ``begin`` once, then ``write_month`` for each month in order."""

    #: The table whose rows the builder counts (the demo's summary and size report).
    register: str

    def begin(self, uow: UnitOfWork, period: Period) -> None:
        """Read once what every month needs (staff, villas, fee items); may write set-up rows
        in its own ``uow.transaction()``."""

    def write_month(self, session: Session, first: dt.date, last: dt.date) -> int:
        """Write the days ``first``..``last`` into ``session``; return the register's rows."""

    def month_written(self, first: dt.date) -> str:
        """The progress line after a month, translated."""


def write_history(uow: UnitOfWork, builder: HistoryBuilder, period: Period,
                  month_done: Callable[[dt.date], None] | None = None) -> int:
    """Run one builder over the period, a transaction a month; returns the rows it wrote.

    ``month_done(first_day)`` is told after each month is written (progress, cancel)."""
    builder.begin(uow, period)
    written = 0
    for first, last in months(period.start, period.end):
        # One transaction a month: big enough to be quick, small enough to stay light.
        with uow.transaction() as session:
            written += builder.write_month(session, first, last)
        if month_done is not None:
            month_done(first)
    return written
