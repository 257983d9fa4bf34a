"""The desk's day on a real PostgreSQL server: the database URL is not SQLite-only.

Every test here gets a fresh database on the private server of ``conftest.py``; the
``uow``/``receptionist``/``villas`` fixtures of the root conftest run on it too.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import text

from app.bootstrap import Opened, open_database
from app.cli import main
from app.clock import FakeClock
from app.demo.resort import add_household
from app.models.households import HouseholdRole
from app.models.work_orders import Rating
from app.models.work_orders import WorkOrderState as S
from app.services import site, work_orders
from app.services.answer_book import AnswerDraft, create_answer, search_answers
from app.services.audit import verify_chain
from app.services.auth import login
from app.services.fee_standard import list_fee_items
from app.services.households import search_villas
from app.services.uow import UnitOfWork
from app.services.work_categories import list_categories
from app.services.work_order_queries import WorkOrderFilter, list_work_orders
from app.services.work_orders import FeeLineInput
from tests.conftest import PASSWORD
from tests.schema import check_empty_database_migrates_to_head
from tests.services.test_numbering import allocate_in_processes, dispatch_slip_seqs
from tests.services.test_work_orders import tap_draft

pytestmark = pytest.mark.postgres


def _wait_until_a_desk_waits_for_a_lock(opened: Opened, seconds: float = 30) -> None:
    """Block until some connection to this database is waiting on a row or table lock."""
    import time

    deadline = time.monotonic() + seconds
    with opened.engine.connect() as watcher:
        while not watcher.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'")).scalar():
            assert time.monotonic() < deadline, "no desk ever waited for the other"
            time.sleep(0.05)
            watcher.rollback()


def _tamper(opened: Opened, statement: str) -> None:
    """Change the table behind the program's back, as someone with database access could."""
    with opened.engine.begin() as conn:
        conn.execute(text(statement))


def test_an_empty_postgresql_database_is_migrated_to_head_and_matches_the_models(
        pg_database: str) -> None:
    engine = check_empty_database_migrates_to_head(pg_database)
    try:
        assert engine.dialect.name == "postgresql"
        with engine.connect() as conn:
            # The server really is ours and speaks UTF-8 (Chinese text round-trips).
            assert conn.execute(text("SHOW server_encoding")).scalar() == "UTF8"
            assert conn.execute(text("SELECT '翡翠湾'")).scalar() == "翡翠湾"
    finally:
        engine.dispose()


def test_first_run_then_a_charged_repair_from_opening_to_closing_with_an_intact_audit(
        opened: Opened, clock: FakeClock) -> None:
    system = opened.uow
    assert not site.is_set_up(system)
    site.set_up(system, site.SiteInfo("翡翠湾别墅会所", "0571-88886666", "杭州市西湖区翡翠湾路1号"),
                "001", "陈经理", PASSWORD)
    assert site.is_set_up(system)
    desk = system.as_actor(login(system, "001", PASSWORD))
    villas = {"A-12": add_household(desk, "A-12", "湖畔区", [
        ("张伟", HouseholdRole.OWNER, "", "13812345678")])}
    work_orders.ensure_defaults(desk)
    defaults = {c.name: c.id for c in list_categories(desk)}
    defaults.update({f.name: f.id for f in list_fee_items(desk)})

    clock.set(dt.datetime(2026, 11, 24, 9, 5))
    order = work_orders.open_work_order(desk, tap_draft(
        villas, defaults, charged=True,
        fee_lines=(FeeLineInput(defaults["更换水龙头（人工）"], Decimal("1.5")),)))
    assert (order.number, order.state, order.total) == ("PG2026-000001", S.RECEIVED,
                                                         Decimal("45.00"))
    clock.set(dt.datetime(2026, 11, 24, 9, 7))
    assert work_orders.dispatch(desk, order.id, "李强").state == S.DISPATCHED
    clock.set(dt.datetime(2026, 11, 24, 9, 40))
    work_orders.start(desk, order.id)
    clock.set(dt.datetime(2026, 11, 24, 11, 30))
    done = work_orders.complete(desk, order.id, "更换阀芯，试水无渗漏")
    assert (done.state, done.completed_at) == (S.COMPLETED, dt.datetime(2026, 11, 24, 11, 30))
    clock.set(dt.datetime(2026, 11, 24, 14, 0))
    called = work_orders.callback(desk, order.id, Rating.SATISFIED, Rating.SATISFIED,
                                  Rating.SATISFIED)
    assert called.state == S.CALLED_BACK
    closed = work_orders.close(desk, order.id)
    assert (closed.state, closed.closed_at) == (S.CLOSED, dt.datetime(2026, 11, 24, 14, 0))
    assert [(line.quantity, line.amount) for line in closed.lines] == [
        (Decimal("1.50"), Decimal("45.00"))]
    assert len(closed.timeline) == 6  # received, dispatched, started, completed, callback, closed

    with system.read() as session:
        report = verify_chain(session)
    assert report.ok and report.checked > 10
    _tamper(opened, "UPDATE audit_entry SET new = '撤销' WHERE id = 5")
    with system.read() as session:
        broken = verify_chain(session)
    assert (broken.ok, broken.first_bad_id, broken.reason) == (False, 5, "altered")


@pytest.mark.slow
def test_four_processes_allocating_at_once_on_one_postgresql_database_get_exactly_one_to_n(
        uow: UnitOfWork, pg_database: str) -> None:
    per_process, processes = 40, 4
    numbers = allocate_in_processes(pg_database, processes, per_process)
    assert len(numbers) == len(set(numbers)) == per_process * processes
    assert dispatch_slip_seqs(uow) == list(range(1, per_process * processes + 1))
    with uow.read() as session:
        assert verify_chain(session).ok  # every allocation was logged in one unbroken chain


def test_the_command_line_migrates_and_verifies_a_postgresql_database(
        pg_database: str, clock: FakeClock, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database", pg_database, "migrate"]) == 0
    assert "数据库当前版本：0" in capsys.readouterr().out
    opened = open_database(pg_database, clock=clock)
    try:
        site.set_up(opened.uow, site.SiteInfo("翡翠湾别墅会所", "0571-88886666", ""),
                    "001", "陈经理", PASSWORD)
        login(opened.uow, "001", PASSWORD)
        assert main(["--database", pg_database, "verify-audit"]) == 0
        assert "操作日志完整：已核验 3 条记录" in capsys.readouterr().out
        _tamper(opened, "UPDATE audit_entry SET actor_no = '999' WHERE id = 2")
        assert main(["--database", pg_database, "verify-audit"]) == 1
        assert "第 2 条被篡改" in capsys.readouterr().out
        # A PostgreSQL database is backed up with its own tools, not copied as a file.
        assert main(["--database", pg_database, "backup"]) == 2
        assert "pg_dump" in capsys.readouterr().err
    finally:
        opened.engine.dispose()


def test_the_demo_resort_is_built_on_postgresql_with_an_intact_audit(
        pg_database: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database", pg_database, "demo", "--villas", "12", "--years", "0.1"]) == 0
    assert "演示数据已生成：12 栋别墅" in capsys.readouterr().out
    assert main(["--database", pg_database, "verify-audit"]) == 0
    assert "操作日志完整" in capsys.readouterr().out


def test_searches_ignore_the_case_of_latin_letters_as_on_sqlite(
        receptionist: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int]) -> None:
    """SQLite's LIKE ignores ASCII case, PostgreSQL's does not: typing "a-12", "wifi" or
    "smith" must find the same rows on both."""
    work_orders.ensure_defaults(receptionist)
    defaults = {c.name: c.id for c in list_categories(receptionist)}
    order = work_orders.open_work_order(receptionist, tap_draft(
        villas, defaults, content="WiFi router in the study keeps dropping"))
    add_household(receptionist, "C-1", "山顶区", [("John Smith", HouseholdRole.TENANT, "",
                                                   "13700004444")])
    answer = create_answer(supervisor, AnswerDraft("网络", "会所WiFi密码是多少？",
                                                   "密码贴在前台，每月更换。", "WiFi 无线"))
    for typed in ("a-12", "wifi", "ROUTER"):
        assert [row.number for row in list_work_orders(
            receptionist, WorkOrderFilter(text=typed)).rows] == [order.number], typed
    assert [r.id for r in search_answers(receptionist, "wifi")] == [answer.id]
    assert [hit.number for hit in search_villas(receptionist, "smith")] == ["C-1"]
    for typed in ("a12", "A12", "a-12", "12"):
        assert [hit.number for hit in search_villas(receptionist, typed)] == ["A-12"], typed


def test_two_desks_writing_first_into_a_new_database_both_get_into_the_audit_chain(
        opened: Opened) -> None:
    """The audit anchor row is created by the first write ever. On PostgreSQL two such
    writes can both find it missing (there is no row to lock yet); the second must then
    wait for the first and append after it, not fail."""
    import threading

    from app.models.site import SiteSetting

    first = opened.uow.transaction()
    session = first.__enter__()
    session.add(SiteSetting(key="first", value="1"))
    session.flush()  # the anchor row is inserted, not yet committed
    errors: list[BaseException] = []

    def second_desk() -> None:
        try:
            with opened.uow.transaction() as other:
                other.add(SiteSetting(key="second", value="2"))
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    thread = threading.Thread(target=second_desk)
    thread.start()
    # Commit the first only once the second is really waiting on it.
    _wait_until_a_desk_waits_for_a_lock(opened)
    first.__exit__(None, None, None)
    thread.join(timeout=30)
    assert errors == []
    with opened.uow.read() as reader:
        report = verify_chain(reader)
    assert (report.ok, report.checked) == (True, 2)


def test_two_desks_locking_in_opposite_orders_wait_for_each_other_instead_of_deadlocking(
        opened: Opened, manager: UnitOfWork) -> None:
    """Desk A locks the slip counter (as allocating a number does) and only then writes
    the audit chain; desk B writes the chain first and then wants the counter. Without one
    lock order for all writers PostgreSQL would abort one of them as a deadlock."""
    import threading
    import time

    from sqlalchemy import select

    from app.models.numbering import DocumentKind, NumberSeries
    from app.models.site import SiteSetting

    with manager.transaction() as session:  # the anchor row and a counter exist
        session.add(NumberSeries(kind=DocumentKind.DISPATCH_SLIP, year=2026, prefix="PG", width=6,
                                 next_value=1))
    counter = select(NumberSeries).with_for_update()
    desk_a = manager.transaction()
    session = desk_a.__enter__()
    session.execute(counter).all()
    errors: list[BaseException] = []

    def desk_b() -> None:
        try:
            with manager.transaction() as other:
                other.add(SiteSetting(key="desk_b", value="1"))
                other.flush()  # extends the audit chain
                other.execute(counter).all()
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    thread = threading.Thread(target=desk_b)
    thread.start()
    _wait_until_a_desk_waits_for_a_lock(opened)
    time.sleep(0.2)  # let desk B get as far as it can
    session.add(SiteSetting(key="desk_a", value="1"))
    try:
        desk_a.__exit__(None, None, None)
    except BaseException as exc:
        errors.append(exc)
    thread.join(timeout=30)
    assert errors == []
    with opened.uow.read() as reader:
        assert verify_chain(reader).ok
