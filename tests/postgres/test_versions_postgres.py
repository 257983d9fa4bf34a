"""Two desks on the real PostgreSQL server: a save based on an older version is refused.

The other desk is a separate program (its own process and connection); the front desk's
older copy of the work order must not undo its fee line.
"""

from __future__ import annotations

import pytest

from app.services.uow import UnitOfWork
from app.services.work_order_queries import WorkOrderDetail
from tests.schema import check_empty_database_migrates_to_head
from tests.services.test_record_versions import (
    check_a_change_between_check_and_write_is_refused,
    check_a_line_added_in_another_process_is_kept,
    leaking_tap,
)

pytestmark = pytest.mark.postgres
__all__ = ["leaking_tap"]  # the fixture, shared with the SQLite tests


def test_the_versions_migrate_on_postgresql(pg_database: str) -> None:
    check_empty_database_migrates_to_head(pg_database).dispose()


def test_a_line_added_by_another_program_is_not_reverted_on_postgresql(
        uow: UnitOfWork, receptionist: UnitOfWork, manager: UnitOfWork,
        leaking_tap: WorkOrderDetail) -> None:
    check_a_line_added_in_another_process_is_kept(uow, receptionist, manager, leaking_tap)


def test_a_change_between_check_and_write_is_refused_on_postgresql(
        receptionist: UnitOfWork, leaking_tap: WorkOrderDetail) -> None:
    check_a_change_between_check_and_write_is_refused(receptionist, leaking_tap)
