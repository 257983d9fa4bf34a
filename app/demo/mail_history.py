"""Demo history of the mail register (邮件收发): years of parcels, nearly all picked up.

Parcels come at twice the rate of calls (a real desk: ≈400,000 in ten years at 400 villas),
mostly courier parcels with numbers in each courier's format, a few EMS and registered
items with valid S10 numbers. Most are collected within a day or two, the owner signing
the paper register (the pad came later); some by a driver or a neighbour against a resident
ID; a few unclaimed ones went back to the sender with a supervisor's reason. The last
days' items are still on the shelf, a few already due a notice.

Written as the other builders do: the month's pick-ups first (one flush for their ids),
then the items pointing at them, each row once — no update per item, so the audit log
gets one entry per row.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.demo.history import Period
from app.i18n import _
from app.models.households import Household, HouseholdRole, IdDocType, Person
from app.models.mail import (
    CollectorKind,
    MailItem,
    MailKind,
    MailNotification,
    MailPickup,
    MailState,
    NotifyMethod,
    NotifyOutcome,
)
from app.models.staff import Role, Staff
from app.services.couriers import suggest_carrier
from app.services.uow import UnitOfWork
from app.validation import s10_check_digit

#: Parcels per call or visit: ten years at 400 villas hold about 400,000 parcels (Sundays
#: bring half a day's).
PARCELS_PER_CALL = 2.25
KINDS = (MailKind.COURIER, MailKind.EMS, MailKind.REGISTERED, MailKind.EXPRESS,
         MailKind.AIRMAIL, MailKind.PARCEL_SLIP, MailKind.REMITTANCE_SLIP)
KIND_WEIGHTS = (86, 5, 3, 3, 1, 1.5, 0.5)
SHELVES = tuple(f"{row}{n}" for row in "ABCD" for n in range(1, 7))
DRIVERS = ("马师傅", "司机小李", "邻居王阿姨", "保姆张姐", "业主助理陈先生")
RELATIONS = ("司机", "司机", "邻居", "保姆", "助理")
RETURN_REASONS = ("超过期限无人领取，退回寄件人", "业主已出国，电话告知退回", "收件人不详，退回")
REMARKS = ("", "", "", "", "", "", "易碎", "生鲜，请尽快通知", "大件，放前台后方", "外包装破损")
#: A few items this young are still waiting at the demo's "now" (some due a notice).
RECENT = dt.timedelta(days=12)
WORK_STARTS, WORK_ENDS = 8, 21


def _digits(rng: random.Random, n: int) -> str:
    return f"{rng.randrange(10 ** n):0{n}d}"


def tracking_number(rng: random.Random, kind: MailKind) -> str:
    """A number in the format a carrier prints (S10 with its check digit for post)."""
    if kind in (MailKind.EMS, MailKind.REGISTERED, MailKind.AIRMAIL):
        serial = _digits(rng, 8)
        prefix = {MailKind.EMS: "E", MailKind.REGISTERED: "R", MailKind.AIRMAIL: "C"}[kind]
        country = rng.choice(("CN", "CN", "CN", "US", "GB", "JP", "DE", "AU"))
        return f"{prefix}{rng.choice('ABCDEFGHJ')}{serial}{s10_check_digit(serial)}{country}"
    if kind in (MailKind.PARCEL_SLIP, MailKind.REMITTANCE_SLIP):
        return "9" + _digits(rng, 12)
    carrier = rng.choices(("SF", "YT", "ZTO", "JT", "JD", "YD", "EMS"),
                          (30, 18, 18, 10, 12, 8, 4))[0]
    match carrier:
        case "SF":
            return "SF" + _digits(rng, 13)
        case "YT":
            return "YT" + _digits(rng, 13)
        case "ZTO":
            return "7" + rng.choice("3456") + _digits(rng, 12)
        case "JT":
            return "JT" + _digits(rng, 13)
        case "JD":
            return "JDVA" + _digits(rng, 11)
        case "YD":
            return "4" + _digits(rng, 14)
    return "1" + _digits(rng, 12)


def resident_id(rng: random.Random) -> str:
    """A well-formed mainland ID number (GB 11643 check character) of a made-up person."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 40))
    body = f"{rng.choice(('330106', '330108', '110105', '320102', '440305'))}" \
           f"{born:%Y%m%d}{_digits(rng, 3)}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


@dataclass(frozen=True)
class _Site:
    desk: list[int]  # receptionists' staff ids
    supervisor: int
    #: villa id → the owner's person id, name, phone (villas with a household)
    owners: list[tuple[int, int, str, str]]


class MailHistory:
    """Parcels for the villas with households, day by day, lived through as far as now."""

    register = MailItem.__tablename__

    def __init__(self, seed: int = 14) -> None:
        self.rng = random.Random(seed)

    def begin(self, uow: UnitOfWork, period: Period) -> None:
        self.now = period.now
        with uow.read() as session:
            staff = session.execute(select(Staff.id, Staff.role).where(
                Staff.active.is_(True)).order_by(Staff.agent_no)).all()
            owners = session.execute(
                select(Household.villa_id, Person.id, Person.name, Person.phone)
                .join(Person, Person.household_id == Household.id)
                .where(Household.active.is_(True), Person.active.is_(True),
                       Person.role == HouseholdRole.OWNER)
                .order_by(Household.villa_id, Person.id)).all()
        desk = [s for s, role in staff if role == Role.RECEPTIONIST]
        bosses = [s for s, role in staff if role != Role.RECEPTIONIST]
        if not (desk or bosses) or not owners:
            raise ValueError("add staff and households before the mail history")
        seen: set[int] = set()
        first_owners = []
        for villa_id, person_id, name, phone in owners:
            if villa_id not in seen:
                seen.add(villa_id)
                first_owners.append((villa_id, person_id, name, phone))
        self.site = _Site(desk or bosses, (bosses or desk)[0], first_owners)
        self.per_day = len(first_owners) * period.calls_per_villa_day * PARCELS_PER_CALL
        # Some households order far more than others (cumulated once: choices() would
        # add up 400 weights for every parcel).
        weights = [self.rng.paretovariate(1.6) for _ in first_owners]
        self.cumulated = list(itertools.accumulate(weights))

    def month_written(self, first: dt.date) -> str:
        return _("Mail written for {month}.").format(month=f"{first:%Y-%m}")

    def _arrivals(self, day: dt.date) -> list[dt.datetime]:
        count = max(0, int(self.rng.gauss(self.per_day, max(1.0, self.per_day ** 0.5))))
        if day.weekday() == 6:
            count //= 2  # fewer couriers on Sunday
        times = []
        for _n in range(count):
            minute = int(self.rng.triangular(WORK_STARTS * 60, WORK_ENDS * 60, 11 * 60))
            times.append(dt.datetime.combine(day, dt.time(minute // 60, minute % 60,
                                                          self.rng.randrange(60))))
        return sorted(t for t in times if t <= self.now)

    def write_month(self, session: Session, first: dt.date, last: dt.date) -> int:
        rng, site = self.rng, self.site
        items: list[tuple[dt.datetime, int, MailKind, dt.datetime | None, bool]] = []
        day = first
        while day <= last:
            for at in self._arrivals(day):
                villa = rng.choices(range(len(site.owners)), cum_weights=self.cumulated)[0]
                kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
                # Most are fetched the same evening or the next day; a few wait long.
                wait = dt.timedelta(hours=rng.expovariate(1 / 20.0))
                returned = wait > dt.timedelta(days=21) or rng.random() < 0.002
                taken: dt.datetime | None = at + max(wait, dt.timedelta(minutes=20))
                if taken is not None and (taken > self.now or returned):
                    taken = None
                if taken is not None:
                    taken = taken.replace(hour=max(WORK_STARTS, min(taken.hour, WORK_ENDS)))
                    taken = max(taken, at + dt.timedelta(minutes=20))
                    if taken > self.now:
                        taken = None
                if self.now - at < RECENT and rng.random() < 0.04:
                    taken, returned = None, False  # the owner is away: still on the shelf
                items.append((at, villa, kind, taken, returned and at + dt.timedelta(
                    days=21) <= self.now))
            day += dt.timedelta(days=1)
        # One pick-up per household and day: whoever comes fetches everything waiting,
        # in the evening when the last of the day's items was due to be taken.
        last_taken: dict[tuple[int, dt.date], dt.datetime] = {}
        earliest: dict[tuple[int, dt.date], dt.datetime] = {}
        for at, villa, _kind, taken, _ret in items:
            if taken is not None:
                key = (villa, taken.date())
                last_taken[key] = max(last_taken.get(key, taken), taken)
                earliest[key] = min(earliest.get(key, at), at)
        pickups = {key: self._pickup(key[0], when) for key, when in last_taken.items()}
        session.add_all(pickups.values())
        # An item not fetched by the next day was phoned about.
        notes = [MailNotification(
            villa_id=site.owners[key[0]][0],
            at=pickup.picked_up_at - dt.timedelta(hours=rng.randint(2, 20)),
            method=NotifyMethod.PHONE,
            outcome=rng.choice((NotifyOutcome.REACHED, NotifyOutcome.REACHED,
                                NotifyOutcome.NO_ANSWER)),
            note="", by_id=rng.choice(site.desk))
            for key, pickup in pickups.items()
            if pickup.picked_up_at - earliest[key] > dt.timedelta(hours=30)]
        session.add_all(notes)
        session.flush()  # the pick-ups' ids
        rows = []
        for at, villa, kind, taken, returned in items:
            number = tracking_number(rng, kind)
            carrier = suggest_carrier(number)
            item = MailItem(
                villa_id=site.owners[villa][0], number=number, kind=kind,
                carrier=carrier.value if carrier else "", received_at=at, addressee="",
                shelf=rng.choice(SHELVES), count=1 if rng.random() < 0.93 else 2,
                remarks=rng.choice(REMARKS), registered_by_id=rng.choice(site.desk),
                state=MailState.WAITING, notice_level=0)
            if taken is not None:
                item.state = MailState.PICKED_UP
                item.pickup_id = pickups[(villa, taken.date())].id
            elif returned:
                item.state, item.returned_at = MailState.RETURNED, at + dt.timedelta(days=21)
                item.return_reason = rng.choice(RETURN_REASONS)
                item.returned_by_id = site.supervisor
                item.notice_level = 2
            rows.append(item)
        session.add_all(rows)
        session.flush()
        return len(rows)

    def _pickup(self, villa: int, at: dt.datetime) -> MailPickup:
        rng, site = self.rng, self.site
        villa_id, person_id, name, phone = site.owners[villa]
        pickup = MailPickup(villa_id=villa_id, picked_up_at=at, handed_by_id=rng.choice(
            site.desk), signed_on_paper=True, relation="", id_doc_number="")
        if rng.random() < 0.9:
            pickup.collector_kind, pickup.person_id = CollectorKind.OWNER, person_id
            pickup.name, pickup.phone = name, phone
        else:
            n = rng.randrange(len(DRIVERS))
            pickup.collector_kind = CollectorKind.OTHER
            pickup.name, pickup.relation = DRIVERS[n], RELATIONS[n]
            pickup.phone = "13" + _digits(rng, 9)
            pickup.id_doc_type, pickup.id_doc_number = IdDocType.RESIDENT_ID, resident_id(rng)
        return pickup
