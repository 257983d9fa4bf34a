"""Status bar: who is signed in, the shift, the time and the greeting to use now."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from app.i18n import _, fmt_datetime
from app.models.calendar import WorkCalendar
from app.models.greeting import greeting_for
from app.services import calendar as calendar_service
from app.services import rules
from app.services.permissions import Permission, role_title
from app.services.shifts import shift_for
from app.views.desk import Desk


class DeskStatusBar(QStatusBar):
    #: The manager clicked the reminder that a year's holidays are not entered yet.
    enter_holidays = Signal(int)

    def __init__(self, desk: Desk, calendar: WorkCalendar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.calendar = calendar
        self.user = QLabel(objectName="status_user")
        self.shift = QLabel(objectName="status_shift")
        self.greeting = QLabel(objectName="status_greeting")
        self.greeting.setStyleSheet("color: #1b6b3a; font-weight: bold;")
        self.clock = QLabel(objectName="status_clock")
        for label in (self.greeting, self.user, self.shift, self.clock):
            self.addPermanentWidget(label)
        self.reminder = QLabel(objectName="status_calendar_reminder")
        self.reminder.linkActivated.connect(lambda year: self.enter_holidays.emit(int(year)))
        self.addWidget(self.reminder)
        desk.actor_changed.connect(lambda _a: self.update_now())
        desk.changed.connect(self._on_changed)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.update_now)
        self._timer.start(15_000)
        self.update_now()

    def _on_changed(self, tables: frozenset[str]) -> None:
        if "calendar_day" in tables:  # the manager entered holidays: the greeting may change
            self.calendar = calendar_service.work_calendar(self.desk.uow)
            self.update_now()

    def update_now(self) -> None:
        now: dt.datetime = self.desk.clock.now()
        actor = self.desk.actor
        self.user.setText(_("Signed in: {name} · No. {no} · {role}").format(
            name=actor.name, no=actor.agent_no, role=role_title(actor.role)))
        self.shift.setText(_("Shift: {shift}").format(shift=shift_for(now).title))
        self.clock.setText(fmt_datetime(now))
        phrase = _(greeting_for(now, self.calendar))
        self.greeting.setText(_("Greet callers with: “{greeting}”").format(greeting=phrase))
        self._remind(now)
        self.greeting.setToolTip(
            _("Phone: “{greeting}, service centre No. {no} at your service.”").format(
                greeting=phrase, no=actor.agent_no))

    def _remind(self, now: dt.datetime) -> None:
        """Managers see, from December, that next year's holidays still need entering."""
        years = rules.years_to_enter(self.calendar, now.date())
        if not years or not self.desk.can(Permission.MANAGE_RULES):
            self.reminder.hide()
            return
        self.reminder.setText('<a href="{year}">{text}</a>'.format(
            year=years[0], text=_("The holidays of {year} are not entered yet").format(
                year=years[0])))
        self.reminder.show()
