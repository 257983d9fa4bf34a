"""Two desks, one complaint, through the real dialog (widgets/record_editing.py, shared
with the work-order and release-pass forms).

王丽 is adding what the complainant demands while 刘主管, at the back office, corrects where
the noise comes from. 王丽 saves: she is told who changed what, and re-applying keeps her
demands on top of his correction. Closing the form with typing in it asks first.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.config import LocalConfig
from app.models.complaints import Category, Channel
from app.services import complaints
from app.services.complaint_queries import complaint_detail
from app.services.complaints import ComplaintDraft
from app.services.uow import UnitOfWork
from app.views.complaints.editor import ComplaintEditor
from app.views.desk import Desk
from app.views.messages import Messages
from app.views.widgets.stale_dialog import StaleDialog
from tests.views.dialogs import answer
from tests.views.test_reception_tab import type_chinese

NOISE = ComplaintDraft(channel=Channel.PHONE, category=Category.NOISE,
                       content="楼上夜里十一点后还在装修，噪音很大", complainant="张伟",
                       phone="13812345678", location="")


def _draft(villa: int, **changes: Any) -> ComplaintDraft:
    return replace(NOISE, villa_id=villa, **changes)


def test_a_stale_complaint_save_reapplies_the_receptionists_typing_on_top(
        qtbot: QtBot, uow: UnitOfWork, supervisor: UnitOfWork, receptionist: UnitOfWork,
        villas: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = complaints.open_complaint(receptionist, _draft(villas["A-12"]))
    desk = Desk(uow, LocalConfig.load(tmp_path / "c.json"), actor=receptionist.actor)
    editor = ComplaintEditor(desk, complaint_detail(receptionist, opened.id))
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    type_chinese(editor.demands, "要求物业立即制止并书面答复")

    now = complaint_detail(supervisor, opened.id)
    complaints.edit_complaint(supervisor, opened.id, _draft(
        villas["A-12"], location="楼上 A-12 二层主卧"), expected_version=now.version)

    seen: list[list[str]] = []

    def reapply(dialog: Any) -> None:
        seen.append(dialog.items())
        qtbot.mouseClick(dialog.reapply_button, Qt.MouseButton.LeftButton)

    shown = answer(monkeypatch, StaleDialog, reapply)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert len(shown) == 1 and any("刘主管" in item for item in seen[0]), seen
    assert complaint_detail(supervisor, opened.id).demands == ""  # nothing of hers saved yet
    assert editor.location.text() == "楼上 A-12 二层主卧"
    assert editor.demands.toPlainText() == "要求物业立即制止并书面答复"

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    saved = complaint_detail(supervisor, opened.id)
    assert saved.location == "楼上 A-12 二层主卧"
    assert saved.demands == "要求物业立即制止并书面答复"


def test_closing_a_complaint_form_with_typing_asks_first(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, villas: dict[str, int],
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    desk = Desk(uow, LocalConfig.load(tmp_path / "c.json"), actor=receptionist.actor)
    editor = ComplaintEditor(desk)
    qtbot.addWidget(editor)
    editor.show()
    type_chinese(editor.content, "门口快递车乱停")
    asked: list[str] = []
    monkeypatch.setattr(Messages, "confirm", classmethod(
        lambda cls, parent, text, *a, **k: asked.append(text) or False))
    editor.reject()
    assert editor.isVisible() and asked == ["放弃此投诉中已填写的内容？"]
    monkeypatch.setattr(Messages, "confirm", classmethod(lambda cls, *a, **k: True))
    editor.reject()  # now she agrees: the form closes and its draft is gone
    assert not editor.isVisible() and not editor.drafts.has_typed()
