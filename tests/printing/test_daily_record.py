"""服务中心日工作记录表: the day's calls and visits on paper, signed, with the audit seal.

Tuesday's desk takes a few calls; the supervisor signs the day; the sheet printed for the
file carries the seal (entry number and fingerprint) the signature wrote into the seal
file beside the backups, so the paper can later be compared with the database.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from app.backups import backup_folders
from app.clock import FakeClock
from app.models.audit import AuditEntry
from app.models.reception import Channel, EntryClass
from app.printing.forms.daily_record import DailyRecordData, RecordRow, render_daily_record
from app.printing.forms.dispatch_slip import SiteHeader
from app.services import reception
from app.services.audit_check import check_audit
from app.services.audit_seals import SEAL_FILE, database_key, read_seals
from app.services.daily_record import daily_record_pdf
from app.services.daily_review import sign_day
from app.services.uow import UnitOfWork
from tests.printing.conftest import pdf_fonts, pdf_info, pdf_text, run

TUE = dt.date(2026, 11, 24)


def _calls(receptionist: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int]) -> None:
    reception.log_entry(receptionist, reception.NewEntry(
        Channel.PHONE, EntryClass.REPAIR, "张伟", "主卫水龙头漏水，请尽快派人",
        villa_id=villas["A-12"], occurred_at=dt.datetime(2026, 11, 24, 7, 40)))
    reception.log_entry(receptionist, reception.NewEntry(
        Channel.VISIT, EntryClass.INQUIRY, "王建国", "问游泳池冬季开放时间",
        villa_id=villas["A-3"], occurred_at=dt.datetime(2026, 11, 24, 8, 10)))
    wrong = reception.log_entry(receptionist, reception.NewEntry(
        Channel.PHONE, EntryClass.COMPLAINT, "赵敏", "录错了", villa_id=villas["B-7"],
        occurred_at=dt.datetime(2026, 11, 24, 8, 20)))
    reception.void_entry(supervisor, wrong.id, "重复登记")


def test_signing_a_day_writes_a_seal_and_the_printed_sheet_carries_it(
        receptionist: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int],
        clock: FakeClock, home: Path, pdf_file: Callable[..., Path]) -> None:
    _calls(receptionist, supervisor, villas)
    clock.advance(hours=9)
    sign_day(supervisor, TUE, "均已跟进", backup_folders(None))

    lines = (home / "backups" / SEAL_FILE).read_text("utf-8").splitlines()
    seal = json.loads(lines[-1])
    with supervisor.read() as session:
        head = session.get(AuditEntry, seal["last_id"])
        assert head is not None and head.entity == "daily_review" and head.hash == \
            seal["last_hash"]
    text = pdf_text(pdf_file(daily_record_pdf(supervisor, TUE, deterministic=True)))
    assert "服务中心日工作记录表" in text and "2026年11月24日" in text
    assert f"操作日志封存：第 {seal['last_id']} 条 / 指纹 {seal['last_hash'][:16]}" in text
    assert "刘主管" in text and "2026-11-24 17:30" in text and "均已跟进" in text
    for words in ("07:40", "张伟", "A-12", "报修", "主卫水龙头漏水", "王丽", "来访", "咨询"):
        assert words in text, words
    assert "作废：重复登记" in text
    assert "共 2 条：报修 1，咨询 1，投诉 0，求助 0；作废 1 条" in text

    # The seal is one the audit check compares the log with.
    engine = supervisor.sessions.kw["bind"]
    seals = read_seals(backup_folders(None), database_key(engine))
    assert any(s.last_id == seal["last_id"] for s in seals)
    with supervisor.read() as session:
        assert check_audit(session, seals).ok


def test_an_unsigned_day_prints_blank_signature_lines(
        receptionist: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int],
        pdf_file: Callable[..., Path]) -> None:
    _calls(receptionist, supervisor, villas)
    text = pdf_text(pdf_file(daily_record_pdf(receptionist, TUE, deterministic=True)))
    assert "主管审核签字：____" in text and "本日尚未签字" in text


def test_a_day_with_long_content_continues_on_further_rows_and_pages(
        tmp_path: Path, pdf_file: Callable[..., Path]) -> None:
    long_text = "".join(f"第{i}段：客人反映花园喷灌系统夜间自动启动，水淹车库入口。" for i in
                        range(60))[:2000]
    lines = "\n".join(f"行{i}" for i in range(400))
    rows = [RecordRow(dt.datetime(2026, 11, 24, 8, i), "来电", "欧阳" * 30, "A-12",
                      "投诉", text, "王丽", state, voided=voided)
            for i, (text, state, voided) in enumerate([
                (long_text, "已派工 PG2026-000123", False),
                ("WWW" * 600, "作废：" + "原因很长" * 350, True),
                (lines, "已登记", False),
            ] * 3)]
    data = DailyRecordData(SiteHeader("翡翠湾别墅会所", "0571-88886666", "杭州"),
                           TUE, rows, signed_by="刘主管",
                           signed_at=dt.datetime(2026, 11, 24, 17, 30),
                           remarks="审核" * 500)
    path = pdf_file(render_daily_record(data, deterministic=True))
    pages = int(pdf_info(path)["Pages"])
    assert pages >= 5
    text = pdf_text(path)
    assert long_text[-12:] in text.replace("\n", "").replace(" ", "")
    assert "行399" in text and "续" in text
    assert f"第 {pages} 页 / 共 {pages} 页" in text
    fonts = pdf_fonts(path)
    assert fonts and all(row[-5] == "yes" for row in fonts), fonts  # every font embedded
    # The same data always gives the same bytes in deterministic mode.
    assert render_daily_record(data, deterministic=True) == path.read_bytes()
    run("pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", path, tmp_path / "page")


def test_the_command_line_prints_a_day(
        receptionist: UnitOfWork, supervisor: UnitOfWork, villas: dict[str, int],
        home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli import main

    _calls(receptionist, supervisor, villas)
    url = f"sqlite:///{home / 'desk.sqlite3'}"
    out = tmp_path / "日记录.pdf"
    assert main(["--database", url, "pdf", "daily-record", "2026-11-24", "-o", str(out),
                 "--deterministic"]) == 0
    assert "主卫水龙头漏水" in pdf_text(out)
    assert main(["--database", url, "pdf", "daily-record", "2026-11", "-o", str(out)]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
