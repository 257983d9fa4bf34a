"""Status bar: who is signed in, the shift, the time and the greeting to use now."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from app.i18n import _, fmt_datetime
from app.models.calendar import WorkCalendar
from app.models.greeting import greeting_for
from app.services.permissions import role_title
from app.services.shifts import shift_for
from app.views.desk import Desk


class DeskStatusBar(QStatusBar):
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
        desk.actor_changed.connect(lambda _a: self.update_now())
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.update_now)
        self._timer.start(15_000)
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
        self.greeting.setToolTip(
            _("Phone: “{greeting}, service centre No. {no} at your service.”").format(
                greeting=phrase, no=actor.agent_no))
