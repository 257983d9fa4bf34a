"""A villa taken off the register (merged, rebuilt) takes no new calls or work orders."""

from __future__ import annotations

import pytest

from app.models.reception import Channel, EntryClass
from app.services import estate, reception, work_orders
from app.services.errors import ValidationFailed
from app.services.households import search_villas
from app.services.uow import UnitOfWork
from tests.services.test_work_orders import defaults, tap_draft  # noqa: F401


@pytest.fixture
def a3_retired(supervisor: UnitOfWork, villas: dict[str, int]) -> int:
    villa_id = villas["A-3"]
    household = estate.villa(supervisor, villa_id).household_id
    assert household is not None
    import datetime as dt

    estate.move_out(supervisor, household, dt.date(2026, 11, 20))
    estate.retire_villa(supervisor, villa_id, "与A-2合并")
    return villa_id


def test_a_retired_villa_is_not_offered_by_the_search(receptionist: UnitOfWork,
                                                      a3_retired: int) -> None:
    assert [h.number for h in search_villas(receptionist, "A-3")] == []
    assert [h.number for h in search_villas(receptionist, "A-12")] == ["A-12"]


def test_no_new_call_or_work_order_under_a_retired_villa(
        receptionist: UnitOfWork, a3_retired: int, villas: dict[str, int],
        defaults: dict[str, int]) -> None:  # noqa: F811
    with pytest.raises(ValidationFailed) as call:
        reception.log_entry(receptionist, reception.NewEntry(
            Channel.PHONE, EntryClass.INQUIRY, "王建国", "问物业费", villa_id=a3_retired))
    assert "A-3" in call.value.errors["villa"]
    with pytest.raises(ValidationFailed) as order:
        work_orders.open_work_order(receptionist, tap_draft(villas, defaults,
                                                            villa_id=a3_retired))
    assert "villa" in order.value.errors
