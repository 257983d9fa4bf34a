"""A session never keeps rights its account no longer has (issue: two managers, one desk)."""

from __future__ import annotations

import pytest

from app.models.reception import Channel, EntryClass
from app.models.staff import Role
from app.services import reception, site, staff
from app.services.errors import PermissionDenied, ValidationFailed
from app.services.uow import AccountChanged, UnitOfWork
from tests.conftest import PASSWORD


def _staff_id(manager: UnitOfWork, agent_no: str) -> int:
    return next(r.id for r in staff.list_staff(manager, include_inactive=True)
                if r.agent_no == agent_no)


def test_a_demoted_supervisor_can_no_longer_void_or_see_phones(
        manager: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int]) -> None:
    from app.services.households import household_file

    staff.set_role(manager, _staff_id(manager, "002"), Role.RECEPTIONIST)
    with pytest.raises(AccountChanged):
        household_file(supervisor, villas["A-12"])


def test_a_deactivated_receptionist_cannot_log_another_call(
        manager: UnitOfWork, receptionist: UnitOfWork) -> None:
    staff.set_active(manager, _staff_id(manager, "008"), False)
    with pytest.raises(PermissionDenied):
        reception.log_entry(receptionist, reception.NewEntry(
            Channel.PHONE, EntryClass.REPAIR, "张伟", "门铃坏了"))


def test_two_managers_cannot_deactivate_each_other_into_an_empty_site(
        uow: UnitOfWork, manager: UnitOfWork) -> None:
    from app.services.auth import login

    staff.create_staff(manager, "003", "孙经理", Role.MANAGER, PASSWORD)
    manager_b = uow.as_actor(login(uow, "003", PASSWORD))
    staff.set_active(manager, _staff_id(manager, "003"), False)
    # B's old session is refused: it no longer belongs to an active manager.
    with pytest.raises(AccountChanged):
        staff.set_active(manager_b, _staff_id(manager, "001"), False)
    # And the last active manager cannot be deactivated or demoted by anyone.
    staff.set_active(manager, _staff_id(manager, "003"), True)
    manager_b = uow.as_actor(login(uow, "003", PASSWORD))
    staff.set_active(manager_b, _staff_id(manager, "001"), False)
    with pytest.raises(ValidationFailed) as last:
        staff.set_role(manager_b, _staff_id(manager_b, "003"), Role.SUPERVISOR)
    assert "role" in last.value.errors
    assert site.is_set_up(uow)


def test_set_up_is_refused_on_any_database_that_has_a_site(uow: UnitOfWork) -> None:
    with pytest.raises(ValidationFailed):
        site.set_up(uow, site.SiteInfo("另一个会所", "", ""), "099", "冒名者", "longpassword")


def test_changing_ones_own_password_needs_the_old_one(receptionist: UnitOfWork,
                                                     manager: UnitOfWork) -> None:
    me = receptionist.actor.staff_id
    assert me is not None
    with pytest.raises(ValidationFailed) as wrong:
        staff.change_password(receptionist, me, "brand-new-1", "guess")
    assert "old_password" in wrong.value.errors
    staff.change_password(receptionist, me, "brand-new-1", PASSWORD)
    # A manager resets someone else's without knowing it.
    staff.change_password(manager, me, "brand-new-2")
