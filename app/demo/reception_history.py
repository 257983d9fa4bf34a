"""Demo history for the Reception tab: years of calls and visits, promises, daily reviews,
and a standard answer book, so the desk looks lived-in the first time it opens.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.demo.history import Period, write_history
from app.demo.rates import FIRST_RUN_CALLS_PER_VILLA_DAY
from app.i18n import _
from app.models.households import Household, HouseholdRole, Person, Villa
from app.models.reception import (
    AnswerBookEntry,
    Channel,
    DailyReview,
    EntryClass,
    InquiryPromise,
    ReceptionEntry,
)
from app.models.staff import Role, Staff
from app.services.uow import UnitOfWork

ROOMS = ("主卧", "次卧", "客厅", "书房", "厨房", "一楼卫生间", "二楼卫生间", "地下室", "车库",
         "露台", "阳光房", "老人房")
REPAIRS = (
    "{room}空调不制冷", "{room}空调漏水", "{room}灯不亮", "{room}插座没电",
    "{room}水龙头漏水", "{room}下水道堵塞", "{room}门锁打不开", "{room}窗户关不严",
    "{room}地暖不热", "{room}天花板渗水", "马桶水箱一直流水", "热水器不出热水",
    "可视对讲没有声音", "车库卷帘门卡住", "庭院灌溉喷头损坏", "门铃不响",
    "信报箱锁坏了", "泳池过滤泵噪音大", "电动窗帘不动", "新风系统报警",
)
INQUIRIES = (
    "物业费缴纳方式", "物业费收费标准", "会所泳池开放时间", "装修申请需要哪些材料",
    "快递可以放前台代收吗", "访客车辆怎么登记", "停车月卡怎么办理", "业主卡丢失怎么补办",
    "今年冬季供暖什么时候开始", "小区有没有班车去地铁站", "宠物登记怎么办理", "垃圾分类投放时间",
    "大件垃圾怎么处理", "会所健身房需要预约吗", "房屋出租需要备案吗", "水电费在哪里交",
)
COMPLAINTS = (
    "邻居装修噪音", "邻居装修超时施工", "楼下狗叫扰民", "公共区域有人遛狗不牵绳",
    "保安态度不好", "维修师傅没有按约定时间上门", "门口快递车乱停", "小区路灯坏了很久没人修",
    "垃圾桶满了没有及时清运", "绿化修剪噪音太早", "泳池水质浑浊", "邻居车辆占用车位",
)
HELPS = (
    "代叫出租车", "帮忙搬运家具", "代收快递", "借用轮椅", "家里老人需要陪同就医",
    "钥匙锁在屋里了", "帮忙联系开锁", "代订会所包间", "借用雨伞", "帮忙照看宠物一天",
    "叫保洁做深度清洁", "帮忙接送孩子放学的访客登记",
)
SPECIAL = ("上门前先电话联系", "家中有老人，请轻声", "家里有宠物狗，注意关门", "下午三点后家里有人",
           "请穿鞋套进屋", "只能周末上门", "业主不在家，找保姆开门")
VOID_REASONS = ("重复登记", "录错别墅号", "来电人拨错号码")
REVIEW_REMARKS = ("", "", "", "已逐条核对", "报修均已派工", "投诉已转主管跟进", "咨询已全部答复",
                  "补录记录已核实")
ANSWERS = (
    ("物业费", "物业费怎么缴纳？",
     "可在会所前台刷卡、微信或支付宝缴纳，也可办理银行代扣；按季度预缴。",
     "缴费 付款 物业费"),
    ("物业费", "物业费收费标准是多少？",
     "别墅物业费按建筑面积每月每平方米4.8元计收，详见公示栏。",
     "收费标准 价格 多少钱"),
    ("物业费", "能开物业费发票吗？",
     "可以。缴费后凭收据到前台登记抬头和税号，三个工作日内开具电子发票。",
     "发票 开票 税号"),
    ("装修", "装修申请需要哪些材料？",
     "需业主身份证、房产证复印件、装修图纸和施工单位资质，到前台填写装修申请表，工程部"
     "三个工作日内审核。",
     "装修 申请 材料 审批"),
    ("装修", "装修施工时间有什么规定？",
     "工作日8:00-12:00、14:00-18:00可施工，周末及法定节假日禁止产"
     "生噪音的施工。",
     "装修 噪音 时间"),
    ("装修", "装修垃圾怎么处理？",
     "装修垃圾须装袋后运到指定堆放点，可预约清运，收费按标准执行。",
     "装修垃圾 清运"),
    ("会所", "会所泳池开放时间？",
     "室内泳池每天6:30-21:30开放，每周一上午9:00-12:00换水维护。",
     "泳池 游泳 开放时间"),
    ("会所", "会所健身房需要预约吗？",
     "业主凭业主卡可直接使用健身房；私教课程需提前一天预约。",
     "健身房 预约"),
    ("会所", "会所包间怎么预订？",
     "可提前三天到前台或电话预订，需支付押金，取消请提前24小时通知。",
     "包间 宴请 预订"),
    ("停车", "访客车辆怎么登记？",
     "业主可提前通过前台或业主App登记访客车牌，访客到门岗出示即可进入。",
     "访客 车辆 登记 门岗"),
    ("停车", "停车月卡怎么办理？",
     "携带行驶证和业主卡到前台办理，月卡费用按公示标准收取。",
     "停车 月卡 车位"),
    ("停车", "车位被占用怎么办？",
     "请拨打前台电话，秩序维护人员会立即到场联系车主挪车。",
     "占车位 挪车"),
    ("快递", "快递可以放前台代收吗？",
     "可以。前台代收后会电话或短信通知，请凭取件码或业主卡领取。",
     "快递 代收 包裹"),
    ("快递", "大件物品搬出小区需要什么手续？",
     "需业主到前台填写物品放行条并签字，门岗凭放行条放行。",
     "放行条 搬家 大件"),
    ("证件", "业主卡丢失怎么补办？",
     "携带身份证到前台挂失并补办，工本费20元，当场可取。",
     "业主卡 门禁卡 补办 丢失"),
    ("证件", "房屋出租需要备案吗？",
     "需要。请业主携带租赁合同和租户身份证复印件到前台登记备案。",
     "出租 租户 备案"),
    ("生活", "垃圾分类投放时间？",
     "每天7:00-9:00、18:00-20:00定时投放，其他时间请投放到误时投放"
     "点。",
     "垃圾分类 投放"),
    ("生活", "大件垃圾怎么处理？",
     "请提前电话预约，保洁人员上门清运，按特需服务收费标准收费。",
     "大件垃圾 旧家具"),
    ("生活", "宠物登记怎么办理？",
     "携带犬只免疫证明到前台登记，领取宠物牌，遛狗请牵绳并清理粪便。",
     "宠物 狗 登记"),
    ("生活", "小区有没有班车去地铁站？",
     "工作日7:00-9:00每半小时一班，从会所门口发车至地铁站。",
     "班车 地铁"),
    ("维修", "室内维修收费吗？",
     "公共部位维修免费；户内维修按特需服务收费标准收取材料费和人工费，前台可告知基本价"
     "格。",
     "维修 收费 价格"),
    ("维修", "报修后多久上门？",
     "一般报修30分钟内响应，急修（漏水、停电）15分钟内到场。",
     "报修 上门 多久"),
    ("维修", "停水停电会提前通知吗？",
     "计划停水停电至少提前24小时在公告栏和业主群通知。",
     "停水 停电 通知"),
    ("安全", "家里没人时能帮忙看房吗？",
     "可办理空房看管登记，秩序维护人员每天巡查一次并记录。",
     "看房 空房 出远门"),
    ("安全", "钥匙锁在屋里怎么办？",
     "前台可联系有资质的开锁公司，需核实业主身份后方可开锁。",
     "开锁 钥匙"),
)


@dataclass(frozen=True)
class _Caller:
    villa_id: int
    name: str
    phone: str


def _callers(session: Session) -> list[_Caller]:
    rows = session.execute(
        select(Household.villa_id, Person.name, Person.phone, Person.role)
        .join(Person, Person.household_id == Household.id)
        .where(Household.active.is_(True), Person.active.is_(True))
    ).all()
    # Owners call most; family and tenants now and then.
    weight = {HouseholdRole.OWNER: 3, HouseholdRole.FAMILY: 1, HouseholdRole.TENANT: 2}
    return [_Caller(v, n, p) for v, n, p, role in rows for _ in range(weight[role])]


def _staff(session: Session) -> tuple[list[int], int]:
    by_role: dict[Role, list[int]] = {}
    for staff_id, role in session.execute(select(Staff.id, Staff.role).where(
            Staff.active.is_(True)).order_by(Staff.agent_no)):
        by_role.setdefault(role, []).append(staff_id)
    signers = by_role.get(Role.SUPERVISOR) or by_role.get(Role.MANAGER)
    takers = by_role.get(Role.RECEPTIONIST) or signers
    if not takers or not signers:
        raise ValueError("add staff before the reception history")
    return takers, signers[0]


def _content(rng: random.Random, cls: EntryClass) -> str:
    pool = {EntryClass.REPAIR: REPAIRS, EntryClass.INQUIRY: INQUIRIES,
            EntryClass.COMPLAINT: COMPLAINTS, EntryClass.HELP: HELPS}[cls]
    return rng.choice(pool).format(room=rng.choice(ROOMS))


def _day_entries(rng: random.Random, day: dt.date, latest: dt.datetime, callers: list[_Caller],
                 takers: list[int], mean: float) -> list[ReceptionEntry]:
    # Busy and quiet days alike: 8 to 20 calls on a day that averages 14.
    count = rng.randint(max(1, round(mean * 4 / 7)), max(1, round(mean * 10 / 7)))
    entries = []
    for _n in range(count):
        minute = int(rng.triangular(8 * 60, 21 * 60, 10 * 60))
        occurred = dt.datetime.combine(day, dt.time(minute // 60, minute % 60))
        if occurred > latest:
            continue
        cls = rng.choices(list(EntryClass), weights=(40, 30, 12, 18))[0]
        channel = rng.choices(list(Channel), weights=(65, 28, 7))[0]
        caller = rng.choice(callers)
        outsider = cls in (EntryClass.INQUIRY, EntryClass.HELP) and rng.random() < 0.08
        back = rng.random() < 0.015
        appointment = None
        if cls == EntryClass.REPAIR and rng.random() < 0.6:
            appointment = (occurred + dt.timedelta(hours=rng.choice((1, 2, 3, 20, 24, 26)))
                           ).replace(minute=rng.choice((0, 30)))
        entries.append(ReceptionEntry(
            channel=channel, entry_class=cls,
            caller_name=rng.choice(("访客", "快递员", "外卖员")) if outsider else caller.name,
            villa_id=None if outsider else caller.villa_id,
            contact_phone="" if outsider or (channel == Channel.VISIT and rng.random() < 0.5)
            else caller.phone,
            occurred_at=occurred,
            recorded_at=occurred + dt.timedelta(minutes=rng.randint(40, 180) if back
                                                else rng.randint(0, 4)),
            back_entered=back, content=_content(rng, cls), appointment_at=appointment,
            special_requirements=rng.choice(SPECIAL) if rng.random() < 0.12 else "",
            taken_by_id=rng.choice(takers),
            voided=rng.random() < 0.005, void_reason="",
        ))
    for entry in entries:
        if entry.voided:
            entry.void_reason = rng.choice(VOID_REASONS)
    return entries


def _answer_book(session: Session, author: int, when: dt.datetime) -> None:
    if session.scalar(select(func.count(AnswerBookEntry.id))):
        return
    session.add_all(AnswerBookEntry(topic=t, question=q, answer=a, keywords=k, active=True,
                                    updated_at=when, updated_by_id=author)
                    for t, q, a, k in ANSWERS)


class ReceptionHistory:
    """Calls and visits for every day of the period, their promises and daily reviews."""

    register = ReceptionEntry.__tablename__

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)

    def begin(self, uow: UnitOfWork, period: Period) -> None:
        self.now = period.now
        with uow.read() as session:
            self.callers = _callers(session)
            self.takers, self.signer = _staff(session)
            # Per villa of the resort, lived in or not: the rate is the resort's, not a home's.
            villas = session.scalar(select(func.count(Villa.id))) or 0
        if not self.callers:
            raise ValueError("add households before the reception history")
        self.per_day = villas * period.calls_per_villa_day
        with uow.transaction() as session:
            _answer_book(session, self.signer, dt.datetime.combine(period.start, dt.time(9)))

    def month_written(self, first: dt.date) -> str:
        return _("Call records written for {month}.").format(month=f"{first:%Y-%m}")

    def write_month(self, session: Session, first: dt.date, last: dt.date) -> int:
        rng, now = self.rng, self.now
        written: list[ReceptionEntry] = []
        promised: list[tuple[ReceptionEntry, InquiryPromise]] = []
        day = first
        while day <= last:
            entries = _day_entries(rng, day, now, self.callers, self.takers, self.per_day)
            written += entries
            promised += _promises(rng, entries, now)
            # Most days are signed next morning; the last couple are still waiting.
            signed_at = dt.datetime.combine(day + dt.timedelta(days=1),
                                            dt.time(8, rng.randint(30, 59)))
            if entries and (now - signed_at).days >= 1 and rng.random() < 0.97:
                session.add(DailyReview(
                    day=day, signed_by_id=self.signer, signed_at=signed_at,
                    remarks=rng.choice(REVIEW_REMARKS), entry_count=len(entries)))
            day += dt.timedelta(days=1)
        session.add_all(written)
        session.flush()  # once a month: the promises need their calls' ids
        for entry, promise in promised:
            promise.entry_id = entry.id
        session.add_all(promise for _entry, promise in promised)
        return len(written)


def add_reception_history(uow: UnitOfWork, start: dt.date, end: dt.date, seed: int = 7,
                          month_done: Callable[[dt.date], None] | None = None,
                          calls_per_villa_day: float = FIRST_RUN_CALLS_PER_VILLA_DAY) -> int:
    """Calls and visits for every day from ``start`` to ``end``; returns how many.

    ``month_done(first_day)`` is told after each month is written (progress, cancel)."""
    period = Period(start, end, uow.clock.now(), calls_per_villa_day)
    return write_history(uow, ReceptionHistory(seed), period, month_done)


def _promises(rng: random.Random, entries: list[ReceptionEntry],
              now: dt.datetime) -> list[tuple[ReceptionEntry, InquiryPromise]]:
    """Inquiries promised an answer within a day; linked to their call after the flush."""
    promised = []
    for entry in entries:
        if entry.entry_class != EntryClass.INQUIRY or entry.voided or rng.random() > 0.12:
            continue
        due = entry.occurred_at + dt.timedelta(hours=24)
        answered = entry.occurred_at + dt.timedelta(hours=rng.choice((2, 4, 6, 20, 23, 30)))
        done = answered <= now and rng.random() < 0.97
        promised.append((entry, InquiryPromise(
            due_at=due,
            answered_at=answered if done else None,
            answered_by_id=entry.taken_by_id if done else None,
            answer="已电话回复业主，业主表示满意" if done else "",
        )))
    return promised
