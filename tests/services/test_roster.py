"""The roster: the desk picks the technician from a list instead of typing a name."""

from __future__ import annotations

import pytest

from app.models.work_orders import Department
from app.services import roster, work_orders
from app.services.errors import PermissionDenied, ValidationFailed
from app.services.uow import UnitOfWork
from app.services.work_categories import list_categories
from app.services.work_order_slips import slip_data


def _order(receptionist: UnitOfWork, villa_id: int, **draft: object) -> int:
    work_orders.ensure_defaults(receptionist)
    water = next(c.id for c in list_categories(receptionist) if c.name == "给排水")
    return work_orders.open_work_order(receptionist, work_orders.WorkOrderDraft(
        content="厨房水槽下水慢", department=Department.ENGINEERING, category_id=water,
        villa_id=villa_id, contact_name="张伟", contact_phone="13812345678",
        **draft)).id  # type: ignore[arg-type]


def test_the_supervisor_keeps_the_roster_and_the_receptionist_reads_it_masked(
        supervisor: UnitOfWork, receptionist: UnitOfWork) -> None:
    li = roster.add_member(supervisor, "李师傅", Department.ENGINEERING, "139 0000 1234")
    roster.add_member(supervisor, "周阿姨", Department.CLEANING, "")
    with pytest.raises(ValidationFailed) as failed:
        roster.add_member(supervisor, "李师傅", Department.ENGINEERING, "139472")
    assert set(failed.value.errors) == {"name", "phone"}
    with pytest.raises(PermissionDenied):
        roster.add_member(receptionist, "王保安", Department.SECURITY, "")
    with pytest.raises(PermissionDenied):
        roster.set_member_active(receptionist, li, False)

    assert [(m.name, m.phone) for m in roster.list_roster(receptionist)] == [
        ("李师傅", "139****1234"), ("周阿姨", "")]
    assert [m.name for m in roster.list_roster(supervisor, Department.ENGINEERING)] == ["李师傅"]
    assert roster.list_roster(supervisor)[0].phone == "13900001234"

    roster.update_member(supervisor, li, "李建军", Department.ENGINEERING, "13900001234")
    roster.set_member_active(supervisor, li, False)
    assert [m.name for m in roster.list_roster(supervisor)] == ["周阿姨"]
    assert [(m.name, m.active) for m in roster.list_roster(supervisor, include_inactive=True)] \
        == [("周阿姨", True), ("李建军", False)]


def test_a_work_order_is_dispatched_to_a_roster_member_and_the_slip_names_them(
        supervisor: UnitOfWork, receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    li = roster.add_member(supervisor, "李师傅", Department.ENGINEERING, "13900001234")
    guard = roster.add_member(supervisor, "王保安", Department.SECURITY, "")
    order_id = _order(receptionist, villas["A-12"])

    detail = work_orders.dispatch(receptionist, order_id, "", assignee_id=li)

    assert (detail.assignee, detail.assignee_id) == ("李师傅", li)
    assert slip_data(receptionist, order_id).assignee == "李师傅"
    # A rename later does not change the slip already dispatched.
    roster.update_member(supervisor, li, "李建军", Department.ENGINEERING, "13900001234")
    assert slip_data(receptionist, order_id).assignee == "李师傅"

    # Opened and dispatched at once to someone from another department: theirs is used.
    other = work_orders.open_work_order(receptionist, work_orders.WorkOrderDraft(
        content="院门门禁失灵", department=Department.SECURITY, category_id=detail.category_id,
        villa_id=villas["B-7"], assignee="随便写的", assignee_id=guard), dispatch_now=True)
    assert (other.assignee, other.assignee_id) == ("王保安", guard)


def test_someone_no_longer_on_the_roster_cannot_be_sent_work(
        supervisor: UnitOfWork, receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    li = roster.add_member(supervisor, "李师傅", Department.ENGINEERING, "")
    order_id = _order(receptionist, villas["A-12"], assignee_id=li)
    roster.set_member_active(supervisor, li, False)

    with pytest.raises(ValidationFailed) as failed:
        work_orders.dispatch(receptionist, order_id, "", assignee_id=li)
    assert "李师傅" in failed.value.errors["assignee"]
    with pytest.raises(ValidationFailed):
        _order(receptionist, villas["A-3"], assignee_id=li)
    with pytest.raises(ValidationFailed):
        work_orders.dispatch(receptionist, order_id, "", assignee_id=999)
    # An outside contractor is still typed by name.
    detail = work_orders.dispatch(receptionist, order_id, "华安管道公司 陈工",
                                  Department.CONTRACTOR)
    assert (detail.assignee, detail.assignee_id) == ("华安管道公司 陈工", None)


def test_the_demo_resort_has_a_roster_and_villas_with_types_and_areas(
        supervisor: UnitOfWork) -> None:
    from app.demo.resort import build_resort
    from app.services import estate

    build_resort(supervisor, villas=8, with_staff=False)

    departments = {m.department for m in roster.list_roster(supervisor)}
    assert departments == {Department.ENGINEERING, Department.CLEANING, Department.SECURITY}
    rows = estate.list_villas(supervisor)
    assert len(rows) == 8
    assert all(r.villa_type in ("独栋", "双拼", "联排") and r.area for r in rows)
