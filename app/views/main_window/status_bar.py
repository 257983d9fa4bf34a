"""Status bar: who is signed in, the shift, the time and the greeting to use now."""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from app.i18n import _, fmt_datetime
from app.models.calendar import WorkCalendar
from app.models.greeting import greeting_for
from app.services import calendar as calendar_service
from app.services import data_safety, desk_counts, rules
from app.services.errors import ServiceError
from app.services.permissions import Permission, role_title
from app.services.shifts import shift_for
from app.views.desk import Desk
from app.views.widgets.while_shown import WhileShown

log = logging.getLogger(__name__)


class DeskStatusBar(QStatusBar):
    #: The manager clicked the reminder that a year's holidays are not entered yet.
    enter_holidays = Signal(int)
    #: The manager clicked the backup age or the audit-check warning.
    open_data_safety = Signal()
    #: A late count was clicked: "work_orders" or "answers" (a tab's ``overdue_kind``).
    open_overdue = Signal(str)

    #: Tables whose changes (here or at another desk) can change the late counts.
    COUNTED_TABLES = frozenset({"work_order", "inquiry_promise", "reception_entry",
                                "complaint", "complaint_step"})

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
        # What is late across the desk; other desks' changes refresh it like the lists.
        self.late = QLabel(objectName="status_late")
        self.late.linkActivated.connect(self.open_overdue.emit)
        self.addWidget(self.late)
        self.reminder = QLabel(objectName="status_calendar_reminder")
        self.reminder.linkActivated.connect(lambda year: self.enter_holidays.emit(int(year)))
        self.addWidget(self.reminder)
        # A manager's view of "nothing lost": the newest backup's age, and the last audit
        # check if it found something. Both only read a folder listing and a small file.
        self.backup = QLabel(objectName="status_backup")
        self.audit = QLabel(objectName="status_audit")
        for label in (self.backup, self.audit):
            label.linkActivated.connect(lambda _link: self.open_data_safety.emit())
            self.addWidget(label)
        desk.actor_changed.connect(lambda _a: self.update_now())
        desk.changed.connect(self._on_changed)
        self._timer = WhileShown(self, 15_000, self.update_now)
        self.update_now()

    def _on_changed(self, tables: frozenset[str]) -> None:
        if "calendar_day" in tables:  # the manager entered holidays: the greeting may change
            self.calendar = calendar_service.work_calendar(self.desk.uow)
            self.update_now()
        elif tables & self.COUNTED_TABLES:
            self.show_late_counts()

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
        self.show_late_counts()
        self.show_data_safety()
        self.greeting.setToolTip(
            _("Phone: “{greeting}, service centre No. {no} at your service.”").format(
                greeting=phrase, no=actor.agent_no))

    def show_late_counts(self) -> None:
        """「超时：派工单 3 · 承诺答复 1」 as links to the lists, or a quiet 「无超时事项」."""
        try:
            counts = desk_counts.desk_counts(self.desk.uow)
        except ServiceError:  # the account changed since sign-in: the lock screen says so
            self.late.hide()
            return
        except Exception:
            # Nobody asked for this read (a timer or another desk's change): log it rather
            # than interrupt the desk; the user's next action shows the problem.
            log.warning("The late counts could not be read", exc_info=True)
            self.late.hide()
            return
        self.late.show()
        if not counts.anything_late:
            self.late.setText('<span style="color: #1b6b3a;">{text}</span>'.format(
                text=_("Nothing overdue")))
            return
        parts = []
        for kind, count, text in (
                ("work_orders", counts.overdue_work_orders,
                 _("work orders {n}").format(n=counts.overdue_work_orders)),
                ("answers", counts.overdue_answers,
                 _("promised answers {n}").format(n=counts.overdue_answers)),
                ("complaints", counts.overdue_complaints,
                 _("complaints {n}").format(n=counts.overdue_complaints))):
            if count:
                parts.append(f'<a href="{kind}" style="color: #b71c1c; font-weight: bold;">'
                             f'{text}</a>')
        self.late.setText(_("Overdue: {items}").format(items=" · ".join(parts)))

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

    def show_data_safety(self) -> None:
        """For a manager: 「备份：今天 08:05」, red after two days without a backup, and a red
        link when the last audit check found problems."""
        if not self.desk.can(Permission.MANAGE_DATA):
            self.backup.hide()
            self.audit.hide()
            return
        # The data folder only: every backup is written there too, and a second folder on
        # a network share that went away could keep the GUI thread waiting every 15 s.
        try:
            status = data_safety.backup_status(self.desk.uow, None)
        except ServiceError:  # the account changed since sign-in: the lock screen says so
            self.backup.hide()
            self.audit.hide()
            return
        now = self.desk.clock.now()
        last = status.last
        if status.database is None:
            self.backup.hide()
        else:
            late = data_safety.backup_overdue(last, now)
            when = (data_safety.describe_age(last.made_at, now) if last is not None
                    else _("none yet"))
            color = "#b71c1c" if late else "#1b6b3a"
            self.backup.setText('<a href="backups" style="color: {color};{bold}">{text}</a>'
                                .format(color=color, bold=" font-weight: bold;" if late else "",
                                        text=_("Backup: {when}").format(when=when)))
            self.backup.setToolTip(_("No backup for more than two days: click to open Backups and "
                                     "audit check and back up now.") if late else
                                   _("Backups and audit check"))
            self.backup.show()
        check = status.last_check
        if check is None or check.ok:
            self.audit.hide()
        else:
            self.audit.setText('<a href="audit" style="color: #b71c1c; font-weight: bold;">'
                               '{text}</a>'.format(text=_("Audit check found problems")))
            self.audit.setToolTip(check.problems[0] if check.problems else check.summary)
            self.audit.show()
