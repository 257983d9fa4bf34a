"""Search kind of the reception records (calls and visits): by caller name or phone tail."""

from __future__ import annotations

from sqlalchemy import Integer, bindparam, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.households import Villa
from app.models.reception import ReceptionEntry
from app.services import search_index as index
from app.services.actor import Actor
from app.services.privacy import phone_for
from app.services.reception import class_title
from app.services.search import Hit, Opens, Query, SearchKind, register
from app.services.search_work_orders import excerpt


def find_entries(session: Session, query: Query, limit: int, actor: Actor) -> list[Hit]:
    if query.phone_tail:
        # Exactly the calls whose phone ends so: a range on the reversed digits' index.
        match = index.tail(ReceptionEntry.contact_phone_reversed, query.phone_tail)
    elif query.has_letters and not query.short and not query.pinyin:
        # A caller's name as written (three characters or more); callers who live here are
        # found by pinyin as people, with their villa. Newest first, so the index may stop
        # at the newest few.
        match = index.contains(session, [(ReceptionEntry.caller_name, query.text)],
                               newest=limit)
    else:
        return []
    if match is index.NOTHING:
        return []
    rows = session.execute(index.statement(("calls", match.shape), lambda: (
        select(ReceptionEntry.id, ReceptionEntry.caller_name, ReceptionEntry.occurred_at,
               ReceptionEntry.voided, ReceptionEntry.entry_class, ReceptionEntry.content,
               ReceptionEntry.contact_phone, Villa.number)
        .outerjoin(Villa, Villa.id == ReceptionEntry.villa_id)
        .where(match.condition)
        .order_by(ReceptionEntry.id.desc())
        .limit(bindparam("limit", type_=Integer)))), {**match.values, "limit": limit}
    ).all()
    hits = []
    for (entry_id, caller_name, occurred_at, voided, entry_class, content, phone,
         villa_number) in rows:
        title = f"{caller_name} · {occurred_at.strftime('%Y-%m-%d %H:%M')}"
        if voided:
            title += "  " + _("(void)")
        parts = [villa_number or _("no villa"), class_title(entry_class), excerpt(content)]
        if phone:
            parts.append(phone_for(actor, phone))
        hits.append(Hit("reception_entry", entry_id, title, " · ".join(parts),
                        Opens("reception_entry", entry_id), voided))
    return hits


register(SearchKind("reception_entry", lambda: _("Calls and visits"), find_entries))
