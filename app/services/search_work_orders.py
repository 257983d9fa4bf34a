"""Search kind of the work orders: by slip number, typed or scanned, whole, by its last
digits or in part, and by the last four or more digits of the contact phone; the newest
first."""

from __future__ import annotations

import re

from sqlalchemy import Integer, bindparam, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.households import Villa
from app.models.work_orders import WorkOrder, WorkOrderState
from app.services import search_index as index
from app.services.actor import Actor
from app.services.privacy import phone_for
from app.services.search import Hit, Opens, Query, SearchKind, register
from app.services.work_order_titles import state_title

EXCERPT = 30
#: A record number from its start to four digits or more of its sequence (``PG2026-0030``,
#: ``PG2026-003097``): the numbers beginning so are a short range of the number's own
#: unique index; the trigram index would intersect the long lists of trigrams every
#: number shares (``PG2``, ``202``, ``026``) to find the one record.
WHOLE = re.compile(r"^[A-Z]+\d{4}-\d{4,}$")


def record_number(query: Query) -> str:
    """A record number as the desk types or scans it (``pg2026-000123``, ``000123``): upper
    case, no spaces; "" unless it holds a digit and reaches the trigram minimum."""
    number = re.sub(r"\s", "", query.text).upper()
    return number if len(number) >= 3 and any(ch.isdigit() for ch in number) else ""


def excerpt(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= EXCERPT else line[:EXCERPT - 1] + "…"


def _match(session: Session, query: Query, limit: int) -> index.Match:
    matches = []
    number = record_number(query)
    if number and WHOLE.match(number):
        matches.append(index.starts(session, WorkOrder.number, number))
    elif number.isdigit():
        # Digits alone are the end of a slip number, as printed on the slip (``000123``,
        # ``123``): its reversed digits' index, exactly the numbers ending so.
        matches.append(index.tail(WorkOrder.number_reversed, number))
    elif number:
        # The newest matches only: the slips are shown newest first, so a text in every
        # slip number ("2026", "000") reads no more of the index than a rare one.
        matches.append(index.contains(session, [(WorkOrder.number, number)], newest=limit))
    if query.phone_tail:
        matches.append(index.tail(WorkOrder.contact_phone_reversed, query.phone_tail))
    return index.either(*matches)


def find_work_orders(session: Session, query: Query, limit: int, actor: Actor) -> list[Hit]:
    match = _match(session, query, limit)
    if match is index.NOTHING:
        return []
    rows = session.execute(index.statement(("work orders", match.shape), lambda: (
        select(WorkOrder.id, WorkOrder.number, WorkOrder.state, WorkOrder.content,
               WorkOrder.location, WorkOrder.contact_phone, Villa.number)
        .outerjoin(Villa, Villa.id == WorkOrder.villa_id)
        .where(match.condition)
        .order_by(WorkOrder.id.desc())
        .limit(bindparam("limit", type_=Integer)))), {**match.values, "limit": limit}
    ).all()
    hits = []
    for order_id, order_number, state, content, location, phone, villa_number in rows:
        where = villa_number or location or _("no villa")
        parts = [where, state_title(state), excerpt(content)]
        if query.phone_tail and phone:
            # Found by the phone: show it as the viewer may see it (masked or not).
            parts.append(phone_for(actor, phone))
        subtitle = " · ".join(parts)
        hits.append(Hit("work_order", order_id, order_number, subtitle,
                        Opens("work_order", order_id, order_number),
                        state == WorkOrderState.VOID))
    return hits


register(SearchKind("work_order", lambda: _("Work orders"), find_work_orders))
