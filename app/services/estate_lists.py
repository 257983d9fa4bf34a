"""The estate tab's villa list, a page at a time in any order (the one list pattern).

The villas are read by keyset in an indexed order (``paging.Register``): the number in its
natural order (A-2 before A-12, through the villa's stored ``number_order``), the zone,
the type or the occupancy; the area (often empty) and the owners (read through the
households) cannot be sorted by. The filter box finds a villa by its number, its zone or
any part of the name of anyone who lived there (former households too, so a moved-out
owner is still found).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, or_, select

from app import validation
from app.models.households import Household, Occupancy, Person, Villa
from app.services import paging
from app.services.estate import VillaRow, villa_rows
from app.services.permissions import SIGNED_IN, needs
from app.services.uow import UnitOfWork


@dataclass(frozen=True)
class VillaFilter:
    text: str = ""
    include_retired: bool = False


FILTER_SPEC: validation.Spec = {"text": validation.search_text,
                                "include_retired": validation.Flag()}

#: The villa list's sortable columns, each served by a (column, id) index (migration 0010).
VILLAS = paging.Register(
    id=Villa.id,
    keys={
        "number": paging.SortKey(Villa.number_order, validation.Text(64)),
        "zone": paging.SortKey(Villa.zone, validation.Text(40)),
        "villa_type": paging.SortKey(Villa.villa_type, validation.Text(30)),
        "occupancy": paging.SortKey(Villa.occupancy, validation.Choice(Occupancy)),
    },
    default=paging.Sort("number", paging.Direction.ASC),
)


def list_query(flt: VillaFilter, sort: paging.Sort = VILLAS.default,
               after: paging.Cursor | None = None) -> Select[tuple[Villa]]:
    """The list's statement (the benchmark also pages it by OFFSET, for comparison)."""
    query = select(Villa)
    if not flt.include_retired:
        query = query.where(Villa.retired_on.is_(None))
    text = flt.text.strip()
    if text:
        # ilike: SQLite's LIKE ignores ASCII case and PostgreSQL's does not. The villa
        # table is the size of the estate, the people a few per villa (about 1,100 after
        # ten years of 400 villas): read whole, as the filter always has.
        like = f"%{text}%"
        lived_there = (select(Household.villa_id)
                       .join(Person, Person.household_id == Household.id)
                       .where(Person.name.ilike(like)))
        query = query.where(or_(
            Villa.number.ilike(like), Villa.number == validation.normalize_villa(text),
            Villa.zone.ilike(like), Villa.id.in_(lived_there)))
    return VILLAS.ordered(query, sort, after)


@needs(SIGNED_IN)
def page_villas(uow: UnitOfWork, flt: VillaFilter, sort: paging.Sort = VILLAS.default,
                after: paging.Cursor | None = None,
                limit: int = paging.PAGE_SIZE) -> paging.Page[VillaRow]:
    """One page of the villas the filter finds, in ``sort`` order, after ``after``."""
    validation.enforce(FILTER_SPEC, flt)
    VILLAS.check(sort, after, limit)
    with uow.read() as session:
        found = list(session.scalars(list_query(flt, sort, after).limit(limit + 1)))
        rows = {row.id: row for row in villa_rows(session, found[:limit])}
        return VILLAS.page(found, sort, limit, lambda v: v, lambda v: rows[v.id])
