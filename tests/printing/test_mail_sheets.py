"""The mail register's paper: the day's 《邮件收发登记表》 with signatures, the
《领取邮件通知》 for a household and the batch, and the month's Excel export — through the
CLI as the desk's administrator runs it, read back with poppler and openpyxl."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.clock import FakeClock
from app.models.households import IdDocType
from app.models.mail import CollectorKind, MailKind
from app.services import mail, mail_pickup
from app.services.mail import MailDraft
from app.services.mail_pickup import PickupDraft
from app.services.printouts import render_printout
from app.services.uow import UnitOfWork
from tests.printing.conftest import decode_barcodes, pdf_fonts, pdf_text


def _url(uow: UnitOfWork) -> str:
    return str(uow.sessions.kw["bind"].url)


def _signature_png() -> bytes:
    """A real signature as the pad stores it (a PNG of strokes)."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from app.views.widgets.signature_pad import SignaturePad

    pad = SignaturePad()
    pad.resize(480, 200)
    pad.show()
    canvas = pad.canvas
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(30, 40))
    for x, y in ((80, 120), (140, 50), (220, 130), (300, 60)):
        QTest.mouseMove(canvas, QPoint(x, y))
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       QPoint(300, 60))
    png = pad.png_bytes()
    pad.close()
    return png


@pytest.fixture
def day_of_mail(receptionist: UnitOfWork, villas: dict[str, int], clock: FakeClock,
                qapp: object) -> dict[str, int]:
    """30 November: three items for A-12 (two taken by the owner, signed on the pad), one
    for B-7 taken by a driver with a resident ID, one for A-3 still waiting."""
    clock.set(dt.datetime(2026, 11, 30, 9, 5))
    ids = {}
    for number, villa, kind in (("SF1234567890123", "A-12", MailKind.COURIER),
                                ("EA123456785CN", "A-12", MailKind.EMS),
                                ("RR473124829GB", "A-12", MailKind.REGISTERED),
                                ("JT1234567890123", "B-7", MailKind.COURIER),
                                ("YT1234567890123", "A-3", MailKind.COURIER)):
        ids[number] = mail.register_item(receptionist, MailDraft(
            villas[villa], number, kind, shelf="A3")).id
        clock.advance(minutes=2)
    clock.set(dt.datetime(2026, 11, 30, 18, 40))
    owner = next(s for s in mail_pickup.signers_for_villa(receptionist, villas["A-12"])
                 if s.name == "张伟")
    mail_pickup.pick_up(receptionist, PickupDraft(
        (ids["SF1234567890123"], ids["EA123456785CN"]), CollectorKind.OWNER,
        person_id=owner.person_id, signature_png=_signature_png()))
    mail_pickup.pick_up(receptionist, PickupDraft(
        (ids["JT1234567890123"],), CollectorKind.OTHER, name="刘师傅", relation="司机",
        phone="13511112222", id_doc_type=IdDocType.RESIDENT_ID,
        id_doc_number="11010519491231002X", signed_on_paper=True))
    return ids


def test_the_days_register_sheet_has_every_column_and_the_signature(
        receptionist: UnitOfWork, day_of_mail: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / "register.pdf"
    assert main(["--database", _url(receptionist), "pdf", "mail-register", "2026-11-30",
                 "-o", str(out)]) == 0
    text = pdf_text(out)
    for column in ("日期", "时间", "邮件类别", "邮件编号", "别墅/收件人", "件数", "存放",
                   "登记人", "领取时间", "领取人签名", "领取人/证件", "联系电话", "经办人"):
        assert column in text, column
    for number in ("SF1234567890123", "EA123456785CN", "RR473124829GB", "JT1234567890123"):
        assert number in text
    assert "特快专递" in text and "挂号" in text and "快递包裹" in text
    assert "2026-11-30" in text and "09:05" in text
    assert "刘师傅（司机）" in text and "110***********002X" in text
    assert "135****2222" in text and "13511112222" not in text
    assert "11010519491231002X" not in text
    assert "纸质签名" in text  # the driver signed the paper register
    assert "本日登记 5 件" in text
    assert all(row[-3] == "yes" for row in pdf_fonts(out))  # every font embedded
    images = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True,
                            text=True, check=True).stdout.splitlines()[2:]
    assert len(images) == 2  # the owner's signature beside each of their two items


def test_a_sheet_for_a_day_without_mail_says_so(receptionist: UnitOfWork,
                                                day_of_mail: dict[str, int],
                                                tmp_path: Path) -> None:
    out = tmp_path / "empty.pdf"
    assert main(["--database", _url(receptionist), "pdf", "mail-register", "2026-11-29",
                 "-o", str(out)]) == 0
    assert "本日无登记邮件" in pdf_text(out)
    assert main(["--database", _url(receptionist), "pdf", "mail-register", "30.11.2026",
                 "-o", str(out)]) == 2


def test_a_households_notice_is_numbered_and_reprinted_until_more_arrives(
        receptionist: UnitOfWork, day_of_mail: dict[str, int], villas: dict[str, int],
        clock: FakeClock, tmp_path: Path) -> None:
    clock.set(dt.datetime(2026, 12, 8, 10, 0))
    out = tmp_path / "notice.pdf"
    assert main(["--database", _url(receptionist), "pdf", "mail-notice", "A-12",
                 "-o", str(out)]) == 0
    text = pdf_text(out)
    assert "领取邮件通知" in text and "最后通知" not in text
    assert "YJ2026-000001" in text and "A-12" in text and "张伟" in text
    assert "RR473124829GB" in text and "SF1234567890123" not in text  # taken already
    assert main(["--database", _url(receptionist), "pdf", "mail-notice", "a-12",
                 "-o", str(out)]) == 0
    assert "YJ2026-000001" in pdf_text(out)  # the same notice, nothing new waiting
    assert main(["--database", _url(receptionist), "pdf", "mail-notice", "B-7",
                 "-o", str(out)]) == 2  # nothing waiting, no notice


def test_the_batch_gives_one_page_per_household_due(
        receptionist: UnitOfWork, day_of_mail: dict[str, int], clock: FakeClock,
        tmp_path: Path) -> None:
    """By the desk's clock (the CLI reads the real one): 8 days after, a notice for each
    household waiting; 15 days after, the final notice."""
    out = tmp_path / "batch.pdf"
    clock.set(dt.datetime(2026, 12, 6, 10, 0))  # 6 days: nobody due yet
    out.write_bytes(render_printout(receptionist, "mail-notice", "all"))
    assert "没有需要发出的领取邮件通知" in pdf_text(out)
    clock.set(dt.datetime(2026, 12, 8, 10, 0))
    out.write_bytes(render_printout(receptionist, "mail-notice", "all"))
    # In villa order: A-3 before A-12.
    assert "A-3 " in pdf_text(out, 1) and "A-12" in pdf_text(out, 2)
    clock.set(dt.datetime(2026, 12, 15, 10, 0))
    out.write_bytes(render_printout(receptionist, "mail-notice", "all"))
    first = pdf_text(out, 1)
    assert "最后通知" in first and "退回寄件人" in first
    # Any household waiting at least 2 days, whatever the rule says.
    out.write_bytes(render_printout(receptionist, "mail-notice", "all:2"))
    assert "A-3 " in pdf_text(out, 1)


def test_the_month_exports_to_excel_with_phones_and_ids_masked(
        receptionist: UnitOfWork, day_of_mail: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / "mail.xlsx"
    assert main(["--database", _url(receptionist), "export", "mail", "--month", "2026-11",
                 "-o", str(out)]) == 0
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("日期", "时间", "邮件类别", "邮件编号")
    assert len(rows) == 6
    flat = " ".join(str(v) for row in rows for v in row if v is not None)
    assert "135****2222" in flat and "13511112222" not in flat
    assert "110***********002X" in flat and "签名板" in flat and "纸质签名" in flat
    assert main(["--database", _url(receptionist), "export", "mail", "-o",
                 str(tmp_path / "x.xlsx")]) == 2  # no month


def test_a_shelf_label_carries_the_villa_the_short_code_and_a_readable_qr(
        receptionist: UnitOfWork, day_of_mail: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / "label.pdf"
    assert main(["--database", _url(receptionist), "pdf", "mail-label", "yt1234567890123",
                 "-o", str(out)]) == 0
    text = pdf_text(out)
    assert "A-3" in text and "尾号 890123" in text and "快递包裹" in text
    size = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True,
                          check=True).stdout
    assert "170.079 x 113.386 pts" in size  # 60 × 40 mm
    subprocess.run(["pdftoppm", "-png", "-r", "300", "-singlefile", str(out),
                    str(tmp_path / "label")], check=True)
    assert decode_barcodes(tmp_path / "label.png", "qrcode") == ["YT1234567890123"]
    assert main(["--database", _url(receptionist), "pdf", "mail-label", "NOPE123",
                 "-o", str(out)]) == 2
