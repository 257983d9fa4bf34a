"""The estate's villa list and the roster, a page at a time, sorted by the database.

A resort of a few hundred villas is more than one page: the list reads them by keyset in
the order of the header the desk clicked, A-9 before A-10 as anyone reads them, with the
filter box (number, zone, anyone who lived there) and retired villas kept apart.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models.households import Occupancy, Villa, number_order
from app.models.work_orders import Department
from app.services import estate, roster
from app.services.errors import ValidationFailed
from app.services.estate_lists import VILLAS, VillaFilter, page_villas
from app.services.paging import Cursor, Direction, Page, Sort
from app.services.roster import RosterFilter, page_roster
from app.services.uow import UnitOfWork

ZONES = ("A", "B", "AB")
OCCUPANCIES = list(Occupancy)


def add_estate(uow: UnitOfWork, per_zone: int) -> None:
    """``per_zone`` villas in each of A, B and AB (numbers 1…n, so A-9 and A-10 both),
    written through the ORM as the Excel import writes them."""
    with uow.transaction() as session:
        taken = set(session.scalars(select(Villa.number)))
        n = 0
        for zone in ZONES:
            for number in range(1, per_zone + 1):
                if f"{zone}-{number}" in taken:
                    continue
                n += 1
                session.add(Villa(number=f"{zone}-{number}", zone=f"{zone}区",
                                  villa_type=("独栋", "双拼", "联排")[n % 3],
                                  occupancy=OCCUPANCIES[n % len(OCCUPANCIES)]))


def every_page(pager, sort: Sort, limit: int = 50) -> list:  # type: ignore[no-untyped-def,type-arg]
    rows: list = []  # type: ignore[type-arg]
    after: Cursor | None = None
    while True:
        page: Page = pager(sort, after, limit)  # type: ignore[type-arg]
        rows += page.rows
        if not page.has_more:
            return rows
        after = page.next


def natural(number: str) -> tuple[str, int]:
    zone, _sep, digits = number.partition("-")
    return zone, int(digits)


def test_three_zones_of_villas_page_in_the_order_they_are_read(
        supervisor: UnitOfWork, villas: dict[str, int]) -> None:
    add_estate(supervisor, 90)
    everything = VillaFilter(include_retired=True)
    total = len(estate.list_villas(supervisor, include_retired=True))
    assert total > 250  # several pages

    def pager(sort: Sort, after: Cursor | None, limit: int) -> Page:  # type: ignore[type-arg]
        return page_villas(supervisor, everything, sort, after, limit)

    numbers = [v.number for v in every_page(pager, VILLAS.default)]
    assert len(numbers) == len(set(numbers)) == total
    assert numbers == sorted(numbers, key=natural)  # …, then AB, then B
    assert numbers.index("A-9") == numbers.index("A-10") - 1
    assert numbers.index("A-90") < numbers.index("AB-1") < numbers.index("B-1")
    backwards = [v.number for v in every_page(pager, Sort("number", Direction.DESC))]
    assert backwards == numbers[::-1]
    for key in ("zone", "villa_type", "occupancy"):
        for direction in Direction:
            rows = every_page(pager, Sort(key, direction))
            values = [(getattr(r, key), r.id) for r in rows]
            assert values == sorted(values, reverse=direction == Direction.DESC), key
            assert len(rows) == total


def test_the_filter_box_finds_villas_by_number_zone_and_anyone_who_lived_there(
        supervisor: UnitOfWork, villas: dict[str, int]) -> None:
    add_estate(supervisor, 30)

    def found(text: str, retired: bool = False) -> list[str]:
        return [v.number for v in page_villas(supervisor, VillaFilter(text, retired)).rows]

    assert found("a12") == ["A-12"]  # the number as typed, any case, no dash
    assert found("A-1") == ["A-1", *(f"A-1{n}" for n in range(10))]  # and what holds it
    assert found("张伟") == ["A-12"]  # someone living there
    assert found("AB区") == [f"AB-{n}" for n in range(1, 31)]  # the zone
    b2 = next(v for v in estate.list_villas(supervisor, "B-2") if v.number == "B-2")
    estate.retire_villa(supervisor, b2.id, "录入重复")
    assert "B-2" not in found("B-2")
    assert "B-2" in found("B-2", retired=True)
    with pytest.raises(ValidationFailed):
        page_villas(supervisor, VillaFilter("x" * 1000))


def test_a_villa_renumbered_moves_to_its_new_place_in_the_list(
        supervisor: UnitOfWork, villas: dict[str, int]) -> None:
    data = estate.villa(supervisor, villas["A-3"])
    estate.update_villa(supervisor, data.id, estate.VillaInput(
        "A-30", data.zone, data.villa_type, "", data.occupancy, data.note),
        expected_version=data.version)
    assert [v.number for v in page_villas(supervisor, VillaFilter()).rows] == [
        "A-12", "A-30", "B-7"]
    with supervisor.read() as session:
        assert session.get(Villa, data.id).number_order == number_order("A-30")  # type: ignore[union-attr]


def test_the_villa_list_refuses_an_order_no_index_serves(
        supervisor: UnitOfWork, villas: dict[str, int]) -> None:
    for refused in (Sort("owners"), Sort("area"), Sort("number", "sideways")):  # type: ignore[arg-type]
        with pytest.raises(ValidationFailed) as caught:
            page_villas(supervisor, VillaFilter(), refused)
        assert set(caught.value.errors) == {"sort"}
    with pytest.raises(ValidationFailed):
        page_villas(supervisor, VillaFilter(), VILLAS.default, Cursor(12, 1))


def test_the_roster_pages_by_name_department_and_status(
        supervisor: UnitOfWork, receptionist: UnitOfWork) -> None:
    for n in range(30):
        member_id = roster.add_member(supervisor, f"师傅{n:02d}", list(Department)[n % 3],
                                      f"1390000{n:04d}")
        if n % 7 == 0:
            roster.set_member_active(supervisor, member_id, False)
    everyone = RosterFilter(include_inactive=True)

    def pager(sort: Sort, after: Cursor | None, limit: int) -> Page:  # type: ignore[type-arg]
        return page_roster(receptionist, everyone, sort, after, limit)

    names = [m.name for m in every_page(pager, Sort("name", Direction.ASC), limit=7)]
    assert names == sorted(names) and len(names) == 30
    by_status = every_page(pager, Sort("active", Direction.DESC), limit=7)
    assert [m.active for m in by_status] == sorted((m.active for m in by_status),
                                                   reverse=True)
    assert by_status[0].phone.startswith("139****")  # masked for the receptionist
    working = page_roster(receptionist, RosterFilter(Department.ENGINEERING)).rows
    assert {m.department for m in working} == {Department.ENGINEERING}
    assert all(m.active for m in working) and len(working) == 10 - 2
    with pytest.raises(ValidationFailed):
        page_roster(receptionist, everyone, Sort("phone"))

