"""Finding a household the way the desk does: by villa, by name, by the phone's tail."""

from __future__ import annotations

from app.services import households
from app.services.uow import UnitOfWork


def test_villa_found_by_number_written_loosely(receptionist: UnitOfWork,
                                               villas: dict[str, int]) -> None:
    assert [h.number for h in households.search_villas(receptionist, "a12")] == ["A-12"]
    assert households.search_villas(receptionist, "A-12")[0].owners == "张伟"


def test_villa_found_by_a_family_members_name(receptionist: UnitOfWork,
                                              villas: dict[str, int]) -> None:
    hit = households.search_villas(receptionist, "李娜")[0]
    assert (hit.number, hit.matched) == ("A-12", "李娜")


def test_villa_found_by_phone_tail_shows_it_masked(receptionist: UnitOfWork,
                                                   villas: dict[str, int]) -> None:
    hit = households.search_villas(receptionist, "5678")[0]
    assert (hit.number, hit.matched) == ("A-12", "138****5678")


def test_receptionist_sees_masked_phones_supervisor_full(receptionist: UnitOfWork,
                                                         supervisor: UnitOfWork,
                                                         villas: dict[str, int]) -> None:
    seen = households.household_file(receptionist, villas["A-12"]).owners[0].phone
    assert seen == "138****5678"
    assert households.household_file(supervisor, villas["A-12"]).owners[0].phone == "13812345678"


def test_demo_resort_has_240_villas_with_owners(uow: UnitOfWork) -> None:
    from app.demo.resort import build_resort

    summary = build_resort(uow, with_staff=False)
    assert summary.villas == 240
    assert summary.people > 400
    assert households.search_villas(uow, "D-60")[0].number == "D-60"


def test_a_villa_is_found_however_its_number_is_typed(receptionist: UnitOfWork,
                                                      villas: dict[str, int]) -> None:
    from app.demo.resort import add_household
    from app.models.households import HouseholdRole

    add_household(receptionist, "C-12", "山景区", [("孙丽", HouseholdRole.OWNER, "", "")])
    add_household(receptionist, "A-112", "湖畔区", [("钱进", HouseholdRole.OWNER, "", "")])
    add_household(receptionist, "A-120", "湖畔区", [("吴刚", HouseholdRole.OWNER, "", "")])
    for typed in ("A-12", "a12", "A12", "a-12", "a 12"):
        assert [h.number for h in households.search_villas(receptionist, typed)] == [
            "A-12", "A-120"], typed
    # Bare digits: villa 12 of every zone, not 112 or 120; phone tails start at 4 digits.
    assert [h.number for h in households.search_villas(receptionist, "12")] == ["A-12", "C-12"]
    assert [h.number for h in households.search_villas(receptionist, "012")] == ["A-12", "C-12"]
    assert [h.number for h in households.search_villas(receptionist, "3333")] == ["B-7"]
