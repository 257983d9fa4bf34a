"""Answering modal dialogs in tests: a ``fill`` function plays the person at the desk."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QDialog


def answer(monkeypatch: pytest.MonkeyPatch, dialog: type[QDialog], fill: Any) -> list[Any]:
    """Let a modal dialog be filled in by ``fill(dialog)`` instead of by a person."""
    seen: list[Any] = []

    def exec_(self: Any) -> int:
        seen.append(self)
        fill(self)
        return self.result()

    monkeypatch.setattr(dialog, "exec", exec_)
    return seen
