"""Search kind of the complaints: by number (TS…, whole, its last digits or a part), by
the complainant's name (three characters or more, anywhere; one or two, its start) and by
the last four or more digits of the complainant's phone; the newest first."""

from __future__ import annotations

import re

from sqlalchemy import Integer, bindparam, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.complaints import Complaint, ComplaintState
from app.models.households import Villa
from app.services import search_index as index
from app.services.actor import Actor
from app.services.complaint_titles import category_title, state_title
from app.services.privacy import phone_for
from app.services.search import Hit, Opens, Query, SearchKind, register
from app.services.search_work_orders import WHOLE, excerpt, record_number

_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _match(session: Session, query: Query, limit: int) -> index.Match:
    matches = []
    number = record_number(query)
    if number and WHOLE.match(number):
        matches.append(index.starts(session, Complaint.number, number))
    elif number.isdigit():
        matches.append(index.tail(Complaint.number_reversed, number))
    elif number:
        matches.append(index.contains(session, [(Complaint.number, number)], newest=limit))
    name = query.text.strip()
    if name and _CHINESE.search(name):
        if len(name) >= index.TRIGRAM:
            matches.append(index.contains(session, [(Complaint.complainant, name)],
                                          newest=limit))
        else:
            matches.append(index.starts(session, Complaint.complainant, name))
    if query.phone_tail:
        matches.append(index.tail(Complaint.phone_reversed, query.phone_tail))
    return index.either(*matches)


def find_complaints(session: Session, query: Query, limit: int, actor: Actor) -> list[Hit]:
    match = _match(session, query, limit)
    if match is index.NOTHING:
        return []
    rows = session.execute(index.statement(("complaints", match.shape), lambda: (
        select(Complaint.id, Complaint.number, Complaint.state, Complaint.category,
               Complaint.content, Complaint.complainant, Complaint.location,
               Complaint.phone, Villa.number)
        .outerjoin(Villa, Villa.id == Complaint.villa_id)
        .where(match.condition)
        .order_by(Complaint.id.desc())
        .limit(bindparam("limit", type_=Integer)))), {**match.values, "limit": limit}
    ).all()
    hits = []
    for cid, number, state, category, content, who, location, phone, villa in rows:
        parts = [" ".join(filter(None, [villa or location, who])) or _("no villa"),
                 state_title(state), category_title(category), excerpt(content)]
        if query.phone_tail and phone:
            parts.append(phone_for(actor, phone))
        hits.append(Hit("complaint", cid, number, " · ".join(parts),
                        Opens("complaint", cid, number), state == ComplaintState.VOID))
    return hits


register(SearchKind("complaint", lambda: _("Complaints"), find_complaints))
