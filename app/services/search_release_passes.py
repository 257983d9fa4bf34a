"""Search kind of the release passes: a pass number typed or scanned from a gate copy,
whole, by its last digits (``000123``) or any part; the newest first."""

from __future__ import annotations

import re

from sqlalchemy import Integer, bindparam, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.households import Villa
from app.models.release_passes import PassState, ReleasePass
from app.services import search_index as index
from app.services.actor import Actor
from app.services.release_pass_queries import applicant_title, state_title
from app.services.search import Hit, Opens, Query, SearchKind, register
from app.services.search_work_orders import record_number

#: A pass number from its start to four digits or more of its sequence: a short range of
#: the number's own unique index (see search_work_orders.WHOLE).
WHOLE = re.compile(r"^[A-Z]+\d{4}-\d{4,}$")


def _match(session: Session, query: Query, limit: int) -> index.Match:
    number = record_number(query)
    if not number:
        return index.NOTHING
    if WHOLE.match(number):
        return index.starts(session, ReleasePass.number, number)
    if number.isdigit():
        # Digits alone are the end of a pass number, as on the gate copy.
        return index.tail(ReleasePass.number_reversed, number)
    return index.contains(session, [(ReleasePass.number, number)], newest=limit)


def find_release_passes(session: Session, query: Query, limit: int,
                        actor: Actor) -> list[Hit]:
    del actor  # nothing private is shown: the villa, the applicant's name, the state
    match = _match(session, query, limit)
    if match is index.NOTHING:
        return []
    rows = session.execute(index.statement(("release passes", match.shape), lambda: (
        select(ReleasePass.id, ReleasePass.number, ReleasePass.state, ReleasePass.valid_from,
               ReleasePass.applicant_name, ReleasePass.applicant_kind, Villa.number)
        .join(Villa, Villa.id == ReleasePass.villa_id)
        .where(match.condition)
        .order_by(ReleasePass.id.desc())
        .limit(bindparam("limit", type_=Integer)))), {**match.values, "limit": limit}).all()
    hits = []
    for pass_id, number, state, valid_from, name, kind, villa_number in rows:
        subtitle = " · ".join((villa_number, f"{name}（{applicant_title(kind)}）",
                               f"{valid_from:%Y-%m-%d}", state_title(state)))
        hits.append(Hit("release_pass", pass_id, number, subtitle,
                        Opens("release_pass", pass_id, number),
                        retired=state == PassState.VOID))
    return hits


register(SearchKind("release_pass", lambda: _("Release passes"), find_release_passes))
