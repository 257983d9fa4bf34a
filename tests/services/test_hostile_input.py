"""Every input-taking service, called directly with hostile values (what a broken
clipboard, a bad import or an attacker at the service layer hands it): the outcome is the
text stored and returned exactly, or a refusal with messages the desk can show — never a
crash, never a value stored other than it was given (an aware appointment 8 hours off)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.models.reception import Channel, EntryClass
from app.models.staff import Role
from app.models.work_orders import Department, Rating
from app.services import (
    answer_book,
    daily_review,
    drafts,
    estate,
    fee_standard,
    households,
    promises,
    reception,
    roster,
    rules,
    short_numbers,
    site,
    staff,
    work_categories,
    work_order_queries,
    work_orders,
)
from app.services.errors import ValidationFailed
from app.services.uow import UnitOfWork
from app.services.work_orders import FeeLineInput, WorkOrderDraft
from tests.hostile import (
    anything,
    hostile_date,
    hostile_datetime,
    hostile_decimal,
    hostile_text,
    huge_int,
    outcome,
)

BOUNDED = settings(max_examples=40, deadline=None, database=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture,
                                          HealthCheck.too_slow])
maybe_id = st.one_of(st.none(), huge_int)
NOON = dt.datetime(2026, 11, 24, 9, 0)


def _stored(text: str) -> str:
    return text.strip()


@pytest.fixture
def defaults(uow: UnitOfWork) -> dict[str, int]:
    work_orders.ensure_defaults(uow)
    ids = {c.name: c.id for c in work_categories.list_categories(uow)}
    ids.update({f.name: f.id for f in fee_standard.list_fee_items(uow)})
    return ids


@BOUNDED
@given(caller=hostile_text, content=hostile_text, special=hostile_text, phone=hostile_text,
       villa=maybe_id, occurred=st.one_of(st.none(), hostile_datetime),
       appointment=st.one_of(st.none(), hostile_datetime),
       entry_class=st.one_of(st.sampled_from(EntryClass), hostile_text))
def test_a_call_is_logged_exactly_or_refused(receptionist: UnitOfWork, villas: dict[str, int],
                                              caller: str, content: str, special: str,
                                              phone: str, villa: Any, occurred: Any,
                                              appointment: Any, entry_class: Any) -> None:
    data = reception.NewEntry(Channel.PHONE, entry_class, caller, content, villa, phone,
                              occurred, appointment, special)
    row = outcome(lambda: reception.log_entry(receptionist, data))
    if row is not None:
        assert (row.caller_name, row.content) == (_stored(caller), _stored(content))
        assert row.special_requirements == _stored(special)
        again = reception.entry_detail(receptionist, row.id)
        assert (again.caller_name, again.content) == (_stored(caller), _stored(content))
        assert again.appointment_at == appointment  # never shifted by a dropped zone
        assert appointment is None or appointment.tzinfo is None


def test_an_aware_appointment_is_refused_not_stored_8_hours_off(
        receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    at = dt.datetime(2026, 11, 24, 10, tzinfo=dt.UTC)
    data = reception.NewEntry(Channel.PHONE, EntryClass.REPAIR, "张伟", "漏水", villas["A-12"],
                              "13812345678", appointment_at=at)
    with pytest.raises(ValidationFailed) as refused:
        reception.log_entry(receptionist, data)
    assert "时区" in refused.value.errors["appointment_at"]


@pytest.mark.parametrize("occurred", [dt.datetime(1, 1, 1, 9), dt.datetime(9999, 12, 31)])
def test_a_call_in_year_1_or_9999_is_refused(receptionist: UnitOfWork,
                                             occurred: dt.datetime) -> None:
    data = reception.NewEntry(Channel.PHONE, EntryClass.INQUIRY, "张伟", "问快递",
                              occurred_at=occurred)
    with pytest.raises(ValidationFailed) as refused:
        reception.log_entry(receptionist, data)
    assert "occurred_at" in refused.value.errors


@BOUNDED
@given(content=hostile_text, location=hostile_text, assignee=hostile_text,
       special=st.one_of(st.none(), hostile_text), villa=maybe_id, category=maybe_id,
       quantity=hostile_decimal, fee_item=huge_int,
       appointment=st.one_of(st.none(), hostile_datetime),
       department=st.one_of(st.sampled_from(Department), hostile_text))
def test_a_work_order_is_opened_exactly_or_refused(
        receptionist: UnitOfWork, villas: dict[str, int], defaults: dict[str, int],
        content: str, location: str, assignee: str, special: Any, villa: Any, category: Any,
        quantity: Any, fee_item: Any, appointment: Any, department: Any) -> None:
    fee = defaults["疏通马桶"] if fee_item % 2 else fee_item
    draft = WorkOrderDraft(content=content, department=department,
                           category_id=category if category != 0 else defaults["给排水"],
                           villa_id=villa, location=location, assignee=assignee,
                           appointment_at=appointment, charged=True,
                           fee_lines=(FeeLineInput(fee, quantity),),
                           special_requirements=special)
    detail = outcome(lambda: work_orders.open_work_order(receptionist, draft))
    if detail is not None:
        assert detail.content == _stored(content) and detail.location == _stored(location)
        assert all(line.amount == (line.unit_price * line.quantity).quantize(Decimal("0.01"))
                   for line in detail.lines)


@BOUNDED
@given(text=hostile_text, when=st.one_of(st.none(), hostile_datetime), order_id=huge_int,
       rating=st.one_of(st.none(), st.sampled_from(Rating), hostile_text),
       step=st.sampled_from(["pause", "complete", "void", "callback", "not_reached",
                             "dispatch"]))
def test_every_step_of_an_order_stores_its_text_exactly_or_refuses(
        supervisor: UnitOfWork, villas: dict[str, int], defaults: dict[str, int], text: str,
        when: Any, order_id: int, rating: Any, step: str) -> None:
    order = work_orders.open_work_order(supervisor, WorkOrderDraft(
        content="漏水", department=Department.ENGINEERING, category_id=defaults["给排水"],
        villa_id=villas["A-12"], assignee="李强"), dispatch_now=True)
    target = order.id if order_id % 3 else order_id
    if step == "callback":
        outcome(lambda: work_orders.complete(supervisor, order.id, "已修好"))
    calls = {
        "pause": lambda: work_orders.pause(supervisor, target, text),
        "complete": lambda: work_orders.complete(supervisor, target, text, when),
        "void": lambda: work_orders.void(supervisor, target, text),
        "callback": lambda: work_orders.callback(supervisor, target, rating, Rating.SATISFIED,
                                                 Rating.UNSATISFIED, text),
        "not_reached": lambda: work_orders.callback_not_reached(supervisor, target, text),
        "dispatch": lambda: work_orders.dispatch(supervisor, target, text),
    }
    detail = outcome(calls[step])
    if detail is not None:
        stored = {"pause": detail.paused_reason, "complete": detail.completion_note,
                  "void": detail.void_reason, "dispatch": detail.assignee}.get(step)
        assert stored is None or stored == _stored(text)


def test_texts_without_limits_before_are_refused_at_their_limit(
        supervisor: UnitOfWork, manager: UnitOfWork, villas: dict[str, int],
        defaults: dict[str, int]) -> None:
    """Staff name, site name and address, and the pause, complete, void and callback texts
    took a megabyte each."""
    huge = "长" * 1_000_000
    order = work_orders.open_work_order(supervisor, WorkOrderDraft(
        content="漏水", department=Department.ENGINEERING, category_id=defaults["给排水"],
        villa_id=villas["A-12"], assignee="李强"), dispatch_now=True)
    for call, field in (
        (lambda: work_orders.pause(supervisor, order.id, huge), "reason"),
        (lambda: work_orders.complete(supervisor, order.id, huge), "note"),
        (lambda: work_orders.void(supervisor, order.id, huge), "reason"),
        (lambda: work_orders.callback(supervisor, order.id, Rating.SATISFIED, Rating.SATISFIED,
                                      Rating.SATISFIED, huge), "remarks"),
        (lambda: staff.create_staff(manager, "077", huge, Role.RECEPTIONIST, "secret1"), "name"),
        (lambda: site.update_site(manager, site.SiteInfo(huge, "", "")), "site_name"),
        (lambda: site.update_site(manager, site.SiteInfo("会所", "", huge)), "site_address"),
    ):
        with pytest.raises(ValidationFailed) as refused:
            call()
        assert "最多" in refused.value.errors[field], field


@settings(BOUNDED, max_examples=25)  # each account hashes a password (argon2)
@given(name=hostile_text, agent_no=hostile_text, password=hostile_text)
def test_a_staff_account_is_made_exactly_or_refused(manager: UnitOfWork, name: str,
                                                    agent_no: str, password: str) -> None:
    row = outcome(lambda: staff.create_staff(manager, agent_no, name, Role.RECEPTIONIST,
                                             password))
    if row is not None:
        assert row.name == _stored(name)


@BOUNDED
@given(name=hostile_text, phone=hostile_text, address=hostile_text)
def test_the_site_header_is_stored_exactly_or_refused(manager: UnitOfWork, name: str,
                                                      phone: str, address: str) -> None:
    if outcome(lambda: site.update_site(manager, site.SiteInfo(name, phone, address))) is None:
        return
    info = site.get_site(manager)
    assert (info.name, info.address) == (_stored(name), _stored(address))


@BOUNDED
@given(name=hostile_text, unit=hostile_text, price=st.one_of(hostile_text, hostile_decimal))
def test_a_fee_item_is_stored_exactly_or_refused(manager: UnitOfWork, name: str, unit: str,
                                                 price: Any) -> None:
    row = outcome(lambda: fee_standard.create_fee_item(manager, name, unit, price))
    if row is not None:
        assert row.name == _stored(name) and Decimal(0) < row.price <= Decimal("999999.99")
        listed = {item.id: item for item in fee_standard.list_fee_items(manager)}
        assert listed[row.id].price == row.price  # exact, not a float's neighbour


@BOUNDED
@given(topic=hostile_text, question=hostile_text, answer=hostile_text, search=hostile_text)
def test_the_answer_book_stores_exactly_and_searches_or_refuses(
        supervisor: UnitOfWork, topic: str, question: str, answer: str, search: str) -> None:
    draft = answer_book.AnswerDraft(topic, question, answer, "")
    row = outcome(lambda: answer_book.create_answer(supervisor, draft))
    if row is not None:
        assert (row.question, row.answer) == (_stored(question), _stored(answer))
    outcome(lambda: answer_book.search_answers(supervisor, search))


@BOUNDED
@given(answer=hostile_text, promise_id=huge_int)
def test_a_promised_answer_is_stored_exactly_or_refused(receptionist: UnitOfWork,
                                                        answer: str, promise_id: int) -> None:
    entry = reception.log_entry(receptionist, reception.NewEntry(
        Channel.PHONE, EntryClass.INQUIRY, "张伟", "快递在哪", promise_answer=True))
    assert entry.promise_id is not None
    target = entry.promise_id if promise_id % 2 else promise_id
    row = outcome(lambda: promises.answer_promise(receptionist, target, answer))
    if row is not None:
        assert row.answer == _stored(answer)


@BOUNDED
@given(first=hostile_date, last=hostile_date, name=hostile_text, year=huge_int,
       amount=st.one_of(hostile_text, huge_int), unit=hostile_text)
def test_rules_and_the_calendar_take_only_years_the_desk_handles(
        manager: UnitOfWork, first: dt.date, last: dt.date, name: str, year: int,
        amount: Any, unit: str) -> None:
    outcome(lambda: rules.enter_days(manager, first, last, False, name))
    outcome(lambda: rules.calendar_year(manager, year))
    outcome(lambda: rules.remove_day(manager, first))
    for event in rules.DeadlineEvent:
        outcome(lambda event=event: rules.set_rule(manager, event, amount, unit))


@BOUNDED
@given(name=hostile_text, phone=hostile_text, category=hostile_text, numbers=hostile_text,
       department=st.one_of(st.sampled_from(Department), hostile_text), step=huge_int)
def test_roster_categories_and_short_numbers_store_exactly_or_refuse(
        manager: UnitOfWork, name: str, phone: str, category: str, numbers: str,
        department: Any, step: int) -> None:
    member_id = outcome(lambda: roster.add_member(manager, name, department, phone))
    if member_id is not None:
        assert roster.member(manager, member_id).name == _stored(name)
    row = outcome(lambda: work_categories.create_category(manager, category))
    if row is not None:
        assert row.name == _stored(category)
        outcome(lambda: work_categories.move_category(manager, row.id, step))
    outcome(lambda: short_numbers.set_short_numbers(manager, numbers))


@BOUNDED
@given(day=hostile_date, remarks=hostile_text, start=hostile_date, end=hostile_date)
def test_the_daily_review_takes_only_real_days(supervisor: UnitOfWork, day: dt.date,
                                               remarks: str, start: dt.date,
                                               end: dt.date) -> None:
    status = outcome(lambda: daily_review.sign_day(supervisor, day, remarks))
    if status is not None:
        assert status.remarks == _stored(remarks)
    outcome(lambda: daily_review.review_days(supervisor, start, end))
    outcome(lambda: daily_review.day_status(supervisor, day))


def test_the_daily_review_refuses_year_1(supervisor: UnitOfWork) -> None:
    with pytest.raises(ValidationFailed):
        daily_review.sign_day(supervisor, dt.date(1, 1, 1))


@BOUNDED
@given(payload=st.dictionaries(hostile_text, st.one_of(hostile_text, huge_int, st.booleans(),
                                                      st.none()), max_size=5),
       form=hostile_text)
def test_a_draft_comes_back_exactly_or_is_refused(receptionist: UnitOfWork,
                                                  payload: dict[str, Any], form: str) -> None:
    outcome(lambda: drafts.save_draft(receptionist, form, payload))
    loaded = outcome(lambda: drafts.load_draft(receptionist, form))
    if loaded is not None:  # saved (this example's or an earlier one's under the same form)
        outcome(lambda: drafts.save_draft(receptionist, form, payload))
        again = drafts.load_draft(receptionist, form)
        assert again is not None and again.payload == payload
    outcome(lambda: drafts.discard_draft(receptionist, form))


@BOUNDED
@given(villa=st.builds(estate.VillaInput, hostile_text, hostile_text, hostile_text,
                       hostile_text, st.one_of(st.sampled_from(estate.Occupancy), hostile_text),
                       hostile_text),
       search=hostile_text, moved=hostile_date)
def test_the_estate_register_stores_exactly_or_refuses(manager: UnitOfWork,
                                                       villa: estate.VillaInput, search: str,
                                                       moved: dt.date) -> None:
    villa_id = outcome(lambda: estate.add_villa(manager, villa))
    if villa_id is not None:
        assert estate.villa(manager, villa_id).note == _stored(villa.note)
        outcome(lambda: estate.start_household(manager, villa_id, moved))
    outcome(lambda: estate.list_villas(manager, search))
    outcome(lambda: households.search_villas(manager, search))


@BOUNDED
@given(text=hostile_text, villa=maybe_id, key=st.one_of(hostile_text, huge_int),
       received=st.one_of(st.none(), hostile_date))
def test_the_work_order_list_filters_or_refuses(receptionist: UnitOfWork, text: str,
                                                villa: Any, key: Any, received: Any) -> None:
    flt = work_order_queries.WorkOrderFilter(villa_id=villa, text=text, received_from=received)
    outcome(lambda: work_order_queries.list_work_orders(receptionist, flt))
    outcome(lambda: work_order_queries.find_id(receptionist, key))


@BOUNDED
@given(value=anything, record_id=huge_int)
def test_an_id_out_of_range_never_reaches_sql(supervisor: UnitOfWork, value: Any,
                                              record_id: int) -> None:
    for call in (lambda: reception.entry_detail(supervisor, record_id),
                 lambda: work_orders.start(supervisor, record_id),
                 lambda: work_order_queries.work_order_detail(supervisor, record_id),
                 lambda: staff.set_active(supervisor, record_id, True),
                 lambda: reception.void_entry(supervisor, record_id, "录错了")):
        outcome(call)


@settings(BOUNDED, max_examples=15)
@given(agent_no=hostile_text, password=hostile_text)  # each try verifies a hash (argon2)
def test_signing_in_with_anything_fails_plainly(uow: UnitOfWork, agent_no: str,
                                                password: str) -> None:
    from app.services import auth

    outcome(lambda: auth.login(uow, agent_no, password))


@pytest.mark.parametrize("folder", ["/media/usb/\x00备份", "/media/\ud800", "/x" * 2000])
def test_a_second_backup_folder_that_is_no_path_is_refused(manager: UnitOfWork,
                                                           folder: str) -> None:
    from app.services import data_safety

    with pytest.raises(ValidationFailed) as refused:
        data_safety.check_second_folder(folder)
    assert refused.value.errors["backup_folder"]
