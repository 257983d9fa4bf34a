"""Translated titles of the work-order enums, for screens; Chinese names for the paper slip."""

from __future__ import annotations

from app.i18n import _
from app.models.deadlines import DeadlineEvent
from app.models.work_order_rules import Action
from app.models.work_orders import Department, Rating, WorkOrderState


def state_title(value: WorkOrderState) -> str:
    return {
        WorkOrderState.RECEIVED: _("Received"),
        WorkOrderState.DISPATCHED: _("Dispatched"),
        WorkOrderState.IN_PROGRESS: _("In progress"),
        WorkOrderState.PAUSED: _("Paused"),
        WorkOrderState.COMPLETED: _("Completed"),
        WorkOrderState.CALLED_BACK: _("Called back"),
        WorkOrderState.CLOSED: _("Closed"),
        WorkOrderState.VOID: _("Void"),
    }[value]


def department_title(value: Department) -> str:
    return {
        Department.ENGINEERING: _("Engineering"),
        Department.CLEANING: _("Cleaning"),
        Department.SECURITY: _("Security"),
        Department.CONTRACTOR: _("Outside contractor"),
    }[value]


def rating_title(value: Rating) -> str:
    return {
        Rating.SATISFIED: _("Satisfied"),
        Rating.FAIR: _("Fair"),
        Rating.UNSATISFIED: _("Unsatisfied"),
    }[value]


def action_title(value: Action) -> str:
    return {
        Action.EDIT: _("Edit"),
        Action.DISPATCH: _("Dispatch"),
        Action.START: _("Start work"),
        Action.PAUSE: _("Pause"),
        Action.RESUME: _("Resume"),
        Action.COMPLETE: _("Complete"),
        Action.CALLBACK: _("Record callback"),
        Action.CLOSE: _("Close"),
        Action.VOID: _("Void"),
    }[value]


def deadline_title(value: DeadlineEvent) -> str:
    return {
        DeadlineEvent.WORK_ORDER_DISPATCH: _("Dispatch"),
        DeadlineEvent.WORK_ORDER_CALLBACK: _("Callback"),
        DeadlineEvent.WORK_ORDER_ESCALATE: _("Report to supervisor"),
    }.get(value, value.value)


#: The slip is a Chinese paper form whatever language the desk runs in.
DEPARTMENT_ON_SLIP: dict[Department, str] = {
    Department.ENGINEERING: "工程部",
    Department.CLEANING: "保洁部",
    Department.SECURITY: "秩序维护部",
    Department.CONTRACTOR: "外包单位",
}
