"""《顾客投诉处理记录表》 filled and blank, the letters, and ``villa-desk pdf``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cli import main
from app.clock import FakeClock
from app.models.complaints import (
    CallbackMethod,
    CallbackOutcome,
    Category,
    Channel,
    Responsibility,
    Validity,
)
from app.services import complaints, confirmations
from app.services.complaint_reports import (
    LetterKind,
    blank_record_pdf,
    escalation_list_pdf,
    letter_pdf,
    print_record,
    public_summary_pdf,
    record_pdf,
)
from app.services.complaints import ComplaintDraft, HandlingInput
from app.services.errors import Conflict
from app.services.uow import UnitOfWork
from tests.conftest import PASSWORD
from tests.printing.conftest import pdf_info, pdf_text, run


def closed_complaint(receptionist: UnitOfWork, supervisor: UnitOfWork, clock: FakeClock,
                     villa_id: int) -> int:
    clock.set(dt.datetime(2026, 11, 24, 9, 5))
    made = complaints.open_complaint(receptionist, ComplaintDraft(
        channel=Channel.PHONE, category=Category.NOISE, villa_id=villa_id,
        content="隔壁 A-14 装修夜间施工，晚上九点后仍在电钻", demands="晚上八点后停止施工",
        complainant="张伟", phone="13812345678"))
    complaints.classify(supervisor, made.id, responsibility=Responsibility.PROPERTY,
                        validity=Validity.VALID)
    clock.advance(hours=3)
    complaints.record_handling(receptionist, made.id, HandlingInput(
        "秩序维护员到场核实", "装修巡查不到位", "夜间巡查加一次", "装修队已停工"))
    clock.advance(hours=20)
    second = confirmations.confirm_second_staff(receptionist, "002", PASSWORD)
    complaints.record_callback(receptionist, made.id, CallbackMethod.PHONE,
                               CallbackOutcome.SATISFIED, "业主满意", confirmation=second)
    return made.id


def test_the_filled_record_carries_every_part(
        receptionist: UnitOfWork, supervisor: UnitOfWork, clock: FakeClock,
        villas: dict[str, int], pdf_file: Callable[..., Path]) -> None:
    complaint_id = closed_complaint(receptionist, supervisor, clock, villas["A-12"])
    path = pdf_file(record_pdf(receptionist, complaint_id, deterministic=True))
    text = pdf_text(path)
    for expected in ("顾客投诉处理记录表", "TS2026-000001", "2026-11-24 09:05", "张伟", "A-12",
                     "装修夜间施工", "晚上八点后停止施工", "一类", "刘主管", "装修巡查不到位",
                     "夜间巡查加一次", "装修队已停工", "业主满意", "确认人", "投诉人签字"):
        assert expected in text, expected
    assert "138****5678" in text and "13812345678" not in text  # masked for a receptionist
    assert "13812345678" in pdf_text(pdf_file(record_pdf(supervisor, complaint_id), "s.pdf"))
    assert "emb" in run("pdffonts", path) and " no " not in run("pdffonts", path).split(
        "\n", 2)[2]
    assert pdf_info(path)["Pages"] == "1"


def test_a_reprint_says_so(receptionist: UnitOfWork, supervisor: UnitOfWork, clock: FakeClock,
                           villas: dict[str, int], pdf_file: Callable[..., Path]) -> None:
    complaint_id = closed_complaint(receptionist, supervisor, clock, villas["A-12"])
    _first, prior = print_record(receptionist, complaint_id, "PDF")
    again, prior_again = print_record(receptionist, complaint_id, "PDF")
    assert (prior, prior_again) == (0, 1)
    assert "补打" in pdf_text(pdf_file(again))


def test_the_blank_record_has_the_boxes_and_nothing_in_them(
        receptionist: UnitOfWork, pdf_file: Callable[..., Path]) -> None:
    text = pdf_text(pdf_file(blank_record_pdf(receptionist, deterministic=True)))
    assert "顾客投诉处理记录表（空白表）" in text
    for label in ("投诉内容", "调查情况", "原因及责任", "处理结果", "回访情况", "投诉人签字"):
        assert label in text
    assert "TS20" not in text


def test_letters_follow_the_classification(
        receptionist: UnitOfWork, supervisor: UnitOfWork, clock: FakeClock,
        villas: dict[str, int], pdf_file: Callable[..., Path]) -> None:
    made = complaints.open_complaint(receptionist, ComplaintDraft(
        channel=Channel.VISIT, category=Category.BUILDING, villa_id=villas["B-7"],
        content="主卧外墙渗水", complainant="赵敏"))
    with pytest.raises(Conflict):
        letter_pdf(receptionist, made.id, LetterKind.DEVELOPER_REPORT)
    complaints.classify(supervisor, made.id, responsibility=Responsibility.DEVELOPER)
    text = pdf_text(pdf_file(letter_pdf(receptionist, made.id, LetterKind.DEVELOPER_REPORT)))
    assert "书面报告" in text and "开发商" in text and "主卧外墙渗水" in text
    other = complaints.open_complaint(receptionist, ComplaintDraft(
        channel=Channel.PHONE, category=Category.OTHER, villa_id=villas["A-3"],
        content="要求物业退还已缴的政府收费", complainant="王建国"))
    complaints.classify(supervisor, other.id, validity=Validity.INVALID)
    complaints.record_handling(receptionist, other.id, HandlingInput(
        "", "", "", "已向业主说明该费用由政府部门收取"))
    text = pdf_text(pdf_file(letter_pdf(receptionist, other.id, LetterKind.EXPLANATION), "e.pdf"))
    assert "无效投诉解释记录" in text and "政府部门收取" in text


def test_escalation_list_and_public_summary_without_personal_data(
        receptionist: UnitOfWork, supervisor: UnitOfWork, clock: FakeClock,
        villas: dict[str, int], pdf_file: Callable[..., Path]) -> None:
    closed_complaint(receptionist, supervisor, clock, villas["A-12"])
    clock.set(dt.datetime(2026, 11, 25, 9, 0))
    complaints.open_complaint(receptionist, ComplaintDraft(
        channel=Channel.PHONE, category=Category.PARKING, villa_id=villas["B-7"],
        content="访客车辆占用车位", complainant="赵敏", phone="15800002222"))
    clock.set(dt.datetime(2026, 11, 28, 9, 0))
    complaints.escalate_due(receptionist)
    listing = pdf_text(pdf_file(escalation_list_pdf(receptionist)))
    assert "投诉升级清单" in listing and "TS2026-000002" in listing
    public = pdf_text(pdf_file(public_summary_pdf(receptionist, 2026, 11), "p.pdf"))
    assert "公示" in public and "夜间巡查加一次" in public
    for private in ("张伟", "赵敏", "A-12", "B-7", "1381", "1580"):
        assert private not in public


def test_villa_desk_pdf_complaint_record(receptionist: UnitOfWork, supervisor: UnitOfWork,
                                         clock: FakeClock, villas: dict[str, int],
                                         home: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    closed_complaint(receptionist, supervisor, clock, villas["A-12"])
    url = f"sqlite:///{home / 'desk.sqlite3'}"
    out = tmp_path / "record.pdf"
    assert main(["--database", url, "pdf", "complaint-record", "TS2026-000001",
                 "-o", str(out)]) == 0
    assert "TS2026-000001" in pdf_text(out)
    blank = tmp_path / "blank.pdf"
    assert main(["--database", url, "pdf", "complaint-record", "-o", str(blank)]) == 0
    assert "空白表" in pdf_text(blank)
    capsys.readouterr()
    assert main(["--database", url, "pdf", "complaint-record", "TS2026-999999",
                 "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "TS2026-999999" in err and "Traceback" not in err
