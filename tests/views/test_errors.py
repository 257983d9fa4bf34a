"""An unexpected error shows a short apology with the log's location, never a traceback."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from app.logging_setup import setup_logging
from app.paths import log_file
from app.services.errors import ValidationFailed
from app.views.application import install_excepthook
from app.views.feedback import FieldErrors, perform
from app.views.messages import Messages


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(Messages, "warn", classmethod(lambda cls, parent, text, title="":
                                                      said.append(text)))
    return said


def test_a_bug_in_an_action_is_logged_and_apologised_for(qtbot: QtBot, shown: list[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    setup_logging()

    def broken() -> None:
        raise ZeroDivisionError("the bug")

    assert perform(None, broken) is None
    assert len(shown) == 1
    assert "抱歉" in shown[0] and str(log_file()) in shown[0]
    assert "Traceback" not in shown[0] and "ZeroDivisionError" not in shown[0]
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "ZeroDivisionError: the bug" in log_file().read_text(encoding="utf-8")


def test_a_rejected_field_keeps_what_was_typed(qtbot: QtBot, shown: list[str]) -> None:
    edit = QLineEdit("13812")
    qtbot.addWidget(edit)
    errors = FieldErrors()
    errors.add("phone", edit)

    def save() -> None:
        raise ValidationFailed({"phone": "手机号码为 11 位数字"})

    perform(None, save, errors)
    assert errors.message("phone") == "手机号码为 11 位数字"
    assert edit.text() == "13812"
    assert shown == []


def test_the_exception_hook_apologises(qtbot: QtBot, shown: list[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    setup_logging()
    install_excepthook()
    try:
        raise KeyError("lost")
    except KeyError:
        sys.excepthook(*sys.exc_info())
    assert shown and "抱歉" in shown[0] and "KeyError" not in shown[0]
