"""Fixtures shared by the GUI tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.views.messages import Messages


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Message boxes the desk would have shown: none, unless a test empties the list."""
    shown: list[str] = []
    monkeypatch.setattr(Messages, "warn", classmethod(lambda cls, parent, text, title="":
                                                      shown.append(text)))
    yield shown
    assert shown == []
