"""Evidence kept with a record, and a second staff member confirming at the same desk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import update

from app.clock import FakeClock
from app.models.attachments import AttachmentContent
from app.services import attachments, confirmations
from app.services.errors import NotFound, PermissionDenied, ServiceError, ValidationFailed
from app.services.uow import UnitOfWork
from tests.conftest import PASSWORD


def test_a_photo_of_the_noise_is_kept_even_after_the_usb_stick_is_gone(
        receptionist: UnitOfWork, villas: dict[str, int], tmp_path: Path) -> None:
    photo = tmp_path / "楼上装修.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + b"noise" * 1000)
    kept = attachments.add_file(receptionist, "villa", villas["A-12"], photo)
    photo.unlink()
    again = attachments.add_bytes(receptionist, "villa", villas["A-12"], "copy.jpg",
                                  b"\xff\xd8\xff" + b"noise" * 1000)

    listed = attachments.attachments_of(receptionist, "villa", villas["A-12"])
    assert [a.file_name for a in listed] == ["楼上装修.jpg", "copy.jpg"]
    assert listed[0].media_type == "image/jpeg" and listed[0].added_by == "王丽 (008)"
    assert kept.sha256 == again.sha256  # one copy of the bytes for the same content
    assert attachments.content(receptionist, kept.id).startswith(b"\xff\xd8\xff")


def test_bytes_changed_behind_the_program_are_found(
        receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    kept = attachments.add_bytes(receptionist, "villa", villas["A-3"], "letter.pdf", b"%PDF-1.4")
    with receptionist.transaction() as session:
        session.execute(update(AttachmentContent).values(data=b"%PDF-forged"))
    with pytest.raises(ServiceError, match="不一致"):
        attachments.content(receptionist, kept.id)


def test_files_need_a_record_that_exists_and_a_sensible_size(
        receptionist: UnitOfWork, villas: dict[str, int], tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        attachments.add_bytes(receptionist, "villa", 9999, "a.jpg", b"x")
    with pytest.raises(ServiceError, match="无法为类型"):
        attachments.add_bytes(receptionist, "no_such_register", 1, "a.jpg", b"x")
    with pytest.raises(ServiceError, match="是空的"):
        attachments.add_bytes(receptionist, "villa", villas["A-3"], "a.jpg", b"")
    with pytest.raises(ServiceError, match="已不在原处"):
        attachments.add_file(receptionist, "villa", villas["A-3"], tmp_path / "gone.jpg")
    big = tmp_path / "video.mp4"
    with big.open("wb") as out:
        out.truncate(attachments.MAX_BYTES + 1)
    with pytest.raises(ServiceError, match="大于 25 MB"):
        attachments.add_file(receptionist, "villa", villas["A-3"], big)


def _now(uow: UnitOfWork) -> dt.datetime:
    return uow.clock.now()


def test_the_supervisor_confirms_a_phone_callback_taken_by_the_receptionist(
        receptionist: UnitOfWork) -> None:
    confirmation = confirmations.confirm_second_staff(receptionist, "002", PASSWORD)
    assert confirmation.label == "刘主管 (002)"
    with receptionist.transaction() as session:
        assert confirmations.redeem(session, confirmation, receptionist.actor,
                                    _now(receptionist)) == confirmation.staff_id
    with receptionist.transaction() as session, pytest.raises(ServiceError, match="已使用过"):
        confirmations.redeem(session, confirmation, receptionist.actor, _now(receptionist))


def test_nobody_confirms_their_own_call_nor_with_a_wrong_password(
        receptionist: UnitOfWork) -> None:
    with pytest.raises(ValidationFailed) as own:
        confirmations.confirm_second_staff(receptionist, "008", PASSWORD)
    assert "agent_no" in own.value.errors
    with pytest.raises(ValidationFailed) as wrong:
        confirmations.confirm_second_staff(receptionist, "002", "guess")
    assert "password" in wrong.value.errors


def test_a_refused_action_keeps_the_confirmation_and_an_old_one_expires(
        receptionist: UnitOfWork, supervisor: UnitOfWork, clock: FakeClock) -> None:
    confirmation = confirmations.confirm_second_staff(receptionist, "002", PASSWORD)
    with pytest.raises(RuntimeError), receptionist.transaction() as session:
        confirmations.redeem(session, confirmation, receptionist.actor, _now(receptionist))
        raise RuntimeError("the form had an empty field")
    with receptionist.transaction() as session, pytest.raises(ServiceError, match="给其他人"):
        confirmations.redeem(session, confirmation, supervisor.actor, _now(receptionist))
    clock.advance(minutes=11)
    with receptionist.transaction() as session, pytest.raises(ServiceError, match="已超过 10 分钟"):
        confirmations.redeem(session, confirmation, receptionist.actor, _now(receptionist))


def test_reading_files_needs_a_signed_in_person(uow: UnitOfWork, villas: dict[str, int]) -> None:
    from app.models.staff import Role
    from app.services.actor import Actor

    stranger = uow.as_actor(Actor(999, "999", "nobody", Role.RECEPTIONIST))
    with pytest.raises((PermissionDenied, ServiceError)):
        attachments.attachments_of(stranger, "villa", villas["A-3"])
