"""Two desks, one record: a save based on an older version is refused, nothing is lost.

Each unit of work below is one desk (刘主管 at the back office, 王丽 at the front desk) on the
same database; "B saves its older copy" means B sends back what its form was loaded with.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import update

from app.models.work_orders import Department, WorkOrder
from app.services import work_orders
from app.services.errors import Conflict, StaleRecord
from app.services.fee_standard import create_fee_item
from app.services.roster import add_member
from app.services.uow import UnitOfWork
from app.services.work_categories import list_categories
from app.services.work_order_queries import WorkOrderDetail, work_order_detail
from app.services.work_orders import FeeLineInput, WorkOrderDraft


def draft_of(detail: WorkOrderDetail, **changes: object) -> WorkOrderDraft:
    """What the editor sends back for the order it shows (its form values)."""
    draft = WorkOrderDraft(
        content=detail.content, department=detail.department, category_id=detail.category_id,
        villa_id=detail.villa_id, location=detail.location, contact_name=detail.contact_name,
        contact_phone=detail.contact_phone, assignee=detail.assignee,
        assignee_id=detail.assignee_id, appointment_at=detail.appointment_at,
        expected_completion_at=detail.expected_completion_at, charged=detail.charged,
        fee_lines=tuple(FeeLineInput(line.fee_item_id, line.quantity)
                        for line in detail.lines if line.fee_item_id),
        special_requirements=detail.special_requirements)
    return replace(draft, **changes)  # type: ignore[arg-type]


@pytest.fixture
def leaking_tap(uow: UnitOfWork, receptionist: UnitOfWork,
                villas: dict[str, int]) -> WorkOrderDetail:
    work_orders.ensure_defaults(uow)  # as the program does at start
    plumbing = next(c.id for c in list_categories(uow) if c.name == "给排水")
    return work_orders.open_work_order(receptionist, WorkOrderDraft(
        content="主卫洗手盆水龙头漏水", department=Department.ENGINEERING, category_id=plumbing,
        villa_id=villas["A-12"], location="二楼主卫", contact_name="张伟",
        contact_phone="13812345678"))


def test_a_fee_line_added_at_one_desk_survives_an_older_save_at_the_other(
        supervisor: UnitOfWork, receptionist: UnitOfWork, manager: UnitOfWork,
        leaking_tap: WorkOrderDetail) -> None:
    valve = create_fee_item(manager, "换阀芯", "个", "60.00")
    desk_b = work_order_detail(receptionist, leaking_tap.id)  # 王丽 opens the order
    desk_a = work_order_detail(supervisor, leaking_tap.id)  # so does 刘主管
    assert desk_a.version == desk_b.version == leaking_tap.version

    after_a = work_orders.edit_work_order(
        supervisor, leaking_tap.id,
        draft_of(desk_a, charged=True, fee_lines=(FeeLineInput(valve.id, Decimal(1)),)),
        expected_version=desk_a.version)
    assert after_a.version > desk_a.version  # a line alone moves the order's version

    with pytest.raises(StaleRecord) as refused:
        work_orders.edit_work_order(
            receptionist, leaking_tap.id,
            draft_of(desk_b, content="主卫洗手盆水龙头漏水，滴水不止"),
            expected_version=desk_b.version)
    assert any("刘主管" in change and "换阀芯" in change and "60" in change
               for change in refused.value.changes), refused.value.changes
    assert "换阀芯" in refused.value.message
    assert refused.value.version == after_a.version
    now = work_order_detail(receptionist, leaking_tap.id)
    assert [(line.name, line.amount) for line in now.lines] == [("换阀芯", Decimal("60.00"))]
    assert now.content == "主卫洗手盆水龙头漏水"  # nothing of B's half-saved either


def test_an_assignee_changed_at_one_desk_is_not_reverted_by_an_older_content_edit(
        supervisor: UnitOfWork, receptionist: UnitOfWork, manager: UnitOfWork,
        leaking_tap: WorkOrderDetail) -> None:
    li = add_member(manager, "李强", Department.ENGINEERING, "")
    wang = add_member(manager, "王师傅", Department.ENGINEERING, "")
    dispatched = work_orders.dispatch(supervisor, leaking_tap.id, "", assignee_id=li)
    desk_b = work_order_detail(receptionist, leaking_tap.id)
    desk_a = work_order_detail(supervisor, leaking_tap.id)
    assert desk_b.version == dispatched.version

    work_orders.edit_work_order(supervisor, leaking_tap.id,
                                draft_of(desk_a, assignee="", assignee_id=wang),
                                expected_version=desk_a.version)
    with pytest.raises(StaleRecord) as refused:
        work_orders.edit_work_order(receptionist, leaking_tap.id,
                                    draft_of(desk_b, content="水龙头漏水，业主下午在家"),
                                    expected_version=desk_b.version)
    assert any("刘主管" in change and "李强" in change and "王师傅" in change
               for change in refused.value.changes), refused.value.changes
    now = work_order_detail(receptionist, leaking_tap.id)
    assert (now.assignee, now.content) == ("王师傅", "主卫洗手盆水龙头漏水")

    # Reloaded, B's edit goes through on top of A's.
    saved = work_orders.edit_work_order(
        receptionist, leaking_tap.id, draft_of(now, content="水龙头漏水，业主下午在家"),
        expected_version=now.version)
    assert (saved.assignee, saved.content) == ("王师傅", "水龙头漏水，业主下午在家")


def test_a_save_from_the_current_version_goes_through_and_moves_it(
        receptionist: UnitOfWork, leaking_tap: WorkOrderDetail) -> None:
    first = work_orders.edit_work_order(receptionist, leaking_tap.id,
                                        draft_of(leaking_tap, location="一楼客卫"),
                                        expected_version=leaking_tap.version)
    second = work_orders.edit_work_order(receptionist, leaking_tap.id,
                                         draft_of(first, location="一楼厨房"),
                                         expected_version=first.version)
    assert leaking_tap.version < first.version < second.version
    assert second.location == "一楼厨房"


def test_dispatching_an_order_another_desk_voided_says_so(
        supervisor: UnitOfWork, receptionist: UnitOfWork,
        leaking_tap: WorkOrderDetail) -> None:
    work_orders.void(supervisor, leaking_tap.id, "业主自行修好")
    with pytest.raises(Conflict) as refused:
        work_orders.dispatch(receptionist, leaking_tap.id, "李强")
    assert leaking_tap.number in refused.value.message
    assert "作废" in refused.value.message


# --- two processes on one database file (or server) ------------------------------------
OTHER_DESK = """
import sys
from decimal import Decimal
from app.bootstrap import open_database
from app.services import work_orders
from app.services.auth import login
from app.services.work_order_queries import work_order_detail
from app.services.work_orders import FeeLineInput
from tests.conftest import PASSWORD
from tests.services.test_record_versions import draft_of

url, order_id, item_id = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
opened = open_database(url)
desk = opened.uow.as_actor(login(opened.uow, "002", PASSWORD))
now = work_order_detail(desk, order_id)
saved = work_orders.edit_work_order(
    desk, order_id, draft_of(now, charged=True, fee_lines=(FeeLineInput(item_id, Decimal(1)),)),
    expected_version=now.version)
print(saved.version)
opened.engine.dispose()
"""


def other_desk_adds_a_line(uow: UnitOfWork, order_id: int, fee_item_id: int) -> int:
    """刘主管's desk, a separate program on the same database, adds a fee line; returns
    the order's version after it."""
    url = uow.sessions.kw["bind"].url.render_as_string(hide_password=False)
    done = subprocess.run([sys.executable, "-c", OTHER_DESK, url, str(order_id),
                           str(fee_item_id)], capture_output=True, text=True, timeout=120,
                          check=False, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    return int(done.stdout.strip().splitlines()[-1])


def check_a_line_added_in_another_process_is_kept(
        uow: UnitOfWork, receptionist: UnitOfWork, manager: UnitOfWork,
        order: WorkOrderDetail) -> None:
    valve = create_fee_item(manager, "换阀芯", "个", "60.00")
    mine = work_order_detail(receptionist, order.id)  # the front desk opens the order
    theirs = other_desk_adds_a_line(uow, order.id, valve.id)
    assert theirs > mine.version
    with pytest.raises(StaleRecord) as refused:
        work_orders.edit_work_order(receptionist, order.id,
                                    draft_of(mine, content="水龙头漏水，滴水不止"),
                                    expected_version=mine.version)
    assert any("刘主管" in change and "换阀芯" in change for change in refused.value.changes)
    now = work_order_detail(receptionist, order.id)
    assert [line.name for line in now.lines] == ["换阀芯"]
    assert now.content == "主卫洗手盆水龙头漏水"


def test_a_line_added_by_another_program_on_the_same_file_is_not_reverted(
        uow: UnitOfWork, receptionist: UnitOfWork, manager: UnitOfWork,
        leaking_tap: WorkOrderDetail) -> None:
    check_a_line_added_in_another_process_is_kept(uow, receptionist, manager, leaking_tap)


def check_a_change_between_check_and_write_is_refused(
        receptionist: UnitOfWork, order: WorkOrderDetail) -> None:
    """The version check passed, then the row moved on before the UPDATE (simulated in the
    same transaction): the UPDATE's ``WHERE version = …`` finds nothing and the save is
    refused the same way, nothing written."""
    with pytest.raises(StaleRecord), receptionist.transaction() as session:
        row = session.get(WorkOrder, order.id)
        assert row is not None and row.version == order.version
        session.execute(update(WorkOrder).where(WorkOrder.id == order.id)
                        .values(version=WorkOrder.version + 1)
                        .execution_options(synchronize_session=False))
        row.location = "一楼客卫"
    assert work_order_detail(receptionist, order.id).location == "二楼主卫"


def test_a_change_between_check_and_write_is_refused(
        receptionist: UnitOfWork, leaking_tap: WorkOrderDetail) -> None:
    check_a_change_between_check_and_write_is_refused(receptionist, leaking_tap)


# --- the other edited lists: the same refusal -------------------------------------------
def test_an_answer_a_category_and_the_site_saved_from_older_copies_are_refused(
        manager: UnitOfWork, supervisor: UnitOfWork) -> None:
    from app.services import answer_book, site, work_categories
    from app.services.answer_book import AnswerDraft

    parking = answer_book.create_answer(supervisor, AnswerDraft(
        "停车", "访客车辆停在哪里？", "请停在会所东侧访客车位。"))
    answer_book.update_answer(supervisor, parking.id, AnswerDraft(
        "停车", "访客车辆停在哪里？", "请停在会所东侧访客车位，限停2小时。"),
        expected_version=parking.version)
    with pytest.raises(StaleRecord) as refused:
        answer_book.update_answer(manager, parking.id, AnswerDraft(
            "停车", "访客车停哪里？", "请停在会所东侧访客车位。"),
            expected_version=parking.version)
    assert any("限停2小时" in change for change in refused.value.changes)

    gardens = work_categories.create_category(manager, "园林")
    work_categories.rename_category(manager, gardens.id, "园林绿化",
                                    expected_version=gardens.version)
    with pytest.raises(StaleRecord):
        work_categories.rename_category(manager, gardens.id, "绿化",
                                        expected_version=gardens.version)
    assert any(c.name == "园林绿化" for c in work_categories.list_categories(manager))

    before = site.get_site(manager)
    site.update_site(manager, replace(before, phone="0571-88887777"),
                     expected_version=before.version)
    with pytest.raises(StaleRecord) as refused:
        site.update_site(manager, replace(before, address="杭州市西湖区翡翠湾路2号"),
                         expected_version=before.version)
    assert site.get_site(manager).phone == "0571-88887777"


def test_the_audit_replay_agrees_with_the_versions(
        supervisor: UnitOfWork, manager: UnitOfWork, leaking_tap: WorkOrderDetail) -> None:
    """A version moved by a fee line alone is logged, so replaying the log still gives
    every record as it is."""
    from app.services.audit_replay import replay_records

    valve = create_fee_item(manager, "换阀芯", "个", "60.00")
    now = work_order_detail(supervisor, leaking_tap.id)
    work_orders.edit_work_order(
        supervisor, leaking_tap.id,
        draft_of(now, charged=True, fee_lines=(FeeLineInput(valve.id, Decimal(2)),)),
        expected_version=now.version)
    with supervisor.read() as session:
        assert replay_records(session) == []
