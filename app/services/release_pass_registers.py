"""The registers of release passes: the week's list for filing the gate copies, the
month's number register proving no number is missing, and a month in Excel.

Everything here leaves the desk (paper in a binder, a file mailed around), so phones and
ID numbers are masked whoever runs it.
"""

from __future__ import annotations

import datetime as dt
import io

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import validation
from app.i18n import _
from app.models.households import Villa
from app.models.numbering import DocumentKind
from app.models.release_passes import ListedState, ReleasePass, listed_state
from app.models.staff import Staff
from app.printing import pipeline
from app.printing.forms.number_register import NumberRegisterData, RegisterRow
from app.printing.forms.release_pass_lists import WeeklyListData, WeeklyRow
from app.services import numbering
from app.services.errors import ServiceError
from app.services.permissions import SIGNED_IN, needs
from app.services.privacy import mask_id_number, mask_phone
from app.services.release_pass_printing import APPLICANT_ON_PASS, CONSENT_ON_PASS, REASON_ON_PASS
from app.services.release_pass_queries import ItemRow, items_of
from app.services.uow import UnitOfWork
from app.services.work_order_slips import site_header

WEEKLY_FORM = "release-pass-weekly"
REGISTER_FORM = "number-register"
REGISTER_TITLE = "物品放行条编号登记表"
#: The paper's words for a pass's state.
STATE_ON_PAPER = {ListedState.ISSUED: "未交回", ListedState.EXPIRED: "已过期",
                  ListedState.USED: "已使用", ListedState.VOID: "作废"}
REGISTER_STATES = {"issued": "正常", "void": "作废", "missing": "缺号"}
EXPORT_HEADINGS = ("编号", "状态", "签发时间", "签发人", "别墅", "申请人身份", "申请人",
                   "联系电话", "证件号码", "车牌号码", "有效时间起", "有效时间止", "放行事由",
                   "物品", "业主同意", "出门时间", "门岗保安", "物品相符", "差异说明",
                   "作废原因", "打印次数")


def items_text(items: tuple[ItemRow, ...]) -> str:
    return "、".join(f"{i.name}×{i.quantity}" + (f"（{i.remarks}）" if i.remarks else "")
                    for i in items)


def _gate_text(record: ReleasePass) -> str:
    if record.used_at is None:
        return ""
    matched = "相符" if record.items_matched else f"不符：{record.gate_note}"
    return f"{record.used_at:%m-%d %H:%M} {record.guard_name} {matched}"


def _passes(session: Session, start: dt.datetime, end: dt.datetime) -> list[tuple[ReleasePass,
                                                                                   str]]:
    return [(record, villa) for record, villa in session.execute(
        select(ReleasePass, Villa.number).join(Villa, Villa.id == ReleasePass.villa_id)
        .where(ReleasePass.issued_at >= start, ReleasePass.issued_at < end)
        .order_by(ReleasePass.number)).all()]


def week_of(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


def weekly_rows(session: Session, monday: dt.date, now: dt.datetime) -> list[WeeklyRow]:
    start = dt.datetime.combine(monday, dt.time())
    found = _passes(session, start, start + dt.timedelta(days=7))
    items = items_of(session, [record.id for record, _villa in found])
    return [WeeklyRow(
        number=record.number,
        state=STATE_ON_PAPER[listed_state(record.state, record.valid_until, now)],
        issued_at=record.issued_at, villa=villa,
        applicant=f"{record.applicant_name}（{APPLICANT_ON_PASS[record.applicant_kind]}）",
        items=items_text(items.get(record.id, ())), valid_from=record.valid_from,
        valid_until=record.valid_until, gate=_gate_text(record),
        mismatch=record.items_matched is False) for record, villa in found]


@needs(SIGNED_IN)
def weekly_pdf(uow: UnitOfWork, day: dt.date, *, deterministic: bool = False) -> bytes:
    """The list of the week (Monday to Sunday) that holds ``day``."""
    validation.enforce({"day": validation.Day()}, {"day": day})
    monday = week_of(day)
    with uow.read() as session:
        data = WeeklyListData(site_header(session),
                              f"{monday:%Y-%m-%d} 至 {monday + dt.timedelta(days=6):%Y-%m-%d}",
                              weekly_rows(session, monday, uow.clock.now()))
    return pipeline.render(WEEKLY_FORM, data, deterministic=deterministic)


def register_rows(session: Session, year: int, month: int) -> list[RegisterRow]:
    """Every pass number of the month in order, void and missing ones included."""
    lines = numbering.monthly_register(session, DocumentKind.RELEASE_PASS, year, month)
    ids = [line.record_id for line in lines if line.record_id]
    passes = {record.id: (record, villa) for record, villa in session.execute(
        select(ReleasePass, Villa.number).join(Villa, Villa.id == ReleasePass.villa_id)
        .where(ReleasePass.id.in_(ids)))}
    items = items_of(session, ids)
    rows = []
    for line in lines:
        found = passes.get(line.record_id or 0)
        summary, villa, issued = "", "", line.created_at
        if found is not None:
            record, villa = found
            issued = record.issued_at
            summary = f"{record.applicant_name}（{APPLICANT_ON_PASS[record.applicant_kind]}）" \
                      f"{REASON_ON_PASS[record.reason]}：{items_text(items.get(record.id, ()))}"
        if line.state == "void":
            reason = f"作废原因：{line.void_reason}"
            summary = f"{summary}（{reason}）" if summary else reason
        rows.append(RegisterRow(line.number, REGISTER_STATES.get(line.state, line.state),
                                issued, villa, summary, line.print_count))
    return rows


@needs(SIGNED_IN)
def register_pdf(uow: UnitOfWork, year: int, month: int, *, deterministic: bool = False) -> bytes:
    validation.enforce(validation.MONTH_SPEC, {"year": year, "month": month})
    with uow.read() as session:
        data = NumberRegisterData(site_header(session), REGISTER_TITLE, f"{year}年{month}月",
                                  register_rows(session, year, month))
    return pipeline.render(REGISTER_FORM, data, deterministic=deterministic)


@needs(SIGNED_IN)
def export_month(uow: UnitOfWork, year: int, month: int) -> tuple[bytes, int]:
    """The month's passes (issued in it) as an Excel workbook, and how many rows: one sheet
    of passes, one of the number register with its gaps."""
    from openpyxl import Workbook

    validation.enforce(validation.MONTH_SPEC, {"year": year, "month": month})
    start = dt.datetime(year, month, 1)
    end = dt.datetime(year + (month == 12), month % 12 + 1, 1)
    now = uow.clock.now()
    book = Workbook(write_only=True)
    sheet = book.create_sheet(f"放行条 {year}-{month:02d}")
    sheet.append(list(EXPORT_HEADINGS))
    count = 0
    with uow.read() as session:
        names = dict(session.execute(select(Staff.id, Staff.name)).all())
        found = _passes(session, start, end)
        items = items_of(session, [record.id for record, _villa in found])
        counts = {line.number: line.print_count for line in numbering.monthly_register(
            session, DocumentKind.RELEASE_PASS, year, month)}
        for record, villa in found:
            consent = CONSENT_ON_PASS[record.consent].format(
                staff=names.get(record.consent_confirmed_by_id or 0, ""))
            sheet.append([
                record.number,
                STATE_ON_PAPER[listed_state(record.state, record.valid_until, now)],
                record.issued_at, names.get(record.issued_by_id, ""), villa,
                APPLICANT_ON_PASS[record.applicant_kind], record.applicant_name,
                mask_phone(record.phone), mask_id_number(record.id_doc_number), record.plate,
                record.valid_from, record.valid_until, REASON_ON_PASS[record.reason],
                items_text(items.get(record.id, ())),
                consent + (f" {record.consent_note}" if record.consent_note else ""),
                record.used_at, record.guard_name,
                "" if record.items_matched is None else ("是" if record.items_matched else "否"),
                record.gate_note, record.void_reason, counts.get(record.number, 0)])
            count += 1
        register = book.create_sheet("编号登记")
        register.append(["编号", "状态", "签发时间", "别墅", "摘要", "打印次数"])
        for row in register_rows(session, year, month):
            register.append([row.number, row.state, row.received_at, row.villa, row.summary,
                             row.print_count])
    out = io.BytesIO()
    try:
        book.save(out)
    except OSError as exc:
        raise ServiceError(_("Could not write the workbook: {reason}").format(
            reason=exc.strerror or exc)) from exc
    return out.getvalue(), count


@needs(SIGNED_IN)
def month_register(uow: UnitOfWork, year: int, month: int) -> list[RegisterRow]:
    """The month's pass numbers for the screen, as the printed register lists them."""
    validation.enforce(validation.MONTH_SPEC, {"year": year, "month": month})
    with uow.read() as session:
        return register_rows(session, year, month)
