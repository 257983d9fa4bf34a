"""The one masking rule for private data (phones, ID document numbers).

Every screen, printout and export asks this module what a viewer may see, so a
receptionist's list, a slip that leaves the desk and an Excel file all agree. Who may see
full values is the ``SEE_PHONES`` permission (supervisors and managers).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.services.actor import Actor
from app.services.permissions import Permission, allowed


def _compact(value: str) -> str:
    return re.sub(r"[\s()（）]", "", value).replace("—", "-").replace("+86", "")


def mask_phone(value: str) -> str:
    """138****5678: head and tail kept, the middle hidden."""
    v = _compact(value)
    if len(v) >= 8:
        return v[:3] + "*" * (len(v) - 7) + v[-4:]
    if len(v) > 2:
        return "*" * (len(v) - 2) + v[-2:]
    return v


def mask_id_number(value: str) -> str:
    """330106**********12 style: the region's first digits and the last four stay."""
    v = value.strip()
    if len(v) >= 10:
        return v[:3] + "*" * (len(v) - 7) + v[-4:]
    if len(v) > 2:
        return "*" * (len(v) - 2) + v[-2:]
    return v


def sees_private(actor: Actor) -> bool:
    return allowed(actor, Permission.SEE_PHONES)


def phone_for(actor: Actor, value: str) -> str:
    """A phone as this viewer may see it."""
    return value if sees_private(actor) else mask_phone(value)


def id_number_for(actor: Actor, value: str) -> str:
    """An ID document number as this viewer may see it."""
    return value if sees_private(actor) else mask_id_number(value)


def unmask_phone(shown: str, known: Iterable[str]) -> str:
    """The stored number behind a masked phone that a form sends back unchanged.

    A receptionist's screen shows 138****5678, yet the record must keep the number the
    desk calls back. So a form may send the masked text back as it was shown; the service
    then looks among the numbers it already holds for this record (the villa's household,
    the record being taken over or edited) and keeps the one that masks to exactly that
    text. Nothing is revealed: the viewer still sees it masked. A masked text that matches
    none of them, or two different numbers, stays as it is, so the phone check refuses it
    beside the field and the desk types the number in full.
    """
    compact = _compact(shown)
    if "*" not in compact:
        return shown
    matches = {_compact(n) for n in known if n and mask_phone(n) == compact}
    return matches.pop() if len(matches) == 1 else shown
