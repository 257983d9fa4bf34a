"""A day of parcels at the desk (邮件收发), on a real database with a fake clock."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.clock import FakeClock
from app.models.households import IdDocType
from app.models.mail import CollectorKind, MailKind, MailPickup, MailState, NoticeLevel
from app.models.mail import NotifyMethod as M
from app.models.mail import NotifyOutcome as O
from app.services import mail, mail_notices, mail_pickup
from app.services.errors import Conflict, PermissionDenied, ValidationFailed
from app.services.mail import CollectorDraft, MailDraft
from app.services.mail_pickup import PickupDraft
from app.services.mail_queries import (
    MailFilter,
    list_mail,
    unclaimed_items,
    waiting_by_number,
    waiting_for_villa,
)
from app.services.uow import UnitOfWork
from app.validation import mainland_id_number, s10_check_digit, tracking_number, upu_s10

#: The UPU's own example and an EMS number from China, both with the right check digit.
S10_OK = ("RR473124829GB", "EA123456785CN")
#: GB 11643's example number (born 1949-12-31, check character X).
RESIDENT_ID = "11010519491231002X"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64  # the pad's bytes stand-in: a PNG header


def parcel(villa_id: int, number: str, kind: MailKind = MailKind.COURIER,
           **extra: object) -> MailDraft:
    return MailDraft(villa_id=villa_id, number=number, kind=kind, **extra)  # type: ignore[arg-type]


def person_id(uow: UnitOfWork, villa_id: int, name: str) -> int:
    signer = next(s for s in mail_pickup.signers_for_villa(uow, villa_id) if s.name == name)
    assert signer.person_id is not None
    return signer.person_id


# -- the numbers ---------------------------------------------------------------------------

@pytest.mark.parametrize("number", S10_OK)
def test_s10_numbers_with_the_right_check_digit_pass(number: str) -> None:
    assert upu_s10(number) is None
    assert tracking_number(number.lower()) is None


def test_s10_check_digit_is_the_upu_one() -> None:
    assert s10_check_digit("47312482") == 9
    # 11 - (sum mod 11) = 10 gives 0, = 11 gives 5.
    assert s10_check_digit("00000000") == 5


@pytest.mark.parametrize("number", ["RR473124828GB", "EA123456784CN", "RR473124820GB"])
def test_a_wrong_s10_check_digit_is_an_error_naming_the_number(number: str) -> None:
    message = upu_s10(number)
    assert message and number in message and "校验位" in message
    assert tracking_number(number) == message


def test_domestic_courier_numbers_are_never_refused() -> None:
    for number in ("SF1234567890123", "YT1234567890123", "773012345678901", "9876543210987",
                   "ANYTHING-1234"):
        assert tracking_number(number) is None


@pytest.mark.parametrize("number", [RESIDENT_ID, "11010519491231002x", "330106198503151238"])
def test_resident_id_numbers_with_the_right_check_character(number: str) -> None:
    assert mainland_id_number(number, dt.date(2026, 11, 30)) is None


@pytest.mark.parametrize("number,why", [
    ("110105194912310021", "校验位"),  # check character should be X
    ("11010519491331002X", "出生日期"),  # month 13
    ("91010519491231002X", "18 位"),  # region code 9
    ("1101051949123100", "18 位"),
])
def test_wrong_resident_id_numbers_are_refused(number: str, why: str) -> None:
    message = mainland_id_number(number, dt.date(2026, 11, 30))
    assert message and why in message


# -- intake ------------------------------------------------------------------------------

def test_the_morning_scans_are_registered_with_a_suggested_carrier(
        receptionist: UnitOfWork, villas: dict[str, int], clock: FakeClock) -> None:
    row = mail.register_item(receptionist, parcel(villas["A-12"], " sf 1234567890123 ",
                                                  shelf="A3", count=2, remarks="易碎"))
    assert (row.number, row.carrier, row.shelf, row.count) == ("SF1234567890123", "sf", "A3", 2)
    assert row.received_at == clock.now() and row.registered_by == "王丽"
    assert row.state == MailState.WAITING
    ems = mail.register_item(receptionist, parcel(villas["A-12"], "EA123456785CN", MailKind.EMS))
    assert ems.carrier == "ems"
    unknown = mail.register_item(receptionist, parcel(villas["B-7"], "X99-1"))
    assert unknown.carrier == ""


def test_a_wrong_check_digit_is_shown_next_to_the_number(
        receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    with pytest.raises(ValidationFailed) as refused:
        mail.register_item(receptionist, parcel(villas["A-12"], "RR473124828GB",
                                                MailKind.REGISTERED))
    assert set(refused.value.errors) == {"number"}
    assert "RR473124828GB" in refused.value.errors["number"]


def test_number_kind_and_villa_are_required(receptionist: UnitOfWork,
                                            villas: dict[str, int]) -> None:
    with pytest.raises(ValidationFailed) as refused:
        mail.register_item(receptionist, MailDraft(villa_id=villas["A-12"], number="  ",
                                                   kind="letter"))  # type: ignore[arg-type]
    assert {"number", "kind"} <= set(refused.value.errors)


def test_a_duplicate_scan_of_a_waiting_number_is_caught(
        receptionist: UnitOfWork, villas: dict[str, int], clock: FakeClock) -> None:
    mail.register_item(receptionist, parcel(villas["A-12"], "YT1234567890123"))
    clock.advance(seconds=3)
    with pytest.raises(ValidationFailed) as refused:
        mail.register_item(receptionist, parcel(villas["A-3"], "yt1234567890123"))
    assert "A-12" in refused.value.errors["number"]
    assert len(waiting_for_villa(receptionist, villas["A-3"])) == 0


def test_a_number_picked_up_long_ago_may_come_again(
        receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    first = mail.register_item(receptionist, parcel(villas["A-12"], "9876543210987"))
    owner = person_id(receptionist, villas["A-12"], "张伟")
    mail_pickup.pick_up(receptionist, PickupDraft((first.id,), CollectorKind.OWNER,
                                                  person_id=owner, signed_on_paper=True))
    again = mail.register_item(receptionist, parcel(villas["A-12"], "9876543210987"))
    assert again.id != first.id


# -- pick-up -----------------------------------------------------------------------------

def test_the_owner_takes_two_items_at_once_and_signs_on_the_pad(
        receptionist: UnitOfWork, villas: dict[str, int], clock: FakeClock) -> None:
    a = mail.register_item(receptionist, parcel(villas["A-12"], "SF1000000000001"))
    b = mail.register_item(receptionist, parcel(villas["A-12"], "SF1000000000002"))
    c = mail.register_item(receptionist, parcel(villas["A-12"], "SF1000000000003"))
    clock.advance(hours=8)
    done = mail_pickup.pick_up(receptionist, PickupDraft(
        (a.id, b.id), CollectorKind.OWNER, person_id=person_id(receptionist, villas["A-12"],
                                                                "张伟"), signature_png=PNG))
    assert (done.item_count, done.taker, done.villa_number) == (2, "张伟", "A-12")
    assert [r.number for r in waiting_for_villa(receptionist, villas["A-12"])] == [c.number]
    record = mail_pickup.pickup_of_item(receptionist, a.id)
    assert record is not None and record.signature_png == PNG and not record.signed_on_paper
    assert record.picked_up_at == clock.now() and record.phone == "138****5678"
    with pytest.raises(Conflict):
        mail_pickup.pick_up(receptionist, PickupDraft(
            (a.id,), CollectorKind.OWNER, person_id=person_id(receptionist, villas["A-12"],
                                                               "张伟"), signed_on_paper=True))


def test_nobody_takes_items_without_signing(receptionist: UnitOfWork,
                                            villas: dict[str, int]) -> None:
    item = mail.register_item(receptionist, parcel(villas["A-12"], "SF1000000000009"))
    with pytest.raises(ValidationFailed) as refused:
        mail_pickup.pick_up(receptionist, PickupDraft(
            (item.id,), CollectorKind.OWNER,
            person_id=person_id(receptionist, villas["A-12"], "张伟")))
    assert "signature" in refused.value.errors


def test_the_tenant_counts_as_living_there(receptionist: UnitOfWork,
                                           villas: dict[str, int]) -> None:
    item = mail.register_item(receptionist, parcel(villas["B-7"], "ZT-1"))
    done = mail_pickup.pick_up(receptionist, PickupDraft(
        (item.id,), CollectorKind.FAMILY,
        person_id=person_id(receptionist, villas["B-7"], "周杰"), signed_on_paper=True))
    assert done.taker == "周杰"


def test_someone_of_another_household_is_not_a_family_member(
        receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    item = mail.register_item(receptionist, parcel(villas["A-12"], "ZT-2"))
    with pytest.raises(ValidationFailed) as refused:
        mail_pickup.pick_up(receptionist, PickupDraft(
            (item.id,), CollectorKind.FAMILY,
            person_id=person_id(receptionist, villas["B-7"], "周杰"), signed_on_paper=True))
    assert "collector" in refused.value.errors


def test_a_proxy_without_an_id_document_is_refused_with_the_reason(
        receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    item = mail.register_item(receptionist, parcel(villas["A-12"], "JT1234567890123"))
    with pytest.raises(ValidationFailed) as refused:
        mail_pickup.pick_up(receptionist, PickupDraft(
            (item.id,), CollectorKind.OTHER, name="刘师傅", relation="司机",
            phone="13511112222", signed_on_paper=True))
    assert "ID document" in refused.value.errors["id_doc_number"] or \
        "证件" in refused.value.errors["id_doc_number"]
    assert waiting_for_villa(receptionist, villas["A-12"])[0].id == item.id


def test_a_proxy_with_a_wrong_resident_id_is_refused(receptionist: UnitOfWork,
                                                     villas: dict[str, int]) -> None:
    item = mail.register_item(receptionist, parcel(villas["A-12"], "JT1234567890124"))
    with pytest.raises(ValidationFailed) as refused:
        mail_pickup.pick_up(receptionist, PickupDraft(
            (item.id,), CollectorKind.OTHER, name="刘师傅", relation="司机",
            phone="13511112222", id_doc_type=IdDocType.RESIDENT_ID,
            id_doc_number="110105194912310021", signed_on_paper=True))
    assert "校验位" in refused.value.errors["id_doc_number"]


def test_a_driver_with_a_resident_id_takes_the_item_and_is_recorded(
        receptionist: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int]) -> None:
    item = mail.register_item(receptionist, parcel(villas["A-12"], "JT1234567890125"))
    mail_pickup.pick_up(receptionist, PickupDraft(
        (item.id,), CollectorKind.OTHER, name="刘师傅", relation="业主的司机",
        phone="135 1111 2222", id_doc_type=IdDocType.RESIDENT_ID,
        id_doc_number="11010519491231002x", signature_png=PNG))
    shown = mail_pickup.pickup_of_item(receptionist, item.id)
    assert shown is not None and shown.id_doc_number == "110***********002X"
    full = mail_pickup.pickup_of_item(supervisor, item.id)
    assert full is not None and full.id_doc_number == RESIDENT_ID
    assert (full.name, full.relation, full.kind) == ("刘师傅", "业主的司机", CollectorKind.OTHER)


def test_an_authorised_collector_signs_like_the_owner(receptionist: UnitOfWork,
                                                      villas: dict[str, int]) -> None:
    file = mail.add_collector(receptionist, villas["A-3"], CollectorDraft(
        "钱阿姨", "保姆", "13722223333", IdDocType.RESIDENT_ID, RESIDENT_ID))
    collector = file.collectors[0]
    assert collector.phone == "137****3333" and collector.id_doc_number.endswith("002X")
    item = mail.register_item(receptionist, parcel(villas["A-3"], "SF2000000000001"))
    signers = mail_pickup.signers_for_villa(receptionist, villas["A-3"])
    assert [(s.kind, s.name) for s in signers] == [(CollectorKind.OWNER, "王建国"),
                                                   (CollectorKind.COLLECTOR, "钱阿姨")]
    done = mail_pickup.pick_up(receptionist, PickupDraft(
        (item.id,), CollectorKind.COLLECTOR, collector_id=collector.id, signature_png=PNG))
    assert done.taker == "钱阿姨"
    # Withdrawn: no longer accepted.
    mail.retire_collector(receptionist, collector.id, collector.version, "业主取消授权")
    other = mail.register_item(receptionist, parcel(villas["A-3"], "SF2000000000002"))
    with pytest.raises(ValidationFailed) as refused:
        mail_pickup.pick_up(receptionist, PickupDraft(
            (other.id,), CollectorKind.COLLECTOR, collector_id=collector.id,
            signature_png=PNG))
    assert "collector" in refused.value.errors


def test_a_collector_of_another_household_is_refused(receptionist: UnitOfWork,
                                                     villas: dict[str, int]) -> None:
    file = mail.add_collector(receptionist, villas["A-3"], CollectorDraft(
        "钱阿姨", "保姆", "13722223333"))
    item = mail.register_item(receptionist, parcel(villas["A-12"], "SF2000000000003"))
    with pytest.raises(ValidationFailed):
        mail_pickup.pick_up(receptionist, PickupDraft(
            (item.id,), CollectorKind.COLLECTOR, collector_id=file.collectors[0].id,
            signed_on_paper=True))


def test_consent_to_accept_parcels_is_recorded(receptionist: UnitOfWork,
                                               villas: dict[str, int]) -> None:
    assert not mail.household_mail(receptionist, villas["A-12"]).consents
    file = mail.set_consent(receptionist, villas["A-12"], True, "业主电话同意代收")
    assert file.consents and file.consent_version == 1
    file = mail.set_consent(receptionist, villas["A-12"], False, "", file.consent_version)
    assert not file.consents


def test_items_of_two_villas_are_not_taken_together(receptionist: UnitOfWork,
                                                    villas: dict[str, int]) -> None:
    a = mail.register_item(receptionist, parcel(villas["A-12"], "SF3000000000001"))
    b = mail.register_item(receptionist, parcel(villas["A-3"], "SF3000000000002"))
    with pytest.raises(ValidationFailed) as refused:
        mail_pickup.pick_up(receptionist, PickupDraft(
            (a.id, b.id), CollectorKind.OTHER, name="x", relation="y", phone="13511112222",
            id_doc_type=IdDocType.PASSPORT, id_doc_number="E1234567", signed_on_paper=True))
    assert "items" in refused.value.errors


# -- ageing, notices, return ---------------------------------------------------------------

def test_ageing_gives_a_notice_then_a_final_notice(receptionist: UnitOfWork,
                                                   villas: dict[str, int],
                                                   clock: FakeClock) -> None:
    item = mail.register_item(receptionist, parcel(villas["A-12"], "YT2000000000001"))
    mail_notices.record_notification(receptionist, villas["A-12"], M.PHONE, O.NO_ANSWER)
    clock.advance(days=6)
    [household] = mail_notices.waiting_households(receptionist)
    assert (household.days_waiting, household.due, household.attempts) == (
        6, NoticeLevel.NONE, 1)
    assert mail_notices.outcome_title(O.NO_ANSWER) in household.last_attempt
    assert household.owners == "张伟" and household.phone == "138****5678"
    assert mail_notices.issue_due_notices(receptionist) == []
    clock.advance(days=1)
    assert mail_notices.waiting_households(receptionist)[0].due == NoticeLevel.NOTICE
    [notice] = mail_notices.issue_due_notices(receptionist)
    assert notice.level == NoticeLevel.NOTICE and notice.number.startswith("YJ")
    household = mail_notices.waiting_households(receptionist)[0]
    assert (household.notice_level, household.due) == (NoticeLevel.NOTICE, NoticeLevel.NONE)
    assert household.attempts == 2  # the notice in the mailbox is an attempt too
    clock.advance(days=7)
    assert mail_notices.waiting_households(receptionist)[0].due == NoticeLevel.FINAL
    [final] = mail_notices.issue_due_notices(receptionist)
    assert final.level == NoticeLevel.FINAL and final.number != notice.number
    assert [u.days_waiting for u in unclaimed_items(receptionist)] == [14]
    assert unclaimed_items(receptionist)[0].number == item.number


def test_the_notice_days_are_the_sites_rule(manager: UnitOfWork, receptionist: UnitOfWork,
                                            villas: dict[str, int], clock: FakeClock) -> None:
    mail.register_item(receptionist, parcel(villas["A-12"], "YT2000000000002"))
    mail_notices.set_ageing_rule(manager, 3, 5)
    clock.advance(days=3)
    assert mail_notices.waiting_households(receptionist)[0].due == NoticeLevel.NOTICE
    with pytest.raises(PermissionDenied):
        mail_notices.set_ageing_rule(receptionist, 10, 20)
    with pytest.raises(ValidationFailed):
        mail_notices.set_ageing_rule(manager, 5, 5)


def test_return_to_sender_needs_a_supervisor_and_a_reason(
        receptionist: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int],
        clock: FakeClock) -> None:
    item = mail.register_item(receptionist, parcel(villas["A-12"], "YT2000000000003"))
    clock.advance(days=20)
    with pytest.raises(PermissionDenied):
        mail_notices.return_to_sender(receptionist, item.id, item.version, "无人领取")
    with pytest.raises(ValidationFailed):
        mail_notices.return_to_sender(supervisor, item.id, item.version, "  ")
    mail_notices.return_to_sender(supervisor, item.id, item.version, "超过期限无人领取，退回")
    [row] = list_mail(receptionist, MailFilter(states=frozenset({MailState.RETURNED}))).rows
    assert row.id == item.id
    assert unclaimed_items(receptionist) == []


def test_the_handover_reads_what_is_still_on_the_shelf(
        receptionist: UnitOfWork, villas: dict[str, int], clock: FakeClock) -> None:
    for n in range(3):
        mail.register_item(receptionist, parcel(villas["B-7"], f"ZTO-{n}", shelf="B2"))
    taken = waiting_by_number(receptionist, "zto-1")
    assert taken is not None
    mail_pickup.pick_up(receptionist, PickupDraft(
        (taken.id,), CollectorKind.OWNER,
        person_id=person_id(receptionist, villas["B-7"], "赵敏"), signed_on_paper=True))
    assert [u.number for u in unclaimed_items(receptionist)] == ["ZTO-0", "ZTO-2"]


# -- the list ------------------------------------------------------------------------------

def test_the_list_finds_a_number_by_any_part_villa_day_and_state(
        receptionist: UnitOfWork, villas: dict[str, int], clock: FakeClock) -> None:
    mail.register_item(receptionist, parcel(villas["A-12"], "SF1234567890123"))
    mail.register_item(receptionist, parcel(villas["A-3"], "YT9876543210001"))
    clock.advance(days=1)
    mail.register_item(receptionist, parcel(villas["A-3"], "EA123456785CN", MailKind.EMS))

    def numbers(**flt: object) -> list[str]:
        return [r.number for r in list_mail(receptionist, MailFilter(**flt)).rows]  # type: ignore[arg-type]

    assert numbers(text="567890") == ["SF1234567890123"]
    assert numbers(text="0001") == ["YT9876543210001"]  # its last digits
    assert numbers(text="sf") == ["SF1234567890123"]  # its start
    assert numbers(text="3456785") == ["EA123456785CN"]
    assert numbers(villa_id=villas["A-3"]) == ["EA123456785CN", "YT9876543210001"]
    assert numbers(received_from=clock.now().date()) == ["EA123456785CN"]
    assert numbers(states=frozenset({MailState.PICKED_UP})) == []


def test_every_pickup_is_kept(receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    item = mail.register_item(receptionist, parcel(villas["A-12"], "SF4000000000001"))
    mail_pickup.pick_up(receptionist, PickupDraft(
        (item.id,), CollectorKind.OWNER,
        person_id=person_id(receptionist, villas["A-12"], "张伟"), signed_on_paper=True))
    with receptionist.read() as session:
        assert session.scalars(select(MailPickup)).one().signed_on_paper


def test_an_item_moved_to_another_shelf_keeps_its_version_check(
        receptionist: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int]) -> None:
    from app.services.errors import StaleRecord

    item = mail.register_item(receptionist, parcel(villas["A-12"], "SF5000000000001",
                                                   shelf="A1"))
    moved = mail.edit_item(receptionist, item.id, item.version, shelf="C4", remarks="大件",
                           addressee="", count=1)
    assert (moved.shelf, moved.remarks, moved.version) == ("C4", "大件", 2)
    # Another desk still shows version 1: refused, with what changed meanwhile.
    with pytest.raises(StaleRecord) as stale:
        mail.edit_item(supervisor, item.id, item.version, shelf="B1", remarks="",
                       addressee="", count=1)
    assert stale.value.version == 2
    with pytest.raises(ValidationFailed):
        mail.edit_item(receptionist, item.id, moved.version, shelf="x" * 21, remarks="",
                       addressee="", count=1)
