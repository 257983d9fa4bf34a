"""The gate copy (门岗联) back at the desk: a pass is marked used, once.

The guard writes on the gate copy who checked the items out, when, and whether what left
matched the list; the desk types or scans the number from that copy. A pass used outside
its window (expired, or before it opened) is marked used only with a supervisor's
override and a reason: the gate let items out on a pass that no longer allowed it, and
someone answers for that.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app import validation
from app.i18n import _, fmt_datetime
from app.models.release_passes import PassState
from app.services.errors import Conflict, ValidationFailed
from app.services.permissions import Permission, allowed, needs
from app.services.release_pass_queries import PassDetail, detail_of, pass_for, state_title
from app.services.uow import UnitOfWork

#: The gate's watch and the desk's clock differ a little; more than this is a typo.
FUTURE_TOLERANCE = dt.timedelta(minutes=5)

GATE_SPEC: validation.Spec = {
    "guard_name": validation.Text(60),
    "passed_at": validation.When(),
    "items_matched": validation.Flag(),
    "note": validation.Text(1000, multiline=True),
    "late_override_reason": validation.Text(500, multiline=True),
}
_KEYS = {"late_override_reason": "override"}


@dataclass(frozen=True)
class GateReturn:
    """What the gate copy says: the guard, when the items went out, whether they matched
    the list (a discrepancy needs a note), and a supervisor's reason for a pass used
    outside its window."""

    guard_name: str
    passed_at: dt.datetime
    items_matched: bool
    note: str = ""
    late_override_reason: str = ""


@needs(Permission.RECORD, note="a pass used outside its window needs OVERRIDE (a supervisor)")
def mark_used(uow: UnitOfWork, number: str, gate: GateReturn) -> PassDetail:
    """Mark the pass with this number (typed or scanned) used, as the gate copy says."""
    validation.enforce({"number": validation.search_text}, {"number": number})
    if not isinstance(gate, GateReturn):
        raise ValidationFailed({"guard_name": _("Fill in what the gate copy says.")})
    validation.enforce(GATE_SPEC, gate, _KEYS)
    errors: dict[str, str] = {}
    if not gate.guard_name.strip():
        errors["guard_name"] = _("Which guard checked the items out?")
    if not gate.items_matched and not gate.note.strip():
        errors["note"] = _("The items did not match the list: say what was different.")
    now = uow.clock.now()
    if gate.passed_at > now + FUTURE_TOLERANCE:
        errors["passed_at"] = _("The time on the gate copy cannot be in the future.")
    if errors:
        raise ValidationFailed(errors)
    with uow.transaction() as session:
        record = pass_for(session, number)
        if record.state == PassState.USED:
            raise Conflict(_("{number} was already used: the items went out at {time}, "
                             "checked by {guard}. A pass is used once.").format(
                number=record.number, time=fmt_datetime(record.used_at or now),
                guard=record.guard_name))
        if record.state != PassState.ISSUED:
            raise Conflict(_("{number} is {state}; it cannot be marked used.").format(
                number=record.number, state=state_title(record.state)))
        passed_at = gate.passed_at.replace(second=0, microsecond=0)
        outside = not record.valid_from <= passed_at <= record.valid_until
        override = gate.late_override_reason.strip()
        if outside and not override:
            raise ValidationFailed({"override": _(
                "The pass was valid {start} to {end}; the items went out at {time}. A "
                "supervisor overrides this with a reason, or the pass is not marked used."
            ).format(start=fmt_datetime(record.valid_from), end=fmt_datetime(
                record.valid_until), time=fmt_datetime(passed_at))})
        if outside and not allowed(uow.actor, Permission.OVERRIDE):
            raise ValidationFailed({"override": _(
                "Only a supervisor may accept a pass used outside its window.")})
        record.state = PassState.USED
        record.used_at = passed_at
        record.guard_name = gate.guard_name.strip()
        record.returned_by_id = uow.actor.staff_id
        record.items_matched = gate.items_matched
        record.gate_note = gate.note.strip()
        if outside:
            record.late_override_by_id = uow.actor.staff_id
            record.late_override_reason = override
        session.flush()
        return detail_of(session, record, now)
