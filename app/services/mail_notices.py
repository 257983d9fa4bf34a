"""Households with items waiting: notification attempts, ageing, the printed notices, and
return to sender.

The desk notifies the owner when an item arrives [4.6.2] and records each attempt with its
outcome. An item waiting longer than the site's notice days (default 7) gets a printed
《领取邮件通知》 in the owner's mailbox [4.6.6]; one still waiting at the final-notice days
(default 14) gets a final notice. After that a supervisor may return it to the sender,
with a reason, which is recorded. Ages are computed when read, from the rule as it is
now, so a changed rule applies at once (as the work-order deadlines do).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import validation
from app.i18n import N_, _
from app.models.households import HouseholdRole, Person, Villa
from app.models.mail import (
    MailItem,
    MailNotice,
    MailNoticeItem,
    MailNotification,
    MailState,
    NoticeLevel,
    NotifyMethod,
    NotifyOutcome,
)
from app.models.numbering import DocumentKind
from app.models.staff import Staff
from app.services import numbering
from app.services.errors import Conflict, NotFound, ValidationFailed
from app.services.mail import active_household
from app.services.permissions import SIGNED_IN, Permission, needs
from app.services.privacy import phone_for
from app.services.record_changes import check_version
from app.services.uow import UnitOfWork
from app.settings import Setting, read_setting, write_setting

NOTICE_DAYS: Setting[int] = Setting("mail.notice_days", 7,
                                    N_("Days an item waits before a notice is due"))
FINAL_DAYS: Setting[int] = Setting("mail.final_notice_days", 14,
                                   N_("Days an item waits before the final notice is due"))
RECORD_TYPE = "mail_notice"


@dataclass(frozen=True)
class Ageing:
    notice_days: int
    final_days: int

    def due(self, level: int, days: int) -> NoticeLevel:
        """The notice an item waiting ``days`` with notices up to ``level`` needs now."""
        if level < NoticeLevel.FINAL and days >= self.final_days and level >= NoticeLevel.NOTICE:
            return NoticeLevel.FINAL
        if level < NoticeLevel.NOTICE and days >= self.notice_days:
            return NoticeLevel.NOTICE
        return NoticeLevel.NONE


def ageing_of(session: Session) -> Ageing:
    return Ageing(int(read_setting(session, NOTICE_DAYS)), int(read_setting(session,
                                                                         FINAL_DAYS)))


@needs(SIGNED_IN)
def ageing_rule(uow: UnitOfWork) -> Ageing:
    with uow.read() as session:
        return ageing_of(session)


@needs(Permission.MANAGE_RULES)
def set_ageing_rule(uow: UnitOfWork, notice_days: int, final_days: int) -> Ageing:
    validation.enforce({"notice_days": validation.Number(1, 90),
                        "final_days": validation.Number(2, 180)},
                       {"notice_days": notice_days, "final_days": final_days})
    if final_days <= notice_days:
        raise ValidationFailed({"final_days": _(
            "The final notice comes after the first: more days than {n}.").format(
                n=notice_days)})
    with uow.transaction() as session:
        write_setting(session, NOTICE_DAYS, int(notice_days))
        write_setting(session, FINAL_DAYS, int(final_days))
    return Ageing(int(notice_days), int(final_days))


def level_title(level: int) -> str:
    return {NoticeLevel.NONE: _("none"), NoticeLevel.NOTICE: _("notice"),
            NoticeLevel.FINAL: _("final notice")}[NoticeLevel(level)]


def _days(now: dt.datetime, received_at: dt.datetime) -> int:
    return max(0, (now.date() - received_at.date()).days)


@dataclass(frozen=True)
class WaitingHousehold:
    """A villa with items on the shelf, as the desk phones or notifies it."""

    villa_id: int
    villa_number: str
    owners: str
    phone: str  # the first owner's, as the viewer may see it
    items: int  # items (a count of several parcels is one item)
    oldest: dt.datetime
    days_waiting: int
    notice_level: int  # the highest notice already given for a waiting item
    due: NoticeLevel  # the notice due now
    attempts: int  # notification attempts since the oldest waiting item came
    last_attempt: str  # "11-30 14:05 电话 无人接听" or ""


@needs(SIGNED_IN)
def waiting_households(uow: UnitOfWork, min_days: int = 0) -> list[WaitingHousehold]:
    """Every villa with items waiting (at least ``min_days`` for the oldest), longest
    waiting first. Read by the state index: the shelf holds a few hundred items at most."""
    validation.enforce({"min_days": validation.Number(0, 3650)}, {"min_days": min_days})
    now = uow.clock.now()
    with uow.read() as session:
        ageing = ageing_of(session)
        rows = session.execute(
            select(MailItem.villa_id, MailItem.received_at, MailItem.notice_level)
            .where(MailItem.state == MailState.WAITING)).all()
        by_villa: dict[int, list[tuple[dt.datetime, int]]] = defaultdict(list)
        for villa_id, received_at, level in rows:
            by_villa[villa_id].append((received_at, level))
        villa_ids = [v for v, items in by_villa.items()
                     if _days(now, min(r for r, _l in items)) >= min_days]
        if not villa_ids:
            return []
        numbers = dict(session.execute(select(Villa.id, Villa.number)
                                       .where(Villa.id.in_(villa_ids))).all())
        owners = _owners(session, villa_ids)
        attempts = _attempts(session, villa_ids,
                             min(min(r for r, _l in by_villa[v]) for v in villa_ids))
        result = []
        for villa_id in villa_ids:
            items = by_villa[villa_id]
            oldest = min(r for r, _l in items)
            due = max((ageing.due(level, _days(now, r)) for r, level in items),
                      default=NoticeLevel.NONE)
            tries = [a for a in attempts.get(villa_id, []) if a[0] >= oldest]
            names, phone = owners.get(villa_id, ("", ""))
            last = ""
            if tries:
                at, method, outcome = tries[-1]
                last = f"{at:%m-%d %H:%M} {method_title(method)} {outcome_title(outcome)}"
            result.append(WaitingHousehold(
                villa_id, numbers.get(villa_id, ""), names, phone_for(uow.actor, phone),
                len(items), oldest, _days(now, oldest), max(level for _r, level in items),
                NoticeLevel(due), len(tries), last))
        result.sort(key=lambda h: (h.oldest, h.villa_number))
        return result


def _owners(session: Session, villa_ids: list[int]) -> dict[int, tuple[str, str]]:
    from app.models.households import Household

    rows = session.execute(
        select(Household.villa_id, Person.name, Person.phone)
        .join(Person, Person.household_id == Household.id)
        .where(Household.villa_id.in_(villa_ids), Household.active.is_(True),
               Person.active.is_(True), Person.role == HouseholdRole.OWNER)
        .order_by(Person.id)).all()
    names: dict[int, list[str]] = defaultdict(list)
    phones: dict[int, str] = {}
    for villa_id, name, phone in rows:
        names[villa_id].append(name)
        if phone and villa_id not in phones:
            phones[villa_id] = phone
    return {v: ("、".join(names[v]), phones.get(v, "")) for v in names}


def _attempts(session: Session, villa_ids: list[int], since: dt.datetime
              ) -> dict[int, list[tuple[dt.datetime, NotifyMethod, NotifyOutcome]]]:
    """The attempts since the oldest waiting item came (years of earlier ones are not
    read: the (villa, at) index starts at ``since`` for each villa)."""
    rows = session.execute(
        select(MailNotification.villa_id, MailNotification.at, MailNotification.method,
               MailNotification.outcome)
        .where(MailNotification.villa_id.in_(villa_ids), MailNotification.at >= since)
        .order_by(MailNotification.villa_id, MailNotification.at)).all()
    result: dict[int, list[tuple[dt.datetime, NotifyMethod, NotifyOutcome]]] = (
        defaultdict(list))
    for villa_id, at, method, outcome in rows:
        result[villa_id].append((at, method, outcome))
    return result


_METHODS = {NotifyMethod.PHONE: N_("phone"), NotifyMethod.SMS: N_("SMS"),
            NotifyMethod.WECHAT: N_("WeChat"), NotifyMethod.IN_PERSON: N_("in person"),
            NotifyMethod.MAILBOX: N_("notice in the mailbox")}
_OUTCOMES = {NotifyOutcome.REACHED: N_("reached"), NotifyOutcome.NO_ANSWER: N_("no answer"),
             NotifyOutcome.MESSAGE_LEFT: N_("message left"),
             NotifyOutcome.WRONG_NUMBER: N_("wrong number"),
             NotifyOutcome.DELIVERED: N_("delivered")}


def method_title(method: NotifyMethod) -> str:
    return _(_METHODS[NotifyMethod(method)])


def outcome_title(outcome: NotifyOutcome) -> str:
    return _(_OUTCOMES[NotifyOutcome(outcome)])


@dataclass(frozen=True)
class Attempt:
    at: dt.datetime
    method: NotifyMethod
    outcome: NotifyOutcome
    note: str
    by: str


@needs(Permission.RECORD)
def record_notification(uow: UnitOfWork, villa_id: int, method: NotifyMethod,
                        outcome: NotifyOutcome, note: str = "") -> Attempt:
    """One attempt to tell the household its items are waiting, and what came of it."""
    validation.enforce({"note": validation.Text(500, multiline=True)}, {"note": note})
    with uow.transaction() as session:
        if session.get(Villa, villa_id) is None:
            raise NotFound(_("No such villa."))
        attempt = MailNotification(villa_id=villa_id, at=uow.clock.now(), method=method,
                                   outcome=outcome, note=note.strip(),
                                   by_id=uow.actor.staff_id)
        session.add(attempt)
        return Attempt(attempt.at, method, outcome, attempt.note, uow.actor.label)


@needs(SIGNED_IN)
def notifications_of(uow: UnitOfWork, villa_id: int, limit: int = 50) -> list[Attempt]:
    """The newest attempts for a villa, newest first."""
    validation.enforce({"limit": validation.Number(1, 500)}, {"limit": limit})
    with uow.read() as session:
        rows = session.execute(
            select(MailNotification, Staff.name)
            .outerjoin(Staff, Staff.id == MailNotification.by_id)
            .where(MailNotification.villa_id == villa_id)
            .order_by(MailNotification.at.desc(), MailNotification.id.desc())
            .limit(limit)).all()
        return [Attempt(n.at, n.method, n.outcome, n.note, name or _("the program"))
                for n, name in rows]


@dataclass(frozen=True)
class NoticeIssued:
    notice_id: int
    number: str
    villa_number: str
    level: NoticeLevel
    items: int


def issue_in(session: Session, uow: UnitOfWork, villa_id: int, now: dt.datetime,
             ageing: Ageing) -> NoticeIssued | None:
    items = session.scalars(select(MailItem).where(
        MailItem.villa_id == villa_id, MailItem.state == MailState.WAITING)
        .order_by(MailItem.received_at, MailItem.id)).all()
    if not items:
        return None
    due = max(ageing.due(i.notice_level, _days(now, i.received_at)) for i in items)
    level = NoticeLevel.FINAL if due == NoticeLevel.FINAL else NoticeLevel.NOTICE
    document = numbering.allocate(session, DocumentKind.MAIL_NOTICE, record_type=RECORD_TYPE,
                                  actor=uow.actor, now=now)
    notice = MailNotice(number=document.number, document_id=document.id, villa_id=villa_id,
                        level=int(level), issued_at=now, issued_by_id=uow.actor.staff_id)
    session.add(notice)
    session.flush()
    document.record_id = notice.id
    for item in items:
        session.add(MailNoticeItem(notice_id=notice.id, item_id=item.id))
        if item.notice_level < level:
            item.notice_level = int(level)
    session.add(MailNotification(villa_id=villa_id, at=now, method=NotifyMethod.MAILBOX,
                                 outcome=NotifyOutcome.DELIVERED,
                                 note=f"{notice.number}", by_id=uow.actor.staff_id))
    villa = session.get(Villa, villa_id)
    return NoticeIssued(notice.id, notice.number, villa.number if villa else "", level,
                        len(items))


@needs(Permission.RECORD)
def issue_notice(uow: UnitOfWork, villa_id: int) -> NoticeIssued:
    """A numbered 《领取邮件通知》 for every item the villa has waiting: a final notice
    when one is due, otherwise a notice."""
    with uow.transaction() as session:
        if session.get(Villa, villa_id) is None:
            raise NotFound(_("No such villa."))
        issued = issue_in(session, uow, villa_id, uow.clock.now(), ageing_of(session))
        if issued is None:
            raise Conflict(_("This villa has no items waiting."))
        return issued


@needs(Permission.RECORD)
def issue_due_notices(uow: UnitOfWork, min_days: int | None = None) -> list[NoticeIssued]:
    """The batch for the mailboxes: a notice for every household whose items are due one
    (by the site's rule), or, given ``min_days``, waiting at least that long."""
    validation.enforce({"min_days": validation.Number(0, 3650, optional=True)},
                       {"min_days": min_days})
    now = uow.clock.now()
    with uow.transaction() as session:
        ageing = ageing_of(session)
        rows = session.execute(
            select(MailItem.villa_id, MailItem.received_at, MailItem.notice_level)
            .where(MailItem.state == MailState.WAITING)).all()
        villas: set[int] = set()
        for villa_id, received_at, level in rows:
            days = _days(now, received_at)
            if (days >= min_days if min_days is not None
                    else ageing.due(level, days) != NoticeLevel.NONE):
                villas.add(villa_id)
        numbers = dict(session.execute(select(Villa.id, Villa.number_order)
                                       .where(Villa.id.in_(villas))).all()) if villas else {}
        issued = []
        for villa_id in sorted(villas, key=lambda v: numbers.get(v, "")):
            notice = issue_in(session, uow, villa_id, now, ageing)
            if notice is not None:
                issued.append(notice)
        return issued


@needs(SIGNED_IN)
def latest_notice(uow: UnitOfWork, villa_id: int) -> int | None:
    """The id of the villa's newest notice, if any."""
    with uow.read() as session:
        return session.scalar(select(func.max(MailNotice.id)).where(
            MailNotice.villa_id == villa_id))


@needs(Permission.RETURN_MAIL)
def return_to_sender(uow: UnitOfWork, item_id: int, expected_version: int,
                     reason: str) -> None:
    """An item nobody claimed goes back to the sender: a supervisor's decision, with the
    reason; the item stays in the register as returned."""
    validation.enforce({"reason": validation.Text(500, required=True, multiline=True)},
                       {"reason": reason})
    with uow.transaction() as session:
        item = session.get(MailItem, item_id)
        if item is None:
            raise NotFound(_("No such mail item."))
        check_version(session, item, expected_version,
                      _("mail item {number}").format(number=item.number))
        if item.state != MailState.WAITING:
            raise Conflict(_("Only an item still waiting can be returned to the sender."))
        item.state, item.returned_at = MailState.RETURNED, uow.clock.now()
        item.return_reason, item.returned_by_id = reason.strip(), uow.actor.staff_id


__all__ = ["Ageing", "WaitingHousehold", "active_household", "issue_due_notices",
           "issue_notice", "record_notification", "return_to_sender", "waiting_households"]
