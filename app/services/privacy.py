"""The one masking rule for private data (phones, ID document numbers).

Every screen, printout and export asks this module what a viewer may see, so a
receptionist's list, a slip that leaves the desk and an Excel file all agree. Who may see
full values is the ``SEE_PHONES`` permission (supervisors and managers).
"""

from __future__ import annotations

import re

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
