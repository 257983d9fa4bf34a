"""Demo history of the release passes (物品放行条): years of furniture leaving the estate.

About one pass for every ten calls (a real desk: ≈20,000 in ten years at 400 villas), on
weekends more than weekdays; most by the owner or family, some by a tenant or a mover on
the owner's phone consent confirmed by a supervisor. Nearly every gate copy came back the
same day; one in twelve with items that did not match the list and a note, a few passes
were voided (wrong villa, the move called off) and a few expired unused. The last days'
passes are still out at the gate.

Written as the other builders do: numbers taken in time order with ``allocate_many``, one
flush for the month's passes, then the documents and item lines linked to them.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.demo.history import Period
from app.demo.mail_history import resident_id
from app.i18n import _
from app.models.households import Household, HouseholdRole, IdDocType, Person
from app.models.numbering import DocumentKind, DocumentState
from app.models.release_passes import (
    ApplicantKind,
    ConsentKind,
    PassReason,
    PassState,
    ReleasePass,
    ReleasePassItem,
)
from app.models.staff import Role, Staff
from app.services import numbering
from app.services.actor import Actor
from app.services.uow import UnitOfWork

#: Passes per call or visit at the desk.
PASSES_PER_CALL = 0.1
ITEMS = (("三人沙发", "米色布艺"), ("双人床", "已拆开"), ("冰箱", "送修"), ("洗衣机", ""),
         ("餐桌", "实木"), ("餐椅", ""), ("纸箱", "书籍"), ("纸箱", "衣物"), ("衣柜", "拆开"),
         ("电视机", "65寸"), ("钢琴", ""), ("空调室内机", "更换"), ("床垫", ""), ("茶几", ""),
         ("自行车", ""), ("行李箱", ""), ("办公桌", ""), ("热水器", "旧的更换"))
REASONS = (PassReason.REPLACEMENT, PassReason.REPAIR, PassReason.MOVING_OUT, PassReason.OTHER)
REASON_WEIGHTS = (50, 25, 15, 10)
OTHER_NOTES = ("赠送亲友", "捐赠旧物", "送往另一处住所", "展会借用")
MOVERS = ("顺达搬家 王师傅", "蚂蚁搬家 李师傅", "大众搬家 陈师傅", "货拉拉司机 张师傅")
GUARDS = ("李明", "赵强", "孙伟", "周建", "吴刚")
MISMATCH = ("只出了一个纸箱，另一箱留在屋内", "多出一把餐椅，已电话与业主核实",
            "未见冰箱，业主称改日搬", "床垫未列入放行条，已补登")
VOID_REASONS = ("填错别墅", "业主取消搬运", "重复开具", "改日搬运，另开放行条")
#: A gate copy this recent may not be back at the desk yet at the demo's "now".
RECENT = dt.timedelta(hours=20)


def _poisson(rng: random.Random, mean: float) -> int:
    """How many passes a day brings (Knuth's method; a day's mean is a few at most)."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


@dataclass(frozen=True)
class _Household:
    villa_id: int
    household_id: int
    owner: str
    owner_phone: str
    tenant: str  # "" when none
    tenant_phone: str


class ReleasePassHistory:
    """Passes for the villas with households, issued at the desk and back from the gate."""

    register = ReleasePass.__tablename__

    def __init__(self, seed: int = 15) -> None:
        self.rng = random.Random(seed)

    def begin(self, uow: UnitOfWork, period: Period) -> None:
        self.now = period.now
        with uow.read() as session:
            staff = session.execute(select(Staff.id, Staff.role).where(
                Staff.active.is_(True)).order_by(Staff.agent_no)).all()
            people = session.execute(
                select(Household.villa_id, Household.id, Person.role, Person.name, Person.phone)
                .join(Person, Person.household_id == Household.id)
                .where(Household.active.is_(True), Person.active.is_(True))
                .order_by(Household.villa_id, Person.id)).all()
        self.desk = [s for s, role in staff if role == Role.RECEPTIONIST]
        bosses = [s for s, role in staff if role != Role.RECEPTIONIST]
        if not (self.desk or bosses) or not people:
            raise ValueError("add staff and households before the release pass history")
        self.desk = self.desk or bosses
        self.supervisor = (bosses or self.desk)[0]
        found: dict[int, dict[str, object]] = {}
        for villa_id, household_id, role, name, phone in people:
            entry = found.setdefault(villa_id, {"household": household_id})
            if role == HouseholdRole.OWNER and "owner" not in entry:
                entry["owner"], entry["owner_phone"] = name, phone
            elif role == HouseholdRole.TENANT and "tenant" not in entry:
                entry["tenant"], entry["tenant_phone"] = name, phone
        self.households = [
            _Household(villa_id, int(e["household"]), str(e["owner"]),  # type: ignore[call-overload]
                       str(e.get("owner_phone") or "13800000000"), str(e.get("tenant", "")),
                       str(e.get("tenant_phone") or ""))
            for villa_id, e in found.items() if "owner" in e]
        self.per_day = len(self.households) * period.calls_per_villa_day * PASSES_PER_CALL

    def month_written(self, first: dt.date) -> str:
        return _("Release passes written for {month}.").format(month=f"{first:%Y-%m}")

    def _issued_times(self, day: dt.date) -> list[dt.datetime]:
        # Weekends are for moving: half as many again as a weekday.
        mean = self.per_day * (1.5 if day.weekday() >= 5 else 0.8)
        count = _poisson(self.rng, mean)
        times = [dt.datetime.combine(day, dt.time(self.rng.randint(8, 17),
                                                  self.rng.randrange(60)))
                 for _n in range(count)]
        return sorted(t for t in times if t <= self.now)

    def write_month(self, session: Session, first: dt.date, last: dt.date) -> int:
        rng = self.rng
        issued: list[tuple[dt.datetime, int]] = []
        day = first
        while day <= last:
            issued += [(at, rng.randrange(len(self.households))) for at in
                       self._issued_times(day)]
            day += dt.timedelta(days=1)
        if not issued:
            return 0
        takers = [rng.choice(self.desk) for _n in issued]
        documents = numbering.allocate_many(
            session, DocumentKind.RELEASE_PASS, record_type="release_pass",
            requests=[(Actor(taker, "", "", Role.RECEPTIONIST), at)
                      for (at, _h), taker in zip(issued, takers, strict=True)])
        made = [self._pass(at, self.households[h], taker, document)
                for (at, h), taker, document in zip(issued, takers, documents, strict=True)]
        session.add_all(record for record, _items in made)
        session.flush()  # the passes' ids, for their numbers and lines
        for document, (record, items) in zip(documents, made, strict=True):
            document.record_id = record.id
            document.print_count = 1
            if record.state == PassState.VOID:
                document.state = DocumentState.VOID
                document.voided_at = record.issued_at + dt.timedelta(minutes=30)
                document.voided_by_id = self.supervisor
                document.void_reason = record.void_reason
            for item in items:
                item.release_pass_id = record.id
            session.add_all(items)
        session.flush()
        return len(made)

    def _pass(self, at: dt.datetime, home: _Household, taker: int,
              document: object) -> tuple[ReleasePass, list[ReleasePassItem]]:
        rng = self.rng
        kind = rng.choices(list(ApplicantKind), (55, 15, 12, 6, 12))[0]
        if kind == ApplicantKind.TENANT and not home.tenant:
            kind = ApplicantKind.AGENT  # no tenant lives there: someone acts for the owner
        name, phone, consent, note, confirmed = home.owner, home.owner_phone, \
            ConsentKind.NOT_NEEDED, "", None
        if kind == ApplicantKind.FAMILY:
            name = home.owner[0] + rng.choice(("小红", "建华", "丽", "明"))
        elif kind == ApplicantKind.TENANT and home.tenant:
            name, phone = home.tenant, home.tenant_phone or phone
        elif kind in (ApplicantKind.TENANT, ApplicantKind.AGENT, ApplicantKind.MOVER):
            name = rng.choice(MOVERS) if kind == ApplicantKind.MOVER else "代理人 " + \
                rng.choice(("刘先生", "陈女士", "黄先生"))
            phone = "13" + "".join(rng.choice("0123456789") for _n in range(9))
        if kind in (ApplicantKind.TENANT, ApplicantKind.AGENT, ApplicantKind.MOVER):
            consent, confirmed = ConsentKind.PHONE, self.supervisor
            note = f"致电业主{home.owner}，同意{name}搬出所列物品"
        # Issued in the morning for the same afternoon, otherwise for a later day.
        if at.hour < 12 and rng.random() < 0.5:
            valid_from = dt.datetime.combine(at.date(), dt.time(rng.randint(at.hour + 1, 15)))
        else:
            day = at.date() + dt.timedelta(days=rng.choice((1, 1, 2, 3)))
            valid_from = dt.datetime.combine(day, dt.time(rng.choice((8, 9, 10, 13, 14))))
        valid_until = valid_from + dt.timedelta(hours=rng.choice((3, 4, 8)))
        reason = rng.choices(REASONS, REASON_WEIGHTS)[0]
        record = ReleasePass(
            number=document.number, document_id=document.id,  # type: ignore[attr-defined]
            villa_id=home.villa_id, household_id=home.household_id, applicant_kind=kind,
            applicant_name=name, id_doc_type=IdDocType.RESIDENT_ID,
            id_doc_number=resident_id(rng), phone=phone,
            plate=f"浙A{rng.randrange(10000, 99999)}" if rng.random() < 0.7 else "",
            valid_from=valid_from, valid_until=valid_until, reason=reason,
            reason_note=rng.choice(OTHER_NOTES) if reason == PassReason.OTHER else "",
            consent=consent, consent_note=note, consent_confirmed_by_id=confirmed,
            hold_override_reason="", signature_sha256="", signed_on_paper=True,
            state=PassState.ISSUED, issued_at=at, issued_by_id=taker, guard_name="",
            gate_note="", late_override_reason="", void_reason="")
        roll = rng.random()
        gate_at = valid_from + dt.timedelta(minutes=rng.randint(10, 170))
        if roll < 0.03:
            record.state, record.void_reason = PassState.VOID, rng.choice(VOID_REASONS)
        elif roll < 0.04 or gate_at > self.now or (
                self.now - valid_until < RECENT and roll < 0.3):
            pass  # expired unused, still to leave, or the gate copy not back yet
        else:
            matched = rng.random() > 0.08
            record.state, record.used_at = PassState.USED, gate_at
            record.guard_name, record.returned_by_id = rng.choice(GUARDS), taker
            record.items_matched = matched
            record.gate_note = "" if matched else rng.choice(MISMATCH)
        lines = []
        for position in range(1, rng.choice((1, 1, 2, 2, 3, 4)) + 1):
            item, remark = rng.choice(ITEMS)
            lines.append(ReleasePassItem(position=position, name=item,
                                         quantity=rng.choice((1, 1, 1, 2, 3)),
                                         remarks=remark if rng.random() < 0.5 else ""))
        return record, lines
