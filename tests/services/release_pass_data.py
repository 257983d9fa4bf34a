"""Years of release passes written straight into the tables, fast, for the list tests.

Rows go in by bulk INSERT (no audit, no flush listeners): these tests look at how the list
reads a big register. Several passes share an issue minute and a window's end, so paging
must break ties by the id; some are used (one with a discrepancy), some void, the newest
still out.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert, select

from app.models.households import IdDocType
from app.models.numbering import DocumentKind, DocumentState, NumberedDocument
from app.models.phone_tails import reversed_digits
from app.models.release_passes import (
    ApplicantKind,
    ConsentKind,
    PassReason,
    PassState,
    ReleasePass,
    ReleasePassItem,
)
from app.models.staff import Staff
from app.services.uow import UnitOfWork

START = dt.datetime(2025, 6, 1, 8, 0)


def fill_passes(uow: UnitOfWork, villa_ids: list[int], count: int) -> None:
    with uow.transaction() as session:
        staff_id = session.scalars(select(Staff.id).order_by(Staff.id)).first()
        documents, passes = [], []
        for n in range(1, count + 1):
            at = START + dt.timedelta(hours=5 * (n // 3))  # three passes a minute
            number = f"FX{at.year}-{n:06d}"
            state = (PassState.VOID if n % 23 == 0 else PassState.USED if n < count - 40
                     else PassState.ISSUED)
            documents.append({"kind": DocumentKind.RELEASE_PASS, "year": at.year, "seq": n,
                              "number": number, "record_type": "release_pass",
                              "record_id": n, "created_at": at, "created_by_id": staff_id,
                              "state": DocumentState.VOID if state == PassState.VOID
                              else DocumentState.ISSUED, "print_count": 1,
                              "void_reason": "填错" if state == PassState.VOID else ""})
            window_end = at.replace(hour=18, minute=0) + dt.timedelta(days=1)
            passes.append({
                "id": n, "number": number, "number_reversed": reversed_digits(number),
                "document_id": n, "villa_id": villa_ids[n % len(villa_ids)],
                "applicant_kind": list(ApplicantKind)[n % 5], "applicant_name": "张伟",
                "id_doc_type": IdDocType.PASSPORT, "id_doc_number": "E1234567",
                "phone": "13812345678", "plate": "", "valid_from": at,
                "valid_until": window_end, "reason": PassReason.REPLACEMENT,
                "reason_note": "", "consent": ConsentKind.NOT_NEEDED, "consent_note": "",
                "hold_override_reason": "", "signature_sha256": "", "signed_on_paper": True,
                "state": state, "issued_at": at, "issued_by_id": staff_id,
                "used_at": at + dt.timedelta(hours=2) if state == PassState.USED else None,
                "guard_name": "李明" if state == PassState.USED else "",
                "items_matched": (n % 11 != 0) if state == PassState.USED else None,
                "gate_note": "少一箱" if state == PassState.USED and n % 11 == 0 else "",
                "late_override_reason": "", "void_reason": "填错" if state == PassState.VOID
                else "", "version": 1})
        session.execute(insert(NumberedDocument), documents)
        session.execute(insert(ReleasePass), passes)
        session.execute(insert(ReleasePassItem), [
            {"release_pass_id": n, "position": 1, "name": "沙发", "quantity": 1,
             "remarks": ""} for n in range(1, count + 1)])
