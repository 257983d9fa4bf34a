"""Deadline rules (时限): one table, the seeds' values as defaults, editable by a manager."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, str_enum
from app.models.calendar import WorkCalendar


class DurationUnit(enum.StrEnum):
    MINUTES = "minutes"
    HOURS = "hours"
    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"


class DeadlineEvent(enum.StrEnum):
    WORK_ORDER_DISPATCH = "work_order.dispatch"  # 派工: 5 minutes after receipt [000 一.5]
    WORK_ORDER_CALLBACK = "work_order.callback"  # 回访: 24 h after completion [002 第九条]
    WORK_ORDER_ESCALATE = "work_order.escalate"  # unresolved 2 days → supervisor [004 4.4.3.6]
    INQUIRY_ANSWER = "inquiry.answer"  # promised answer within 24 h [000 一.6]


@dataclass(frozen=True)
class Rule:
    amount: int
    unit: DurationUnit

    def due(self, start: dt.datetime, calendar: WorkCalendar) -> dt.datetime:
        match self.unit:
            case DurationUnit.MINUTES:
                return start + dt.timedelta(minutes=self.amount)
            case DurationUnit.HOURS:
                return start + dt.timedelta(hours=self.amount)
            case DurationUnit.CALENDAR_DAYS:
                return start + dt.timedelta(days=self.amount)
            case DurationUnit.WORKING_DAYS:
                return calendar.add_working_days(start, self.amount)
        raise ValueError(self.unit)


DEFAULT_RULES: dict[DeadlineEvent, Rule] = {
    DeadlineEvent.WORK_ORDER_DISPATCH: Rule(5, DurationUnit.MINUTES),
    DeadlineEvent.WORK_ORDER_CALLBACK: Rule(24, DurationUnit.HOURS),
    DeadlineEvent.WORK_ORDER_ESCALATE: Rule(2, DurationUnit.CALENDAR_DAYS),
    DeadlineEvent.INQUIRY_ANSWER: Rule(24, DurationUnit.HOURS),
}


class DeadlineRule(Base):
    """A site's override of a default rule."""

    __tablename__ = "deadline_rule"

    event: Mapped[str] = mapped_column(String(40), primary_key=True)
    amount: Mapped[int] = mapped_column(Integer)
    unit: Mapped[DurationUnit] = mapped_column(str_enum(DurationUnit, "duration_unit"))
