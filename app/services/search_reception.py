"""Search kind of the reception records (calls and visits): by caller name or phone tail."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.households import Villa
from app.models.reception import ReceptionEntry
from app.services.actor import Actor
from app.services.privacy import phone_for
from app.services.reception import class_title
from app.services.search import Hit, Opens, Query, SearchKind, register
from app.services.search_index import contains, ends_with
from app.services.search_work_orders import excerpt


def find_entries(session: Session, query: Query, limit: int, actor: Actor) -> list[Hit]:
    if query.phone_tail:
        condition = (contains(session, [(ReceptionEntry.contact_phone, query.phone_tail)])
                     & ends_with(ReceptionEntry.contact_phone, query.phone_tail))
    elif query.has_letters and not query.short and not query.pinyin:
        # A caller's name as written (three characters or more); callers who live here are
        # found by pinyin as people, with their villa.
        condition = contains(session, [(ReceptionEntry.caller_name, query.text)])
    else:
        return []
    rows = session.execute(
        select(ReceptionEntry, Villa.number)
        .outerjoin(Villa, Villa.id == ReceptionEntry.villa_id)
        .where(condition)
        .order_by(ReceptionEntry.id.desc())
        .limit(limit)
    ).all()
    hits = []
    for entry, villa_number in rows:
        when = entry.occurred_at.strftime("%Y-%m-%d %H:%M")
        title = f"{entry.caller_name} · {when}"
        if entry.voided:
            title += "  " + _("(void)")
        parts = [villa_number or _("no villa"), class_title(entry.entry_class),
                 excerpt(entry.content)]
        if entry.contact_phone:
            parts.append(phone_for(actor, entry.contact_phone))
        hits.append(Hit("reception_entry", entry.id, title, " · ".join(parts),
                        Opens("reception_entry", entry.id), entry.voided))
    return hits


register(SearchKind("reception_entry", lambda: _("Calls and visits"), find_entries))
