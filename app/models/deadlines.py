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
    # Complaints (投诉), DOMAIN.md's table; app/services/complaint_deadlines.py applies them.
    COMPLAINT_REPORT = "complaint.report"  # reported to a supervisor: same day [000 一.7]
    COMPLAINT_RESPOND = "complaint.respond"  # department responds: 1 working day [001 5.3.4]
    COMPLAINT_STEP_IN = "complaint.step_in"  # serious/urgent: supervisor in 1 h [002 第十条.3]
    COMPLAINT_EXPLAIN = "complaint.explain"  # invalid: explained within 1 day [003 3.6.5]
    COMPLAINT_RECORD = "complaint.record"  # valid: cause and handling record, 3 days [003 3.6.6]
    COMPLAINT_SERIOUS_RESULT = "complaint.serious_result"  # serious: result in 48 h [003 3.7.1]
    COMPLAINT_OTHER_UNITS = "complaint.other_units"  # other units contact, 3 days [003 3.7.5]
    COMPLAINT_CHASE = "complaint.chase"  # desk chases leadership: 48 h [000 一.7]
    COMPLAINT_UNRESOLVED = "complaint.unresolved"  # unresolved → supervisor: 2 days [004 4.3.9]
    COMPLAINT_DIFFICULT_CALLBACK = "complaint.difficult_callback"  # 24 h [000 三.2]
    COMPLAINT_CALLBACK = "complaint.callback"  # every complaint called back: 24 h [004 4.3.12]


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
                if self.amount == 0:  # "the same day": until the day ends
                    return dt.datetime.combine(start.date(), dt.time(23, 59))
                return start + dt.timedelta(days=self.amount)
            case DurationUnit.WORKING_DAYS:
                return calendar.add_working_days(start, self.amount)
        raise ValueError(self.unit)


DEFAULT_RULES: dict[DeadlineEvent, Rule] = {
    DeadlineEvent.WORK_ORDER_DISPATCH: Rule(5, DurationUnit.MINUTES),
    DeadlineEvent.WORK_ORDER_CALLBACK: Rule(24, DurationUnit.HOURS),
    DeadlineEvent.WORK_ORDER_ESCALATE: Rule(2, DurationUnit.CALENDAR_DAYS),
    DeadlineEvent.INQUIRY_ANSWER: Rule(24, DurationUnit.HOURS),
    # "Same day" is 0 calendar days: due at the end of the day it started (Rule.due).
    DeadlineEvent.COMPLAINT_REPORT: Rule(0, DurationUnit.CALENDAR_DAYS),
    DeadlineEvent.COMPLAINT_RESPOND: Rule(1, DurationUnit.WORKING_DAYS),
    DeadlineEvent.COMPLAINT_STEP_IN: Rule(1, DurationUnit.HOURS),
    DeadlineEvent.COMPLAINT_EXPLAIN: Rule(1, DurationUnit.CALENDAR_DAYS),
    DeadlineEvent.COMPLAINT_RECORD: Rule(3, DurationUnit.CALENDAR_DAYS),
    DeadlineEvent.COMPLAINT_SERIOUS_RESULT: Rule(48, DurationUnit.HOURS),
    DeadlineEvent.COMPLAINT_OTHER_UNITS: Rule(3, DurationUnit.CALENDAR_DAYS),
    DeadlineEvent.COMPLAINT_CHASE: Rule(48, DurationUnit.HOURS),
    DeadlineEvent.COMPLAINT_UNRESOLVED: Rule(2, DurationUnit.CALENDAR_DAYS),
    DeadlineEvent.COMPLAINT_DIFFICULT_CALLBACK: Rule(24, DurationUnit.HOURS),
    DeadlineEvent.COMPLAINT_CALLBACK: Rule(24, DurationUnit.HOURS),
}


class DeadlineRule(Base):
    """A site's override of a default rule."""

    __tablename__ = "deadline_rule"

    event: Mapped[str] = mapped_column(String(40), primary_key=True)
    amount: Mapped[int] = mapped_column(Integer)
    unit: Mapped[DurationUnit] = mapped_column(str_enum(DurationUnit, "duration_unit"))
