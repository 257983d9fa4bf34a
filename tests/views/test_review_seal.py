"""The supervisor signs Tuesday in the review window and prints the day's record for the
file: the signature sealed the audit log into the backup folders (and the USB folder this
desk set), and the sheet in the preview carries the same entry and fingerprint."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.clock import FakeClock
from app.config import LocalConfig
from app.models.reception import Channel, EntryClass
from app.paths import config_file
from app.services import reception
from app.services.audit_seals import SEAL_FILE
from app.services.uow import UnitOfWork
from app.views.desk import Desk
from app.views.reception.review import ReviewDialog
from tests.conftest import actor
from tests.printing.conftest import pdf_text


def test_signing_in_the_review_window_seals_and_the_printed_record_shows_it(
        qtbot: QtBot, uow: UnitOfWork, villas: dict[str, int], clock: FakeClock,
        home: Path, tmp_path: Path) -> None:
    receptionist = uow.as_actor(actor(uow, "008"))
    reception.log_entry(receptionist, reception.NewEntry(
        Channel.PHONE, EntryClass.REPAIR, "张伟", "主卫水龙头漏水", villa_id=villas["A-12"],
        occurred_at=dt.datetime(2026, 11, 23, 9, 15)))
    usb = tmp_path / "usb"
    config = LocalConfig.load(config_file())
    config.set("backup_folder", str(usb))
    desk = Desk(uow, config, actor=actor(uow, "002"))
    dialog = ReviewDialog(desk)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.current() is not None and dialog.current().day == dt.date(2026, 11, 23)
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert dialog.current().signed

    seals = [json.loads((folder / SEAL_FILE).read_text("utf-8").splitlines()[-1])
             for folder in (home / "backups", usb)]
    assert seals[0] == seals[1]

    job = dialog.print_record()
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    preview = dialog.preview_dialog
    assert preview is not None
    qtbot.addWidget(preview)
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(preview.pdf)
    text = pdf_text(pdf)
    assert (f"操作日志封存：第 {seals[0]['last_id']} 条 / 指纹 "
            f"{seals[0]['last_hash'][:16]}") in text
    assert "张伟" in text and "刘主管" in text
    preview.close()
