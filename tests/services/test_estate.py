"""The estate register: a new site enters its villas, households and people by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.models.households import HouseholdRole, IdDocType, Occupancy
from app.services import estate
from app.services.errors import Conflict, PermissionDenied, ValidationFailed
from app.services.estate import PersonInput, VillaInput
from app.services.uow import UnitOfWork


def villa_input(number: str = "A-12", **changes: object) -> VillaInput:
    values: dict[str, object] = {"number": number, "zone": "湖畔区", "villa_type": "独栋",
                                 "area": "320.5", "occupancy": Occupancy.OCCUPIED, "note": ""}
    values.update(changes)
    return VillaInput(**values)  # type: ignore[arg-type]


def person_input(name: str = "张伟", role: HouseholdRole = HouseholdRole.OWNER,
                 **changes: object) -> PersonInput:
    values: dict[str, object] = {
        "name": name, "role": role, "relation": "", "phone": "13812345678", "phone2": "",
        "id_doc_type": IdDocType.RESIDENT_ID, "id_doc_number": "11010519491231002X",
        "lease_start": None, "lease_end": None, "emergency_name": "张强",
        "emergency_phone": "13900001111"}
    values.update(changes)
    return PersonInput(**values)  # type: ignore[arg-type]


def test_a_supervisor_enters_villas_sorted_as_people_count(supervisor: UnitOfWork) -> None:
    for number in ("a12", "A-2", "B 1"):
        estate.add_villa(supervisor, villa_input(number))
    rows = estate.list_villas(supervisor)
    assert [r.number for r in rows] == ["A-2", "A-12", "B-1"]
    assert rows[1].area == Decimal("320.50") and rows[1].villa_type == "独栋"
    assert [r.number for r in estate.list_villas(supervisor, "a12")] == ["A-12"]
    assert "独栋" in estate.villa_type_suggestions(supervisor)


def test_a_villa_form_with_mistakes_is_refused_field_by_field(manager: UnitOfWork) -> None:
    estate.add_villa(manager, villa_input("A-12"))
    with pytest.raises(ValidationFailed) as failed:
        estate.add_villa(manager, villa_input("A12", area="三百平", zone="区" * 41))
    assert set(failed.value.errors) == {"number", "area", "zone"}
    assert "A-12" in failed.value.errors["number"]
    with pytest.raises(ValidationFailed) as failed:
        estate.add_villa(manager, villa_input("twelve"))
    assert set(failed.value.errors) == {"number"}


def test_a_retired_villa_leaves_the_pickers_and_a_manager_brings_it_back(
        supervisor: UnitOfWork, manager: UnitOfWork) -> None:
    villa_id = estate.add_villa(supervisor, villa_input("C-3"))
    household = estate.start_household(supervisor, villa_id, dt.date(2020, 1, 1))
    with pytest.raises(Conflict):  # people still live there
        estate.retire_villa(supervisor, villa_id, "重复录入")
    estate.move_out(supervisor, household, dt.date(2026, 11, 1))
    with pytest.raises(ValidationFailed) as failed:
        estate.retire_villa(supervisor, villa_id, " ")
    assert set(failed.value.errors) == {"reason"}
    estate.retire_villa(supervisor, villa_id, "重复录入")
    assert estate.list_villas(supervisor) == []
    retired = estate.list_villas(supervisor, include_retired=True)[0]
    assert retired.retired and retired.retired_on == dt.date(2026, 11, 24)
    with pytest.raises(PermissionDenied):
        estate.reinstate_villa(supervisor, villa_id)
    estate.reinstate_villa(manager, villa_id)
    assert [r.number for r in estate.list_villas(supervisor)] == ["C-3"]


def test_a_family_moves_out_and_stays_on_file_with_its_people(supervisor: UnitOfWork) -> None:
    villa_id = estate.add_villa(supervisor, villa_input("A-12"))
    old = estate.start_household(supervisor, villa_id, dt.date(2019, 5, 1))
    estate.add_person(supervisor, old, person_input("张伟"))
    estate.add_person(supervisor, old, person_input(
        "李娜", HouseholdRole.FAMILY, relation="配偶", id_doc_number="", id_doc_type=None))
    with pytest.raises(Conflict):
        estate.start_household(supervisor, villa_id, dt.date(2026, 11, 20))
    with pytest.raises(ValidationFailed) as failed:
        estate.move_out(supervisor, old, dt.date(2019, 4, 1))
    assert set(failed.value.errors) == {"moved_out_on"}

    estate.move_out(supervisor, old, dt.date(2026, 11, 15))

    assert estate.villa(supervisor, villa_id).household_id is None
    assert estate.villa(supervisor, villa_id).occupancy == Occupancy.VACANT
    new = estate.start_household(supervisor, villa_id, dt.date(2026, 11, 20))
    estate.add_person(supervisor, new, person_input("孙丽", id_doc_number="", id_doc_type=None))
    current, former = estate.households_of(supervisor, villa_id)
    assert (current.id, current.former) == (new, False)
    assert (former.id, former.former, former.moved_out_on) == (old, True, dt.date(2026, 11, 15))
    assert [p.name for p in former.people] == ["张伟", "李娜"]
    assert estate.villa(supervisor, villa_id).owners == "孙丽"
    # The moved-out owner is still found by name.
    assert [r.number for r in estate.list_villas(supervisor, "张伟")] == ["A-12"]
    with pytest.raises(Conflict):
        estate.add_person(supervisor, old, person_input("王五"))


def test_a_person_is_checked_before_being_kept(supervisor: UnitOfWork) -> None:
    villa_id = estate.add_villa(supervisor, villa_input())
    household = estate.start_household(supervisor, villa_id, None)
    with pytest.raises(ValidationFailed) as failed:
        estate.add_person(supervisor, household, person_input(
            "", phone="139472", id_doc_number="110105194912310021",
            lease_start=dt.date(2026, 1, 1), emergency_phone="12"))
    assert set(failed.value.errors) == {"name", "phone", "id_doc_number", "lease_start",
                                        "emergency_phone"}
    with pytest.raises(ValidationFailed) as failed:
        estate.add_person(supervisor, household, person_input(
            "Tom", HouseholdRole.TENANT, id_doc_type=None, id_doc_number="E12345678",
            lease_start=dt.date(2026, 3, 1), lease_end=dt.date(2026, 2, 1)))
    assert set(failed.value.errors) == {"id_doc_type", "lease_end"}
    tenant = estate.add_person(supervisor, household, person_input(
        "Tom", HouseholdRole.TENANT, id_doc_type=IdDocType.PASSPORT, id_doc_number="E12345678",
        lease_start=dt.date(2026, 3, 1), lease_end=dt.date(2027, 2, 28)))
    with pytest.raises(ValidationFailed) as failed:  # the same tenant twice
        estate.add_person(supervisor, household, person_input(
            "Tom", HouseholdRole.TENANT, id_doc_number="", id_doc_type=None))
    assert set(failed.value.errors) == {"name"}
    estate.update_person(supervisor, tenant, person_input(
        "Tom", HouseholdRole.TENANT, phone="139 1234 5678", id_doc_type=IdDocType.PASSPORT,
        id_doc_number="E12345678"))
    assert estate.person_for_edit(supervisor, tenant).phone == "13912345678"
    estate.retire_person(supervisor, tenant, "租期结束")
    people = estate.households_of(supervisor, villa_id)[0].people
    assert [(p.name, p.active) for p in people] == [("Tom", False)]
    with pytest.raises(Conflict):
        estate.retire_person(supervisor, tenant, "again")


def test_the_receptionist_reads_masked_and_cannot_edit(
        supervisor: UnitOfWork, receptionist: UnitOfWork) -> None:
    villa_id = estate.add_villa(supervisor, villa_input())
    household = estate.start_household(supervisor, villa_id, None)
    person_id = estate.add_person(supervisor, household, person_input())

    seen = estate.households_of(receptionist, villa_id)[0].people[0]
    assert (seen.phone, seen.emergency_phone) == ("138****5678", "139****1111")
    assert seen.id_doc_number == "110***********002X"
    full = estate.households_of(supervisor, villa_id)[0].people[0]
    assert (full.phone, full.id_doc_number) == ("13812345678", "11010519491231002X")
    for attempt in (
        lambda: estate.add_villa(receptionist, villa_input("A-1")),
        lambda: estate.update_villa(receptionist, villa_id, villa_input(note="x")),
        lambda: estate.retire_villa(receptionist, villa_id, "x"),
        lambda: estate.start_household(receptionist, villa_id, None),
        lambda: estate.move_out(receptionist, household, dt.date(2026, 11, 1)),
        lambda: estate.add_person(receptionist, household, person_input("李四")),
        lambda: estate.person_for_edit(receptionist, person_id),
        lambda: estate.update_person(receptionist, person_id, person_input()),
        lambda: estate.retire_person(receptionist, person_id, "x"),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    assert estate.households_of(supervisor, villa_id)[0].people[0].active
