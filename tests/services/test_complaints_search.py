"""The one search finds complaints by number, complainant and phone tail."""

from __future__ import annotations

from app.models.complaints import Category, Channel
from app.services import complaints, search
from app.services.complaints import ComplaintDraft
from app.services.uow import UnitOfWork
from tests.services.test_search import plans, scans_a_large_table


def hits(uow: UnitOfWork, text: str) -> list[tuple[str, str]]:
    return [(h.title, h.subtitle) for g in search.search(uow, text) for h in g.hits
            if h.kind == "complaint"]


def test_a_complaint_is_found_by_number_name_and_phone_tail(
        receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    for who, phone in (("张伟", "13812345678"), ("赵敏", "15800002222")):
        complaints.open_complaint(receptionist, ComplaintDraft(
            channel=Channel.PHONE, category=Category.NOISE, villa_id=villas["A-12"],
            content="夜间噪音", complainant=who, phone=phone))
    assert [t for t, _s in hits(receptionist, "TS2026-000002")] == ["TS2026-000002"]
    assert [t for t, _s in hits(receptionist, "000001")] == ["TS2026-000001"]
    assert [t for t, _s in hits(receptionist, "赵敏")] == ["TS2026-000002"]
    [(title, subtitle)] = hits(receptionist, "5678")
    assert title == "TS2026-000001" and "138****5678" in subtitle  # masked for reception
    for text in ("TS2026-000002", "000001", "赵敏", "5678", "TS20"):
        for plan in plans(receptionist, text):
            assert scans_a_large_table(plan) is None, (text, plan)
