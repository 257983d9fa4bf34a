"""The mail register on paper and in Excel: the day's 《邮件收发登记表》 with the
signatures, the 《领取邮件通知》 for the mailboxes, and a month's export.

Everything that leaves the desk shows phones and ID numbers masked (privacy.mask_*),
whoever prints it: a sheet lies on the counter, a notice goes into a mailbox, an export is
mailed around. ``_register_rows``/``notice_data`` are the one place each is read.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app import validation
from app.i18n import _
from app.models.households import Household, HouseholdRole, Person, Villa
from app.models.mail import (
    CollectorKind,
    MailItem,
    MailNotice,
    MailNoticeItem,
    MailPickup,
    MailState,
    NoticeLevel,
)
from app.models.staff import Staff
from app.printing.forms.mail_notice import MailNoticeData, NoticeItem
from app.printing.forms.mail_register import MailRegisterData, RegisterRow
from app.services.errors import NotFound, ServiceError
from app.services.mail_notices import ageing_of, issue_due_notices, issue_in
from app.services.mail_pickup import signature_bytes
from app.services.mail_titles import DOC_PAPER, KIND_PAPER, STATE_PAPER, TAKER_PAPER
from app.services.permissions import SIGNED_IN, Permission, needs
from app.services.privacy import mask_id_number, mask_phone
from app.services.uow import UnitOfWork
from app.services.work_order_slips import site_header

REGISTER_FORM = "mail-register"
NOTICE_FORM = "mail-notice"
LABEL_FORM = "mail-label"

_Registrar = aliased(Staff)
_Hander = aliased(Staff)


def _owners(session: Session, villa_id: int) -> str:
    names = session.scalars(
        select(Person.name).join(Household, Household.id == Person.household_id)
        .where(Household.villa_id == villa_id, Household.active.is_(True),
               Person.active.is_(True), Person.role == HouseholdRole.OWNER)
        .order_by(Person.id)).all()
    return "、".join(names)


def _taker(pickup: MailPickup) -> str:
    relation = pickup.relation or TAKER_PAPER[pickup.collector_kind]
    text = f"{pickup.name}（{relation}）"
    if pickup.collector_kind in (CollectorKind.OTHER, CollectorKind.COLLECTOR) and \
            pickup.id_doc_number:
        doc = DOC_PAPER[pickup.id_doc_type] if pickup.id_doc_type else "证件"
        text += f" {doc} {mask_id_number(pickup.id_doc_number)}"
    return text


def _register_rows(session: Session, query: object) -> list[RegisterRow]:
    rows = session.execute(query).all()  # type: ignore[call-overload]
    result = []
    for item, villa_number, registrar, pickup, hander in rows:
        remarks = [item.remarks] if item.remarks else []
        if item.state == MailState.RETURNED:
            remarks.append(f"已退回：{item.return_reason}")
        elif item.notice_level >= NoticeLevel.FINAL:
            remarks.append("已发最后通知")
        elif item.notice_level >= NoticeLevel.NOTICE:
            remarks.append("已发领取通知")
        villa = " ".join(p for p in (villa_number, item.addressee) if p)
        result.append(RegisterRow(
            received_at=item.received_at, kind=KIND_PAPER[item.kind], number=item.number,
            villa=villa, count=item.count, shelf=item.shelf, registered_by=registrar,
            picked_up_at=pickup.picked_up_at if pickup else None,
            signature_png=signature_bytes(session, pickup.signature_id) if pickup else None,
            signed_on_paper=bool(pickup and pickup.signed_on_paper),
            taker=_taker(pickup) if pickup else "",
            phone=mask_phone(pickup.phone) if pickup and pickup.phone else "",
            handed_by=(hander or "") if pickup else "",
            remarks="；".join(remarks)))
    return result


def _base() -> object:
    return (select(MailItem, Villa.number, _Registrar.name, MailPickup, _Hander.name)
            .join(Villa, Villa.id == MailItem.villa_id)
            .join(_Registrar, _Registrar.id == MailItem.registered_by_id)
            .outerjoin(MailPickup, MailPickup.id == MailItem.pickup_id)
            .outerjoin(_Hander, _Hander.id == MailPickup.handed_by_id))


def register_data(session: Session, day: dt.date) -> MailRegisterData:
    start = dt.datetime.combine(day, dt.time())
    end = start + dt.timedelta(days=1)
    base = _base()
    received = base.where(MailItem.received_at >= start,  # type: ignore[attr-defined]
                          MailItem.received_at < end).order_by(MailItem.received_at,
                                                               MailItem.id)
    earlier = base.where(MailItem.received_at < start,  # type: ignore[attr-defined]
                         MailPickup.picked_up_at >= start, MailPickup.picked_up_at < end
                         ).order_by(MailPickup.picked_up_at, MailItem.id)
    return MailRegisterData(site_header(session), day, _register_rows(session, received),
                            _register_rows(session, earlier))


@needs(SIGNED_IN)
def register_sheet_pdf(uow: UnitOfWork, day: dt.date, deterministic: bool = False) -> bytes:
    """The day's 《邮件收发登记表》."""
    from app.printing import pipeline

    with uow.read() as session:
        data = register_data(session, day)
    return pipeline.render(REGISTER_FORM, data, deterministic=deterministic)


def notice_data(session: Session, notice_id: int) -> MailNoticeData:
    notice = session.get(MailNotice, notice_id)
    if notice is None:
        raise NotFound(_("No such notice."))
    items = session.scalars(
        select(MailItem).join(MailNoticeItem, MailNoticeItem.item_id == MailItem.id)
        .where(MailNoticeItem.notice_id == notice_id)
        .order_by(MailItem.received_at, MailItem.id)).all()
    villa = session.get(Villa, notice.villa_id)
    ageing = ageing_of(session)
    return MailNoticeData(
        site=site_header(session), number=notice.number,
        villa=villa.number if villa else "", owners=_owners(session, notice.villa_id),
        final=notice.level >= NoticeLevel.FINAL, issued_on=notice.issued_at.date(),
        items=[NoticeItem(i.received_at, KIND_PAPER[i.kind], i.number, i.count, i.shelf)
               for i in items],
        collect_within_days=max(1, ageing.final_days - ageing.notice_days))


@needs(SIGNED_IN)
def notices_pdf(uow: UnitOfWork, notice_ids: tuple[int, ...],
                deterministic: bool = False) -> bytes:
    """One page per notice: a household's, or the batch for the mailboxes."""
    from app.printing import pipeline

    if not isinstance(notice_ids, tuple) or any(validation.RecordId()(i) for i in notice_ids):
        raise NotFound(_("No such notice."))
    with uow.read() as session:
        data = [notice_data(session, n) for n in notice_ids]
    return pipeline.render(NOTICE_FORM, data, deterministic=deterministic)


@needs(Permission.RECORD)
def notice_for_villa(uow: UnitOfWork, villa_id: int) -> int:
    """The villa's notice as the mailbox should get it now: its newest notice if that lists
    every item waiting; otherwise a new one is issued (numbered) for them."""
    with uow.transaction() as session:
        if session.get(Villa, villa_id) is None:
            raise NotFound(_("No such villa."))
        newest = session.scalars(select(MailNotice).where(MailNotice.villa_id == villa_id)
                                 .order_by(MailNotice.id.desc()).limit(1)).first()
        waiting = set(session.scalars(select(MailItem.id).where(
            MailItem.villa_id == villa_id, MailItem.state == MailState.WAITING)).all())
        if newest is not None:
            listed = set(session.scalars(select(MailNoticeItem.item_id).where(
                MailNoticeItem.notice_id == newest.id)).all())
            if waiting <= listed:
                return newest.id
        if not waiting:
            raise ServiceError(_("This villa has no items waiting and no notice to print."))
        issued = issue_in(session, uow, villa_id, uow.clock.now(), ageing_of(session))
        assert issued is not None
        return issued.notice_id


def villa_of(session: Session, number: str) -> int:
    villa_id = session.scalar(select(Villa.id).where(
        Villa.number == validation.normalize_villa(number)))
    if villa_id is None:
        raise NotFound(_("No villa {number}.").format(number=number))
    return int(villa_id)


@needs(Permission.RECORD, note="issues the notices that are due before printing them")
def render_notice_key(uow: UnitOfWork, key: str, deterministic: bool) -> bytes:
    """``villa-desk pdf mail-notice A-12`` (the household's notice, issued if due) or
    ``all`` / ``all:10`` (the batch: every household due a notice by the rule, or
    waiting at least 10 days)."""
    key = key.strip()
    if key.lower().startswith("all"):
        days = key[4:].strip() if key[3:4] == ":" else ""
        if days and not days.isdigit():
            raise ServiceError(_("Give the batch as all or all:DAYS, e.g. all:10."))
        issued = issue_due_notices(uow, int(days) if days else None)
        return notices_pdf(uow, tuple(n.notice_id for n in issued), deterministic)
    if not key:
        raise ServiceError(_("Give the villa number, e.g. A-12, or all for the batch."))
    with uow.read() as session:
        villa_id = villa_of(session, key)
    return notices_pdf(uow, (notice_for_villa(uow, villa_id),), deterministic)


# -- Excel -------------------------------------------------------------------------------

EXPORT_HEADINGS = ("日期", "时间", "邮件类别", "邮件编号", "承运商", "别墅", "收件人", "件数",
                   "存放位置", "登记人", "状态", "领取时间", "领取人", "联系电话", "签名",
                   "经办人", "备注")


@needs(SIGNED_IN)
def export_month(uow: UnitOfWork, year: int, month: int, path: Path) -> int:
    """A month of the register to Excel, phones and ID numbers masked. Returns the rows."""
    from openpyxl import Workbook

    validation.enforce({"year": validation.Number(2000, 2099),
                        "month": validation.Number(1, 12)}, {"year": year, "month": month})
    start = dt.datetime(year, month, 1)
    end = dt.datetime(year + (month == 12), month % 12 + 1, 1)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(f"{year}-{month:02d}")
    sheet.append(list(EXPORT_HEADINGS))
    count = 0
    with uow.read() as session:
        query = _base().where(MailItem.received_at >= start,  # type: ignore[attr-defined]
                              MailItem.received_at < end).order_by(MailItem.received_at,
                                                                   MailItem.id)
        for item, villa_number, registrar, pickup, hander in session.execute(
                query).yield_per(2000):
            sign = ""
            if pickup is not None:
                sign = "签名板" if pickup.signature_id else (
                    "纸质签名" if pickup.signed_on_paper else "")
            sheet.append([
                item.received_at.date(), item.received_at.strftime("%H:%M"),
                KIND_PAPER[item.kind], item.number, item.carrier, villa_number,
                item.addressee, item.count, item.shelf, registrar, STATE_PAPER[item.state],
                pickup.picked_up_at if pickup else None, _taker(pickup) if pickup else "",
                mask_phone(pickup.phone) if pickup and pickup.phone else "", sign,
                hander or "", "；".join(p for p in (
                    item.remarks, item.return_reason and f"退回：{item.return_reason}") if p)])
            count += 1
    try:
        book.save(path)
    except OSError as exc:
        raise ServiceError(_("Could not write {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from exc
    return count



# -- shelf labels ------------------------------------------------------------------------

@needs(SIGNED_IN)
def labels_pdf(uow: UnitOfWork, item_ids: tuple[int, ...], deterministic: bool = False
               ) -> bytes:
    """A 60×40 mm shelf label per item (villa, short code, QR of the number)."""
    from app.printing import pipeline
    from app.printing.forms.mail_label import ShelfLabel

    if not isinstance(item_ids, tuple) or not item_ids or any(
            validation.RecordId()(i) for i in item_ids):
        raise NotFound(_("No such mail item."))
    with uow.read() as session:
        rows = session.execute(
            select(MailItem, Villa.number).join(Villa, Villa.id == MailItem.villa_id)
            .where(MailItem.id.in_(item_ids)).order_by(MailItem.id)).all()
        if len(rows) != len(set(item_ids)):
            raise NotFound(_("No such mail item."))
        labels = [ShelfLabel(villa, item.number, KIND_PAPER[item.kind], item.received_at,
                             item.shelf, item.count) for item, villa in rows]
    return pipeline.render(LABEL_FORM, labels, deterministic=deterministic)


@needs(SIGNED_IN)
def render_label_key(uow: UnitOfWork, key: str, deterministic: bool) -> bytes:
    """``villa-desk pdf mail-label SF1234567890123``: the label of the item with that
    number (the one waiting, else the newest)."""
    number = validation.normalise_tracking_number(key)
    if not number:
        raise ServiceError(_("Give the tracking number, e.g. SF1234567890123."))
    with uow.read() as session:
        item_id = session.scalar(
            select(MailItem.id).where(MailItem.number == number)
            .order_by((MailItem.state == MailState.WAITING).desc(), MailItem.id.desc())
            .limit(1))
    if item_id is None:
        raise NotFound(_("No mail item {number}.").format(number=number))
    return labels_pdf(uow, (int(item_id),), deterministic)
