"""Demo history of work orders (派工单): years of repairs, dispatched, done, called back.

Every repair call in the reception history becomes a work order taken by whoever took the
call; without a reception history, a few orders a day are made up. Numbers come from the
numbering service in time order, so every month's register is complete. Orders of the last
days are still open in every state, a few of them late.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.demo.history import Period, write_history
from app.demo.reception_history import ROOMS
from app.i18n import _
from app.models.households import Household, HouseholdRole, Person
from app.models.numbering import DocumentKind, NumberedDocument
from app.models.reception import EntryClass, ReceptionEntry
from app.models.staff import Role, Staff
from app.models.work_orders import (
    Department,
    FeeItem,
    Rating,
    WorkCategory,
    WorkOrder,
    WorkOrderCallback,
    WorkOrderLine,
    WorkOrderState,
)
from app.services import numbering
from app.services.actor import Actor
from app.services.uow import UnitOfWork
from app.services.work_orders import RECORD_TYPE, amount_of, ensure_defaults

S = WorkOrderState
#: Category → what owners ring about (a room is put in front when it has {room}).
CONTENT: dict[str, tuple[str, ...]] = {
    "给排水": ("{room}水龙头漏水", "{room}下水道堵塞", "马桶水箱一直流水", "{room}地漏返味",
            "热水器不出热水", "{room}天花板渗水", "{room}角阀关不紧"),
    "电气": ("{room}灯不亮", "{room}插座没电", "{room}开关面板松动", "电动窗帘不动", "门铃不响",
           "总闸经常跳闸"),
    "门窗": ("{room}门锁打不开", "{room}窗户关不严", "车库卷帘门卡住", "{room}推拉门滑轨异响",
           "信报箱锁坏了", "{room}纱窗破损"),
    "空调暖通": ("{room}空调不制冷", "{room}空调漏水", "{room}地暖不热", "新风系统报警"),
    "燃气": ("厨房燃气灶打不着火", "燃气表不走字", "闻到轻微燃气味，请上门检查"),
    "弱电/网络": ("可视对讲没有声音", "家里网络断了", "门禁卡刷不开单元门", "监控摄像头不显示"),
    "园林": ("庭院灌溉喷头损坏", "前花园树枝伸到路上", "草坪有一块发黄", "院子排水沟堵了"),
    "其他": ("泳池过滤泵噪音大", "露台防腐木地板翘起", "阳光房玻璃顶积灰需清洗"),
}
#: What the reception history says, mapped back to a category.
KEYWORDS = (("空调", "空调暖通"), ("地暖", "空调暖通"), ("新风", "空调暖通"), ("对讲", "弱电/网络"),
            ("灌溉", "园林"), ("泳池", "其他"), ("灯", "电气"), ("插座", "电气"), ("门铃", "电气"),
            ("窗帘", "电气"), ("水龙头", "给排水"), ("下水", "给排水"), ("渗水", "给排水"),
            ("马桶", "给排水"), ("热水器", "给排水"), ("锁", "门窗"), ("窗", "门窗"),
            ("卷帘门", "门窗"))
FEES: dict[str, tuple[str, ...]] = {
    "给排水": ("更换水龙头（人工）", "更换角阀（人工）", "更换马桶水箱配件（人工）",
            "疏通下水道/地漏", "疏通马桶"),
    "电气": ("更换灯具、灯管（人工）", "更换开关、插座面板（人工）"),
    "门窗": ("更换门锁锁芯（人工）", "门窗合页、滑轨调整", "重新打玻璃胶"),
    "空调暖通": ("空调清洗（挂机）",),
}
ENGINEERS = ("李强", "王师傅", "张建军", "刘师傅", "陈志刚", "赵海涛")
CONTRACTORS = {"园林": ("绿城园林养护", "李强"), "燃气": ("华润燃气维修站",),
               "弱电/网络": ("电信宽带装维", "王师傅"), "空调暖通": ("大金空调售后", "张建军")}
DONE = ("已处理完毕，试用正常", "更换配件后恢复正常", "已疏通，业主确认", "调整后正常使用",
        "已修复，现场清理干净")
PAUSE_REASONS = ("等待配件到货", "业主不在家，改约时间", "等待厂家售后上门")
VOID_REASONS = ("重复派工", "业主取消报修", "录入错误，重新开单")
UNHAPPY = ("维修后仍有问题", "师傅迟到一个小时", "现场没有清理")
#: Orders this young may still be open; older ones were all seen through.
RECENT = dt.timedelta(days=4)
WORK_STARTS, WORK_ENDS = 8, 20


@dataclass(frozen=True)
class _Fee:
    id: int
    name: str
    unit: str
    price: Decimal


@dataclass(frozen=True)
class _People:
    takers: list[int]
    supervisor: Actor
    villas: list[tuple[int, str, str]]  # villa id, owner name, phone
    categories: dict[str, int]
    fees: dict[str, _Fee]


def _people(session: Session) -> _People:
    staff = session.execute(select(Staff).where(Staff.active.is_(True)).order_by(Staff.agent_no))
    by_role: dict[Role, list[Staff]] = {}
    for (member,) in staff:
        by_role.setdefault(member.role, []).append(member)
    boss = (by_role.get(Role.SUPERVISOR) or by_role.get(Role.MANAGER) or [None])[0]
    takers = [s.id for s in by_role.get(Role.RECEPTIONIST, [])] or ([boss.id] if boss else [])
    if boss is None or not takers:
        raise ValueError("add staff before the work-order history")
    owners = session.execute(
        select(Household.villa_id, Person.name, Person.phone)
        .join(Person, Person.household_id == Household.id)
        .where(Household.active.is_(True), Person.role == HouseholdRole.OWNER)
        .order_by(Household.villa_id)).all()
    return _People(
        takers=takers, supervisor=Actor(boss.id, boss.agent_no, boss.name, boss.role),
        villas=[(v, n, p) for v, n, p in owners],
        categories={c.name: c.id for c in session.scalars(select(WorkCategory))},
        fees={f.name: _Fee(f.id, f.name, f.unit, Decimal(f.price))
              for f in session.scalars(select(FeeItem).where(FeeItem.active.is_(True)))},
    )


@dataclass
class _Request:
    received_at: dt.datetime
    villa_id: int | None
    contact: str
    phone: str
    content: str
    room: str
    category: str
    taken_by: int
    entry_id: int | None = None
    appointment_at: dt.datetime | None = None


def _category_of(content: str) -> str:
    return next((category for word, category in KEYWORDS if word in content), "其他")


def _made_up(rng: random.Random, day: dt.date, people: _People) -> list[_Request]:
    requests = []
    for _n in range(rng.randint(3, 8)):
        minute = int(rng.triangular(8 * 60, 20 * 60, 10 * 60))
        villa_id, owner, phone = rng.choice(people.villas)
        category = rng.choices(list(CONTENT), weights=(30, 20, 14, 16, 3, 7, 6, 4))[0]
        room = rng.choice(ROOMS)
        requests.append(_Request(
            dt.datetime.combine(day, dt.time(minute // 60, minute % 60)), villa_id, owner,
            phone, rng.choice(CONTENT[category]).format(room=room), room, category,
            rng.choice(people.takers)))
    return sorted(requests, key=lambda r: r.received_at)


def _from_calls(session: Session, start: dt.datetime, end: dt.datetime) -> list[_Request]:
    # Columns, not records: the month's calls need not sit in the session's identity map.
    calls = session.execute(
        select(ReceptionEntry.occurred_at, ReceptionEntry.villa_id, ReceptionEntry.caller_name,
               ReceptionEntry.contact_phone, ReceptionEntry.content, ReceptionEntry.taken_by_id,
               ReceptionEntry.id, ReceptionEntry.appointment_at).where(
            ReceptionEntry.entry_class == EntryClass.REPAIR, ReceptionEntry.voided.is_(False),
            ReceptionEntry.occurred_at >= start, ReceptionEntry.occurred_at < end)
        .order_by(ReceptionEntry.occurred_at, ReceptionEntry.id))
    requests = []
    for at, villa_id, caller, phone, content, taken_by, entry_id, appointment in calls:
        room = next((r for r in ROOMS if content.startswith(r)), "")
        requests.append(_Request(at, villa_id, caller, phone, content, room,
                                 _category_of(content), taken_by, entry_id, appointment))
    return requests


def _assignee(rng: random.Random, category: str) -> tuple[Department, str]:
    if category in CONTRACTORS and rng.random() < 0.6:
        name = rng.choice(CONTRACTORS[category])
        return (Department.ENGINEERING if name in ENGINEERS else Department.CONTRACTOR), name
    return Department.ENGINEERING, rng.choice(ENGINEERS)


def _minutes(value: float) -> dt.timedelta:
    return dt.timedelta(minutes=int(value))


class _Writer:
    """Builds one order after another in a transaction; links what needs ids after flush."""

    def __init__(self, rng: random.Random, session: Session, people: _People,
                 now: dt.datetime) -> None:
        self.rng, self.session, self.people, self.now = rng, session, people, now

    def write(self, requests: list[_Request]) -> int:
        """Orders for the requests (in time order), numbered in that order; returns how many."""
        documents = numbering.allocate_many(
            self.session, DocumentKind.DISPATCH_SLIP, record_type=RECORD_TYPE,
            requests=[(Actor(r.taken_by, "", "", Role.RECEPTIONIST), r.received_at)
                      for r in requests])
        made = [self._order(request, document)
                for request, document in zip(requests, documents, strict=True)]
        self.session.add_all(order for _document, order, _callbacks in made)
        self.session.flush()  # the orders' ids, for their slips and callbacks
        for document, order, callbacks in made:
            document.record_id = order.id
            for callback in callbacks:
                callback.work_order_id = order.id
            self.session.add_all(callbacks)
        return len(made)

    def _order(self, request: _Request, document: NumberedDocument
               ) -> tuple[NumberedDocument, WorkOrder, list[WorkOrderCallback]]:
        department, assignee = _assignee(self.rng, request.category)
        content, location = request.content, ""
        if request.room and content.startswith(request.room):
            content, location = content[len(request.room):], request.room
        order = WorkOrder(
            number=document.number, document_id=document.id, villa_id=request.villa_id,
            location=location, contact_name=request.contact, contact_phone=request.phone,
            content=content, category_id=self.people.categories.get(request.category),
            department=department,
            assignee="", appointment_at=request.appointment_at, charged=False,
            state=S.RECEIVED, received_at=request.received_at, paused_reason="",
            state_before_pause="", void_reason="", completion_note="", reopen_count=0,
            taken_by_id=request.taken_by, entry_id=request.entry_id)
        return document, order, self._live(order, assignee, request.category, document)

    def _live(self, order: WorkOrder, assignee: str, category: str,
              document: NumberedDocument) -> list[WorkOrderCallback]:
        """Walk the order through its life as far as ``now``; returns its callbacks."""
        rng, now = self.rng, self.now
        recent = (now - order.received_at) < RECENT
        if rng.random() < 0.01:
            when = order.received_at + _minutes(rng.uniform(3, 40))
            if when <= now:
                reason = rng.choice(VOID_REASONS)
                numbering.void(self.session, document, actor=self.people.supervisor,
                               reason=reason, now=when)
                order.state, order.void_reason = S.VOID, reason
                return []
        if recent and rng.random() < 0.06:
            return []  # nobody dispatched it yet: overdue for dispatch
        late = rng.random() < 0.08
        dispatched = order.received_at + _minutes(rng.uniform(6, 25) if late
                                                  else rng.uniform(1, 5))
        if dispatched > now:
            return []
        order.state, order.dispatched_at, order.assignee = S.DISPATCHED, dispatched, assignee
        started = self._daytime(max(dispatched + _minutes(rng.uniform(10, 90)),
                                    order.appointment_at or dispatched))
        if started > now:
            return []
        order.state, order.started_at = S.IN_PROGRESS, started
        if recent and rng.random() < 0.2:
            order.state_before_pause, order.state = S.IN_PROGRESS.value, S.PAUSED
            order.paused_reason = rng.choice(PAUSE_REASONS)
            return []
        if category in FEES and rng.random() < 0.3:
            self._charge(order, category)
        callbacks: list[WorkOrderCallback] = []
        done = started
        for attempt in range(2):
            done = self._daytime(done + _minutes(rng.uniform(20, 240)))
            if done > now:
                return callbacks
            order.state, order.completed_at = S.COMPLETED, done
            order.completion_note = rng.choice(DONE)
            # Now and then the callback is late; lately, some are still waiting for it.
            slow = rng.random() < (0.3 if recent else 0.05)
            called = self._daytime(done + _minutes(
                rng.uniform(25 * 60, 30 * 60) if slow else rng.uniform(60, 20 * 60)))
            if called > now:
                return callbacks
            unhappy = attempt == 0 and rng.random() < 0.02
            satisfaction = Rating.UNSATISFIED if unhappy else rng.choices(
                (Rating.SATISFIED, Rating.FAIR), weights=(9, 1))[0]
            callbacks.append(WorkOrderCallback(
                at=called, by_id=order.taken_by_id,
                quality=Rating.FAIR if unhappy else Rating.SATISFIED,
                attitude=Rating.SATISFIED, satisfaction=satisfaction,
                remarks=rng.choice(UNHAPPY) if unhappy else ""))
            if not unhappy:
                order.state, order.called_back_at = S.CALLED_BACK, called
                closed = self._daytime(called + _minutes(rng.uniform(1, 360)))
                if closed <= now:
                    order.state, order.closed_at = S.CLOSED, closed
                return callbacks
            order.state, order.completed_at, order.reopen_count = S.IN_PROGRESS, None, 1
            done = called
        return callbacks

    def _daytime(self, when: dt.datetime) -> dt.datetime:
        """Engineers work and the desk calls back between 8:00 and 20:00."""
        if when.hour >= WORK_ENDS:
            when = dt.datetime.combine(when.date() + dt.timedelta(days=1), dt.time())
        if when.hour < WORK_STARTS:
            when = when.replace(hour=WORK_STARTS, minute=self.rng.randrange(60))
        return when

    def _charge(self, order: WorkOrder, category: str) -> None:
        names = self.rng.sample(FEES[category], k=min(len(FEES[category]),
                                                      self.rng.choice((1, 1, 2))))
        for name in names:
            item = self.people.fees.get(name)
            if item is None:
                continue
            quantity = Decimal(self.rng.choice((1, 1, 1, 2, 3)))
            order.lines.append(WorkOrderLine(fee_item_id=item.id, name=item.name,
                                             unit=item.unit, unit_price=item.price,
                                             quantity=quantity,
                                             amount=amount_of(item.price, quantity)))
        order.charged = bool(order.lines)



class WorkOrderHistory:
    """Every repair call of the period becomes a work order, lived through as far as now;
    without a reception history, a few orders a day are made up."""

    register = WorkOrder.__tablename__

    def __init__(self, seed: int = 11) -> None:
        self.rng = random.Random(seed)

    def begin(self, uow: UnitOfWork, period: Period) -> None:
        self.now = period.now
        ensure_defaults(uow)
        with uow.read() as session:
            self.people = _people(session)
        if not self.people.villas:
            raise ValueError("add households before the work-order history")

    def month_written(self, first: dt.date) -> str:
        return _("Work orders written for {month}.").format(month=f"{first:%Y-%m}")

    def write_month(self, session: Session, first: dt.date, last: dt.date) -> int:
        begin = dt.datetime.combine(first, dt.time())
        stop = dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
        requests = _from_calls(session, begin, stop)
        if not requests:
            day = first
            while day <= last:
                requests += _made_up(self.rng, day, self.people)
                day += dt.timedelta(days=1)
        return _Writer(self.rng, session, self.people, self.now).write(
            [r for r in requests if r.received_at <= self.now])


def add_work_order_history(uow: UnitOfWork, start: dt.date, end: dt.date, seed: int = 11,
                           month_done: Callable[[dt.date], None] | None = None) -> int:
    """Work orders from ``start`` to ``end`` (inclusive); returns how many were added.

    ``month_done(first_day)`` is told after each month is written (progress, cancel)."""
    return write_history(uow, WorkOrderHistory(seed), Period(start, end, uow.clock.now()),
                         month_done)
