"""The manager's rule book: deadline rules (时限) and the site's own holiday calendar.

The seeds give the deadlines (5 minutes to dispatch, 24 hours to call back, 2 days before
the supervisor hears, 24 hours to answer a promise); a site may tighten or loosen them. The
built-in holiday calendar ends with the year its library was released for, so each
December the manager enters the State Council's schedule for the coming year here.
Every change goes through the audited session like any other record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app import validation
from app.i18n import _, ngettext
from app.models.calendar import CalendarDay, WorkCalendar
from app.models.deadlines import DEFAULT_RULES, DeadlineEvent, DeadlineRule, DurationUnit, Rule
from app.services import deadlines
from app.services.errors import NotFound, ValidationFailed
from app.services.permissions import SIGNED_IN, Permission, needs
from app.services.uow import UnitOfWork

#: The longest a rule may be, per unit: a mistyped 2000 hours should not hide an order.
MAX_AMOUNT: dict[DurationUnit, int] = {
    DurationUnit.MINUTES: 24 * 60,
    DurationUnit.HOURS: 14 * 24,
    DurationUnit.CALENDAR_DAYS: 30,
    DurationUnit.WORKING_DAYS: 20,
}
#: Longest run of days entered at once; the longest statutory break (春节) is 9 days.
MAX_SPAN_DAYS = 31
MAX_NAME = 40


def rule_title(event: DeadlineEvent) -> str:
    return {
        DeadlineEvent.WORK_ORDER_DISPATCH: _("Dispatch a work order after it is received"),
        DeadlineEvent.WORK_ORDER_CALLBACK: _("Call back after the work is completed"),
        DeadlineEvent.WORK_ORDER_ESCALATE: _("Report an unresolved order to the supervisor"),
        DeadlineEvent.INQUIRY_ANSWER: _("Answer an inquiry the desk promised to answer"),
        DeadlineEvent.COMPLAINT_REPORT: _("Report a complaint to a supervisor"),
        DeadlineEvent.COMPLAINT_RESPOND: _("Responsible department responds to a complaint"),
        DeadlineEvent.COMPLAINT_STEP_IN: _("Supervisor steps in on a serious or urgent "
                                           "complaint"),
        DeadlineEvent.COMPLAINT_EXPLAIN: _("Explain an invalid complaint to the complainant"),
        DeadlineEvent.COMPLAINT_RECORD: _("Valid complaint: cause, responsibility and "
                                          "handling record"),
        DeadlineEvent.COMPLAINT_SERIOUS_RESULT: _("Serious complaint: the result"),
        DeadlineEvent.COMPLAINT_OTHER_UNITS: _("Other units involved contact the complainant"),
        DeadlineEvent.COMPLAINT_CHASE: _("Desk chases the escalated level for the result"),
        DeadlineEvent.COMPLAINT_UNRESOLVED: _("Unresolved complaint goes to the supervisor"),
        DeadlineEvent.COMPLAINT_DIFFICULT_CALLBACK: _("Difficult complaint: supervisor calls "
                                                      "back personally"),
        DeadlineEvent.COMPLAINT_CALLBACK: _("Call back after a complaint is handled"),
    }[event]


def unit_title(unit: DurationUnit) -> str:
    return {
        DurationUnit.MINUTES: _("minutes"),
        DurationUnit.HOURS: _("hours"),
        DurationUnit.CALENDAR_DAYS: _("days"),
        DurationUnit.WORKING_DAYS: _("working days"),
    }[unit]


def describe(rule: Rule) -> str:
    n = rule.amount
    if n == 0 and rule.unit == DurationUnit.CALENDAR_DAYS:
        return _("the same day")
    return {
        DurationUnit.MINUTES: ngettext("{n} minute", "{n} minutes", n),
        DurationUnit.HOURS: ngettext("{n} hour", "{n} hours", n),
        DurationUnit.CALENDAR_DAYS: ngettext("{n} day", "{n} days", n),
        DurationUnit.WORKING_DAYS: ngettext("{n} working day", "{n} working days", n),
    }[rule.unit].format(n=n)


@dataclass(frozen=True)
class DeadlineRuleRow:
    event: DeadlineEvent
    rule: Rule
    default: Rule

    @property
    def id(self) -> str:  # lets a RowsModel find the row again after a change
        return self.event.value

    @property
    def customised(self) -> bool:
        return self.rule != self.default


@needs(SIGNED_IN)
def list_rules(uow: UnitOfWork) -> list[DeadlineRuleRow]:
    with uow.read() as session:
        return [DeadlineRuleRow(event, deadlines.rule_for(session, event), DEFAULT_RULES[event])
                for event in DeadlineEvent]


def parse_amount(text: str | int, unit: DurationUnit) -> int:
    try:
        amount = int(str(text).strip())
    except ValueError:
        amount = 0
    limit = MAX_AMOUNT[unit]
    # 0 days is "the same day" (until the day ends: a complaint reported to a supervisor).
    lowest = 0 if unit == DurationUnit.CALENDAR_DAYS else 1
    if not lowest <= amount <= limit:
        message = (_("Enter a whole number from 0 (the same day) to {limit}.") if lowest == 0
                   else _("Enter a whole number from 1 to {limit}."))
        raise ValidationFailed({"amount": message.format(limit=limit)})
    return amount


@needs(Permission.MANAGE_RULES)
def set_rule(uow: UnitOfWork, event: DeadlineEvent, amount: str | int,
             unit: DurationUnit) -> DeadlineRuleRow:
    validation.enforce({"event": validation.Choice(DeadlineEvent),
                        "unit": validation.Choice(DurationUnit)},
                       {"event": event, "unit": unit})
    event, unit = DeadlineEvent(event), DurationUnit(unit)
    value = parse_amount(amount, unit)
    with uow.transaction() as session:
        row = session.get(DeadlineRule, event.value)
        if row is None:
            session.add(DeadlineRule(event=event.value, amount=value, unit=unit))
        else:
            row.amount, row.unit = value, unit
        return DeadlineRuleRow(event, Rule(value, unit), DEFAULT_RULES[event])


@needs(Permission.MANAGE_RULES)
def reset_rule(uow: UnitOfWork, event: DeadlineEvent) -> DeadlineRuleRow:
    """Back to the seed's value; kept as a row so the audit log shows the change plainly."""
    default = DEFAULT_RULES[event]
    return set_rule(uow, event, default.amount, default.unit)


# -- the holiday calendar ------------------------------------------------------------------

@dataclass(frozen=True)
class SpecialDay:
    """A day that is not an ordinary weekday or weekend: a holiday or a make-up working day."""

    day: dt.date
    is_workday: bool
    name: str
    site_entry: bool

    @property
    def id(self) -> str:
        return self.day.isoformat()


@dataclass(frozen=True)
class CalendarYear:
    year: int
    complete: bool  # someone (the library or the site) has said which days are off
    days: list[SpecialDay]


@needs(SIGNED_IN)
def calendar_year(uow: UnitOfWork, year: int) -> CalendarYear:
    years = validation.Number(validation.EARLIEST_DATE.year, validation.LATEST_DATE.year)
    validation.enforce({"year": years}, {"year": year})
    with uow.read() as session:
        calendar = deadlines.work_calendar(session)
    days: list[SpecialDay] = []
    day = dt.date(year, 1, 1)
    while day.year == year:
        info = calendar.info(day)
        weekend = day.weekday() >= 5
        site = calendar.is_site_entry(day)
        if site or info.holiday_name or (info.is_workday and weekend) or (
                not info.is_workday and not weekend):
            days.append(SpecialDay(day, info.is_workday, info.occasion, site))
        day += dt.timedelta(days=1)
    return CalendarYear(year, calendar.knows_year(year), days)


#: A run of site holidays or make-up working days, within the years the desk handles
#: (a picker's 9999-12-31 would run the calendar past its last year).
DAYS_SPEC: validation.Spec = {
    "first": validation.Day(), "last": validation.Day(), "is_workday": validation.Flag(),
    "name": validation.Text(MAX_NAME),
}


@needs(Permission.MANAGE_RULES)
def enter_days(uow: UnitOfWork, first: dt.date, last: dt.date, is_workday: bool,
               name: str) -> list[SpecialDay]:
    """Enter a run of holidays (e.g. 春节 7 days) or make-up working days (调休上班)."""
    validation.enforce(DAYS_SPEC, {"first": first, "last": last, "is_workday": is_workday,
                                   "name": name})
    name = name.strip()
    errors: dict[str, str] = {}
    if last < first:
        errors["last"] = _("The last day comes before the first.")
    elif (last - first).days >= MAX_SPAN_DAYS:
        errors["last"] = _("Enter at most {n} days at a time.").format(n=MAX_SPAN_DAYS)
    if not is_workday and not name:
        errors["name"] = _("Name the holiday, like 春节 or 国庆节.")
    elif len(name) > MAX_NAME:
        errors["name"] = _("At most {n} characters.").format(n=MAX_NAME)
    if errors:
        raise ValidationFailed(errors)
    entered: list[SpecialDay] = []
    with uow.transaction() as session:
        day = first
        while day <= last:
            row = session.get(CalendarDay, day)
            if row is None:
                session.add(CalendarDay(day=day, is_workday=is_workday, name=name))
            else:
                row.is_workday, row.name = is_workday, name
            entered.append(SpecialDay(day, is_workday, name, True))
            day += dt.timedelta(days=1)
    return entered


@needs(Permission.MANAGE_RULES)
def remove_day(uow: UnitOfWork, day: dt.date) -> None:
    """Take back a site entry; the built-in calendar (or a plain week) applies again."""
    validation.enforce({"day": validation.Day()}, {"day": day})
    with uow.transaction() as session:
        row = session.get(CalendarDay, day)
        if row is None:
            raise NotFound(_("{day} was not entered by this site.").format(day=day.isoformat()))
        session.delete(row)


def years_to_enter(calendar: WorkCalendar, today: dt.date) -> list[int]:
    """Years the manager should enter now: this one if unknown, and from December the next."""
    wanted = [today.year] + ([today.year + 1] if today.month == 12 else [])
    return [year for year in wanted if not calendar.knows_year(year)]
