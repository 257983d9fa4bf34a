"""The day's printed work record (服务中心日工作记录表) and the audit seal it carries.

The sheet lists the day's calls and visits as the reception list shows them, and the
supervisor's signature with the seal made when the day was signed (``sign_day``): the
audit entry that records the signature, by number and fingerprint. Reprinting a day
always prints that same entry, read from the log, so paper printed on the day and a
reprint made after someone rewrote the log disagree — which is the point.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.audit import AuditEntry
from app.models.reception import Channel, DailyReview, EntryClass
from app.models.staff import Staff
from app.printing import pipeline
from app.printing.forms.daily_record import DailyRecordData, DaySeal, RecordRow
from app.services.permissions import Permission, needs
from app.services.reception import EntryFilter, EntryRow, list_entries
from app.services.uow import UnitOfWork
from app.services.work_order_slips import site_header

FORM = "daily-record"
#: The paper form is Chinese whatever the desk's language, like every form on file.
CHANNELS = {Channel.PHONE: "来电", Channel.VISIT: "来访", Channel.OTHER: "其他"}
CLASSES = {EntryClass.REPAIR: "报修", EntryClass.INQUIRY: "咨询",
           EntryClass.COMPLAINT: "投诉", EntryClass.HELP: "求助"}


def _state(row: EntryRow) -> str:
    if row.voided:
        return "作废：" + row.void_reason if row.void_reason else "作废"
    parts = []
    if row.work_order_number:
        parts.append("已派工 " + row.work_order_number)
    if row.promise_id is not None:
        parts.append("已答复" if row.promise_answered else "待答复")
    if row.back_entered:
        parts.append("补录 " + row.recorded_at.strftime("%m-%d %H:%M"))
    return "，".join(parts) or "已登记"


def _record_row(row: EntryRow) -> RecordRow:
    return RecordRow(time=row.occurred_at, channel=CHANNELS[row.channel],
                     caller=row.caller_name, villa=row.villa_number,
                     entry_class=CLASSES[row.entry_class], content=row.content,
                     taken_by=row.taken_by_name, state=_state(row), voided=row.voided)


def day_seal(session: Session, review: DailyReview) -> DaySeal | None:
    """The audit entry that recorded the signature: the chain's head when it was signed."""
    entry = session.scalars(select(AuditEntry).where(
        AuditEntry.entity == DailyReview.__tablename__,
        AuditEntry.entity_id == str(review.id), AuditEntry.action == "create",
    ).order_by(AuditEntry.id.desc()).limit(1)).first()
    return DaySeal(entry.id, entry.hash) if entry is not None else None


@needs(Permission.RECORD)
def daily_record_data(uow: UnitOfWork, day: dt.date) -> DailyRecordData:
    entries = list_entries(uow, EntryFilter(day, day))
    rows = [_record_row(r) for r in reversed(entries.rows)]  # the day in order
    with uow.read() as session:
        site = site_header(session)
        review = session.scalar(select(DailyReview).where(DailyReview.day == day))
        if review is None:
            return DailyRecordData(site, day, rows)
        signer = session.get(Staff, review.signed_by_id)
        return DailyRecordData(site, day, rows, signed_by=signer.name if signer else "",
                               signed_at=review.signed_at, remarks=review.remarks,
                               seal=day_seal(session, review))


@needs(Permission.RECORD)
def daily_record_pdf(uow: UnitOfWork, day: dt.date, *, deterministic: bool = False) -> bytes:
    return pipeline.render(FORM, daily_record_data(uow, day), deterministic=deterministic)
