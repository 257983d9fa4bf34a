"""The demo is built all or nothing, and says how far it has got."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.bootstrap import Opened
from app.demo.build import build_demo, demo_accounts, history_builders
from app.models.base import Base
from app.services import site


class Stop(Exception):
    pass


def rows(opened: Opened) -> dict[str, int]:
    with opened.uow.read() as session:
        counts = {t.name: session.scalar(select(func.count()).select_from(t)) or 0
                  for t in Base.metadata.sorted_tables}
    return {name: n for name, n in counts.items() if n}


def test_progress_counts_up_to_its_total_month_by_month(opened: Opened) -> None:
    told: list[tuple[str, int, int]] = []
    build_demo(opened.uow, villas=8, years=0.2, progress=lambda *a: told.append(a))
    totals = {total for _step, _done, total in told}
    assert len(totals) == 1
    total = totals.pop()
    # The resort, three months of each register's history, the end.
    assert total == 2 + len(history_builders()) * 3
    done = [d for _s, d, _t in told]
    assert done == sorted(done) and done[0] == 0 and done[-1] == total
    assert any("2026-09" in step for step, _d, _t in told)
    assert [a.agent_no for a in demo_accounts(opened.uow)] == ["001", "002", "008", "009", "011"]


#: Calls to progress: the start, the resort, 3 months of calls, 3 of orders, "saving", done.
@pytest.mark.parametrize("stop_at_call", [1, 4, 8], ids=["villas", "calls", "saving"])
def test_a_demo_stopped_part_way_leaves_the_database_empty(opened: Opened,
                                                           stop_at_call: int) -> None:
    calls: list[str] = []

    def progress(step: str, _done: int, _total: int) -> None:
        calls.append(step)
        if len(calls) - 1 == stop_at_call:
            raise Stop

    with pytest.raises(Stop):
        build_demo(opened.uow, villas=8, years=0.2, progress=progress)
    assert rows(opened) == {}
    assert not site.is_set_up(opened.uow)
    assert demo_accounts(opened.uow) == []
    build_demo(opened.uow, villas=8, years=0.2)  # and it can simply be built again
    assert site.is_set_up(opened.uow)
