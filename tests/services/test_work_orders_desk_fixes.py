"""Work orders as the desk meets them in the first hour: times in minutes, the caller's
special requirements on the slip, callbacks chosen (or not reached), and every printout
reading the record the screen shows."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from app.clock import FakeClock
from app.i18n import _, fmt_datetime
from app.models.audit import AuditEntry
from app.models.deadlines import DeadlineEvent
from app.models.reception import Channel, EntryClass
from app.models.work_order_rules import Action
from app.models.work_orders import Department, Rating
from app.models.work_orders import WorkOrderState as S
from app.services import reception, work_orders
from app.services.errors import ValidationFailed
from app.services.printouts import render_printout
from app.services.uow import UnitOfWork
from app.services.work_categories import list_categories
from app.services.work_order_queries import work_order_detail
from app.services.work_order_slips import (
    monthly_register_rows,
    print_slip,
    register_pdf,
    slip_data,
    slip_pdf,
)
from app.services.work_orders import WorkOrderDraft
from app.settings import SLIP_MASKED_COPIES, write_setting

NEEDS = "上门前先电话联系；家中有宠物"


@pytest.fixture
def water(uow: UnitOfWork) -> int:
    work_orders.ensure_defaults(uow)
    return next(c.id for c in list_categories(uow) if c.name == "给排水")


def draft(villas: dict[str, int], category: int, **changes: object) -> WorkOrderDraft:
    values: dict[str, object] = {
        "content": "主卫洗手盆水龙头漏水", "department": Department.ENGINEERING,
        "category_id": category, "villa_id": villas["A-12"], "location": "二楼主卫",
        "contact_name": "张伟", "contact_phone": "13812345678"}
    values.update(changes)
    return WorkOrderDraft(**values)  # type: ignore[arg-type]


def text_of(pdf: bytes, tmp_path: Path, name: str = "out.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def event_at(detail: work_orders.WorkOrderDetail, title: str) -> dt.datetime:
    return next(event.at for event in detail.timeline if event.title == title)


# -- 5: one precision for event times ------------------------------------------------------

def test_started_and_completed_within_the_same_minute(
        receptionist: UnitOfWork, clock: FakeClock, villas: dict[str, int], water: int,
        tmp_path: Path) -> None:
    order = work_orders.open_work_order(
        receptionist, draft(villas, water, assignee="李强"), dispatch_now=True)
    clock.set(dt.datetime(2026, 11, 24, 9, 5, 20))
    started = work_orders.start(receptionist, order.id)
    assert started.started_at == dt.datetime(2026, 11, 24, 9, 5)  # stored to the minute
    clock.set(dt.datetime(2026, 11, 24, 9, 5, 50))
    # The completion dialog sends the minute it shows: 09:05, "before" 09:05:20 in seconds.
    done = work_orders.complete(receptionist, order.id, "拧紧阀芯",
                                dt.datetime(2026, 11, 24, 9, 5))
    assert (done.state, done.completed_at) == (S.COMPLETED, dt.datetime(2026, 11, 24, 9, 5))
    assert event_at(done, _("Work started")) == done.started_at
    assert event_at(done, _("Completed")) == done.completed_at
    assert "2026-11-24 09:05" in text_of(slip_pdf(receptionist, order.id), tmp_path)
    # Still refused a minute earlier than the start.
    with pytest.raises(ValidationFailed) as caught:
        reopened = work_orders.open_work_order(
            receptionist, draft(villas, water, assignee="李强"), dispatch_now=True)
        work_orders.start(receptionist, reopened.id)
        work_orders.complete(receptionist, reopened.id, "x", dt.datetime(2026, 11, 24, 9, 4))
    assert set(caught.value.errors) == {"completed_at"}


def test_a_completion_typed_in_later_shows_its_own_time_everywhere(
        receptionist: UnitOfWork, clock: FakeClock, villas: dict[str, int],
        water: int) -> None:
    order = work_orders.open_work_order(
        receptionist, draft(villas, water, assignee="李强"), dispatch_now=True)
    clock.set(dt.datetime(2026, 11, 24, 9, 40))
    work_orders.start(receptionist, order.id)
    clock.set(dt.datetime(2026, 11, 24, 11, 2, 37))
    done = work_orders.complete(receptionist, order.id, "更换阀芯",
                                dt.datetime(2026, 11, 24, 10, 30))
    assert event_at(done, _("Completed")) == dt.datetime(2026, 11, 24, 10, 30)
    assert slip_data(receptionist, order.id).completed_at == dt.datetime(2026, 11, 24, 10, 30)


# -- 10: special requirements from the call to the slip ------------------------------------

def test_special_requirements_travel_from_the_call_to_the_slip(
        receptionist: UnitOfWork, clock: FakeClock, villas: dict[str, int], water: int,
        tmp_path: Path) -> None:
    call = reception.log_entry(receptionist, reception.NewEntry(
        Channel.PHONE, EntryClass.REPAIR, "张伟", "主卫洗手盆水龙头漏水",
        villa_id=villas["A-12"], contact_phone="13812345678", special_requirements=NEEDS))
    handed = reception.entry_for_work_order(receptionist, call.id)
    assert handed.special_requirements == NEEDS
    # The service takes it from the call when the form says nothing about it.
    order = work_orders.open_work_order(receptionist, draft(villas, water, entry_id=call.id))
    assert order.special_requirements == NEEDS
    slip = slip_data(receptionist, order.id)
    assert (slip.special_requirements, slip.contact_phone) == (NEEDS, "13812345678")
    flat = "".join(text_of(slip_pdf(receptionist, order.id), tmp_path).split())
    assert flat.count("特殊要求") == 4 and flat.count(NEEDS) == 4  # every copy

    edited = work_orders.edit_work_order(receptionist, order.id, draft(
        villas, water, special_requirements="家中有宠物，请先电话联系"))
    assert edited.special_requirements == "家中有宠物，请先电话联系"
    # Leaving it out of an edit keeps it.
    kept = work_orders.edit_work_order(receptionist, order.id, draft(villas, water))
    assert kept.special_requirements == "家中有宠物，请先电话联系"
    with pytest.raises(ValidationFailed) as caught:
        work_orders.edit_work_order(receptionist, order.id, draft(
            villas, water, special_requirements="很" * 1001))
    assert set(caught.value.errors) == {"special_requirements"}


# -- 11: a callback is chosen, and "not reached" keeps it due ------------------------------

def completed_order(receptionist: UnitOfWork, clock: FakeClock, villas: dict[str, int],
                    water: int) -> work_orders.WorkOrderDetail:
    order = work_orders.open_work_order(
        receptionist, draft(villas, water, assignee="李强"), dispatch_now=True)
    work_orders.start(receptionist, order.id)
    clock.set(dt.datetime(2026, 11, 24, 11, 30))
    return work_orders.complete(receptionist, order.id, "更换阀芯，试水无渗漏")


def test_a_callback_without_the_owners_answers_is_refused(
        receptionist: UnitOfWork, clock: FakeClock, villas: dict[str, int],
        water: int) -> None:
    order = completed_order(receptionist, clock, villas, water)
    with pytest.raises(ValidationFailed) as caught:
        work_orders.callback(receptionist, order.id, None, Rating.SATISFIED, None)
    assert set(caught.value.errors) == {"quality", "satisfaction"}
    assert work_order_detail(receptionist, order.id).state == S.COMPLETED


def test_not_reached_keeps_the_callback_due_and_counts_the_attempts(
        receptionist: UnitOfWork, clock: FakeClock, villas: dict[str, int],
        water: int) -> None:
    order = completed_order(receptionist, clock, villas, water)
    due = order.deadline.due_at
    assert order.deadline.event == DeadlineEvent.WORK_ORDER_CALLBACK
    clock.set(dt.datetime(2026, 11, 24, 15, 0))
    first = work_orders.callback_not_reached(receptionist, order.id, "无人接听")
    clock.set(dt.datetime(2026, 11, 25, 9, 10))
    second = work_orders.callback_not_reached(receptionist, order.id)
    assert second.state == S.COMPLETED and Action.CALLBACK in second.actions
    assert (second.deadline.event, second.deadline.due_at) == (
        DeadlineEvent.WORK_ORDER_CALLBACK, due)
    assert [a.at for a in second.callback_attempts] == [
        dt.datetime(2026, 11, 24, 15, 0), dt.datetime(2026, 11, 25, 9, 10)]
    assert first.callback_attempts[0].by == "王丽"
    not_reached = [e for e in second.timeline if e.title == _("Callback: not reached")]
    assert [(e.at, e.detail) for e in not_reached] == [
        (dt.datetime(2026, 11, 24, 15, 0), "无人接听"), (dt.datetime(2026, 11, 25, 9, 10), "")]
    with receptionist.read() as session:
        logged = session.scalars(select(AuditEntry).where(
            AuditEntry.entity == "work_order_callback_attempt")).all()
    assert [entry.action for entry in logged] == ["create", "create"]
    # Reached at last: the callback closes the loop as before.
    called = work_orders.callback(receptionist, order.id, Rating.SATISFIED, Rating.SATISFIED,
                                  Rating.SATISFIED)
    assert called.state == S.CALLED_BACK and len(called.callback_attempts) == 2


# -- 12: every printout reads the record the screen shows ----------------------------------

def test_a_reprint_after_closing_shows_what_the_detail_shows(
        receptionist: UnitOfWork, clock: FakeClock, villas: dict[str, int], water: int,
        tmp_path: Path) -> None:
    # The call comes in at 07:53; the order is typed in from it at 07:55.
    clock.set(dt.datetime(2026, 11, 24, 7, 53, 12))
    call = reception.log_entry(receptionist, reception.NewEntry(
        Channel.PHONE, EntryClass.REPAIR, "张伟", "主卫洗手盆水龙头漏水",
        villa_id=villas["A-12"], contact_phone="13812345678"))
    clock.set(dt.datetime(2026, 11, 24, 7, 55, 40))
    order = work_orders.open_work_order(
        receptionist, draft(villas, water, entry_id=call.id, assignee="李强"),
        dispatch_now=True)
    print_slip(receptionist, order.id, "plain", "Front")
    clock.set(dt.datetime(2026, 11, 24, 8, 30))
    work_orders.start(receptionist, order.id)
    clock.set(dt.datetime(2026, 11, 24, 9, 45))
    work_orders.complete(receptionist, order.id, "更换阀芯一个，试水无渗漏")
    clock.set(dt.datetime(2026, 11, 24, 16, 0))
    work_orders.callback(receptionist, order.id, Rating.SATISFIED, Rating.FAIR,
                         Rating.SATISFIED)
    work_orders.close(receptionist, order.id)

    detail = work_order_detail(receptionist, order.id)
    register = monthly_register_rows(receptionist, 2026, 11)
    assert register[0].received_at == detail.received_at == dt.datetime(2026, 11, 24, 7, 53)
    pdf, prior = print_slip(receptionist, order.id, "plain", "Front")
    assert prior == 1
    for text in (text_of(pdf, tmp_path, "reprint.pdf"),
                 text_of(render_printout(receptionist, "dispatch-slip", order.number),
                         tmp_path, "cli.pdf")):
        assert "更换阀芯一个，试水无渗漏" in "".join(text.split())
        assert re.findall(r"✓\s*(\S+)", text)[:3] == ["满意", "满意", "基本满意"]
        assert re.search(r"受理时间\s+2026-11-24 07:53", text)
        assert re.search(r"派工时间\s+2026-11-24 07:55", text)
        assert re.search(r"完成时间\s+2026-11-24 09:45", text)
    register_text = text_of(register_pdf(receptionist, 2026, 11), tmp_path, "register.pdf")
    assert "2026-11-24 07:53" in register_text and "07:55" not in register_text
    assert fmt_datetime(detail.received_at).endswith("07:53")


# -- 9: which copies show the phone is the site's setting ----------------------------------

def test_the_engineering_copy_keeps_the_phone_unless_the_site_says_otherwise(
        receptionist: UnitOfWork, villas: dict[str, int], water: int, tmp_path: Path) -> None:
    order = work_orders.open_work_order(receptionist, draft(villas, water))

    def copies(pdf: bytes) -> list[bool]:
        """Per page of the slip: is the phone whole on it?"""
        text = text_of(pdf, tmp_path)
        pages = text.split("\f")[:4]
        assert all("138****5678" in page or "13812345678" in page for page in pages)
        return ["13812345678" in page for page in pages]

    assert copies(slip_pdf(receptionist, order.id)) == [False, False, False, True]
    # 套打: one impression through every carbon part, so masked while any copy is.
    overprint = text_of(slip_pdf(receptionist, order.id, "overprint"), tmp_path)
    assert "138****5678" in overprint and "13812345678" not in overprint

    with receptionist.transaction() as session:
        write_setting(session, SLIP_MASKED_COPIES, [0, 1, 2, 3])
    assert copies(slip_pdf(receptionist, order.id)) == [False, False, False, False]
    with receptionist.transaction() as session:
        write_setting(session, SLIP_MASKED_COPIES, [])
    assert copies(slip_pdf(receptionist, order.id)) == [True, True, True, True]
    assert "13812345678" in text_of(slip_pdf(receptionist, order.id, "overprint"), tmp_path)
