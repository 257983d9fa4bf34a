"""At the desk: the supervisor walks over to confirm a phone callback, and a photo a
resident brought on a USB stick is kept with the record."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.config import LocalConfig
from app.services import confirmations
from app.services.uow import UnitOfWork
from app.views.desk import Desk
from app.views.widgets.attachment_list import AttachmentList
from app.views.widgets.second_staff_dialog import SecondStaffDialog
from tests.conftest import PASSWORD


def desk_of(uow: UnitOfWork, who: UnitOfWork, tmp_path: Path) -> Desk:
    return Desk(uow, LocalConfig.load(tmp_path / "c.json"), actor=who.actor)


def test_the_supervisor_types_her_password_to_confirm_the_receptionists_callback(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, tmp_path: Path,
        warnings: list[str]) -> None:
    dialog = SecondStaffDialog(desk_of(uow, receptionist, tmp_path), "电话回访 A-07")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.agent_no, "008")  # the receptionist herself: refused
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert "second staff member" in dialog.errors.message("agent_no") or \
        "第二" in dialog.errors.message("agent_no")
    assert dialog.isVisible() and dialog.password.text() == ""

    dialog.agent_no.setText("002")
    qtbot.keyClicks(dialog.password, "wrong")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.errors.message("password") and dialog.isVisible()

    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert not dialog.isVisible() and dialog.confirmation is not None
    with receptionist.transaction() as session:
        assert confirmations.redeem(session, dialog.confirmation, receptionist.actor,
                                    receptionist.clock.now()) == dialog.confirmation.staff_id


def test_a_photo_chosen_before_saving_waits_then_is_kept_and_opens(
        qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork, villas: dict[str, int],
        tmp_path: Path, warnings: list[str], monkeypatch) -> None:
    photo = tmp_path / "漏水.jpg"
    photo.write_bytes(b"\xff\xd8\xff photo")
    files = AttachmentList(desk_of(uow, receptionist, tmp_path), "villa")
    qtbot.addWidget(files)
    files.show_record(None)
    files.add_paths([photo])
    assert files.pending_files() == [photo] and files.files.count() == 1

    files.show_record(villas["A-12"])  # saved: now files are kept at once
    files.add_paths([photo])
    assert files.pending_files() == [] and files.files.count() == 1
    assert "漏水.jpg" in files.files.item(0).text()

    opened: list[str] = []
    monkeypatch.setattr("app.views.widgets.attachment_list.QDesktopServices.openUrl",
                        lambda url: opened.append(url.toLocalFile()))
    files.open_selected()
    assert Path(opened[0]).read_bytes() == b"\xff\xd8\xff photo"
