"""What the desk calls each value of a complaint, in the user's language."""

from __future__ import annotations

from app.i18n import _
from app.models.complaints import (
    CallbackMethod,
    CallbackOutcome,
    Category,
    Channel,
    ComplaintDepartment,
    ComplaintState,
    Level,
    Responsibility,
    Severity,
    StepKind,
    Validity,
)
from app.models.deadlines import DeadlineEvent
from app.services.complaint_deadlines import DueState


def state_title(value: ComplaintState) -> str:
    return {ComplaintState.OPEN: _("Open"), ComplaintState.HANDLED: _("Handled"),
            ComplaintState.CLOSED: _("Closed"), ComplaintState.VOID: _("Void")}[value]


def channel_title(value: Channel) -> str:
    return {Channel.PHONE: _("Phone"), Channel.VISIT: _("Visit"), Channel.LETTER: _("Letter"),
            Channel.EMAIL: _("E-mail"), Channel.ONLINE: _("Online"),
            Channel.DEPARTMENT: _("Forwarded by a department"),
            Channel.GOVERNMENT: _("Forwarded by a government office")}[value]


def category_title(value: Category) -> str:
    return {Category.ATTITUDE: _("Staff attitude"), Category.REPAIR: _("Repairs"),
            Category.CLEANING: _("Cleanliness"), Category.LANDSCAPING: _("Green areas"),
            Category.SECURITY: _("Security and order"), Category.NOISE: _("Noise"),
            Category.PARKING: _("Parking"), Category.FEES: _("Fees"),
            Category.COMMON_AREA: _("Common facilities"),
            Category.NEIGHBOUR: _("Neighbour dispute"),
            Category.BUILDING: _("Building quality"),
            Category.OUTSIDE: _("Outside environment"), Category.OTHER: _("Other")}[value]


def responsibility_title(value: Responsibility) -> str:
    return {Responsibility.PROPERTY: _("Class 1 (property service)"),
            Responsibility.DEVELOPER: _("Class 2 (developer)"),
            Responsibility.EXTERNAL: _("Class 3 (outside)")}[value]


def severity_title(value: Severity) -> str:
    return {Severity.GENERAL: _("General"), Severity.SERIOUS: _("Serious"),
            Severity.URGENT: _("Urgent")}[value]


def validity_title(value: Validity) -> str:
    return {Validity.VALID: _("Valid"), Validity.INVALID: _("Invalid")}[value]


def level_title(value: Level) -> str:
    return {Level.SPECIALIST: _("Specialist"), Level.SUPERVISOR: _("Supervisor"),
            Level.PROJECT_MANAGER: _("Project manager"),
            Level.GENERAL_MANAGER: _("General manager")}[value]


def department_title(value: ComplaintDepartment) -> str:
    return {ComplaintDepartment.CUSTOMER_SERVICE: _("Customer service"),
            ComplaintDepartment.ENGINEERING: _("Engineering"),
            ComplaintDepartment.CLEANING: _("Cleaning"),
            ComplaintDepartment.SECURITY: _("Security"),
            ComplaintDepartment.LANDSCAPING: _("Landscaping"),
            ComplaintDepartment.MANAGEMENT: _("Management office"),
            ComplaintDepartment.DEVELOPER: _("Developer"),
            ComplaintDepartment.OUTSIDE: _("Outside body")}[value]


def method_title(value: CallbackMethod) -> str:
    return {CallbackMethod.PHONE: _("Phone"), CallbackMethod.VISIT: _("Visit")}[value]


def outcome_title(value: CallbackOutcome) -> str:
    return {CallbackOutcome.SATISFIED: _("Satisfied"),
            CallbackOutcome.UNSATISFIED: _("Unsatisfied"),
            CallbackOutcome.NOT_REACHED: _("Not reached")}[value]


def due_title(value: DueState) -> str:
    return {DueState.DUE: _("Due"), DueState.SOON: _("Due soon"),
            DueState.OVERDUE: _("Overdue"), DueState.MET: _("On time"),
            DueState.LATE: _("Late")}[value]


def event_title(event: DeadlineEvent) -> str:
    from app.services.rules import rule_title
    return rule_title(event)


def step_title(kind: StepKind) -> str:
    return {StepKind.OPENED: _("Opened"), StepKind.CLASSIFIED: _("Classified"),
            StepKind.REPORTED: _("Reported to the supervisor"),
            StepKind.RESPONDED: _("Department responded"),
            StepKind.STEPPED_IN: _("Supervisor stepped in"),
            StepKind.CONTACTED: _("Other units contacted the complainant"),
            StepKind.EXPLAINED: _("Explained to the complainant"),
            StepKind.HANDLED: _("Handled"), StepKind.ESCALATED: _("Escalated"),
            StepKind.CALLBACK: _("Callback"), StepKind.REOPENED: _("Reopened"),
            StepKind.CLOSED: _("Closed"), StepKind.VOIDED: _("Voided")}[kind]


#: The printed forms are Chinese whatever the screen's language (as the other paper forms).
_PAPER: dict[type, dict[str, str]] = {
    Channel: {"phone": "电话", "visit": "来访", "letter": "信函", "email": "电子邮件",
              "online": "网络", "department": "其他部门转来", "government": "政府部门转来"},
    Category: {"attitude": "服务态度", "repair": "维修", "cleaning": "保洁",
               "landscaping": "绿化", "security": "安全秩序", "noise": "噪音",
               "parking": "停车", "fees": "收费", "common_area": "公共设施",
               "neighbour": "邻里纠纷", "building": "房屋质量", "outside": "外部环境",
               "other": "其他"},
    Responsibility: {"property": "一类（物业服务）", "developer": "二类（开发商）",
                     "external": "三类（外部环境）"},
    Severity: {"general": "普通", "serious": "严重", "urgent": "紧急"},
    Validity: {"valid": "有效", "invalid": "无效"},
    Level: {"specialist": "客服专员", "supervisor": "客服主管",
            "project_manager": "项目经理", "general_manager": "总经理"},
    ComplaintDepartment: {"customer_service": "客服部", "engineering": "工程部",
                          "cleaning": "保洁部", "security": "秩序维护部",
                          "landscaping": "绿化部", "management": "管理处",
                          "developer": "开发商", "outside": "外部单位"},
    CallbackMethod: {"phone": "电话", "visit": "上门"},
    CallbackOutcome: {"satisfied": "满意", "unsatisfied": "不满意", "not_reached": "未联系上"},
}


def zh(value: object) -> str:
    """A value's title on paper (looked up by its type: a StrEnum member equals its value,
    and "cleaning" is both a category and a department)."""
    return _PAPER.get(type(value), {}).get(str(value), str(value))
