"""SQLAlchemy models and the I/O-free rules that go with them. No Qt here."""

from app.models.attachments import Attachment, AttachmentContent
from app.models.audit import AuditAnchor, AuditEntry
from app.models.base import Base
from app.models.calendar import CalendarDay
from app.models.complaints import Complaint, ComplaintMonthNote, ComplaintStep
from app.models.deadlines import DeadlineRule
from app.models.drafts import Draft
from app.models.household_holds import HouseholdHold
from app.models.households import Household, Person, Villa
from app.models.mail import (
    MailCollector,
    MailConsent,
    MailItem,
    MailNotice,
    MailNoticeItem,
    MailNotification,
    MailPickup,
)
from app.models.numbering import NumberedDocument, NumberSeries, PrintLog
from app.models.reception import AnswerBookEntry, DailyReview, InquiryPromise, ReceptionEntry
from app.models.reception_counts import ReceptionDayCount
from app.models.release_passes import ReleasePass, ReleasePassItem
from app.models.roster import RosterMember
from app.models.site import Site, SiteSetting
from app.models.staff import Staff
from app.models.work_orders import (
    FeeItem,
    WorkCategory,
    WorkOrder,
    WorkOrderCallback,
    WorkOrderCallbackAttempt,
    WorkOrderLine,
)

__all__ = [
    "AnswerBookEntry",
    "Attachment",
    "AttachmentContent",
    "AuditAnchor",
    "AuditEntry",
    "Base",
    "CalendarDay",
    "Complaint",
    "ComplaintMonthNote",
    "ComplaintStep",
    "DailyReview",
    "DeadlineRule",
    "Draft",
    "FeeItem",
    "Household",
    "HouseholdHold",
    "InquiryPromise",
    "MailCollector",
    "MailConsent",
    "MailItem",
    "MailNotice",
    "MailNoticeItem",
    "MailNotification",
    "MailPickup",
    "NumberSeries",
    "NumberedDocument",
    "Person",
    "PrintLog",
    "ReceptionDayCount",
    "ReceptionEntry",
    "ReleasePass",
    "ReleasePassItem",
    "RosterMember",
    "Site",
    "SiteSetting",
    "Staff",
    "Villa",
    "WorkCategory",
    "WorkOrder",
    "WorkOrderCallback",
    "WorkOrderCallbackAttempt",
    "WorkOrderLine",
]
