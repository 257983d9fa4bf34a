"""The registers of release passes a supervisor files and checks: the week's list, the
month's number register proving no number went missing, and the month in Excel — from
the desk's services and from the command line."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import update

from app.cli import main
from app.models.households import IdDocType
from app.models.numbering import NumberedDocument
from app.models.release_passes import ApplicantKind, PassReason
from app.services.release_pass_gate import GateReturn, mark_used
from app.services.release_pass_registers import month_register, register_pdf, weekly_pdf
from app.services.release_passes import (
    Consent,
    PassDraft,
    PassItemInput,
    Signature,
    issue_pass,
    void_pass,
)
from app.services.uow import UnitOfWork

SATURDAY = dt.date(2026, 11, 28)


def on(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def issue(uow: UnitOfWork, villa_id: int, *items: tuple[str, int],
          phone: str = "13812345678") -> str:
    return issue_pass(uow, PassDraft(
        villa_id=villa_id, applicant_kind=ApplicantKind.OWNER, applicant_name="张伟",
        id_doc_type=IdDocType.RESIDENT_ID, id_doc_number="11010519491231002X", phone=phone,
        plate="", valid_from=on(SATURDAY, 9), valid_until=on(SATURDAY, 12),
        reason=PassReason.REPLACEMENT,
        items=tuple(PassItemInput(name, n) for name, n in items)),
        Consent(), Signature(on_paper=True)).number


def text_of(pdf: bytes, tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def _url(uow: UnitOfWork) -> str:
    return str(uow.sessions.kw["bind"].url)


def test_the_month_register_shows_void_and_missing_numbers(
        receptionist: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int],
        tmp_path: Path) -> None:
    first = issue(receptionist, villas["A-12"], ("沙发", 1))
    second = issue(receptionist, villas["A-3"], ("冰箱", 1))
    third = issue(receptionist, villas["A-12"], ("纸箱", 3))
    void_pass(supervisor, 2, "填错别墅")
    rows = month_register(receptionist, 2026, 11)
    assert [(r.number, r.state) for r in rows] == [
        (first, "正常"), (second, "作废"), (third, "正常")]
    assert "作废原因：填错别墅" in rows[1].summary and "冰箱×1" in rows[1].summary
    # A number lost by tampering with the file shows as missing, not silently skipped.
    with supervisor.transaction() as session:
        session.execute(update(NumberedDocument).where(NumberedDocument.number == third)
                        .values(seq=4, number="FX2026-000004"))
    rows = month_register(receptionist, 2026, 11)
    assert [(r.number, r.state) for r in rows][2] == ("FX2026-000003", "缺号")
    text = text_of(register_pdf(receptionist, 2026, 11, deterministic=True), tmp_path, "r.pdf")
    assert "物品放行条编号登记表" in text and "缺号" in text and "共 4 个编号" in text


def test_the_weekly_list_shows_what_came_back_and_what_did_not(
        receptionist: UnitOfWork, villas: dict[str, int], clock: object,
        tmp_path: Path) -> None:
    back = issue(receptionist, villas["A-12"], ("沙发", 1), ("纸箱", 2))
    out = issue(receptionist, villas["A-3"], ("钢琴", 1))
    clock.set(on(SATURDAY, 13))  # type: ignore[attr-defined]
    mark_used(receptionist, back, GateReturn("李明", on(SATURDAY, 10, 5), False, "只出一箱"))
    text = text_of(weekly_pdf(receptionist, SATURDAY, deterministic=True), tmp_path, "w.pdf")
    assert "物品放行条周汇总（2026-11-23 至 2026-11-29）" in text
    assert back in text and out in text
    assert "已使用" in text and "已过期" in text and "不符：只出一箱" in text.replace("\n", "")
    assert "共 2 张" in text and "物品不符 1 张" in text
    empty = text_of(weekly_pdf(receptionist, dt.date(2026, 12, 7), deterministic=True),
                    tmp_path, "e.pdf")
    assert "共 0 张：无" in empty


def test_the_month_in_excel_from_the_command_line(
        receptionist: UnitOfWork, villas: dict[str, int], tmp_path: Path) -> None:
    number = issue(receptionist, villas["A-12"], ("沙发", 1), ("纸箱", 2))
    target = tmp_path / "passes.xlsx"
    assert main(["--database", _url(receptionist), "export", "release-passes", "--month",
                 "2026-11", "-o", str(target)]) == 0
    book = load_workbook(target, read_only=True)
    passes = list(book.worksheets[0].iter_rows(values_only=True))
    assert passes[0][:3] == ("编号", "状态", "签发时间")
    row = dict(zip(passes[0], passes[1], strict=True))
    assert (row["编号"], row["物品"], row["联系电话"], row["证件号码"]) == (
        number, "沙发×1、纸箱×2", "138****5678", "110***********002X")
    register = list(book.worksheets[1].iter_rows(values_only=True))
    assert register[1][:2] == (number, "正常")
    # A bad month is a message and exit status 2, never a traceback.
    assert main(["--database", _url(receptionist), "export", "release-passes", "--month",
                 "2026-13", "-o", str(tmp_path / "bad.xlsx")]) == 2


def test_the_pass_and_the_lists_from_the_command_line(
        receptionist: UnitOfWork, villas: dict[str, int], tmp_path: Path) -> None:
    number = issue(receptionist, villas["A-12"], ("沙发", 1))
    url = _url(receptionist)
    for form, key in (("release-pass", number.lower()), ("release-pass-weekly", "2026-11-24"),
                      ("release-pass-register", "2026-11")):
        out = tmp_path / f"{form}.pdf"
        assert main(["--database", url, "pdf", form, key, "-o", str(out),
                     "--deterministic"]) == 0
        assert number in subprocess.run(["pdftotext", str(out), "-"], capture_output=True,
                                        text=True, check=True).stdout
    assert main(["--database", url, "pdf", "release-pass", "FX2026-999999", "-o",
                 str(tmp_path / "none.pdf")]) == 2
