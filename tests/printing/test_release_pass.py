"""The release pass on paper: three labelled copies, the items, the validity window, the
number as barcode and QR, masked phone and ID, 补打 on a reprint, and the 套打 variant —
rendered the way the desk and ``villa-desk pdf release-pass`` render it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QPainter, QPen

from app.models.households import IdDocType
from app.models.release_passes import ApplicantKind, ConsentKind, PassReason
from app.services import site
from app.services.confirmations import confirm_second_staff
from app.services.printouts import render_printout
from app.services.release_pass_printing import OVERPRINT, pass_pdf, print_pass
from app.services.release_passes import (
    Consent,
    PassDraft,
    PassItemInput,
    Signature,
    issue_pass,
    void_pass,
)
from app.services.uow import UnitOfWork
from app.settings import RELEASE_PASS_COPY_LABELS, write_setting
from tests.conftest import PASSWORD

from .conftest import decode_barcodes, page_size_mm, pdf_fonts, pdf_text, run

SATURDAY = dt.date(2026, 11, 28)


def signature_png() -> bytes:
    """A scribble as the pad hands it over (black on white PNG)."""
    image = QImage(300, 100, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setPen(QPen(Qt.GlobalColor.black, 4))
    painter.drawLine(20, 70, 120, 20)
    painter.drawLine(120, 20, 200, 80)
    painter.drawLine(200, 80, 280, 30)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


@pytest.fixture
def sofa_pass(receptionist: UnitOfWork, villas: dict[str, int]) -> tuple[int, str]:
    """The tenant of B-7 moves a sofa and two boxes out on Saturday morning."""
    consent = Consent(ConsentKind.PHONE, note="致电业主赵敏，同意",
                      confirmation=confirm_second_staff(receptionist, "002", PASSWORD))
    issued = issue_pass(receptionist, PassDraft(
        villa_id=villas["B-7"], applicant_kind=ApplicantKind.TENANT, applicant_name="周杰",
        id_doc_type=IdDocType.RESIDENT_ID, id_doc_number="11010519491231002X",
        phone="18600003333", plate="浙A12345",
        valid_from=dt.datetime.combine(SATURDAY, dt.time(9)),
        valid_until=dt.datetime.combine(SATURDAY, dt.time(12)),
        reason=PassReason.MOVING_OUT,
        items=(PassItemInput("三人沙发", 1, "米色布艺"), PassItemInput("纸箱", 2, "书籍"))),
        consent, Signature(png=signature_png()))
    return issued.id, issued.number


def test_three_labelled_copies_with_the_items_and_the_window(
        receptionist: UnitOfWork, sofa_pass: tuple[int, str],
        pdf_file: Callable[..., Path]) -> None:
    _pass_id, number = sofa_pass
    path = pdf_file(render_printout(receptionist, "release-pass", number, deterministic=True))
    assert page_size_mm(path) == (148.0, 210.0)
    for page, label in enumerate(("第一联 存根联", "第二联 业主联", "第三联 门岗联"), start=1):
        text = pdf_text(path, page)
        assert label in text
        assert "物品放行条" in text.replace(" ", "") and number in text
        assert "三人沙发" in text and "米色布艺" in text and "纸箱" in text
        assert "2026-11-28 09:00 至 2026-11-28 12:00" in text
        assert "B-7" in text and "租户" in text and "周杰" in text and "浙A12345" in text
        assert "业主电话确认（双人核实：刘主管）" in text
        # Masked on every copy: the paper leaves the desk.
        assert "186****3333" in text and "18600003333" not in text
        assert "110***********002X" in text and "11010519491231002X" not in text
        for line in ("业主/申请人签字", "签发人（客服）", "门岗保安签字"):
            assert line in text
        assert "补打" not in text and "作废原因" not in text
    assert len(pdf_text(path).split("\f")) - 1 == 3
    for row in pdf_fonts(path):
        assert row[-5] == "yes", f"font not embedded: {' '.join(row)}"


def test_barcode_and_qr_decode_to_the_pass_number(
        receptionist: UnitOfWork, sofa_pass: tuple[int, str], pdf_file: Callable[..., Path],
        tmp_path: Path) -> None:
    pass_id, number = sofa_pass
    path = pdf_file(pass_pdf(receptionist, pass_id, deterministic=True))
    run("pdftoppm", "-png", "-r", "200", "-f", "3", "-l", "3", path, tmp_path / "gate")
    png = next(tmp_path.glob("gate*.png"))
    assert decode_barcodes(png, "code128") == [number]
    assert decode_barcodes(png, "qrcode") == [number]


def test_a_reprint_says_so_and_a_void_pass_keeps_its_number(
        receptionist: UnitOfWork, supervisor: UnitOfWork, sofa_pass: tuple[int, str],
        pdf_file: Callable[..., Path]) -> None:
    pass_id, number = sofa_pass
    first, prior = print_pass(receptionist, pass_id, "plain", "Front desk")
    assert prior == 0 and "补打" not in pdf_text(pdf_file(first, "first.pdf"))
    again, prior = print_pass(receptionist, pass_id, "plain", "Front desk")
    assert prior == 1
    text = pdf_text(pdf_file(again, "again.pdf"))
    assert text.count("补打 第1次") == 3
    # The preview of the next print shows what it will be: the second reprint.
    assert "补打 第2次" in pdf_text(pdf_file(pass_pdf(receptionist, pass_id), "next.pdf"))
    void_pass(supervisor, pass_id, "业主取消搬家")
    voided = pdf_text(pdf_file(pass_pdf(receptionist, pass_id), "void.pdf"))
    assert voided.count("业主取消搬家") >= 3 and number in voided


def test_copy_labels_are_the_sites_own(
        receptionist: UnitOfWork, manager: UnitOfWork, sofa_pass: tuple[int, str],
        pdf_file: Callable[..., Path]) -> None:
    with manager.transaction() as session:
        write_setting(session, RELEASE_PASS_COPY_LABELS, ["存根", "交业主", "交门岗"])
    text = pdf_text(pdf_file(pass_pdf(receptionist, sofa_pass[0], deterministic=True)))
    assert all(label in text for label in ("存根", "交业主", "交门岗"))
    assert "第三联 门岗联" not in text


def test_overprint_prints_the_data_on_the_continuous_form(
        receptionist: UnitOfWork, sofa_pass: tuple[int, str],
        pdf_file: Callable[..., Path]) -> None:
    pass_id, number = sofa_pass
    path = pdf_file(pass_pdf(receptionist, pass_id, OVERPRINT, offset_mm=(2.0, -1.5),
                             deterministic=True))
    assert page_size_mm(path) == (241.0, 140.0)
    text = pdf_text(path)
    assert number in text and "三人沙发" in text and "186****3333" in text
    assert "放行条" not in text.replace(" ", "")  # the captions are on the pre-printed paper
    assert site.get_site(receptionist).name not in text


def test_the_command_line_asks_for_a_number(receptionist: UnitOfWork) -> None:
    from app.services.errors import NotFound, ServiceError

    with pytest.raises(ServiceError, match="FX2026"):
        render_printout(receptionist, "release-pass", "")
    with pytest.raises(NotFound):
        render_printout(receptionist, "release-pass", "FX2026-999999")
