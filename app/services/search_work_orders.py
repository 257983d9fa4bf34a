"""Search kind of the work orders: by slip number, typed or scanned, whole or in part."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.households import Villa
from app.models.work_orders import WorkOrder, WorkOrderState
from app.services.actor import Actor
from app.services.search import Hit, Opens, Query, SearchKind, register
from app.services.search_index import contains
from app.services.work_order_titles import state_title

EXCERPT = 30


def record_number(query: Query) -> str:
    """A record number as the desk types or scans it (``pg2026-000123``, ``000123``): upper
    case, no spaces; "" unless it holds a digit and reaches the trigram minimum."""
    number = re.sub(r"\s", "", query.text).upper()
    return number if len(number) >= 3 and any(ch.isdigit() for ch in number) else ""


def excerpt(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= EXCERPT else line[:EXCERPT - 1] + "…"


def find_work_orders(session: Session, query: Query, limit: int, _actor: Actor) -> list[Hit]:
    number = record_number(query)
    if not number:
        return []
    condition = contains(session, [(WorkOrder.number, number)])
    rows = session.execute(
        select(WorkOrder.id, WorkOrder.number, WorkOrder.state, WorkOrder.content,
               WorkOrder.location, Villa.number)
        .outerjoin(Villa, Villa.id == WorkOrder.villa_id)
        .where(condition)
        .order_by(WorkOrder.id.desc())
        .limit(limit)
    ).all()
    hits = []
    for order_id, order_number, state, content, location, villa_number in rows:
        where = villa_number or location or _("no villa")
        subtitle = " · ".join([where, state_title(state), excerpt(content)])
        hits.append(Hit("work_order", order_id, order_number, subtitle,
                        Opens("work_order", order_id, order_number),
                        state == WorkOrderState.VOID))
    return hits


register(SearchKind("work_order", lambda: _("Work orders"), find_work_orders))
