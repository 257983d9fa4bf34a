"""Printing dispatch slips (派工单) and the monthly number register (编号登记表).

The slip is in quadruplicate and numbered; a reprint says 补打 with its count, a void slip
says 作废 and stays in the sequence [000 二.7]. Every print is counted by the numbering
service; the register lists every number of a month so a gap shows at a glance.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import validation
from app.models.households import Villa
from app.models.numbering import DocumentKind, DocumentState, NumberedDocument
from app.models.site import Site
from app.models.staff import Staff
from app.models.work_orders import Rating, WorkCategory, WorkOrder, WorkOrderCallback
from app.printing import pipeline
from app.printing.forms.dispatch_slip import (
    RATINGS_ON_SLIP,
    DispatchSlipData,
    FeeLine,
    SiteHeader,
)
from app.printing.forms.number_register import RegisterRow, render_number_register
from app.services import numbering
from app.services.permissions import SIGNED_IN, Permission, needs
from app.services.uow import UnitOfWork
from app.services.work_order_queries import live_lines, order_for
from app.services.work_order_titles import DEPARTMENT_ON_SLIP
from app.settings import SLIP_COPY_LABELS, SLIP_MASKED_COPIES, read_setting

PLAIN, OVERPRINT = "plain", "overprint"
SLIP_FORM = "dispatch-slip"
OVERPRINT_FORM = "dispatch-slip-overprint"
REGISTER_TITLE = "派工单编号登记表"
#: The register is a Chinese paper record, like the slip itself.
REGISTER_STATES = {"issued": "正常", "void": "作废", "missing": "缺号"}
SUMMARY_LENGTH = 40
#: The callback's ratings as the paper slip's tick boxes name them.
RATING_ON_SLIP: dict[Rating, str] = dict(zip(
    (Rating.SATISFIED, Rating.FAIR, Rating.UNSATISFIED), RATINGS_ON_SLIP, strict=True))


def site_header(session: Session) -> SiteHeader:
    site = session.scalars(select(Site).order_by(Site.id).limit(1)).first()
    return SiteHeader(site.name, site.phone, site.address) if site else SiteHeader("", "", "")


def _slip_data(session: Session, order: WorkOrder,
               site: SiteHeader | None = None) -> DispatchSlipData:
    """The one place a slip's content is read from the record: the preview, the print,
    ``villa-desk pdf dispatch-slip`` and the number register all come through here, so
    they show what the detail panel shows (the same received minute, note and ratings)."""
    document = session.get(NumberedDocument, order.document_id)
    assert document is not None
    villa = session.get(Villa, order.villa_id) if order.villa_id else None
    category = session.get(WorkCategory, order.category_id) if order.category_id else None
    taken_by = session.get(Staff, order.taken_by_id)
    lines = tuple(FeeLine(line.name, line.unit, Decimal(line.unit_price), Decimal(line.quantity),
                          Decimal(line.amount)) for line in live_lines(order))
    # The ratings of the callback that settled the work; a reopened order has none yet.
    rated = session.scalars(
        select(WorkOrderCallback).where(WorkOrderCallback.work_order_id == order.id)
        .order_by(WorkOrderCallback.id.desc()).limit(1)
    ).first() if order.called_back_at is not None else None
    return DispatchSlipData(
        site=site or site_header(session), number=order.number, received_at=order.received_at,
        dispatched_at=order.dispatched_at, villa=villa.number if villa else "",
        location=order.location, contact_name=order.contact_name,
        contact_phone=order.contact_phone, category=category.name if category else "",
        department=DEPARTMENT_ON_SLIP[order.department], content=order.content,
        charged=order.charged, fee_lines=lines,
        total=sum((line.amount for line in lines), Decimal("0.00")),
        appointment_at=order.appointment_at, expected_completion_at=order.expected_completion_at,
        assignee=order.assignee, taken_by=taken_by.name if taken_by else "",
        completed_at=order.completed_at, voided=document.state == DocumentState.VOID,
        void_reason=document.void_reason, prior_prints=document.print_count,
        special_requirements=order.special_requirements,
        completion_note=order.completion_note if order.completed_at is not None else "",
        quality=RATING_ON_SLIP[rated.quality] if rated else "",
        attitude=RATING_ON_SLIP[rated.attitude] if rated else "",
        satisfaction=RATING_ON_SLIP[rated.satisfaction] if rated else "",
    )


@needs(SIGNED_IN)
def slip_data(uow: UnitOfWork, number_or_id: str | int) -> DispatchSlipData:
    """What the slip shows; ``prior_prints`` counts the prints so far (the next one is a
    reprint when it is above zero)."""
    with uow.read() as session:
        return _slip_data(session, order_for(session, number_or_id))


def _render(session: Session, data: DispatchSlipData, mode: str, paper: str,
            offset_mm: tuple[float, float], deterministic: bool = False) -> bytes:
    options: dict[str, Any] = {
        "copy_labels": tuple(read_setting(session, SLIP_COPY_LABELS)),
        "masked_copies": frozenset(read_setting(session, SLIP_MASKED_COPIES)),
        "deterministic": deterministic,
    }
    if mode == OVERPRINT:
        return pipeline.render(OVERPRINT_FORM, data, offset_mm=offset_mm, **options)
    return pipeline.render(SLIP_FORM, data, paper=paper, **options)


@needs(SIGNED_IN)
def slip_pdf(uow: UnitOfWork, work_order_id: int, mode: str = PLAIN, *, paper: str = "A5",
             offset_mm: tuple[float, float] = (0.0, 0.0), deterministic: bool = False) -> bytes:
    """The slip as the next print will come out, for the preview; nothing is counted."""
    with uow.read() as session:
        data = _slip_data(session, order_for(session, work_order_id))
        return _render(session, data, mode, paper, offset_mm, deterministic)


@needs(Permission.RECORD)
def print_slip(uow: UnitOfWork, work_order_id: int, mode: str, printer: str, *,
               paper: str = "A5",
               offset_mm: tuple[float, float] = (0.0, 0.0)) -> tuple[bytes, int]:
    """Count one print of the slip and return it as printed, with how many prints came
    before it (0: the original; more: a 补打)."""
    now = uow.clock.now()
    with uow.transaction() as session:
        order = order_for(session, work_order_id)
        data = _slip_data(session, order)
        document = session.get(NumberedDocument, order.document_id)
        assert document is not None
        prior = numbering.record_print(session, document, actor=uow.actor, now=now,
                                       mode=mode, printer=printer)
        return _render(session, data, mode, paper, offset_mm), prior


@needs(SIGNED_IN)
def monthly_register_rows(uow: UnitOfWork, year: int, month: int) -> list[RegisterRow]:
    """Every slip number of the month in order, void and missing ones included."""
    validation.enforce(validation.MONTH_SPEC, {"year": year, "month": month})
    with uow.read() as session:
        return _register_rows(session, year, month)


def _register_rows(session: Session, year: int, month: int) -> list[RegisterRow]:
    """The register's rows, each slip's received time, place and summary read through
    the slip's own data (not the moment its number was drawn, which may be minutes after
    the call when the order is typed in from the call record)."""
    lines = numbering.monthly_register(session, DocumentKind.DISPATCH_SLIP, year, month)
    ids = [line.record_id for line in lines if line.record_id]
    orders = {o.id: o for o in session.scalars(select(WorkOrder).where(WorkOrder.id.in_(ids)))}
    site = site_header(session)
    rows = []
    for line in lines:
        order = orders.get(line.record_id or 0)
        slip = _slip_data(session, order, site) if order is not None else None
        summary = _summary(slip.category, slip.content) if slip is not None else ""
        if line.state == "void":
            reason = f"作废原因：{line.void_reason}"
            summary = f"{summary}（{reason}）" if summary else reason
        place = (slip.villa or slip.location) if slip is not None else ""
        received = slip.received_at if slip is not None else line.created_at
        rows.append(RegisterRow(line.number, REGISTER_STATES.get(line.state, line.state),
                                received, place, summary, line.print_count))
    return rows


def _summary(category: str, content: str) -> str:
    text = " ".join(content.split())
    if len(text) > SUMMARY_LENGTH:
        text = text[:SUMMARY_LENGTH - 1] + "…"
    return f"【{category}】{text}" if category else text


@needs(SIGNED_IN)
def register_pdf(uow: UnitOfWork, year: int, month: int, *, deterministic: bool = False) -> bytes:
    validation.enforce(validation.MONTH_SPEC, {"year": year, "month": month})
    with uow.read() as session:
        rows = _register_rows(session, year, month)
        site = site_header(session)
    return render_number_register(site, REGISTER_TITLE, f"{year}年{month}月", rows,
                                  deterministic=deterministic)


def register_month_default(now: dt.datetime) -> tuple[int, int]:
    """The month a register is usually made for: the one just ended, from the 1st to the
    5th of a month [001 5.6.1]; the current one otherwise."""
    if now.day <= 5:
        first = now.replace(day=1) - dt.timedelta(days=1)
        return first.year, first.month
    return now.year, now.month
