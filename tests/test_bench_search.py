"""The search bench's baseline does the search's own job, only without the index."""

from __future__ import annotations

from app.services import search
from app.services.uow import UnitOfWork
from scripts import bench_search
from tests.services.test_search import call, estate_day, slip  # noqa: F401  (fixture)


def test_the_naive_baseline_finds_what_the_search_finds_in_the_same_order(
        receptionist: UnitOfWork, estate_day: dict[str, int]) -> None:  # noqa: F811
    numbers = [slip(receptionist, estate_day, f"第{i}张") for i in range(10)]
    for phone in ("18900009001", "0571-8888 9001", "13900019999", "13812345678"):
        call(receptionist, phone, "快递员小刘")
    typed = ["zs", "张", "张三", "zhangsan", "shantian", "阳小明", "1234", "9001", "8-9001",
             "9999", "5678", "a12", "12", "A1", "快递员小刘", "员小刘", "PG2026", "2026-0",
             numbers[3], numbers[3].lower(), numbers[3][-6:], numbers[3][-3:], numbers[3][:-1]]
    for text in typed:
        expected = search.search(receptionist, text)
        assert expected, text
        assert bench_search.naive(receptionist, text) == expected, text
    # Without the index: every condition the index serves became a plain LIKE.
    plans: list[str] = []
    from sqlalchemy import event

    engine = receptionist.sessions.kw["bind"]

    def keep(*args: object) -> None:
        plans.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        bench_search.naive(receptionist, numbers[3])
        bench_search.naive(receptionist, "9001")
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    sql = "\n".join(plans)
    assert "MATCH" not in sql and "_reversed" not in sql
    assert "work_order.number LIKE" in sql and "reception_entry.contact_phone LIKE" in sql
