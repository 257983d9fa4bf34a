"""Signing in: argon2 hashes, roles enforced in services, wrong passwords slowed down."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.clock import FakeClock
from app.models.staff import Role, Staff
from app.services import auth, staff
from app.services.errors import PermissionDenied, ValidationFailed
from app.services.uow import UnitOfWork
from tests.conftest import PASSWORD


def test_passwords_are_stored_as_argon2_hashes(uow: UnitOfWork) -> None:
    with uow.read() as session:
        hashes = session.scalars(select(Staff.password_hash)).all()
    assert hashes and all(h.startswith("$argon2") and PASSWORD not in h for h in hashes)


def test_a_receptionist_may_not_create_staff(receptionist: UnitOfWork) -> None:
    with pytest.raises(PermissionDenied):
        staff.create_staff(receptionist, "012", "新同事", Role.RECEPTIONIST, PASSWORD)


def test_agent_numbers_are_unique_and_three_digits(manager: UnitOfWork) -> None:
    with pytest.raises(ValidationFailed) as taken:
        staff.create_staff(manager, "008", "重复", Role.RECEPTIONIST, PASSWORD)
    assert "agent_no" in taken.value.errors
    with pytest.raises(ValidationFailed) as bad:
        staff.create_staff(manager, "8", "", Role.RECEPTIONIST, "123")
    assert set(bad.value.errors) == {"agent_no", "name", "password"}


def test_repeated_wrong_passwords_make_the_desk_wait(uow: UnitOfWork, clock: FakeClock) -> None:
    for _ in range(3):
        with pytest.raises(auth.LoginFailed):
            auth.login(uow, "008", "guess")
    # After three free attempts even the right password must wait.
    with pytest.raises(auth.LoginThrottled) as throttled:
        auth.login(uow, "008", PASSWORD)
    assert throttled.value.seconds > 0
    clock.advance(seconds=throttled.value.seconds + 1)
    assert auth.login(uow, "008", PASSWORD).agent_no == "008"
    with uow.read() as session:
        failures = select(Staff.failed_logins).where(Staff.agent_no == "008")
        assert session.scalars(failures).one() == 0


def test_deactivated_staff_cannot_sign_in(manager: UnitOfWork) -> None:
    row = next(s for s in staff.list_staff(manager) if s.agent_no == "008")
    staff.set_active(manager, row.id, False)
    with pytest.raises(auth.LoginFailed):
        auth.login(manager, "008", PASSWORD)


def test_wait_grows_but_is_capped() -> None:
    waits = [auth.wait_after(n, 3) for n in range(0, 20)]
    assert waits[:3] == [0, 0, 0]
    assert waits[3] > 0 and waits == sorted(waits) and max(waits) == auth.MAX_WAIT_SECONDS


def test_an_agent_number_typed_in_fullwidth_digits_signs_in(uow: UnitOfWork) -> None:
    # A Chinese input method left in full-width mode types ０４３ for 043.
    assert auth.login(uow, "００８", PASSWORD).agent_no == "008"


def test_arabic_indic_digits_are_not_an_agent_number(manager: UnitOfWork) -> None:
    with pytest.raises(ValidationFailed) as bad:
        staff.create_staff(manager, "٠١٢", "新同事", Role.RECEPTIONIST, PASSWORD)
    assert "agent_no" in bad.value.errors
    with pytest.raises(auth.LoginFailed):
        auth.login(manager, "٠٠٨", PASSWORD)


def test_a_failed_sign_in_keeps_nothing_that_was_typed(uow: UnitOfWork) -> None:
    from app.models.audit import AuditEntry

    # A password typed into the 工号 box must not stay in the append-only log.
    with pytest.raises(auth.LoginFailed):
        auth.login(uow, "hunter2-secret", "x")
    with pytest.raises(auth.LoginFailed):
        auth.login(uow, "008", "wrong-password")
    with uow.read() as session:
        failures = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "login_failed")).all()
        receptionist = session.scalar(select(Staff.id).where(Staff.agent_no == "008"))
    assert [f.entity_id for f in failures] == ["", str(receptionist)]
    assert all("hunter2" not in repr(vars(f)) and "wrong-password" not in repr(vars(f))
               for f in failures)


def test_an_unknown_agent_number_costs_a_password_check_like_a_real_one(
        uow: UnitOfWork, monkeypatch: pytest.MonkeyPatch) -> None:
    # Answering unknown 工号 faster than real ones would tell an attacker which exist.
    checked: list[str] = []
    real = auth._hasher

    class CountingHasher:
        def verify(self, hash_: str, password: str) -> bool:
            checked.append(password)
            return real.verify(hash_, password)

        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

    monkeypatch.setattr(auth, "_hasher", CountingHasher())
    for agent_no in ("999", "008", "abc"):
        with pytest.raises(auth.LoginFailed):
            auth.login(uow, agent_no, "guess")
    assert checked == ["guess", "guess", "guess"]
