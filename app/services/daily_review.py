"""The daily review (日审): a supervisor or above signs each day's reception records [000 一.4].

A signature records who signed, when, any remarks, and how many records the day had at
that moment, so records back-entered (补录) after the signature stand out.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import validation
from app.i18n import _
from app.models.reception import DailyReview, ReceptionEntry
from app.models.staff import Staff
from app.services.audit_seals import database_key, head_of, write_seal
from app.services.errors import Conflict, ValidationFailed
from app.services.permissions import SIGNED_IN, Permission, needs
from app.services.uow import UnitOfWork

REMARKS_MAX = 1000
#: How far back the desk looks for days nobody signed.
LOOKBACK_DAYS = 90


@dataclass(frozen=True)
class DayStatus:
    day: dt.date
    entry_count: int  # every record of the day, voided ones included
    signed: bool
    signed_by_name: str
    signed_at: dt.datetime | None
    remarks: str
    signed_entry_count: int  # what the day held when it was signed

    @property
    def changed_since_signing(self) -> bool:
        return self.signed and self.entry_count != self.signed_entry_count


def _counts(session: Session, start: dt.date, end: dt.date) -> Counter[dt.date]:
    # Grouped here rather than in SQL: date functions differ between SQLite and PostgreSQL.
    low = dt.datetime.combine(start, dt.time())
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
    return Counter(t.date() for t in session.scalars(
        select(ReceptionEntry.occurred_at)
        .where(ReceptionEntry.occurred_at >= low, ReceptionEntry.occurred_at < high)
    ))


def _statuses(session: Session, start: dt.date, end: dt.date,
              days: set[dt.date] | None = None) -> list[DayStatus]:
    counts = _counts(session, start, end)
    reviews = {r.day: r for r in session.scalars(
        select(DailyReview).where(DailyReview.day >= start, DailyReview.day <= end))}
    names = {i: n for i, n in session.execute(select(Staff.id, Staff.name).where(
        Staff.id.in_({r.signed_by_id for r in reviews.values()})))}
    wanted = days if days is not None else set(counts) | set(reviews)
    result = []
    for day in sorted(wanted, reverse=True):
        review = reviews.get(day)
        result.append(DayStatus(
            day=day, entry_count=counts.get(day, 0), signed=review is not None,
            signed_by_name=names.get(review.signed_by_id, "") if review else "",
            signed_at=review.signed_at if review else None,
            remarks=review.remarks if review else "",
            signed_entry_count=review.entry_count if review else 0,
        ))
    return result


@needs(SIGNED_IN)
def review_days(uow: UnitOfWork, start: dt.date, end: dt.date) -> list[DayStatus]:
    """Every day in the range that has records or a signature, newest first."""
    validation.enforce({"start": validation.Day(), "end": validation.Day()},
                       {"start": start, "end": end})
    with uow.read() as session:
        return _statuses(session, start, end)


@needs(SIGNED_IN)
def unsigned_days(uow: UnitOfWork, start: dt.date, end: dt.date) -> list[DayStatus]:
    """Days in the range that have records but no signature yet, newest first."""
    return [d for d in review_days(uow, start, end) if not d.signed and d.entry_count]


def awaits_review(status: DayStatus, today: dt.date) -> bool:
    """A day before today with records and no signature: what "not yet reviewed" counts.

    Today is still being written, so it is not counted (it may be signed already); the
    reception tab's link, the review dialog's summary and its filter all use this rule.
    """
    return not status.signed and status.entry_count > 0 and status.day < today


@needs(SIGNED_IN)
def review_backlog(uow: UnitOfWork) -> list[DayStatus]:
    """The days within the look-back that await review (see ``awaits_review``), newest first."""
    today = uow.clock.now().date()
    start = today - dt.timedelta(days=LOOKBACK_DAYS)
    return [d for d in review_days(uow, start, today) if awaits_review(d, today)]


@needs(SIGNED_IN)
def day_status(uow: UnitOfWork, day: dt.date) -> DayStatus:
    validation.enforce({"day": validation.Day()}, {"day": day})
    with uow.read() as session:
        return _statuses(session, day, day, {day})[0]


@needs(Permission.SIGN_DAILY_REVIEW)
def sign_day(uow: UnitOfWork, day: dt.date, remarks: str = "",
             seal_folders: Iterable[Path] = ()) -> DayStatus:
    """Sign one day's records. Past days and today may be signed, each exactly once.

    The signature seals the audit log: the chain's head just after it (the signature's
    own entry) is appended to the seal file in ``seal_folders`` (the backup folders,
    beyond the reach of someone editing the database), and the day's printed record
    carries the same entry number and fingerprint.
    """
    validation.enforce({"day": validation.Day(),
                        "remarks": validation.Text(REMARKS_MAX, multiline=True)},
                       {"day": day, "remarks": remarks})
    remarks = remarks.strip()
    now = uow.clock.now()
    if day > now.date():
        raise ValidationFailed({"day": _("A day can be signed from that day on, not before.")})
    if len(remarks) > REMARKS_MAX:
        raise ValidationFailed({"remarks": _("At most {n} characters.").format(n=REMARKS_MAX)})
    if uow.actor.staff_id is None:
        raise Conflict(_("Sign in as a staff member to sign the daily review."))
    with uow.transaction() as session:
        existing = session.scalar(select(DailyReview).where(DailyReview.day == day))
        if existing is not None:
            signer = session.get(Staff, existing.signed_by_id)
            raise Conflict(_("{day} was already signed by {name}.").format(
                day=day.isoformat(), name=signer.name if signer else ""))
        count = _counts(session, day, day).get(day, 0)
        session.add(DailyReview(day=day, signed_by_id=uow.actor.staff_id, signed_at=now,
                                remarks=remarks, entry_count=count))
        session.flush()
        seal = head_of(session, now)
        status = _statuses(session, day, day, {day})[0]
    # Written once the signature is committed: a seal must never name an entry that a
    # rolled-back transaction took away again.
    write_seal(seal_folders, database_key(uow.sessions.kw["bind"]), seal)
    return status
