"""Complaints at the desk: opened, classified, handled, called back and closed."""

from __future__ import annotations

import datetime as dt

import pytest

from app.clock import FakeClock
from app.demo.resort import add_household
from app.models.complaints import (
    CallbackMethod,
    CallbackOutcome,
    Category,
    Channel,
    ComplaintDepartment,
    ComplaintState,
    Level,
    Responsibility,
    Severity,
    StepKind,
    Validity,
)
from app.models.households import HouseholdRole
from app.models.reception import Channel as CallChannel
from app.models.reception import EntryClass
from app.services import complaints, confirmations, reception
from app.services.complaint_queries import (
    ComplaintFilter,
    complaint_detail,
    find_id,
    list_complaints,
)
from app.services.complaints import ComplaintDraft, HandlingInput
from app.services.errors import Conflict, PermissionDenied, ServiceError, ValidationFailed
from app.services.uow import UnitOfWork
from tests.conftest import PASSWORD


def noise(villa_id: int, **changes: object) -> ComplaintDraft:
    values: dict[str, object] = {
        "channel": Channel.PHONE, "category": Category.NOISE, "villa_id": villa_id,
        "content": "隔壁装修夜间施工噪音，晚上九点后仍在电钻", "complainant": "张伟",
        "phone": "13812345678", "demands": "晚上八点后停止施工",
        "department": ComplaintDepartment.SECURITY,
    }
    values.update(changes)
    return ComplaintDraft(**values)  # type: ignore[arg-type]


def test_a_complaint_is_numbered_ts_and_remembers_its_first_contact(
        receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    first = complaints.open_complaint(receptionist, noise(villas["A-12"]))
    second = complaints.open_complaint(receptionist, noise(villas["B-7"],
                                                           category=Category.CLEANING))
    assert (first.number, second.number) == ("TS2026-000001", "TS2026-000002")
    assert first.first_contact.startswith("王丽")
    assert first.state == ComplaintState.OPEN and first.level == Level.SPECIALIST
    assert first.severity == Severity.GENERAL and first.severity_by.startswith("王丽")
    assert first.phone == "138****5678"  # a receptionist sees it masked
    assert find_id(receptionist, "ts2026-000002") == second.id
    page = list_complaints(receptionist, ComplaintFilter())
    assert [r.number for r in page.rows] == ["TS2026-000002", "TS2026-000001"]


def test_opened_from_a_reception_complaint_entry(receptionist: UnitOfWork,
                                                 villas: dict[str, int]) -> None:
    entry = reception.log_entry(receptionist, reception.NewEntry(
        channel=CallChannel.PHONE, entry_class=EntryClass.COMPLAINT, caller_name="张伟",
        contact_phone="13812345678", villa_id=villas["A-12"], content="楼上噪音"))
    made = complaints.open_complaint(receptionist, noise(villas["A-12"], entry_id=entry.id,
                                                         phone="138****5678"))
    assert made.entry_id == entry.id
    assert made.received_at == entry.occurred_at.replace(second=0)
    linked = reception.entry_detail(receptionist, entry.id)  # the call says where it went
    assert (linked.complaint_id, linked.complaint_number) == (made.id, made.number)
    with pytest.raises(Conflict, match="TS2026-000001"):
        complaints.open_complaint(receptionist, noise(villas["A-12"], entry_id=entry.id))


def test_missing_content_and_place_are_said_beside_the_fields(receptionist: UnitOfWork) -> None:
    with pytest.raises(ValidationFailed) as caught:
        complaints.open_complaint(receptionist, noise(None, content=" ", phone="12"))
    assert set(caught.value.errors) >= {"content", "location", "phone"}


def test_classifications_record_who_and_when_and_a_change_needs_a_reason(
        receptionist: UnitOfWork, supervisor: UnitOfWork, clock: FakeClock,
        villas: dict[str, int]) -> None:
    made = complaints.open_complaint(receptionist, noise(villas["A-12"]))
    with pytest.raises(PermissionDenied):
        complaints.classify(receptionist, made.id, responsibility=Responsibility.PROPERTY)
    clock.advance(hours=2)
    first = complaints.classify(supervisor, made.id, responsibility=Responsibility.PROPERTY,
                                validity=Validity.VALID)
    assert first.responsibility_by.startswith("刘主管")
    assert first.responsibility_at == dt.datetime(2026, 11, 24, 10, 30)
    with pytest.raises(ValidationFailed) as caught:
        complaints.classify(supervisor, made.id, responsibility=Responsibility.DEVELOPER)
    assert "reason" in caught.value.errors
    changed = complaints.classify(supervisor, made.id, responsibility=Responsibility.DEVELOPER,
                                  reason="调查后确认为外墙防水问题，属开发商遗留")
    step = [s for s in changed.steps if s.kind == StepKind.CLASSIFIED][-1]
    assert (step.field, step.old, step.new) == ("responsibility", "property", "developer")
    assert step.reason.startswith("调查后")


def test_serious_goes_to_the_supervisor_at_once(receptionist: UnitOfWork,
                                                supervisor: UnitOfWork,
                                                villas: dict[str, int]) -> None:
    made = complaints.open_complaint(receptionist, noise(villas["A-12"]))
    raised = complaints.classify(supervisor, made.id, severity=Severity.SERIOUS,
                                 reason="业主称将向媒体反映")
    assert raised.level == Level.SUPERVISOR
    assert any(d.event.value == "complaint.step_in" for d in raised.deadlines)


def test_a_repeat_within_the_set_days_is_flagged(receptionist: UnitOfWork, clock: FakeClock,
                                                 villas: dict[str, int]) -> None:
    first = complaints.open_complaint(receptionist, noise(villas["A-12"]))
    clock.advance(days=10)
    hint = complaints.repeat_hint(receptionist, villas["A-12"], Category.NOISE)
    assert hint is not None and hint.number == first.number and hint.days == 30
    again = complaints.open_complaint(receptionist, noise(villas["A-12"]))
    assert again.repeat_of == first.number
    other = complaints.open_complaint(receptionist, noise(villas["A-12"],
                                                          category=Category.PARKING))
    assert other.repeat_of == ""
    clock.advance(days=40)
    assert complaints.repeat_hint(receptionist, villas["A-12"], Category.NOISE) is None


def handled(uow: UnitOfWork, supervisor: UnitOfWork, villa_id: int) -> int:
    made = complaints.open_complaint(uow, noise(villa_id))
    complaints.classify(supervisor, made.id, responsibility=Responsibility.PROPERTY,
                        validity=Validity.VALID)
    complaints.record_handling(uow, made.id, HandlingInput(
        investigation="秩序维护员到场核实，A-14装修队夜间施工",
        cause="装修管理巡查不到位，属一类（物业服务）", measures="告知装修时间规定，夜间巡查加一次",
        result="装修队已停工，承诺八点后不再施工"))
    return made.id


def test_closing_without_a_callback_is_refused(receptionist: UnitOfWork,
                                               supervisor: UnitOfWork,
                                               villas: dict[str, int]) -> None:
    complaint_id = handled(receptionist, supervisor, villas["A-12"])
    with pytest.raises(Conflict, match="TS2026-000001"):
        complaints.close_complaint(receptionist, complaint_id)
    assert complaint_detail(receptionist, complaint_id).state == ComplaintState.HANDLED


def test_handling_needs_a_cause_and_result(receptionist: UnitOfWork,
                                           villas: dict[str, int]) -> None:
    made = complaints.open_complaint(receptionist, noise(villas["A-12"]))
    with pytest.raises(ValidationFailed) as caught:
        complaints.record_handling(receptionist, made.id, HandlingInput("", "", "", ""))
    assert set(caught.value.errors) == {"cause", "result"}


def test_a_phone_callback_needs_a_second_staff_member(receptionist: UnitOfWork,
                                                      supervisor: UnitOfWork,
                                                      villas: dict[str, int]) -> None:
    complaint_id = handled(receptionist, supervisor, villas["A-12"])
    with pytest.raises(ValidationFailed) as caught:
        complaints.record_callback(receptionist, complaint_id, CallbackMethod.PHONE,
                                   CallbackOutcome.SATISFIED)
    assert "confirmation" in caught.value.errors
    with pytest.raises(ServiceError):
        confirmations.confirm_second_staff(receptionist, "008", PASSWORD)  # herself
    second = confirmations.confirm_second_staff(receptionist, "002", PASSWORD)
    closed = complaints.record_callback(receptionist, complaint_id, CallbackMethod.PHONE,
                                        CallbackOutcome.SATISFIED, "业主表示满意",
                                        confirmation=second)
    assert closed.state == ComplaintState.CLOSED and closed.closed_at is not None
    callback = next(s for s in closed.steps if s.kind == StepKind.CALLBACK)
    assert callback.confirmed_by.startswith("刘主管") and callback.by.startswith("王丽")
    with pytest.raises(Conflict):  # the token is used up, and the complaint is closed
        complaints.record_callback(receptionist, complaint_id, CallbackMethod.PHONE,
                                   CallbackOutcome.SATISFIED, confirmation=second)


def test_unsatisfied_reopens_with_the_reason_and_not_reached_stays_due(
        receptionist: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int]) -> None:
    complaint_id = handled(receptionist, supervisor, villas["A-12"])
    missed = complaints.record_callback(receptionist, complaint_id, CallbackMethod.PHONE,
                                        CallbackOutcome.NOT_REACHED, "无人接听")
    assert missed.state == ComplaintState.HANDLED
    assert any(d.event.value == "complaint.callback" and d.open for d in missed.deadlines)
    with pytest.raises(ValidationFailed):
        complaints.record_callback(receptionist, complaint_id, CallbackMethod.VISIT,
                                   CallbackOutcome.UNSATISFIED)
    reopened = complaints.record_callback(receptionist, complaint_id, CallbackMethod.VISIT,
                                          CallbackOutcome.UNSATISFIED, "晚上仍有噪音")
    assert reopened.state == ComplaintState.OPEN and reopened.reopen_count == 1
    assert [s.reason for s in reopened.steps if s.kind == StepKind.REOPENED] == ["晚上仍有噪音"]


def test_void_keeps_the_number(supervisor: UnitOfWork, villas: dict[str, int]) -> None:
    made = complaints.open_complaint(supervisor, noise(villas["A-12"]))
    with pytest.raises(ValidationFailed):
        complaints.void_complaint(supervisor, made.id, " ")
    voided = complaints.void_complaint(supervisor, made.id, "重复登记")
    assert voided.state == ComplaintState.VOID and voided.number == made.number
    assert voided.deadlines == ()


def test_a_non_resident_needs_no_villa(receptionist: UnitOfWork, uow: UnitOfWork) -> None:
    add_household(uow, "A-07", "湖畔区", [("孙强", HouseholdRole.OWNER, "", "13700007777")])
    made = complaints.open_complaint(receptionist, noise(None, location="访客 李先生，会所停车场",
                                                         complainant="李先生"))
    assert made.villa_number == "" and made.location.startswith("访客")
