"""A day of work orders (派工单) at the desk, on a real database with a fake clock."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from app.clock import FakeClock
from app.i18n import _
from app.models.deadlines import DeadlineEvent
from app.models.reception import Channel, EntryClass
from app.models.work_order_rules import Action
from app.models.work_orders import Department, Rating
from app.models.work_orders import WorkOrderState as S
from app.services import reception, work_orders
from app.services.errors import Conflict, PermissionDenied, ValidationFailed
from app.services.fee_standard import list_fee_items, set_fee_item_active, update_fee_item
from app.services.uow import UnitOfWork
from app.services.work_categories import list_categories
from app.services.work_order_queries import (
    WorkOrderFilter,
    find_id,
    list_work_orders,
    slip_number,
    work_order_detail,
)
from app.services.work_order_slips import (
    monthly_register_rows,
    print_slip,
    register_pdf,
    slip_data,
    slip_pdf,
)
from app.services.work_order_titles import rating_title
from app.services.work_orders import FeeLineInput, WorkOrderDraft


@pytest.fixture
def defaults(uow: UnitOfWork) -> dict[str, int]:
    """Categories and fee standard as the app seeds them at start-up; name → id."""
    work_orders.ensure_defaults(uow)
    ids = {c.name: c.id for c in list_categories(uow)}
    ids.update({f.name: f.id for f in list_fee_items(uow)})
    return ids


def tap_draft(villas: dict[str, int], defaults: dict[str, int],
              **changes: object) -> WorkOrderDraft:
    values: dict[str, object] = {
        "content": "主卫洗手盆水龙头漏水", "department": Department.ENGINEERING,
        "category_id": defaults["给排水"], "villa_id": villas["A-12"], "location": "二楼主卫",
        "contact_name": "张伟", "contact_phone": "13812345678",
    }
    values.update(changes)
    return WorkOrderDraft(**values)  # type: ignore[arg-type]


def titles(detail: work_orders.WorkOrderDetail) -> list[str]:
    return [event.title for event in detail.timeline]


def callback_title(satisfaction: Rating) -> str:
    return _("Callback: {satisfaction}").format(satisfaction=rating_title(satisfaction))


def numbers(uow: UnitOfWork, flt: WorkOrderFilter) -> list[str]:
    return [row.number for row in list_work_orders(uow, flt).rows]


def test_a_repair_call_becomes_a_numbered_work_order(
        receptionist: UnitOfWork, villas: dict[str, int], defaults: dict[str, int]) -> None:
    order = work_orders.open_work_order(receptionist, tap_draft(villas, defaults))
    assert order.number == "PG2026-000001"
    assert (order.state, order.taken_by, order.place) == (S.RECEIVED, "王丽", "A-12 二楼主卫")
    assert order.received_at == dt.datetime(2026, 11, 24, 8, 30)
    assert order.deadline.event == DeadlineEvent.WORK_ORDER_DISPATCH
    assert Action.DISPATCH in order.actions and Action.CLOSE not in order.actions
    second = work_orders.open_work_order(receptionist, tap_draft(villas, defaults))
    assert second.number == "PG2026-000002"


def test_the_first_contact_owner_of_the_call_owns_the_order(
        supervisor: UnitOfWork, receptionist: UnitOfWork, clock: FakeClock,
        villas: dict[str, int], defaults: dict[str, int]) -> None:
    call = reception.log_entry(supervisor, reception.NewEntry(
        Channel.PHONE, EntryClass.REPAIR, "赵敏", "厨房插座没电", villa_id=villas["B-7"],
        contact_phone="15800002222"))
    clock.advance(minutes=3)
    order = work_orders.open_work_order(receptionist, tap_draft(
        villas, defaults, entry_id=call.id, villa_id=villas["B-7"], content=call.content,
        category_id=defaults["电气"]))
    assert (order.taken_by, order.entry_id) == ("刘主管", call.id)
    assert order.received_at == call.occurred_at  # the five minutes run from the call
    with pytest.raises(Conflict):
        work_orders.open_work_order(receptionist, tap_draft(villas, defaults, entry_id=call.id))


def test_charged_work_copies_prices_from_the_fee_standard(
        manager: UnitOfWork, receptionist: UnitOfWork, villas: dict[str, int],
        defaults: dict[str, int]) -> None:
    tap, valve = defaults["更换水龙头（人工）"], defaults["更换角阀（人工）"]
    order = work_orders.open_work_order(receptionist, tap_draft(
        villas, defaults, charged=True,
        fee_lines=(FeeLineInput(tap, Decimal("2")), FeeLineInput(valve, Decimal("1.5")))))
    assert [(line.name, line.unit_price, line.amount) for line in order.lines] == [
        ("更换水龙头（人工）", Decimal("30.00"), Decimal("60.00")),
        ("更换角阀（人工）", Decimal("25.00"), Decimal("37.50")),
    ]
    assert order.total == Decimal("97.50")
    # The manager raises the price later: this order keeps what the owner was told.
    update_fee_item(manager, tap, "更换水龙头（人工）", "个", "35")
    edited = work_orders.edit_work_order(receptionist, order.id, tap_draft(
        villas, defaults, charged=True, fee_lines=(FeeLineInput(tap, Decimal("3")),)))
    assert [(line.unit_price, line.quantity) for line in edited.lines] == [
        (Decimal("30.00"), Decimal("3.00"))]
    assert edited.total == Decimal("90.00")
    assert slip_data(receptionist, order.number).total == Decimal("90.00")
    # A retired item stays on the orders that have it, but is not charged anew.
    set_fee_item_active(manager, valve, False)
    with pytest.raises(ValidationFailed) as caught:
        work_orders.edit_work_order(receptionist, order.id, tap_draft(
            villas, defaults, charged=True, fee_lines=(FeeLineInput(tap, Decimal("3")),
                                                       FeeLineInput(valve, Decimal("1")))))
    assert set(caught.value.errors) == {"fee_lines"}
    set_fee_item_active(manager, tap, False)
    kept = work_orders.edit_work_order(receptionist, order.id, tap_draft(
        villas, defaults, charged=True, fee_lines=(FeeLineInput(tap, Decimal("4")),)))
    assert kept.total == Decimal("120.00")


def test_what_is_wrong_is_said_per_field(
        receptionist: UnitOfWork, villas: dict[str, int], defaults: dict[str, int]) -> None:
    with pytest.raises(ValidationFailed) as caught:
        work_orders.open_work_order(receptionist, tap_draft(
            villas, defaults, content=" ", villa_id=None, location="", contact_phone="1381234",
            category_id=None, charged=True))
    assert set(caught.value.errors) == {"content", "location", "contact_phone", "category",
                                        "fee_lines"}
    with pytest.raises(ValidationFailed) as caught:
        work_orders.open_work_order(receptionist, tap_draft(
            villas, defaults, charged=True,
            fee_lines=(FeeLineInput(defaults["疏通马桶"], Decimal("0")),)))
    assert set(caught.value.errors) == {"fee_lines"}
    # Nothing was saved, so no number was used up.
    assert work_orders.open_work_order(
        receptionist, tap_draft(villas, defaults)).number == "PG2026-000001"


def test_a_leaking_tap_from_call_to_closing(
        receptionist: UnitOfWork, clock: FakeClock, villas: dict[str, int],
        defaults: dict[str, int]) -> None:
    clock.set(dt.datetime(2026, 11, 24, 9, 5))
    order = work_orders.open_work_order(receptionist, tap_draft(villas, defaults))
    clock.set(dt.datetime(2026, 11, 24, 9, 10))
    assert not work_order_detail(receptionist, order.id).deadline.overdue
    clock.set(dt.datetime(2026, 11, 24, 9, 11))
    late = list_work_orders(receptionist, WorkOrderFilter(overdue_only=True)).rows
    assert [(row.number, row.deadline.event) for row in late] == [
        (order.number, DeadlineEvent.WORK_ORDER_DISPATCH)]

    with pytest.raises(ValidationFailed) as caught:
        work_orders.dispatch(receptionist, order.id, "  ")
    assert set(caught.value.errors) == {"assignee"}
    work_orders.dispatch(receptionist, order.id, "李强")
    assert list_work_orders(receptionist, WorkOrderFilter(overdue_only=True)).rows == ()
    clock.set(dt.datetime(2026, 11, 24, 9, 40))
    work_orders.start(receptionist, order.id)
    clock.set(dt.datetime(2026, 11, 24, 10, 0))
    with pytest.raises(ValidationFailed):
        work_orders.pause(receptionist, order.id, "")
    paused = work_orders.pause(receptionist, order.id, "等待阀芯配件")
    assert (paused.state, paused.paused_reason) == (S.PAUSED, "等待阀芯配件")
    clock.set(dt.datetime(2026, 11, 24, 11, 0))
    assert work_orders.resume(receptionist, order.id).state == S.IN_PROGRESS
    clock.set(dt.datetime(2026, 11, 24, 11, 30))
    with pytest.raises(Conflict):
        work_orders.close(receptionist, order.id)  # not before the owner was called back
    done = work_orders.complete(receptionist, order.id, "更换阀芯，试水无渗漏")
    assert done.deadline.due_at == dt.datetime(2026, 11, 25, 11, 30)
    with pytest.raises(Conflict):
        work_orders.edit_work_order(receptionist, order.id, tap_draft(villas, defaults))

    clock.set(dt.datetime(2026, 11, 25, 11, 30))
    assert not work_order_detail(receptionist, order.id).deadline.overdue
    clock.set(dt.datetime(2026, 11, 25, 11, 31))
    assert work_order_detail(receptionist, order.id).deadline.overdue
    called = work_orders.callback(receptionist, order.id, Rating.SATISFIED, Rating.SATISFIED,
                                  Rating.FAIR)
    assert called.state == S.CALLED_BACK and not called.deadline.attention
    closed = work_orders.close(receptionist, order.id)
    assert (closed.state, closed.closed_at) == (S.CLOSED, dt.datetime(2026, 11, 25, 11, 31))
    assert titles(closed) == [
        _("Received"), _("Dispatched to {assignee}").format(assignee="李强"), _("Work started"),
        _("Paused"), _("Resumed"), _("Completed"), callback_title(Rating.FAIR), _("Closed")]
    assert closed.timeline[3].detail == "等待阀芯配件"
    assert {event.by for event in closed.timeline} == {"王丽"}


def test_an_unsatisfied_owner_reopens_the_order(
        receptionist: UnitOfWork, clock: FakeClock, villas: dict[str, int],
        defaults: dict[str, int]) -> None:
    order = work_orders.open_work_order(
        receptionist, tap_draft(villas, defaults, assignee="王师傅"), dispatch_now=True)
    work_orders.start(receptionist, order.id)
    clock.advance(hours=2)
    work_orders.complete(receptionist, order.id, "更换水龙头")
    clock.advance(hours=20)
    with pytest.raises(ValidationFailed) as caught:
        work_orders.callback(receptionist, order.id, Rating.FAIR, Rating.SATISFIED,
                             Rating.UNSATISFIED)
    assert set(caught.value.errors) == {"remarks"}
    again = work_orders.callback(receptionist, order.id, Rating.FAIR, Rating.SATISFIED,
                                 Rating.UNSATISFIED, "仍有滴水")
    assert (again.state, again.reopen_count, again.completed_at) == (S.IN_PROGRESS, 1, None)
    assert Action.CLOSE not in again.actions
    clock.advance(hours=3)
    work_orders.complete(receptionist, order.id, "更换整套龙头")
    final = work_orders.callback(receptionist, order.id, Rating.SATISFIED, Rating.SATISFIED,
                                 Rating.SATISFIED)
    assert final.state == S.CALLED_BACK
    assert [cb.satisfaction for cb in final.callbacks] == [Rating.UNSATISFIED, Rating.SATISFIED]
    reopened = _("{callback} — reopened").format(callback=callback_title(Rating.UNSATISFIED))
    assert titles(final) == [
        _("Received"), _("Dispatched to {assignee}").format(assignee="王师傅"),
        _("Work started"), _("Completed"), reopened, _("Completed"),
        callback_title(Rating.SATISFIED)]
    assert final.timeline[4].detail.endswith("仍有滴水")


def test_only_a_supervisor_voids_and_the_number_stays_in_the_register(
        receptionist: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int],
        defaults: dict[str, int]) -> None:
    first = work_orders.open_work_order(receptionist, tap_draft(villas, defaults))
    second = work_orders.open_work_order(receptionist, tap_draft(
        villas, defaults, villa_id=villas["A-3"], contact_name="王建国",
        contact_phone="13600001111"))
    with pytest.raises(PermissionDenied):
        work_orders.void(receptionist, first.id, "重复登记")
    with pytest.raises(ValidationFailed):
        work_orders.void(supervisor, first.id, " ")
    voided = work_orders.void(supervisor, first.id, "重复登记")
    assert (voided.state, voided.void_reason, voided.actions) == (S.VOID, "重复登记", frozenset())
    assert titles(voided)[-1] == _("Voided")
    with pytest.raises(Conflict):
        work_orders.dispatch(receptionist, first.id, "李强")
    third = work_orders.open_work_order(receptionist, tap_draft(villas, defaults))
    assert third.number == "PG2026-000003"

    register = monthly_register_rows(receptionist, 2026, 11)
    assert [(row.number, row.state, row.villa) for row in register] == [
        (first.number, "作废", "A-12"), (second.number, "正常", "A-3"),
        (third.number, "正常", "A-12")]
    assert "重复登记" in register[0].summary
    assert slip_data(receptionist, first.id).voided
    assert register_pdf(receptionist, 2026, 11).startswith(b"%PDF")


def test_a_reprint_is_counted_and_marked(
        receptionist: UnitOfWork, villas: dict[str, int], defaults: dict[str, int],
        tmp_path: Path) -> None:
    order = work_orders.open_work_order(receptionist, tap_draft(villas, defaults))
    assert slip_data(receptionist, order.id).prior_prints == 0
    _pdf, prior = print_slip(receptionist, order.id, "plain", "Front")
    assert prior == 0
    assert slip_data(receptionist, order.id).prior_prints == 1
    assert slip_pdf(receptionist, order.id).startswith(b"%PDF")  # a preview counts nothing
    pdf, prior = print_slip(receptionist, order.id, "plain", "Front")
    assert prior == 1
    assert work_order_detail(receptionist, order.id).print_count == 2
    assert monthly_register_rows(receptionist, 2026, 11)[0].print_count == 2
    if shutil.which("pdftotext"):
        path = tmp_path / "slip.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "补打" in text and order.number in text


def test_the_list_filters_and_finds_a_scanned_slip(
        receptionist: UnitOfWork, clock: FakeClock, villas: dict[str, int],
        defaults: dict[str, int]) -> None:
    clock.set(dt.datetime(2026, 11, 20, 10, 0))
    old = work_orders.open_work_order(receptionist, tap_draft(
        villas, defaults, villa_id=villas["B-7"], content="花园喷灌不出水",
        category_id=defaults["园林"], department=Department.CONTRACTOR))
    clock.set(dt.datetime(2026, 11, 24, 8, 30))
    new = work_orders.open_work_order(receptionist, tap_draft(villas, defaults))
    work_orders.dispatch(receptionist, new.id, "李强")

    assert numbers(receptionist, WorkOrderFilter()) == [new.number, old.number]
    assert numbers(receptionist, WorkOrderFilter(states=frozenset({S.RECEIVED}))) == [old.number]
    assert numbers(receptionist, WorkOrderFilter(villa_id=villas["B-7"])) == [old.number]
    assert numbers(receptionist, WorkOrderFilter(department=Department.ENGINEERING)) == [
        new.number]
    assert numbers(receptionist, WorkOrderFilter(assignee="李")) == [new.number]
    assert numbers(receptionist, WorkOrderFilter(
        received_from=dt.date(2026, 11, 24), received_to=dt.date(2026, 11, 24))) == [new.number]
    assert numbers(receptionist, WorkOrderFilter(text="喷灌")) == [old.number]
    # Unresolved for four days: the supervisor must hear of it.
    assert numbers(receptionist, WorkOrderFilter(overdue_only=True)) == [old.number]
    assert list_work_orders(receptionist, WorkOrderFilter(text="喷灌")).rows[0].deadline.escalate
    # A scanner types the barcode, maybe with a Chinese IME on (full-width) and a newline;
    # a scanned slip is found even when the other filters would hide it.
    for scanned in ("PG2026-000001", "pg2026-000001\n", "ＰＧ２０２６－０００００１"):
        assert slip_number(scanned) == old.number
        assert numbers(receptionist, WorkOrderFilter(
            text=scanned, states=frozenset({S.CLOSED}))) == [old.number]
    assert find_id(receptionist, " pg2026-000002 ") == new.id


def test_the_list_comes_in_pages(
        receptionist: UnitOfWork, clock: FakeClock, villas: dict[str, int],
        defaults: dict[str, int]) -> None:
    for _n in range(5):
        clock.advance(minutes=1)
        work_orders.open_work_order(receptionist, tap_draft(villas, defaults))
    first = list_work_orders(receptionist, WorkOrderFilter(), limit=3)
    rest = list_work_orders(receptionist, WorkOrderFilter(), after=first.next, limit=3)
    assert (len(first.rows), first.has_more, len(rest.rows), rest.has_more) == (3, True, 2, False)
    assert first.rows[0].number == "PG2026-000005"


def test_lines_taken_off_are_kept_at_zero_and_free_work_has_none(
        receptionist: UnitOfWork, villas: dict[str, int], defaults: dict[str, int]) -> None:
    unblock = defaults["疏通下水道/地漏"]
    order = work_orders.open_work_order(receptionist, tap_draft(
        villas, defaults, charged=True, fee_lines=(FeeLineInput(unblock, Decimal(1)),)))
    free = work_orders.edit_work_order(receptionist, order.id, tap_draft(villas, defaults))
    assert (free.charged, free.lines, free.total) == (False, (), Decimal("0.00"))
    with pytest.raises(ValidationFailed):
        work_orders.edit_work_order(receptionist, order.id, tap_draft(
            villas, defaults, fee_lines=(FeeLineInput(unblock, Decimal(1)),)))
    charged = work_orders.edit_work_order(receptionist, order.id, tap_draft(
        villas, defaults, charged=True, fee_lines=(FeeLineInput(unblock, Decimal(2)),)))
    assert [(line.quantity, line.amount) for line in charged.lines] == [
        (Decimal("2.00"), Decimal("160.00"))]


def test_defaults_are_seeded_once(uow: UnitOfWork) -> None:
    work_orders.ensure_defaults(uow)
    work_orders.ensure_defaults(uow)
    assert [c.name for c in list_categories(uow)] == [
        "给排水", "电气", "门窗", "空调暖通", "燃气", "弱电/网络", "园林", "其他"]
    items = list_fee_items(uow)
    assert len(items) >= 12 and all(item.price > 0 for item in items)
