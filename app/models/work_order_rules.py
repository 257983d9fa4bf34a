"""The rules of a work order (派工单) that need no database: its states and its deadlines.

A work order moves received → dispatched → in progress → completed → called back → closed
[002 第九条]. It may be paused while waiting for parts and resumed where it was, and a
supervisor may void it. An unsatisfied callback sends it back to work (reopened).

Deadlines come from the one rule table [000 一.5, 002 第九条, 004 4.4.3.6]: dispatch soon
after receipt, call back soon after completion, and tell the supervisor about anything still
unresolved after a while. Everything here is a pure function of its arguments.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass

from app.models.calendar import WorkCalendar
from app.models.deadlines import DeadlineEvent, Rule
from app.models.work_orders import Rating, WorkOrderState

S = WorkOrderState


class Action(enum.StrEnum):
    EDIT = "edit"
    DISPATCH = "dispatch"
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    COMPLETE = "complete"
    CALLBACK = "callback"
    CLOSE = "close"
    VOID = "void"


class TransitionRefused(Exception):
    """The action does not fit the order's current state; services turn it into a message."""

    def __init__(self, state: WorkOrderState, action: Action) -> None:
        super().__init__(f"{action.value} is not allowed in state {state.value}")
        self.state = state
        self.action = action


#: States in which the work is not done yet (what "unresolved" means for escalation).
UNRESOLVED: frozenset[WorkOrderState] = frozenset(
    {S.RECEIVED, S.DISPATCHED, S.IN_PROGRESS, S.PAUSED}
)
#: States in which nothing more happens.
FINISHED: frozenset[WorkOrderState] = frozenset({S.CLOSED, S.VOID})

#: Where each action leads from each state. PAUSE returns to the remembered state on
#: RESUME, and CALLBACK depends on the satisfaction, so those two are resolved in ``target``.
_MOVES: dict[WorkOrderState, dict[Action, WorkOrderState | None]] = {
    S.RECEIVED: {Action.EDIT: S.RECEIVED, Action.DISPATCH: S.DISPATCHED, Action.VOID: S.VOID},
    S.DISPATCHED: {Action.EDIT: S.DISPATCHED, Action.START: S.IN_PROGRESS,
                   Action.PAUSE: S.PAUSED, Action.VOID: S.VOID},
    S.IN_PROGRESS: {Action.EDIT: S.IN_PROGRESS, Action.COMPLETE: S.COMPLETED,
                    Action.PAUSE: S.PAUSED, Action.VOID: S.VOID},
    S.PAUSED: {Action.EDIT: S.PAUSED, Action.RESUME: None, Action.VOID: S.VOID},
    S.COMPLETED: {Action.CALLBACK: None, Action.VOID: S.VOID},
    S.CALLED_BACK: {Action.CLOSE: S.CLOSED, Action.VOID: S.VOID},
    S.CLOSED: {},
    S.VOID: {},
}

#: The permission (``app.services.permissions.Permission`` value) each action needs. Kept
#: as plain values so this layer does not import the services.
REQUIRED_PERMISSION: dict[Action, str] = {
    **{action: "record" for action in Action},
    Action.VOID: "void_document",
}


def allowed_actions(state: WorkOrderState) -> frozenset[Action]:
    return frozenset(_MOVES[state])


def can(state: WorkOrderState, action: Action) -> bool:
    return action in _MOVES[state]


def target(
    state: WorkOrderState,
    action: Action,
    *,
    before_pause: WorkOrderState | None = None,
    satisfaction: Rating | None = None,
) -> WorkOrderState:
    """The state ``action`` leads to from ``state``; raises ``TransitionRefused`` if none."""
    if action not in _MOVES[state]:
        raise TransitionRefused(state, action)
    if action == Action.RESUME:
        # Paused from "dispatched" goes back to "dispatched": nobody has started yet.
        return before_pause if before_pause in (S.DISPATCHED, S.IN_PROGRESS) else S.DISPATCHED
    if action == Action.CALLBACK:
        if satisfaction is None:
            raise ValueError("a callback needs a satisfaction rating")
        return S.IN_PROGRESS if reopens(satisfaction) else S.CALLED_BACK
    result = _MOVES[state][action]
    assert result is not None
    return result


def reopens(satisfaction: Rating) -> bool:
    """An unsatisfied owner means the work is not done: it goes back to in progress."""
    return satisfaction == Rating.UNSATISFIED


@dataclass(frozen=True)
class OrderTimes:
    """What the deadline rules look at: the state and the times that start each clock."""

    state: WorkOrderState
    received_at: dt.datetime
    completed_at: dt.datetime | None = None


@dataclass(frozen=True)
class DeadlineStatus:
    """The next deadline of an order, and whether the supervisor must hear about it.

    ``event`` is None when nothing is due (called back, closed, void). ``escalate_at`` is
    when an unresolved order goes to the supervisor; ``escalate`` says that time has passed.
    """

    event: DeadlineEvent | None
    due_at: dt.datetime | None
    overdue: bool
    escalate_at: dt.datetime | None
    escalate: bool

    @property
    def attention(self) -> bool:
        """Late for something: what makes a row stand out in the list."""
        return self.overdue or self.escalate


NOTHING_DUE = DeadlineStatus(None, None, False, None, False)

WORK_ORDER_EVENTS = (
    DeadlineEvent.WORK_ORDER_DISPATCH,
    DeadlineEvent.WORK_ORDER_CALLBACK,
    DeadlineEvent.WORK_ORDER_ESCALATE,
)


def deadline_status(
    order: OrderTimes,
    rules: Mapping[DeadlineEvent, Rule],
    calendar: WorkCalendar,
    now: dt.datetime,
) -> DeadlineStatus:
    """Which deadline comes next for ``order`` and whether it (or escalation) has passed.

    A deadline is missed once ``now`` is past it: received 09:05 with a 5-minute rule is due
    09:10, still on time at 09:10 and overdue at 09:11.
    """
    if order.state in UNRESOLVED:
        escalate_at = rules[DeadlineEvent.WORK_ORDER_ESCALATE].due(order.received_at, calendar)
        escalate = now > escalate_at
        if order.state == S.RECEIVED:
            due = rules[DeadlineEvent.WORK_ORDER_DISPATCH].due(order.received_at, calendar)
            return DeadlineStatus(DeadlineEvent.WORK_ORDER_DISPATCH, due, now > due,
                                  escalate_at, escalate)
        return DeadlineStatus(DeadlineEvent.WORK_ORDER_ESCALATE, escalate_at, escalate,
                              escalate_at, escalate)
    if order.state == S.COMPLETED and order.completed_at is not None:
        due = rules[DeadlineEvent.WORK_ORDER_CALLBACK].due(order.completed_at, calendar)
        return DeadlineStatus(DeadlineEvent.WORK_ORDER_CALLBACK, due, now > due, None, False)
    return NOTHING_DUE
