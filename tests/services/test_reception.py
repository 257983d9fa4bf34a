"""Logging calls and visits at the desk: who took them, when, and what became of them."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.clock import FakeClock
from app.models.numbering import DocumentKind
from app.models.reception import Channel, EntryClass, ReceptionEntry
from app.models.work_orders import Department, WorkOrder, WorkOrderState
from app.services import numbering
from app.services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from app.services.reception import (
    EntryFilter,
    NewEntry,
    entry_detail,
    entry_for_work_order,
    list_entries,
    log_entry,
    staff_choices,
    void_entry,
)
from app.services.uow import UnitOfWork

TODAY = dt.date(2026, 11, 24)


def leaking_tap(villa_id: int, **changes: object) -> NewEntry:
    base = dict(channel=Channel.PHONE, entry_class=EntryClass.REPAIR, caller_name="张伟",
                content="厨房水龙头漏水", villa_id=villa_id, contact_phone="138 1234 5678")
    base.update(changes)
    return NewEntry(**base)  # type: ignore[arg-type]


def today(uow: UnitOfWork, **changes: object) -> list:  # type: ignore[type-arg]
    return list(list_entries(uow, EntryFilter(TODAY, TODAY, **changes)).rows)  # type: ignore[arg-type]


def test_a_call_is_logged_now_with_the_receptionist_as_first_contact_owner(
        receptionist: UnitOfWork, villas: dict[str, int], clock: FakeClock) -> None:
    row = log_entry(receptionist, leaking_tap(villas["A-12"]))

    assert row.occurred_at == clock.now() == row.recorded_at
    assert row.taken_by_name == "王丽" and row.taken_by_id == receptionist.actor.staff_id
    assert row.villa_number == "A-12"
    # Spaces typed on the phone keypad dropped; shown masked to the receptionist.
    assert row.contact_phone == "138****5678"
    with receptionist.read() as session:
        assert session.get(ReceptionEntry, row.id).contact_phone == "13812345678"  # type: ignore[union-attr]
    assert not row.back_entered
    assert row.can_open_work_order


def test_a_call_written_on_paper_during_an_outage_keeps_its_time_and_is_marked_back_entered(
        receptionist: UnitOfWork, villas: dict[str, int], clock: FakeClock) -> None:
    earlier = clock.now() - dt.timedelta(minutes=31)
    row = log_entry(receptionist, leaking_tap(villas["A-12"], occurred_at=earlier))
    assert row.occurred_at == earlier and row.recorded_at == clock.now()
    assert row.back_entered

    recent = clock.now() - dt.timedelta(minutes=20)
    assert not log_entry(receptionist, leaking_tap(villas["A-3"], occurred_at=recent)).back_entered


def test_a_time_in_the_future_is_refused_beside_the_time_field(
        receptionist: UnitOfWork, villas: dict[str, int], clock: FakeClock) -> None:
    # A desk clock a few minutes off is tolerated …
    log_entry(receptionist, leaking_tap(villas["A-12"], occurred_at=clock.now()
                                        + dt.timedelta(minutes=4)))
    # … a typo of an hour is not.
    with pytest.raises(ValidationFailed) as err:
        log_entry(receptionist, leaking_tap(villas["A-12"], occurred_at=clock.now()
                                            + dt.timedelta(hours=1)))
    assert set(err.value.errors) == {"occurred_at"}


def test_missing_caller_content_and_a_bad_phone_are_all_reported_at_once(
        receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    with pytest.raises(ValidationFailed) as err:
        log_entry(receptionist, leaking_tap(villas["A-12"], caller_name=" ", content="",
                                            contact_phone="1381234"))
    assert set(err.value.errors) == {"caller_name", "content", "contact_phone"}
    assert "11" in err.value.errors["contact_phone"]
    assert today(receptionist) == []


def test_an_appointment_before_the_call_is_refused(
        receptionist: UnitOfWork, villas: dict[str, int], clock: FakeClock) -> None:
    with pytest.raises(ValidationFailed) as err:
        log_entry(receptionist, leaking_tap(villas["A-12"],
                                            appointment_at=clock.now() - dt.timedelta(hours=2)))
    assert set(err.value.errors) == {"appointment_at"}
    row = log_entry(receptionist, leaking_tap(
        villas["A-12"], appointment_at=dt.datetime(2026, 11, 24, 14, 0),
        special_requirements="下午两点后家里有人"))
    assert row.appointment_at == dt.datetime(2026, 11, 24, 14, 0)
    assert row.special_requirements == "下午两点后家里有人"


def test_a_visitor_without_a_villa_can_be_logged_but_an_unknown_villa_cannot(
        receptionist: UnitOfWork) -> None:
    row = log_entry(receptionist, NewEntry(Channel.VISIT, EntryClass.INQUIRY, "快递员",
                                           "问B区怎么走"))
    assert row.villa_id is None and row.villa_number == ""
    with pytest.raises(ValidationFailed) as err:
        log_entry(receptionist, NewEntry(Channel.VISIT, EntryClass.INQUIRY, "访客", "问路",
                                         villa_id=9999))
    assert set(err.value.errors) == {"villa"}


def test_only_an_inquiry_may_carry_a_promise(receptionist: UnitOfWork,
                                             villas: dict[str, int]) -> None:
    with pytest.raises(ValidationFailed) as err:
        log_entry(receptionist, leaking_tap(villas["A-12"], promise_answer=True))
    assert set(err.value.errors) == {"promise_answer"}


def test_todays_list_counts_each_class_and_filters_by_class_villa_and_staff(
        receptionist: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int],
        clock: FakeClock) -> None:
    log_entry(receptionist, leaking_tap(villas["A-12"]))
    clock.advance(minutes=10)
    log_entry(receptionist, NewEntry(Channel.PHONE, EntryClass.INQUIRY, "王建国", "物业费缴纳方式",
                                     villa_id=villas["A-3"]))
    clock.advance(minutes=10)
    log_entry(supervisor, NewEntry(Channel.VISIT, EntryClass.COMPLAINT, "赵敏", "邻居装修噪音",
                                   villa_id=villas["B-7"]))
    clock.advance(minutes=10)
    log_entry(receptionist, NewEntry(Channel.PHONE, EntryClass.HELP, "周杰", "代叫出租车",
                                     villa_id=villas["B-7"]))
    clock.advance(minutes=10)
    log_entry(receptionist, NewEntry(Channel.PHONE, EntryClass.REPAIR, "张伟", "主卧空调不制冷",
                                     villa_id=villas["A-12"]))
    # Yesterday's call is not today's.
    log_entry(receptionist, leaking_tap(villas["A-3"], occurred_at=dt.datetime(2026, 11, 23, 17)))

    result = list_entries(receptionist, EntryFilter(TODAY, TODAY))
    assert [r.content for r in result.rows][:2] == ["主卧空调不制冷", "代叫出租车"]  # newest first
    assert (result.counts.repair, result.counts.inquiry, result.counts.complaint,
            result.counts.help, result.counts.total) == (2, 1, 1, 1, 5)
    assert result.counts.of(EntryClass.REPAIR) == 2

    repairs = list_entries(receptionist, EntryFilter(TODAY, TODAY, entry_class=EntryClass.REPAIR))
    assert [r.content for r in repairs.rows] == ["主卧空调不制冷", "厨房水龙头漏水"]
    assert repairs.counts.total == 5  # the summary line does not shrink with the class filter

    assert {r.content for r in today(receptionist, villa_id=villas["B-7"])} == {"邻居装修噪音",
                                                                              "代叫出租车"}
    assert [r.taken_by_name for r in today(receptionist,
                                           taken_by_id=supervisor.actor.staff_id)] == ["刘主管"]
    two_days = list_entries(receptionist, EntryFilter(TODAY - dt.timedelta(days=1), TODAY))
    assert two_days.counts.total == 6
    assert {"刘主管 (002)", "王丽 (008)"} <= {label for _id, label in staff_choices(receptionist)}


def test_a_supervisor_voids_a_mistaken_record_with_a_reason(
        receptionist: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int]) -> None:
    row = log_entry(receptionist, leaking_tap(villas["A-12"]))
    with pytest.raises(PermissionDenied):
        void_entry(receptionist, row.id, "重复登记")
    with pytest.raises(ValidationFailed):
        void_entry(supervisor, row.id, "  ")

    voided = void_entry(supervisor, row.id, "重复登记")
    assert voided.voided and voided.void_reason == "重复登记"
    assert not voided.can_open_work_order
    result = list_entries(receptionist, EntryFilter(TODAY, TODAY))
    assert [r.voided for r in result.rows] == [True]  # still listed, struck out in the view
    assert result.counts.total == 0  # but not counted
    assert list_entries(receptionist, EntryFilter(TODAY, TODAY, include_voided=False)).rows == ()
    with pytest.raises(Conflict):
        void_entry(supervisor, row.id, "again")
    with pytest.raises(NotFound):
        entry_detail(receptionist, 12345)


def _work_order_from(uow: UnitOfWork, entry_id: int) -> str:
    """What the work-orders service does with an entry; inlined to test the hand-over."""
    summary = entry_for_work_order(uow, entry_id)
    with uow.transaction() as session:
        doc = numbering.allocate(session, DocumentKind.DISPATCH_SLIP, record_type="work_order",
                                 actor=uow.actor, now=uow.clock.now())
        order = WorkOrder(number=doc.number, document_id=doc.id, villa_id=summary.villa_id,
                          contact_name=summary.caller_name, contact_phone=summary.contact_phone,
                          content=summary.content, department=Department.ENGINEERING,
                          state=WorkOrderState.RECEIVED, received_at=uow.clock.now(),
                          taken_by_id=summary.taken_by_id, entry_id=summary.entry_id)
        session.add(order)
        session.flush()
        assert session.scalar(select(WorkOrder.number).where(WorkOrder.id == order.id))
        return doc.number


def test_a_repair_call_hands_its_details_to_a_work_order_only_once(
        receptionist: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int]) -> None:
    row = log_entry(receptionist, leaking_tap(villas["A-12"], appointment_at=dt.datetime(
        2026, 11, 24, 14, 0)))
    summary = entry_for_work_order(receptionist, row.id)
    assert (summary.entry_id, summary.villa_number, summary.caller_name, summary.contact_phone,
            summary.content, summary.entry_class) == (
        row.id, "A-12", "张伟", "138****5678", "厨房水龙头漏水", EntryClass.REPAIR)
    assert summary.appointment_at == dt.datetime(2026, 11, 24, 14, 0)
    assert summary.taken_by_id == receptionist.actor.staff_id

    number = _work_order_from(receptionist, row.id)
    detail = entry_detail(receptionist, row.id)
    assert detail.work_order_number == number and not detail.can_open_work_order
    with pytest.raises(Conflict, match=number):
        entry_for_work_order(receptionist, row.id)
    with pytest.raises(Conflict):
        void_entry(supervisor, row.id, "录错了")


def test_complaints_and_inquiries_do_not_become_work_orders(
        receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    complaint = log_entry(receptionist, NewEntry(Channel.PHONE, EntryClass.COMPLAINT, "赵敏",
                                                 "邻居装修噪音", villa_id=villas["B-7"]))
    with pytest.raises(Conflict, match=r"投诉|omplaint"):
        entry_for_work_order(receptionist, complaint.id)
    assert entry_detail(receptionist, complaint.id).entry_class == EntryClass.COMPLAINT
    inquiry = log_entry(receptionist, NewEntry(Channel.PHONE, EntryClass.INQUIRY, "王建国",
                                               "物业费缴纳方式", villa_id=villas["A-3"]))
    with pytest.raises(Conflict):
        entry_for_work_order(receptionist, inquiry.id)
    help_row = log_entry(receptionist, NewEntry(Channel.PHONE, EntryClass.HELP, "周杰",
                                                "搬运家具需要人手", villa_id=villas["B-7"]))
    assert entry_for_work_order(receptionist, help_row.id).entry_class == EntryClass.HELP
