"""On PostgreSQL too, a demo stopped part-way leaves the database empty (one transaction)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.bootstrap import Opened
from app.demo.build import build_demo
from app.models.base import Base
from app.services import site
from app.services.audit import verify_chain

pytestmark = pytest.mark.postgres


class Stop(Exception):
    pass


def test_a_cancelled_demo_leaves_nothing_and_a_second_one_is_whole(opened: Opened) -> None:
    def stop_in_the_call_records(step: str, done: int, total: int) -> None:
        if done == 3:
            raise Stop

    with pytest.raises(Stop):
        build_demo(opened.uow, villas=8, years=0.2, progress=stop_in_the_call_records)
    with opened.uow.read() as session:
        filled = {t.name: n for t in Base.metadata.sorted_tables
                  if (n := session.scalar(select(func.count()).select_from(t)))}
    assert filled == {}
    assert not site.is_set_up(opened.uow)

    build_demo(opened.uow, villas=8, years=0.2)
    assert site.is_set_up(opened.uow)
    with opened.uow.read() as session:
        assert verify_chain(session).ok
