"""Half-typed forms kept as drafts: private to the typist, never audited, gone once saved."""

from __future__ import annotations

from sqlalchemy import func, select

from app.clock import FakeClock
from app.models.audit import AuditEntry
from app.services import drafts
from app.services.uow import UnitOfWork

CALL = {"caller_name": "张伟", "content": "二楼卫生间水龙头漏水", "villa": "A-12"}


def _audit_count(uow: UnitOfWork) -> int:
    with uow.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def test_the_morning_shift_keeps_a_half_typed_call_and_finds_it_again(
        receptionist: UnitOfWork, clock: FakeClock) -> None:
    drafts.save_draft(receptionist, "reception.entry", CALL)
    kept = drafts.load_draft(receptionist, "reception.entry")
    assert kept is not None and kept.payload == CALL and kept.updated_at == clock.now()

    clock.advance(minutes=3)
    drafts.save_draft(receptionist, "reception.entry", {**CALL, "contact_phone": "138"})
    again = drafts.load_draft(receptionist, "reception.entry")
    assert again is not None and again.payload["contact_phone"] == "138"
    assert again.updated_at == clock.now()
    assert [d.form for d in drafts.drafts_of(receptionist)] == ["reception.entry"]


def test_a_draft_is_never_offered_to_another_user(receptionist: UnitOfWork,
                                                  supervisor: UnitOfWork) -> None:
    drafts.save_draft(receptionist, "reception.entry", CALL)
    assert drafts.load_draft(supervisor, "reception.entry") is None
    assert drafts.drafts_of(supervisor) == []
    drafts.discard_draft(supervisor, "reception.entry")  # cannot touch someone else's
    assert drafts.load_draft(receptionist, "reception.entry") is not None


def test_each_form_has_its_own_draft_and_discarding_one_keeps_the_other(
        receptionist: UnitOfWork) -> None:
    drafts.save_draft(receptionist, "reception.entry", CALL)
    drafts.save_draft(receptionist, "work_orders.edit:7", {"content": "换滤芯"})
    drafts.discard_draft(receptionist, "reception.entry")
    assert drafts.load_draft(receptionist, "reception.entry") is None
    assert [d.form for d in drafts.drafts_of(receptionist)] == ["work_orders.edit:7"]


def test_drafts_are_scratch_not_audited_and_tell_no_tab_to_reload(
        receptionist: UnitOfWork) -> None:
    heard: list[frozenset[str]] = []
    receptionist.listeners.append(heard.append)
    before = _audit_count(receptionist)
    drafts.save_draft(receptionist, "reception.entry", CALL)
    drafts.save_draft(receptionist, "reception.entry", {**CALL, "content": "还有厨房"})
    drafts.discard_draft(receptionist, "reception.entry")  # deleting a draft is allowed
    assert _audit_count(receptionist) == before
    # Only the draft table is named, which no tab watches.
    assert set().union(*heard) <= {"draft"}


def test_the_system_account_keeps_no_drafts(uow: UnitOfWork) -> None:
    drafts.save_draft(uow, "reception.entry", CALL)
    assert drafts.load_draft(uow, "reception.entry") is None
    assert drafts.drafts_of(uow) == []
