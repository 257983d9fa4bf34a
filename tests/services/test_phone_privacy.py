"""One masking rule on every reception and work-order screen: a receptionist sees
138****5678, a supervisor the full number, and the record always keeps the full number so
the desk can call back."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models.reception import Channel, EntryClass, ReceptionEntry
from app.models.work_orders import Department, WorkOrder
from app.services import households, promises, reception, work_orders
from app.services.errors import ValidationFailed
from app.services.reception import EntryFilter, NewEntry
from app.services.uow import UnitOfWork
from app.services.work_categories import list_categories
from app.services.work_order_queries import work_order_detail
from app.services.work_orders import WorkOrderDraft

MASKED, FULL = "138****5678", "13812345678"


def stored_phones(uow: UnitOfWork) -> list[str]:
    with uow.read() as session:
        return list(session.scalars(select(ReceptionEntry.contact_phone)
                                    .order_by(ReceptionEntry.id)))


def pool_question(villa_id: int, phone: str) -> NewEntry:
    return NewEntry(Channel.PHONE, EntryClass.INQUIRY, "张伟", "泳池冬季开放吗？",
                    villa_id=villa_id, contact_phone=phone, promise_answer=True)


def test_the_owners_phone_is_prefilled_masked_for_the_receptionist_and_stored_in_full(
        receptionist: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int]) -> None:
    assert households.contact_for_villa(receptionist, villas["A-12"]) == ("张伟", MASKED)
    assert households.contact_for_villa(supervisor, villas["A-12"]) == ("张伟", FULL)

    # The receptionist saves the prefilled (masked) phone unchanged.
    row = reception.log_entry(receptionist, pool_question(villas["A-12"], MASKED))
    assert row.contact_phone == MASKED
    assert stored_phones(receptionist) == [FULL]  # the desk can still call back

    day = EntryFilter(row.occurred_at.date(), row.occurred_at.date())
    assert [r.contact_phone for r in reception.list_entries(receptionist, day).rows] == [MASKED]
    assert [r.contact_phone for r in reception.list_entries(supervisor, day).rows] == [FULL]
    assert reception.entry_detail(receptionist, row.id).contact_phone == MASKED
    assert [p.contact_phone for p in promises.open_promises(receptionist)] == [MASKED]
    assert [p.contact_phone for p in promises.open_promises(supervisor)] == [FULL]


def test_a_masked_phone_that_is_not_the_villas_is_refused_not_guessed(
        receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    # A-12's owner's masked number typed for B-7: nobody there has it.
    with pytest.raises(ValidationFailed) as refused:
        reception.log_entry(receptionist, pool_question(villas["B-7"], MASKED))
    assert "完整" in refused.value.errors["contact_phone"]
    assert stored_phones(receptionist) == []
    # A new number typed over the prefilled one is kept as typed.
    reception.log_entry(receptionist, pool_question(villas["A-12"], "13900001111"))
    assert stored_phones(receptionist) == ["13900001111"]


def test_a_work_order_taken_over_from_a_call_keeps_the_full_phone_but_shows_it_masked(
        receptionist: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int]) -> None:
    work_orders.ensure_defaults(receptionist)
    category = list_categories(receptionist)[0].id
    call = reception.log_entry(receptionist, NewEntry(
        Channel.PHONE, EntryClass.REPAIR, "张伟", "厨房水龙头漏水", villa_id=villas["A-12"],
        contact_phone=FULL))
    summary = reception.entry_for_work_order(receptionist, call.id)
    assert summary.contact_phone == MASKED
    draft = WorkOrderDraft(content=summary.content, department=Department.ENGINEERING,
                           category_id=category, villa_id=summary.villa_id,
                           contact_name=summary.caller_name,
                           contact_phone=summary.contact_phone, entry_id=call.id)
    order = work_orders.open_work_order(receptionist, draft)
    assert order.contact_phone == MASKED
    assert work_order_detail(supervisor, order.id).contact_phone == FULL
    # Edited by the receptionist with the masked phone sent back: still the full number.
    work_orders.edit_work_order(receptionist, order.id, draft)
    with receptionist.read() as session:
        assert session.get(WorkOrder, order.id).contact_phone == FULL  # type: ignore[union-attr]
