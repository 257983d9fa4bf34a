"""The one search box through the desk's day: names, pinyin, phone tails, villas, slips.

Every test runs on a real migrated database (the FTS5 trigram index and its triggers on
SQLite); tests/postgres/test_search_postgres.py runs the same day on PostgreSQL.
"""

from __future__ import annotations

import pytest

from app.demo.resort import add_household
from app.models.households import HouseholdRole as R
from app.models.reception import Channel, EntryClass
from app.services import estate, reception, search, work_orders
from app.services.audit_replay import replay_records
from app.services.errors import ValidationFailed
from app.services.privacy import mask_phone
from app.services.search import Group, Hit
from app.services.uow import UnitOfWork
from app.services.work_categories import list_categories
from app.services.work_orders import WorkOrderDraft


def found(groups: list[Group], kind: str) -> list[Hit]:
    return next((list(g.hits) for g in groups if g.kind == kind), [])


def titles(groups: list[Group], kind: str) -> list[str]:
    return [h.title for h in found(groups, kind)]


@pytest.fixture
def estate_day(uow: UnitOfWork, villas: dict[str, int]) -> dict[str, int]:
    """The fixture's households plus 张三 of A-12's neighbour and a 单 (shan) family."""
    villas["A-15"] = add_household(uow, "A-15", "湖畔区", [
        ("张三", R.OWNER, "", "13955501234"),
        ("单田芳", R.FAMILY, "父亲", "0571-88881234"),
    ])
    villas["C-12"] = add_household(uow, "C-12", "山景区", [("欧阳小明", R.OWNER, "", "")])
    return villas


def slip(uow: UnitOfWork, villas: dict[str, int], content: str = "主卫洗手盆水龙头漏水") -> str:
    work_orders.ensure_defaults(uow)
    category = list_categories(uow)[0].id
    detail = work_orders.open_work_order(uow, WorkOrderDraft(
        content=content, department=work_orders.Department.ENGINEERING, category_id=category,
        villa_id=villas["A-12"], location="二楼主卫", contact_name="张伟",
        contact_phone="13812345678"))
    return detail.number


def test_the_receptionist_types_zs_and_finds_zhang_san_of_a15(
        receptionist: UnitOfWork, estate_day: dict[str, int]) -> None:
    for typed in ("zs", "ZS", "zhangsan", "zhang san", "zhang", "张三", "张"):
        people = {h.title: h for h in found(search.search(receptionist, typed), "person")}
        assert "张三" in people, typed
        assert people["张三"].opens.target == "villa"
        assert people["张三"].opens.record_id == estate_day["A-15"]
        assert people["张三"].subtitle == "A-15 · 业主 · 139****1234"
    assert titles(search.search(receptionist, "zs"), "person") == ["张三"]
    assert titles(search.search(receptionist, "zhang"), "person") == ["张伟", "张三"]


def test_a_name_is_found_by_any_part_and_a_polyphonic_surname_by_its_surname_reading(
        receptionist: UnitOfWork, estate_day: dict[str, int]) -> None:
    assert titles(search.search(receptionist, "田芳"), "person") == []  # 2 chars: starts only
    assert titles(search.search(receptionist, "单田芳"), "person") == ["单田芳"]
    assert titles(search.search(receptionist, "小明"), "person") == []
    assert titles(search.search(receptionist, "阳小明"), "person") == ["欧阳小明"]
    assert titles(search.search(receptionist, "shantian"), "person") == ["单田芳"]
    assert titles(search.search(receptionist, "stf"), "person") == ["单田芳"]
    assert titles(search.search(receptionist, "tianfang"), "person") == ["单田芳"]
    assert titles(search.search(receptionist, "oyxm"), "person") == ["欧阳小明"]


def test_the_last_four_or_more_digits_of_a_phone_find_the_person_masked_for_a_receptionist(
        receptionist: UnitOfWork, manager: UnitOfWork, estate_day: dict[str, int]) -> None:
    tail = found(search.search(receptionist, "1234"), "person")
    assert [h.title for h in tail] == ["张三", "单田芳"]
    assert tail[0].subtitle.endswith("139****1234")
    assert tail[1].subtitle.endswith(mask_phone("0571-88881234"))
    # Full-width digits from a Chinese input method are the same digits.
    assert [h.title for h in found(search.search(receptionist, "１２３４"), "person")] == [
        "张三", "单田芳"]
    assert titles(search.search(receptionist, "81234"), "person") == ["单田芳"]
    # The middle of a number finds nothing: the tail is what a masked phone shows.
    assert titles(search.search(receptionist, "5550"), "person") == []
    assert found(search.search(manager, "1234"), "person")[0].subtitle.endswith("13955501234")


def test_villa_numbers_in_every_format(receptionist: UnitOfWork,
                                       estate_day: dict[str, int]) -> None:
    for typed in ("a12", "A12", "A-12", "a-12", "Ａ１２"):
        villas = found(search.search(receptionist, typed), "villa")
        assert [h.title for h in villas] == ["A-12"], typed
        assert villas[0].subtitle == "湖畔区 · 张伟"
        assert villas[0].opens.record_id == estate_day["A-12"]
    assert titles(search.search(receptionist, "12"), "villa") == ["A-12", "C-12"]
    assert titles(search.search(receptionist, "012"), "villa") == ["A-12", "C-12"]
    assert titles(search.search(receptionist, "A1"), "villa") == ["A-12", "A-15"]


def test_a_slip_number_typed_scanned_or_in_part_finds_the_work_order(
        receptionist: UnitOfWork, estate_day: dict[str, int]) -> None:
    first = slip(receptionist, estate_day)
    second = slip(receptionist, estate_day, "客厅灯不亮")
    seq = second.split("-")[1]
    for typed in (second, second.lower(), f"{second}\n", f"  {second} ", seq, seq[-3:]):
        orders = found(search.search(receptionist, typed), "work_order")
        assert orders and orders[0].title == second, typed
        assert orders[0].opens.target == "work_order" and orders[0].opens.number == second
    assert orders[0].subtitle == "A-12 · 已受理 · 客厅灯不亮"
    assert titles(search.search(receptionist, second[:-1]), "work_order") == [second, first]


def test_calls_are_found_by_the_callers_phone_tail_and_name(
        receptionist: UnitOfWork, estate_day: dict[str, int]) -> None:
    entry = reception.log_entry(receptionist, reception.NewEntry(
        Channel.PHONE, EntryClass.INQUIRY, "快递员小刘", "问会所开放时间",
        contact_phone="18900007777"))
    calls = found(search.search(receptionist, "7777"), "reception_entry")
    assert [h.record_id for h in calls] == [entry.id]
    assert calls[0].subtitle.endswith("189****7777")
    assert calls[0].opens.target == "reception_entry"
    assert [h.record_id for h in found(search.search(receptionist, "员小刘"),
                                       "reception_entry")] == [entry.id]


def test_a_renamed_person_is_found_by_the_new_pinyin_and_a_retired_one_is_marked(
        supervisor: UnitOfWork, receptionist: UnitOfWork, estate_day: dict[str, int]) -> None:
    zhang = found(search.search(receptionist, "zhangsan"), "person")[0]
    data = estate.person_for_edit(supervisor, zhang.record_id)
    estate.update_person(supervisor, zhang.record_id,
                         estate.PersonInput(**{**data.__dict__, "name": "李思思"}),
                         expected_version=data.version)
    assert titles(search.search(receptionist, "lisisi"), "person") == ["李思思"]
    assert titles(search.search(receptionist, "lss"), "person") == ["李思思"]
    assert titles(search.search(receptionist, "zhangsan"), "person") == []
    assert titles(search.search(receptionist, "张三"), "person") == []
    estate.retire_person(supervisor, zhang.record_id, "搬走了")
    people = found(search.search(receptionist, "lss"), "person")
    assert [(h.title, h.retired) for h in people] == [("李思思  （已迁出）", True)]
    # Nothing about the pinyin upsets the audit check: it is derived, not logged.
    with supervisor.read() as session:
        assert replay_records(session) == []


def test_a_search_refuses_what_no_box_can_hold(receptionist: UnitOfWork) -> None:
    with pytest.raises(ValidationFailed):
        search.search(receptionist, "x" * 101)
    with pytest.raises(ValidationFailed):
        search.search(receptionist, "a12", 0)
    assert search.search(receptionist, "   ") == []
    # LIKE's wildcards and FTS5's quotes are text, not syntax.
    assert search.search(receptionist, '%_"') == []
    assert search.search(receptionist, 'a"b OR c*') == []


LARGE = ("person", "work_order", "reception_entry", "household", "complaint",
         "release_pass")


def plans(uow: UnitOfWork, text: str) -> list[str]:
    """EXPLAIN QUERY PLAN of every statement the search runs for ``text``."""
    from sqlalchemy import event

    engine = uow.sessions.kw["bind"]
    statements: list[tuple[str, object]] = []

    def keep(_conn: object, _cursor: object, statement: str, parameters: object,
             _context: object, _many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        search.search(uow, text)
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    out = []
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if not sqlite:
            # A test database is tiny, and reading a tiny table whole is what PostgreSQL
            # would rightly choose; forbidding it shows whether an index can serve instead.
            conn.exec_driver_sql("SET enable_seqscan = off")
        for statement, parameters in statements:
            if "FROM staff" in statement:  # the sign-in check, by primary key
                continue
            explain = "EXPLAIN QUERY PLAN" if sqlite else "EXPLAIN"
            rows = conn.exec_driver_sql(f"{explain} {statement}", parameters).all()
            out.append("\n".join(str(row[-1]) for row in rows))
    return out


def scans_a_large_table(plan: str) -> str | None:
    for table in LARGE:
        if (f"SCAN {table}" in plan.replace(f"SCAN {table} VIRTUAL", "")
                or f"Seq Scan on {table}" in plan):
            return table
    return None


@pytest.mark.parametrize("typed", ["zs", "张", "张三", "zhangsan", "三丰", "1234", "13955501234",
                                   "PG2026", "000001", "PG2026-000001", "5678", "a12", "12",
                                   "快递员小刘", "TS2026", "TS2026-000001", "王建",
                                   "FX2026-000001"])
def test_every_search_query_reads_the_index_not_the_large_tables(
        receptionist: UnitOfWork, estate_day: dict[str, int], typed: str) -> None:
    checked = plans(receptionist, typed)
    assert checked, typed
    for plan in checked:
        assert scans_a_large_table(plan) is None, (typed, plan)


def test_people_registered_before_the_search_index_are_found_once_migrated(
        receptionist: UnitOfWork, estate_day: dict[str, int]) -> None:
    """A desk updated from an older version: 0009 fills the pinyin of the people already
    there and indexes them, without a log entry, and the audit check still agrees."""
    from alembic import command
    from sqlalchemy import func, inspect, select

    from app.db import _alembic_config, migrate
    from app.models.audit import AuditEntry
    from tests.schema import schema_drift

    engine = receptionist.sessions.kw["bind"]
    command.downgrade(_alembic_config(engine), "0008")
    assert "name_pinyin" not in {c["name"] for c in inspect(engine).get_columns("person")}
    with receptionist.read() as session:
        logged = session.scalar(select(func.count()).select_from(AuditEntry))
    migrate(engine)
    assert schema_drift(engine) == []
    people = {h.title: h for h in found(search.search(receptionist, "zs"), "person")}
    assert people["张三"].opens.record_id == estate_day["A-15"]
    assert titles(search.search(receptionist, "shantian"), "person") == ["单田芳"]
    assert titles(search.search(receptionist, "1234"), "person") == ["张三", "单田芳"]
    with receptionist.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == logged
        assert replay_records(session) == []


def call(uow: UnitOfWork, phone: str, caller: str = "访客") -> int:
    return reception.log_entry(uow, reception.NewEntry(
        Channel.PHONE, EntryClass.INQUIRY, caller, "问会所开放时间", contact_phone=phone)).id


def test_a_work_order_is_found_by_the_last_digits_of_its_contact_phone(
        receptionist: UnitOfWork, manager: UnitOfWork, estate_day: dict[str, int]) -> None:
    number = slip(receptionist, estate_day)  # contact phone 13812345678
    for typed in ("5678", "345678", "13812345678", "１２３４５６７８"):
        orders = found(search.search(receptionist, typed), "work_order")
        assert [h.title for h in orders] == [number], typed
        assert orders[0].subtitle.endswith(mask_phone("13812345678"))
    assert found(search.search(manager, "5678"), "work_order")[0].subtitle.endswith(
        "13812345678")
    # The middle of the phone is not its tail.
    assert found(search.search(receptionist, "1234"), "work_order") == []


def test_a_phone_tail_finds_exactly_the_calls_whose_phone_ends_so(
        receptionist: UnitOfWork, estate_day: dict[str, int]) -> None:
    mobile_9001 = call(receptionist, "18900009001")
    mobile_8001 = call(receptionist, "18900008001")
    nines = call(receptionist, "13900019999")
    landline_9001 = call(receptionist, "0571-8888 9001")

    def calls(typed: str) -> list[int]:
        return [h.record_id for h in found(search.search(receptionist, typed),
                                           "reception_entry")]

    assert calls("9001") == [landline_9001, mobile_9001]  # the newest first
    assert calls("8001") == [mobile_8001]
    assert calls("88889001") == calls("8-9001") == [landline_9001]  # the dash is no digit
    assert calls("9999") == calls("19999") == [nines]  # no digit string comes after 9999
    assert calls("09999") == calls("0001") == []


def test_a_slip_is_found_by_its_last_digits_and_a_part_in_every_number_by_the_newest(
        receptionist: UnitOfWork, estate_day: dict[str, int]) -> None:
    numbers = [slip(receptionist, estate_day, f"第{i}张") for i in range(11)]
    newest_first = numbers[::-1]
    # In every number: the eight newest (the limit), read newest first from the index.
    assert titles(search.search(receptionist, numbers[0][:6]), "work_order") == \
        newest_first[:8]
    assert titles(search.search(receptionist, "2026-0"), "work_order") == newest_first[:8]
    assert titles(search.search(receptionist, numbers[9][-3:]), "work_order") == [numbers[9]]
    assert titles(search.search(receptionist, numbers[10][-2:]), "work_order") == []  # 2: no
    # From its start (PG2026-00001…): the numbers beginning so, by the number's own index.
    assert titles(search.search(receptionist, numbers[10][:-1]), "work_order") == [
        numbers[10], numbers[9]]


@pytest.mark.parametrize(("typed", "index"), [
    ("000001", "ix_work_order_number_reversed"),  # a slip's last digits
    ("5678", "ix_work_order_contact_phone_reversed"),  # a contact phone's tail
    ("5678", "ix_reception_entry_contact_phone_reversed"),  # a caller's phone's tail
    ("PG2026-000001", "sqlite_autoindex_work_order"),  # a whole number: its own index
])
def test_tails_and_whole_numbers_read_their_own_b_tree_not_the_trigrams(
        receptionist: UnitOfWork, estate_day: dict[str, int], typed: str, index: str) -> None:
    slip(receptionist, estate_day)
    if receptionist.sessions.kw["bind"].dialect.name != "sqlite":
        pytest.skip("SQLite's plan names")
    checked = plans(receptionist, typed)
    assert any(f"USING INDEX {index}" in plan for plan in checked), checked
    if typed.startswith("PG"):
        assert not any("search_work_order" in plan for plan in checked), checked


def test_calls_and_slips_registered_before_0011_are_found_by_their_tails_once_migrated(
        receptionist: UnitOfWork, estate_day: dict[str, int]) -> None:
    """A desk updated from an older version: 0011 keeps the reversed digits of the calls
    and work orders already there, without a log entry, and the audit check agrees."""
    from alembic import command
    from sqlalchemy import func, inspect, select

    from app.db import _alembic_config, migrate
    from app.models.audit import AuditEntry
    from tests.schema import schema_drift

    number = slip(receptionist, estate_day)
    entry = call(receptionist, "18900007777")
    engine = receptionist.sessions.kw["bind"]
    command.downgrade(_alembic_config(engine), "0010")
    assert "contact_phone_reversed" not in {
        c["name"] for c in inspect(engine).get_columns("reception_entry")}
    with receptionist.read() as session:
        logged = session.scalar(select(func.count()).select_from(AuditEntry))
    migrate(engine)
    assert schema_drift(engine) == []
    assert [h.record_id for h in found(search.search(receptionist, "7777"),
                                       "reception_entry")] == [entry]
    assert titles(search.search(receptionist, "5678"), "work_order") == [number]
    assert titles(search.search(receptionist, number[-6:]), "work_order") == [number]
    with receptionist.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == logged
        assert replay_records(session) == []
