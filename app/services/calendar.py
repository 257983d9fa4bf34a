"""Loading the site's working calendar (built-in holidays plus the site's own entries)."""

from __future__ import annotations

from app.models.calendar import WorkCalendar
from app.services import deadlines
from app.services.permissions import SIGNED_IN, needs
from app.services.uow import UnitOfWork


@needs(SIGNED_IN)
def work_calendar(uow: UnitOfWork) -> WorkCalendar:
    with uow.read() as session:
        return deadlines.work_calendar(session)
