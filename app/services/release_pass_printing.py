"""Printing a release pass: the preview, the counted print (补打 on reprints) and the PDF
``villa-desk pdf release-pass FX2026-000123`` writes, all from one reading of the record."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.models.households import IdDocType, Villa
from app.models.numbering import DocumentState, NumberedDocument
from app.models.release_passes import ApplicantKind, ConsentKind, PassReason, ReleasePass
from app.models.staff import Staff
from app.printing import pipeline
from app.printing.forms.release_pass import PassItemLine, ReleasePassData
from app.services import numbering
from app.services.permissions import SIGNED_IN, Permission, needs
from app.services.privacy import mask_id_number, mask_phone
from app.services.release_pass_queries import live_items, pass_for, signature_png
from app.services.uow import UnitOfWork
from app.services.work_order_slips import site_header
from app.settings import RELEASE_PASS_COPY_LABELS, read_setting

PLAIN, OVERPRINT = "plain", "overprint"
PASS_FORM = "release-pass"
OVERPRINT_FORM = "release-pass-overprint"

#: The paper's words, whatever language the desk runs in.
APPLICANT_ON_PASS = {ApplicantKind.OWNER: "业主", ApplicantKind.FAMILY: "家庭成员",
                     ApplicantKind.TENANT: "租户", ApplicantKind.AGENT: "代理人",
                     ApplicantKind.MOVER: "搬家公司"}
REASON_ON_PASS = {PassReason.MOVING_OUT: "搬出", PassReason.REPLACEMENT: "更换家具家电",
                  PassReason.REPAIR: "送修", PassReason.OTHER: "其他"}
DOC_ON_PASS = {IdDocType.RESIDENT_ID: "居民身份证", IdDocType.PASSPORT: "护照",
               IdDocType.HK_MACAO_PERMIT: "港澳通行证", IdDocType.TAIWAN_PERMIT: "台胞证",
               IdDocType.OTHER: "其他证件"}
CONSENT_ON_PASS = {ConsentKind.NOT_NEEDED: "业主本人或家庭成员申请",
                   ConsentKind.WRITTEN: "业主书面授权（已存档）",
                   ConsentKind.PHONE: "业主电话确认（双人核实：{staff}）"}


def _staff_name(session: Session, staff_id: int | None) -> str:
    staff = session.get(Staff, staff_id) if staff_id else None
    return staff.name if staff else ""


def pass_data(session: Session, record: ReleasePass) -> ReleasePassData:
    """The one place the pass's printed content is read from the record."""
    document = session.get(NumberedDocument, record.document_id)
    assert document is not None
    villa = session.get(Villa, record.villa_id)
    reason = REASON_ON_PASS[record.reason]
    if record.reason_note:
        reason = f"{reason}：{record.reason_note}"
    consent = CONSENT_ON_PASS[record.consent].format(
        staff=_staff_name(session, record.consent_confirmed_by_id))
    if record.consent_note:
        consent = f"{consent}　{record.consent_note}"
    override = ""
    if record.hold_override_by_id:
        override = f"未结事项已由{_staff_name(session, record.hold_override_by_id)}批准放行：" \
                   f"{record.hold_override_reason}"
    return ReleasePassData(
        site=site_header(session), number=record.number,
        villa=villa.number if villa else "",
        applicant_kind=APPLICANT_ON_PASS[record.applicant_kind],
        applicant_name=record.applicant_name,
        # The paper leaves the desk: masked on every copy, whoever prints it.
        phone=mask_phone(record.phone), id_doc_type=DOC_ON_PASS[record.id_doc_type],
        id_doc_number=mask_id_number(record.id_doc_number), plate=record.plate,
        reason=reason, valid_from=record.valid_from, valid_until=record.valid_until,
        consent=consent,
        items=tuple(PassItemLine(i.name, i.quantity, i.remarks) for i in live_items(record)),
        issued_at=record.issued_at, issued_by=_staff_name(session, record.issued_by_id),
        signature_png=signature_png(session, record), signed_on_paper=record.signed_on_paper,
        voided=document.state == DocumentState.VOID, void_reason=document.void_reason,
        prior_prints=document.print_count, hold_override=override,
    )


def _render(session: Session, data: ReleasePassData, mode: str, paper: str,
            offset_mm: tuple[float, float], deterministic: bool = False) -> bytes:
    options: dict[str, Any] = {
        "copy_labels": tuple(read_setting(session, RELEASE_PASS_COPY_LABELS)),
        "deterministic": deterministic,
    }
    if mode == OVERPRINT:
        return pipeline.render(OVERPRINT_FORM, data, offset_mm=offset_mm, **options)
    return pipeline.render(PASS_FORM, data, paper=paper, **options)


@needs(SIGNED_IN)
def pass_pdf(uow: UnitOfWork, pass_id: int, mode: str = PLAIN, *, paper: str = "A5",
             offset_mm: tuple[float, float] = (0.0, 0.0), deterministic: bool = False) -> bytes:
    """The pass as the next print will come out (补打 when printed before); nothing is
    counted."""
    with uow.read() as session:
        return _render(session, pass_data(session, pass_for(session, pass_id)), mode, paper,
                       offset_mm, deterministic)


@needs(Permission.RECORD)
def print_pass(uow: UnitOfWork, pass_id: int, mode: str, printer: str, *, paper: str = "A5",
               offset_mm: tuple[float, float] = (0.0, 0.0)) -> tuple[bytes, int]:
    """Count one print and return the pass as printed, with how many prints came before
    (0: the original; more: a 补打)."""
    now = uow.clock.now()
    with uow.transaction() as session:
        record = pass_for(session, pass_id)
        data = pass_data(session, record)
        document = session.get(NumberedDocument, record.document_id)
        assert document is not None
        prior = numbering.record_print(session, document, actor=uow.actor, now=now, mode=mode,
                                       printer=printer)
        return _render(session, data, mode, paper, offset_mm), prior
