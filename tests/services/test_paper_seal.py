"""The seal printed on a signed day's record, typed back in by the manager."""

from __future__ import annotations

import pytest

from app.services.data_safety import compare_paper_seal
from app.services.errors import ValidationFailed
from app.services.uow import UnitOfWork


@pytest.mark.parametrize("entry", ["0", str(2**31), "12a", "٣"])
def test_an_entry_number_no_log_can_hold_is_refused_beside_the_field(
        manager: UnitOfWork, entry: str) -> None:
    # 2^31 would reach PostgreSQL's 32-bit id column and fail there, not here.
    with pytest.raises(ValidationFailed) as refused:
        compare_paper_seal(manager, entry, "0123456789abcdef")
    assert "paper_entry" in refused.value.errors


def test_the_first_entry_of_the_log_matches_its_own_fingerprint(manager: UnitOfWork) -> None:
    from app.models.audit import AuditEntry

    with manager.read() as session:
        first = session.get(AuditEntry, 1)
        assert first is not None
        fingerprint = first.hash[:16]
    assert compare_paper_seal(manager, "1", fingerprint).ok
    assert not compare_paper_seal(manager, "1", "f" * 16).ok
