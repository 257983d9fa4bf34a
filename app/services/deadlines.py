"""Deadline look-ups shared by the services: the rule in force and the working calendar.

A site may override a default rule (``DeadlineRule`` row) and the built-in holiday calendar
(``CalendarDay`` rows); every deadline computed anywhere must honour both, so they are read
here and nowhere else. These helpers run inside the caller's transaction.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.calendar import CalendarDay, WorkCalendar
from app.models.deadlines import DEFAULT_RULES, DeadlineEvent, DeadlineRule, Rule


def rule_for(session: Session, event: DeadlineEvent) -> Rule:
    """The site's override for ``event`` if it has one, else the seed's default."""
    row = session.get(DeadlineRule, event.value)
    if row is None:
        return DEFAULT_RULES[event]
    return Rule(row.amount, row.unit)


def work_calendar(session: Session) -> WorkCalendar:
    """The working calendar with the site's own holiday and make-up-day entries applied."""
    rows = session.scalars(select(CalendarDay)).all()
    return WorkCalendar({row.day: (row.is_workday, row.name) for row in rows})


def due_at(session: Session, event: DeadlineEvent, start: dt.datetime) -> dt.datetime:
    """When something that started at ``start`` is due under the rule in force."""
    rule = rule_for(session, event)
    return rule.due(start, work_calendar(session))
