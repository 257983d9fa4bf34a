"""Holds on a household: outstanding matters that stop a release pass (未结事项).

A supervisor sets a hold with a reason (finance: fees owed; other: anything the estate must
settle before furniture leaves) and clears it with a reason once settled. While a hold is
in force the desk cannot issue a pass for the villa unless a supervisor overrides it for
that one pass, with a reason (app/services/release_passes.py). Holds are never deleted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import validation
from app.i18n import _
from app.models.household_holds import HoldKind, HouseholdHold
from app.models.households import Household, Villa
from app.models.staff import Staff
from app.services.errors import Conflict, NotFound, ValidationFailed
from app.services.permissions import SIGNED_IN, Permission, needs
from app.services.record_changes import check_version
from app.services.uow import UnitOfWork

HOLD_SPEC: validation.Spec = {
    "kind": validation.Choice(HoldKind),
    "reason": validation.REASON,
}


@dataclass(frozen=True)
class HoldRow:
    id: int
    villa_id: int
    villa_number: str
    kind: HoldKind
    reason: str
    set_at: dt.datetime
    set_by: str
    cleared_at: dt.datetime | None
    cleared_by: str
    clear_reason: str
    version: int

    @property
    def in_force(self) -> bool:
        return self.cleared_at is None


def hold_title(kind: HoldKind) -> str:
    return {HoldKind.FINANCE: _("Finance"), HoldKind.OTHER: _("Other matter")}[kind]


def holds_in_force(session: Session, villa_id: int) -> list[HouseholdHold]:
    """The villa's holds not cleared yet, oldest first (read by the pass's issue)."""
    return list(session.scalars(
        select(HouseholdHold).where(HouseholdHold.villa_id == villa_id,
                                    HouseholdHold.cleared_at.is_(None))
        .order_by(HouseholdHold.id)))


def _row(session: Session, hold: HouseholdHold) -> HoldRow:
    names = dict(session.execute(select(Staff.id, Staff.name).where(
        Staff.id.in_([i for i in (hold.set_by_id, hold.cleared_by_id) if i]))).all())
    villa = session.get(Villa, hold.villa_id)
    return HoldRow(hold.id, hold.villa_id, villa.number if villa else "", hold.kind,
                   hold.reason, hold.set_at, names.get(hold.set_by_id, ""), hold.cleared_at,
                   names.get(hold.cleared_by_id or 0, ""), hold.clear_reason, hold.version)


def _staff_id(uow: UnitOfWork) -> int:
    if uow.actor.staff_id is None:
        raise Conflict(_("Only a signed-in supervisor sets or clears a hold."))
    return uow.actor.staff_id


@needs(Permission.OVERRIDE)
def set_hold(uow: UnitOfWork, villa_id: int, kind: HoldKind, reason: str) -> HoldRow:
    """Put the villa's current household on hold; a pass needs it cleared or overridden."""
    validation.enforce(HOLD_SPEC, {"kind": kind, "reason": reason})
    if not reason.strip():
        raise ValidationFailed({"reason": _("Say what is outstanding.")})
    with uow.transaction() as session:
        villa = session.get(Villa, villa_id)
        if villa is None:
            raise NotFound(_("No such villa."))
        household_id = session.scalar(select(Household.id).where(
            Household.villa_id == villa_id, Household.active.is_(True)).order_by(
            Household.id.desc()).limit(1))
        hold = HouseholdHold(villa_id=villa_id, household_id=household_id,
                             kind=HoldKind(kind), reason=reason.strip(),
                             set_at=uow.clock.now(), set_by_id=_staff_id(uow),
                             clear_reason="")
        session.add(hold)
        session.flush()
        return _row(session, hold)


@needs(Permission.OVERRIDE)
def clear_hold(uow: UnitOfWork, hold_id: int, reason: str,
               expected_version: int | None = None) -> HoldRow:
    """The matter is settled: the hold stays on file with who cleared it and why."""
    validation.enforce({"reason": validation.REASON}, {"reason": reason})
    if not reason.strip():
        raise ValidationFailed({"reason": _("Say how it was settled.")})
    with uow.transaction() as session:
        hold = session.get(HouseholdHold, hold_id)
        if hold is None:
            raise NotFound(_("No such hold."))
        check_version(session, hold, expected_version, _("The hold on this villa"))
        if hold.cleared_at is not None:
            raise Conflict(_("This hold was already cleared."))
        hold.cleared_at = uow.clock.now()
        hold.cleared_by_id = _staff_id(uow)
        hold.clear_reason = reason.strip()
        session.flush()
        return _row(session, hold)


@needs(SIGNED_IN)
def holds_of_villa(uow: UnitOfWork, villa_id: int, in_force_only: bool = False) -> list[HoldRow]:
    """The villa's holds, those in force first, then the cleared ones newest first."""
    with uow.read() as session:
        query = select(HouseholdHold).where(HouseholdHold.villa_id == villa_id)
        if in_force_only:
            query = query.where(HouseholdHold.cleared_at.is_(None))
        rows = [_row(session, hold) for hold in session.scalars(query)]
    return sorted(rows, key=lambda r: (not r.in_force, -r.id))
