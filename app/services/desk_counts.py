"""What is late across the desk, for the status bar: counts that every tab's lists agree with.

Each register that has deadlines adds its count here (complaints next), read through the same
services its own tab uses, so the status bar never says something the list does not show.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.services import complaint_queries, promises, work_order_queries
from app.services.permissions import SIGNED_IN, needs
from app.services.uow import UnitOfWork


@dataclass(frozen=True)
class DeskCounts:
    overdue_work_orders: int
    overdue_answers: int  # promised answers (承诺答复) past their 24 hours
    overdue_complaints: int = 0  # complaints late for one of their deadlines

    @property
    def anything_late(self) -> bool:
        return bool(self.overdue_work_orders or self.overdue_answers
                    or self.overdue_complaints)


@needs(SIGNED_IN)
def desk_counts(uow: UnitOfWork) -> DeskCounts:
    late_orders = work_order_queries.overdue_ids(uow)
    late_answers = sum(1 for row in promises.open_promises(uow) if row.overdue)
    late_complaints = complaint_queries.overdue_ids(uow)
    return DeskCounts(len(late_orders), late_answers, len(late_complaints))
