"""Search kind of the mail register: a tracking number, scanned whole, by its last digits
(read off a label) or any part of it; the newest items first."""

from __future__ import annotations

from sqlalchemy import Integer, bindparam, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.households import Villa
from app.models.mail import MailItem, MailState
from app.services import search_index as index
from app.services.actor import Actor
from app.services.mail_titles import kind_title, state_title
from app.services.search import Hit, Opens, Query, SearchKind, register
from app.services.search_work_orders import record_number
from app.validation import normalise_tracking_number


def _match(session: Session, query: Query, limit: int) -> index.Match:
    number = record_number(query)
    if not number:
        return index.NOTHING
    number = normalise_tracking_number(number)
    if number.isdigit():
        # Digits are the end of a number as often as a part of it: both indexes.
        return index.either(index.tail(MailItem.number_reversed, number),
                            index.contains(session, [(MailItem.number, number)], newest=limit))
    return index.contains(session, [(MailItem.number, number)], newest=limit)


def find_mail(session: Session, query: Query, limit: int, actor: Actor) -> list[Hit]:
    match = _match(session, query, limit)
    if match is index.NOTHING:
        return []
    rows = session.execute(index.statement(("mail", match.shape), lambda: (
        select(MailItem.id, MailItem.number, MailItem.kind, MailItem.state,
               MailItem.received_at, MailItem.shelf, Villa.number)
        .join(Villa, Villa.id == MailItem.villa_id)
        .where(match.condition)
        .order_by(MailItem.id.desc())
        .limit(bindparam("limit", type_=Integer)))), {**match.values, "limit": limit}).all()
    hits = []
    for item_id, number, kind, state, received_at, shelf, villa_number in rows:
        parts = [villa_number, kind_title(kind), f"{received_at:%Y-%m-%d %H:%M}",
                 state_title(state)]
        if state == MailState.WAITING and shelf:
            parts.append(_("shelf {shelf}").format(shelf=shelf))
        hits.append(Hit("mail_item", item_id, number, " · ".join(parts),
                        Opens("mail_item", item_id, number),
                        retired=state == MailState.RETURNED))
    return hits


register(SearchKind("mail_item", lambda: _("Mail"), find_mail))
