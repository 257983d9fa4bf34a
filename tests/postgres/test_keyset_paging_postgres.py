"""Keyset paging on the real PostgreSQL server: every record once, in the server's own
order of the whole register (its collation for names), ties broken by the id."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.demo.complaint_history import add_complaint_history
from app.demo.resort import build_resort
from app.services.uow import UnitOfWork
from tests.services.test_complaints_lists import check_complaints_page_in_every_order
from tests.services.test_keyset_paging import (
    check_reception_pages_in_every_order,
    check_release_passes_page_in_every_order,
    check_work_orders_page_in_every_order,
)


def test_the_work_order_register_pages_in_every_order_on_postgresql(
        receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    check_work_orders_page_in_every_order(receptionist, villas)


def test_the_reception_register_pages_in_every_order_on_postgresql(
        receptionist: UnitOfWork, villas: dict[str, int], clock: Any) -> None:
    check_reception_pages_in_every_order(receptionist, villas, clock.now().date())


def test_the_release_pass_register_pages_in_every_order_on_postgresql(
        receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    check_release_passes_page_in_every_order(receptionist, villas)


def test_the_complaint_register_pages_in_every_order_on_postgresql(
        uow: UnitOfWork, supervisor: UnitOfWork) -> None:
    build_resort(uow, villas=30, with_staff=False)
    add_complaint_history(uow, dt.date(2023, 11, 1), dt.date(2026, 11, 23))
    check_complaints_page_in_every_order(supervisor)
