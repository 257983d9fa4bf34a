"""Demo history of complaints (投诉): years of complaints classified, handled, called back
and closed, a few escalated, the last days' still open.

A third of the complaint calls in the reception history become complaints (the rest were
settled on the phone); without a reception history a few a week are made up. Numbers come
from the numbering service in time order. The ten-year, 400-villa demo gets about 8,000.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.demo.history import Period, write_history
from app.i18n import _
from app.models.complaints import (
    CallbackMethod,
    CallbackOutcome,
    Category,
    Channel,
    Complaint,
    ComplaintDepartment,
    ComplaintState,
    ComplaintStep,
    Level,
    Responsibility,
    Severity,
    StepKind,
    Validity,
)
from app.models.households import Household, HouseholdRole, Person
from app.models.numbering import DocumentKind, NumberedDocument
from app.models.reception import Channel as CallChannel
from app.models.reception import EntryClass, ReceptionEntry
from app.models.staff import Role, Staff
from app.services import numbering
from app.services.actor import Actor
from app.services.complaints import RECORD_TYPE
from app.services.uow import UnitOfWork

#: The share of complaint calls that become a complaint record.
SHARE = 1 / 3
#: Words of the reception history's complaints → category and department.
KEYWORDS: tuple[tuple[str, Category, ComplaintDepartment], ...] = (
    ("装修", Category.NOISE, ComplaintDepartment.SECURITY),
    ("狗", Category.NEIGHBOUR, ComplaintDepartment.SECURITY),
    ("保安", Category.ATTITUDE, ComplaintDepartment.SECURITY),
    ("维修", Category.REPAIR, ComplaintDepartment.ENGINEERING),
    ("快递", Category.PARKING, ComplaintDepartment.SECURITY),
    ("路灯", Category.COMMON_AREA, ComplaintDepartment.ENGINEERING),
    ("垃圾", Category.CLEANING, ComplaintDepartment.CLEANING),
    ("绿化", Category.LANDSCAPING, ComplaintDepartment.LANDSCAPING),
    ("泳池", Category.COMMON_AREA, ComplaintDepartment.ENGINEERING),
    ("车位", Category.PARKING, ComplaintDepartment.SECURITY),
)
MADE_UP = ("外墙渗水，雨后墙面发霉", "小区外道路施工噪音", "物业费账单有误", "邻居占用公共通道",
           "前台电话长时间无人接听")
CAUSES = ("巡查不到位，未及时发现", "员工服务意识不足", "维修排期不合理", "公共设施老化",
          "业主之间沟通不畅")
#: The cause written for a class 2 or 3 complaint.
NOT_OURS = {Responsibility.DEVELOPER: "房屋质量问题，属开发商遗留（二类）",
            Responsibility.EXTERNAL: "管理区域外单位施工，非物业责任（三类）"}
MEASURES = ("加强巡查频次", "对相关员工进行培训", "调整排班，增加人手", "更换老化设施",
            "组织双方协调沟通", "书面告知相关单位")
RESULTS = ("已处理完毕，现场恢复正常", "已协调解决，业主认可", "已向业主解释说明",
           "已督促整改完成")
#: The site setting's default (settings.COMPLAINT_REPEAT_DAYS).
REPEAT_WITHIN = dt.timedelta(days=30)
#: Complaints this young may still be open.
RECENT = dt.timedelta(days=5)


@dataclass(frozen=True)
class _People:
    takers: list[int]
    supervisor: int
    manager: int
    villas: list[tuple[int, str, str]]  # villa id, owner name, phone


def _people(session: Session) -> _People:
    by_role: dict[Role, list[int]] = {}
    for staff_id, role in session.execute(select(Staff.id, Staff.role).where(
            Staff.active.is_(True)).order_by(Staff.agent_no)):
        by_role.setdefault(role, []).append(staff_id)
    boss = (by_role.get(Role.SUPERVISOR) or by_role.get(Role.MANAGER) or [0])[0]
    manager = (by_role.get(Role.MANAGER) or [boss])[0]
    takers = by_role.get(Role.RECEPTIONIST) or [boss]
    if not boss:
        raise ValueError("add staff before the complaint history")
    owners = session.execute(
        select(Household.villa_id, Person.name, Person.phone)
        .join(Person, Person.household_id == Household.id)
        .where(Household.active.is_(True), Person.role == HouseholdRole.OWNER)
        .order_by(Household.villa_id)).all()
    return _People(takers, boss, manager, [(v, n, p) for v, n, p in owners])


@dataclass
class _Call:
    at: dt.datetime
    villa_id: int | None
    who: str
    phone: str
    content: str
    taken_by: int
    entry_id: int | None
    channel: Channel


def _kind_of(content: str) -> tuple[Category, ComplaintDepartment]:
    for word, category, department in KEYWORDS:
        if word in content:
            return category, department
    if "渗水" in content:
        return Category.BUILDING, ComplaintDepartment.DEVELOPER
    if "小区外" in content:
        return Category.OUTSIDE, ComplaintDepartment.OUTSIDE
    return Category.OTHER, ComplaintDepartment.CUSTOMER_SERVICE


class ComplaintHistory:
    register = Complaint.__tablename__

    def __init__(self, seed: int = 13) -> None:
        self.rng = random.Random(seed)
        self.last: dict[tuple[int | None, Category], tuple[int, dt.datetime]] = {}

    def begin(self, uow: UnitOfWork, period: Period) -> None:
        self.now = period.now
        with uow.read() as session:
            self.people = _people(session)
        if not self.people.villas:
            raise ValueError("add households before the complaint history")

    def month_written(self, first: dt.date) -> str:
        return _("Complaints written for {month}.").format(month=f"{first:%Y-%m}")

    def _calls(self, session: Session, start: dt.datetime, end: dt.datetime) -> list[_Call]:
        rows = session.execute(
            select(ReceptionEntry.occurred_at, ReceptionEntry.villa_id,
                   ReceptionEntry.caller_name, ReceptionEntry.contact_phone,
                   ReceptionEntry.content, ReceptionEntry.taken_by_id, ReceptionEntry.id,
                   ReceptionEntry.channel).where(
                ReceptionEntry.entry_class == EntryClass.COMPLAINT,
                ReceptionEntry.voided.is_(False),
                ReceptionEntry.occurred_at >= start, ReceptionEntry.occurred_at < end)
            .order_by(ReceptionEntry.occurred_at, ReceptionEntry.id)).all()
        return [_Call(at.replace(second=0, microsecond=0), villa, who, phone, content, taken,
                      entry_id, Channel.VISIT if channel == CallChannel.VISIT else Channel.PHONE)
                for at, villa, who, phone, content, taken, entry_id, channel in rows
                if self.rng.random() < SHARE]

    def _made_up(self, first: dt.date, last: dt.date) -> list[_Call]:
        calls = []
        day = first
        while day <= last:
            if self.rng.random() < 0.4:
                villa, owner, phone = self.rng.choice(self.people.villas)
                minute = self.rng.randint(8 * 60, 20 * 60)
                calls.append(_Call(dt.datetime.combine(day, dt.time(minute // 60, minute % 60)),
                                   villa, owner, phone, self.rng.choice(MADE_UP),
                                   self.rng.choice(self.people.takers), None,
                                   self.rng.choice(list(Channel)[:5])))
            day += dt.timedelta(days=1)
        return calls

    def write_month(self, session: Session, first: dt.date, last: dt.date) -> int:
        begin = dt.datetime.combine(first, dt.time())
        stop = dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
        calls = self._calls(session, begin, stop) or self._made_up(first, last)
        calls = [c for c in calls if c.at <= self.now]
        if not calls:
            return 0
        documents = numbering.allocate_many(
            session, DocumentKind.COMPLAINT, record_type=RECORD_TYPE,
            requests=[(Actor(c.taken_by, "", "", Role.RECEPTIONIST), c.at) for c in calls])
        made = [self._complaint(call, document)
                for call, document in zip(calls, documents, strict=True)]
        session.add_all(c for _d, c, _s in made)
        session.flush()
        for document, complaint, steps in made:
            document.record_id = complaint.id
            for step in steps:
                step.complaint_id = complaint.id
            session.add_all(steps)
            # The same villa and category within the set days: a repeat (as the desk flags).
            key = (complaint.villa_id, complaint.category)
            earlier = self.last.get(key)
            if earlier is not None and complaint.received_at - earlier[1] <= REPEAT_WITHIN:
                complaint.repeat_of_id = earlier[0]
            self.last[key] = (complaint.id, complaint.received_at)
        return len(made)

    def _complaint(self, call: _Call, document: NumberedDocument
                   ) -> tuple[NumberedDocument, Complaint, list[ComplaintStep]]:
        rng, people = self.rng, self.people
        category, department = _kind_of(call.content)
        severity = rng.choices(list(Severity), weights=(90, 8, 2))[0]
        level = Level.SUPERVISOR if severity != Severity.GENERAL else Level.SPECIALIST
        c = Complaint(
            number=document.number, document_id=document.id, entry_id=call.entry_id,
            received_at=call.at, channel=call.channel, complainant=call.who, phone=call.phone,
            villa_id=call.villa_id, location="", category=category, content=call.content,
            demands="", first_contact_id=call.taken_by, department=department,
            responsible_person="", severity=severity, severity_by_id=call.taken_by,
            severity_at=call.at, state=ComplaintState.OPEN, level=level,
            reported_at=call.at if level == Level.SUPERVISOR else None, investigation="",
            cause="", measures="", result="", difficult=False, reopen_count=0,
            void_reason="", taken_by_id=call.taken_by)
        steps = [ComplaintStep(kind=StepKind.OPENED, at=call.at, by_id=call.taken_by,
                               level=level.value, new=severity.value, field="", old="",
                               reason="", method="")]

        def step(kind: StepKind, at: dt.datetime, by: int | None, **more: str) -> None:
            steps.append(ComplaintStep(kind=kind, at=at, by_id=by, level=c.level.value,
                                       field=more.get("field", ""), old=more.get("old", ""),
                                       new=more.get("new", ""), reason=more.get("reason", ""),
                                       method=more.get("method", ""),
                                       confirmed_by_id=people.supervisor
                                       if more.get("method") == "phone" else None))

        now = self.now
        recent = now - call.at < RECENT
        reported = call.at + dt.timedelta(minutes=rng.uniform(10, 240))
        if reported > now:
            return document, c, steps
        c.reported_at = c.reported_at or reported
        step(StepKind.REPORTED, reported, call.taken_by)
        classified = reported + dt.timedelta(minutes=rng.uniform(5, 120))
        if classified > now:
            return document, c, steps
        responsibility = (Responsibility.DEVELOPER if category == Category.BUILDING
                          else Responsibility.EXTERNAL if category == Category.OUTSIDE
                          else Responsibility.PROPERTY)
        validity = Validity.INVALID if rng.random() < 0.08 else Validity.VALID
        c.responsibility, c.responsibility_by_id, c.responsibility_at = (
            responsibility, people.supervisor, classified)
        c.validity, c.validity_by_id, c.validity_at = validity, people.supervisor, classified
        step(StepKind.CLASSIFIED, classified, people.supervisor, field="responsibility",
             new=responsibility.value)
        step(StepKind.CLASSIFIED, classified, people.supervisor, field="validity",
             new=validity.value)
        if severity != Severity.GENERAL:
            c.stepped_in_at = call.at + dt.timedelta(minutes=rng.uniform(10, 80))
        if recent and rng.random() < 0.3:
            return document, c, steps  # still being looked into
        late = rng.random() < 0.06
        hours = rng.uniform(50, 90) if late else rng.uniform(1, 30)
        handled = call.at + dt.timedelta(hours=hours)
        if late:
            c.level = Level.SUPERVISOR
            step(StepKind.ESCALATED, call.at + dt.timedelta(hours=48), None,
                 reason="overdue")
        if handled > now:
            return document, c, steps
        c.responded_at = min(handled, call.at + dt.timedelta(hours=rng.uniform(1, 20)))
        c.investigation = "现场核实：" + call.content
        c.cause = NOT_OURS.get(responsibility) or rng.choice(CAUSES)
        c.measures = rng.choice(MEASURES)
        c.result = rng.choice(RESULTS)
        c.state, c.handled_at = ComplaintState.HANDLED, handled
        if validity == Validity.INVALID:
            c.explained_at = handled
        if responsibility != Responsibility.PROPERTY:
            c.contacted_at = handled
        step(StepKind.HANDLED, handled, call.taken_by)
        called = handled + dt.timedelta(hours=rng.uniform(2, 22))
        if called > now:
            return document, c, steps
        method = rng.choice((CallbackMethod.PHONE, CallbackMethod.PHONE, CallbackMethod.VISIT))
        outcome = CallbackOutcome.SATISFIED if rng.random() < 0.93 else \
            CallbackOutcome.UNSATISFIED
        step(StepKind.CALLBACK, called, call.taken_by, method=method.value,
             new=outcome.value)
        if outcome == CallbackOutcome.UNSATISFIED:
            # Reopened, handled again two days later and then satisfied.
            step(StepKind.REOPENED, called, call.taken_by, reason="业主对处理结果不满意")
            c.reopen_count = 1
            again = called + dt.timedelta(days=2)
            if again > now:
                c.state, c.handled_at = ComplaintState.OPEN, None
                return document, c, steps
            c.handled_at = again
            step(StepKind.HANDLED, again, people.supervisor)
            called = again + dt.timedelta(hours=4)
            if called > now:
                return document, c, steps
            step(StepKind.CALLBACK, called, call.taken_by, method=CallbackMethod.VISIT.value,
                 new=CallbackOutcome.SATISFIED.value)
        c.called_back_at = called
        c.state, c.closed_at = ComplaintState.CLOSED, called
        step(StepKind.CLOSED, called, call.taken_by)
        return document, c, steps


def add_complaint_history(uow: UnitOfWork, start: dt.date, end: dt.date, seed: int = 13,
                          month_done: Callable[[dt.date], None] | None = None) -> int:
    """Complaints from ``start`` to ``end`` (inclusive); returns how many were added."""
    return write_history(uow, ComplaintHistory(seed), Period(start, end, uow.clock.now()),
                         month_done)
