"""Loading the site's working calendar (built-in holidays plus the site's own entries)."""

from __future__ import annotations

from sqlalchemy import select

from app.models.calendar import CalendarDay, WorkCalendar
from app.services.uow import UnitOfWork


def work_calendar(uow: UnitOfWork) -> WorkCalendar:
    with uow.read() as session:
        rows = session.scalars(select(CalendarDay)).all()
        return WorkCalendar({r.day: (r.is_workday, r.name) for r in rows})
