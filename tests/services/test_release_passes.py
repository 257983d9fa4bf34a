"""Release passes at the desk: who may take items out, on whose consent, and the gate copy
coming back. The desk's day starts Tuesday 24 November 2026 at 08:30 (the fake clock)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.clock import FakeClock
from app.models.household_holds import HoldKind
from app.models.households import IdDocType
from app.models.numbering import DocumentKind, DocumentState, NumberedDocument
from app.models.release_passes import (
    ApplicantKind,
    ConsentKind,
    ListedState,
    PassReason,
    PassState,
    ReleasePass,
)
from app.services import attachments, household_holds, numbering
from app.services.confirmations import confirm_second_staff
from app.services.errors import Conflict, PermissionDenied, ValidationFailed
from app.services.release_pass_gate import GateReturn, mark_used
from app.services.release_pass_queries import (
    PassFilter,
    find_pass_id,
    list_passes,
    not_back,
    pass_detail,
)
from app.services.release_passes import (
    Consent,
    PassDraft,
    PassItemInput,
    Signature,
    edit_pass,
    issue_pass,
    void_pass,
)
from app.services.uow import UnitOfWork
from tests.conftest import PASSWORD

SATURDAY = dt.date(2026, 11, 28)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40  # what the pad hands over, as far as the desk cares


def on(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def draft(villa_id: int, kind: ApplicantKind = ApplicantKind.OWNER, name: str = "张伟",
          items: tuple[PassItemInput, ...] = (PassItemInput("三人沙发", 1),),
          reason: PassReason = PassReason.REPLACEMENT, **changes: object) -> PassDraft:
    values: dict[str, object] = dict(
        villa_id=villa_id, applicant_kind=kind, applicant_name=name,
        id_doc_type=IdDocType.RESIDENT_ID, id_doc_number="11010519491231002X",
        phone="13812345678", plate="浙A12345", valid_from=on(SATURDAY, 9),
        valid_until=on(SATURDAY, 12), reason=reason, items=items)
    values.update(changes)
    return PassDraft(**values)  # type: ignore[arg-type]


SIGNED = Signature(png=PNG)


def phone_consent(receptionist: UnitOfWork, who: str = "002") -> Consent:
    confirmation = confirm_second_staff(receptionist, who, PASSWORD)
    return Consent(ConsentKind.PHONE, note="致电业主赵敏 158****2222，同意租户搬出沙发",
                   confirmation=confirmation)


def test_an_owner_gets_a_numbered_pass_signed_on_the_pad(
        receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    first = issue_pass(receptionist, draft(villas["A-12"]), Consent(), SIGNED)
    second = issue_pass(receptionist, draft(villas["A-12"], items=(
        PassItemInput("冰箱", 1, "旧的送修"), PassItemInput("纸箱", 2))), Consent(),
        Signature(on_paper=True))
    assert (first.number, second.number) == ("FX2026-000001", "FX2026-000002")
    assert first.state == PassState.ISSUED and first.listed == ListedState.ISSUED
    assert first.has_signature and not first.signed_on_paper
    assert second.signed_on_paper and not second.has_signature
    assert [(i.name, i.quantity, i.remarks) for i in second.items] == [
        ("冰箱", 1, "旧的送修"), ("纸箱", 2, "")]
    # The receptionist sees the phone and ID masked; the record keeps them whole.
    assert first.phone == "138****5678"
    assert first.id_doc_number == "110***********002X"
    with receptionist.read() as session:
        stored = session.get(ReleasePass, first.id)
        assert stored is not None
        assert (stored.phone, stored.id_doc_number) == ("13812345678", "11010519491231002X")
        document = session.get(NumberedDocument, stored.document_id)
        assert document is not None and document.record_id == first.id
        assert document.kind == DocumentKind.RELEASE_PASS


def test_nothing_leaves_without_a_list_a_window_and_a_signature(
        receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    with pytest.raises(ValidationFailed) as refused:
        issue_pass(receptionist, draft(villas["A-12"], items=(), applicant_name=" ",
                                       phone="1381234", valid_until=on(SATURDAY, 8),
                                       id_doc_number="110105194912310021"),
                   Consent(), SIGNED)
    assert set(refused.value.errors) == {"items", "applicant_name", "phone", "valid_until",
                                         "id_doc_number"}
    with pytest.raises(ValidationFailed) as unsigned:
        issue_pass(receptionist, draft(villas["A-12"]), Consent(), Signature())
    assert set(unsigned.value.errors) == {"signature"}
    with pytest.raises(ValidationFailed) as other:
        issue_pass(receptionist, draft(villas["A-12"], reason=PassReason.OTHER), Consent(),
                   SIGNED)
    assert set(other.value.errors) == {"reason_note"}
    # A refused application took no number: the next one is still the first.
    assert issue_pass(receptionist, draft(villas["A-12"]), Consent(), SIGNED).number \
        == "FX2026-000001"


@pytest.mark.parametrize("kind", [ApplicantKind.TENANT, ApplicantKind.AGENT,
                                  ApplicantKind.MOVER])
def test_a_tenant_agent_or_mover_needs_the_owners_consent(
        receptionist: UnitOfWork, villas: dict[str, int], kind: ApplicantKind) -> None:
    application = draft(villas["B-7"], kind, "周杰", phone="18600003333")
    with pytest.raises(ValidationFailed) as refused:
        issue_pass(receptionist, application, Consent(), SIGNED)
    assert "consent" in refused.value.errors
    # A phone call counts only when a second staff member confirms it.
    with pytest.raises(ValidationFailed) as unconfirmed:
        issue_pass(receptionist, application, Consent(ConsentKind.PHONE, note="业主同意"),
                   SIGNED)
    assert "consent" in unconfirmed.value.errors
    issued = issue_pass(receptionist, application, phone_consent(receptionist), SIGNED)
    assert issued.consent == ConsentKind.PHONE
    assert issued.consent_confirmed_by == "刘主管"


def test_a_phone_consent_is_confirmed_by_someone_else_and_only_once(
        receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    with pytest.raises(ValidationFailed):
        confirm_second_staff(receptionist, "008", PASSWORD)  # the one asking
    consent = phone_consent(receptionist)
    application = draft(villas["B-7"], ApplicantKind.TENANT, "周杰", phone="18600003333")
    issue_pass(receptionist, application, consent, SIGNED)
    with pytest.raises(Exception, match="已使用过"):
        issue_pass(receptionist, application, consent, SIGNED)


def test_written_authorisation_is_kept_with_the_pass_by_its_hash(
        receptionist: UnitOfWork, villas: dict[str, int], tmp_path: Path) -> None:
    scan = tmp_path / "业主授权书.pdf"
    scan.write_bytes("%PDF-1.4 authorisation signed by 赵敏".encode())
    application = draft(villas["B-7"], ApplicantKind.MOVER, "顺达搬家 王师傅",
                         phone="18600003333")
    with pytest.raises(ValidationFailed) as refused:
        issue_pass(receptionist, application, Consent(ConsentKind.WRITTEN), SIGNED)
    assert "consent" in refused.value.errors
    issued = issue_pass(receptionist, application,
                        Consent(ConsentKind.WRITTEN, files=(str(scan),)), SIGNED)
    kept, signature = attachments.attachments_of(receptionist, "release_pass", issued.id)
    assert signature.file_name == "signature.png"
    assert (kept.file_name, kept.size) == ("业主授权书.pdf", scan.stat().st_size)
    assert attachments.content(receptionist, kept.id) == scan.read_bytes()
    assert issued.consent == ConsentKind.WRITTEN


def test_an_owner_needs_no_consent_and_none_is_recorded(
        receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    issued = issue_pass(receptionist, draft(villas["A-12"], ApplicantKind.FAMILY, "李娜"),
                        Consent(ConsentKind.PHONE, note="多余"), SIGNED)
    assert (issued.consent, issued.consent_note) == (ConsentKind.NOT_NEEDED, "")


def test_a_household_on_hold_gets_no_pass_until_cleared_or_overridden(
        receptionist: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int]) -> None:
    with pytest.raises(PermissionDenied):
        household_holds.set_hold(receptionist, villas["A-12"], HoldKind.FINANCE, "物业费欠缴")
    hold = household_holds.set_hold(supervisor, villas["A-12"], HoldKind.FINANCE,
                                    "2026年物业费欠缴 ¥12,000")
    with pytest.raises(ValidationFailed) as refused:
        issue_pass(receptionist, draft(villas["A-12"]), Consent(), SIGNED)
    assert "物业费欠缴" in refused.value.errors["hold"]
    # A receptionist cannot override; a supervisor can, with a reason.
    with pytest.raises(ValidationFailed, match="主管"):
        issue_pass(receptionist, draft(villas["A-12"]), Consent(), SIGNED,
                   hold_override_reason="业主承诺周一缴清")
    passed = issue_pass(supervisor, draft(villas["A-12"]), Consent(), SIGNED,
                        hold_override_reason="业主承诺周一缴清，经理同意")
    assert (passed.hold_override_by, passed.hold_override_reason) == (
        "刘主管", "业主承诺周一缴清，经理同意")
    # Cleared with a reason, the hold stays on file and stops nothing.
    with pytest.raises(ValidationFailed):
        household_holds.clear_hold(supervisor, hold.id, " ")
    cleared = household_holds.clear_hold(supervisor, hold.id, "已缴清，财务确认",
                                         expected_version=hold.version)
    assert not cleared.in_force and cleared.cleared_by == "刘主管"
    assert issue_pass(receptionist, draft(villas["A-12"]), Consent(), SIGNED).hold_override_by \
        == ""
    assert [h.clear_reason for h in household_holds.holds_of_villa(
        receptionist, villas["A-12"])] == ["已缴清，财务确认"]
    # Another villa was never held.
    assert issue_pass(receptionist, draft(villas["A-3"]), Consent(), SIGNED).number


def test_the_gate_copy_marks_a_pass_used_once(
        receptionist: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int],
        clock: FakeClock) -> None:
    issued = issue_pass(receptionist, draft(villas["A-12"]), Consent(), SIGNED)
    clock.set(on(SATURDAY, 10, 30))
    with pytest.raises(ValidationFailed) as unexplained:
        mark_used(receptionist, issued.number,
                  GateReturn("保安 李明", on(SATURDAY, 10, 5), items_matched=False))
    assert set(unexplained.value.errors) == {"note"}
    # Scanned from the barcode the number may come with spaces and a full-width dash.
    used = mark_used(receptionist, f" {issued.number.replace('-', '－')}\n",
                     GateReturn("保安 李明", on(SATURDAY, 10, 5), items_matched=True))
    assert (used.state, used.guard_name, used.used_at, used.items_matched) == (
        PassState.USED, "保安 李明", on(SATURDAY, 10, 5), True)
    assert used.returned_by == "王丽"
    with pytest.raises(Conflict, match="只能使用一次"):
        mark_used(receptionist, issued.number,
                  GateReturn("保安 赵强", on(SATURDAY, 10, 20), items_matched=True))
    with pytest.raises(Conflict):
        void_pass(supervisor, issued.id, "重复")


def test_an_expired_pass_needs_a_supervisors_override(
        receptionist: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int],
        clock: FakeClock) -> None:
    issued = issue_pass(receptionist, draft(villas["A-12"]), Consent(), SIGNED)
    assert pass_detail(receptionist, issued.id).listed == ListedState.ISSUED
    clock.set(on(SATURDAY, 13, 30))
    assert pass_detail(receptionist, issued.id).listed == ListedState.EXPIRED
    [late] = list_passes(receptionist, PassFilter(states=frozenset({ListedState.EXPIRED}))).rows
    assert late.number == issued.number
    assert list_passes(receptionist, PassFilter(states=frozenset({ListedState.ISSUED}))).rows \
        == ()
    gate = GateReturn("保安 李明", on(SATURDAY, 13, 0), items_matched=True)
    with pytest.raises(ValidationFailed) as refused:
        mark_used(receptionist, issued.number, gate)
    assert "override" in refused.value.errors
    with pytest.raises(ValidationFailed, match="主管"):
        mark_used(receptionist, issued.number,
                  GateReturn("保安 李明", on(SATURDAY, 13, 0), True,
                             late_override_reason="搬家公司迟到"))
    used = mark_used(supervisor, issued.number, GateReturn(
        "保安 李明", on(SATURDAY, 13, 0), True, late_override_reason="搬家公司迟到一小时，已核对"))
    assert (used.late_override_by, used.late_override_reason) == (
        "刘主管", "搬家公司迟到一小时，已核对")
    # Items that went out within the window are fine even if the copy comes back late.
    other = issue_pass(receptionist, draft(villas["A-3"], valid_from=on(SATURDAY, 13),
                                           valid_until=on(SATURDAY, 15)), Consent(), SIGNED)
    clock.set(on(SATURDAY, 18, 0))
    assert mark_used(receptionist, other.number, GateReturn(
        "保安 赵强", on(SATURDAY, 14, 40), True)).state == PassState.USED


def test_void_keeps_the_number_and_the_gate_cannot_use_it(
        receptionist: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int],
        clock: FakeClock) -> None:
    first = issue_pass(receptionist, draft(villas["A-12"]), Consent(), SIGNED)
    second = issue_pass(receptionist, draft(villas["A-3"]), Consent(), SIGNED)
    with pytest.raises(PermissionDenied):
        void_pass(receptionist, first.id, "填错别墅")
    voided = void_pass(supervisor, first.id, "填错别墅", expected_version=first.version)
    clock.set(on(SATURDAY, 11))
    assert (voided.state, voided.void_reason) == (PassState.VOID, "填错别墅")
    with pytest.raises(Conflict):
        mark_used(receptionist, first.number,
                  GateReturn("保安 李明", on(SATURDAY, 10), True))
    with receptionist.read() as session:
        register = numbering.monthly_register(session, DocumentKind.RELEASE_PASS, 2026, 11)
        assert session.scalar(select(func.count()).select_from(ReleasePass)) == 2
    assert [(line.number, line.state) for line in register] == [
        (first.number, DocumentState.VOID.value), (second.number, "issued")]
    third = issue_pass(receptionist, draft(villas["A-12"]), Consent(), SIGNED)
    assert third.number == "FX2026-000003"  # never reused


def test_an_issued_pass_is_corrected_on_its_version(
        receptionist: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int]) -> None:
    issued = issue_pass(receptionist, draft(villas["A-12"], items=(
        PassItemInput("沙发", 1), PassItemInput("纸箱", 3))), Consent(), SIGNED)
    fixed = edit_pass(receptionist, issued.id, draft(villas["A-12"], plate="浙A99999", items=(
        PassItemInput("沙发", 1),)), expected_version=issued.version)
    assert fixed.plate == "浙A99999" and [i.name for i in fixed.items] == ["沙发"]
    assert (issued.version, fixed.version) == (1, 2)
    from app.services.errors import StaleRecord

    with pytest.raises(StaleRecord):
        edit_pass(supervisor, issued.id, draft(villas["A-12"]), expected_version=issued.version)
    with pytest.raises(ValidationFailed):
        edit_pass(receptionist, issued.id, draft(villas["A-12"], ApplicantKind.TENANT),
                  expected_version=fixed.version)


def test_moving_out_reminds_the_desk_to_mark_the_household_former(
        receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    moving = issue_pass(receptionist, draft(villas["A-12"], reason=PassReason.MOVING_OUT),
                        Consent(), SIGNED)
    repair = issue_pass(receptionist, draft(villas["A-12"], reason=PassReason.REPAIR),
                        Consent(), SIGNED)
    assert moving.remind_move_out and not repair.remind_move_out


def test_passes_not_back_from_the_gate_for_the_handover(
        receptionist: UnitOfWork, villas: dict[str, int], clock: FakeClock) -> None:
    later = issue_pass(receptionist, draft(villas["A-12"], valid_from=on(SATURDAY, 14),
                                           valid_until=on(SATURDAY, 18)), Consent(), SIGNED)
    earlier = issue_pass(receptionist, draft(villas["A-3"]), Consent(), SIGNED)
    back = issue_pass(receptionist, draft(villas["A-12"]), Consent(), SIGNED)
    clock.set(on(SATURDAY, 12, 30))
    mark_used(receptionist, back.number, GateReturn("保安 李明", on(SATURDAY, 9, 30), True))
    rows = not_back(receptionist)
    assert [(r.number, r.state) for r in rows] == [
        (earlier.number, ListedState.EXPIRED), (later.number, ListedState.ISSUED)]
    assert find_pass_id(receptionist, later.number.lower()) == later.id


def test_a_pass_is_found_by_its_number_whole_by_its_last_digits_or_in_part(
        receptionist: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int]) -> None:
    from app.services import search

    first = issue_pass(receptionist, draft(villas["A-12"]), Consent(), SIGNED)
    second = issue_pass(receptionist, draft(villas["A-3"]), Consent(), SIGNED)
    void_pass(supervisor, second.id, "重复")

    def found(text: str) -> list[tuple[str, bool]]:
        return [(hit.title, hit.retired) for group in search.search(receptionist, text)
                for hit in group.hits if hit.kind == "release_pass"]

    assert found(first.number.lower()) == [(first.number, False)]
    assert found("000002") == [(second.number, True)]  # the void one, marked so
    assert found("2") == []  # one digit is no pass number
    assert found("FX2026") == [(second.number, True), (first.number, False)]
