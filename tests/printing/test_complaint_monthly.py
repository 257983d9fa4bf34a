"""The monthly analysis PDF and its Excel export print the hand-made month's figures."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.clock import FakeClock
from app.services import complaints
from app.services.complaint_reports import monthly_excel, monthly_pdf
from app.services.errors import PermissionDenied
from app.services.uow import UnitOfWork
from tests.printing.conftest import pdf_text, run
from tests.services.test_complaint_statistics import make_october


def test_the_monthly_report_prints_the_figures_charts_and_actions(
        receptionist: UnitOfWork, supervisor: UnitOfWork, clock: FakeClock,
        villas: dict[str, int], pdf_file: Callable[..., Path]) -> None:
    make_october(receptionist, supervisor, clock, villas)
    complaints.set_month_actions(supervisor, 2026, 10, "夜间巡查每晚增加一次，违规施工当场制止。")
    with pytest.raises(PermissionDenied):
        monthly_pdf(receptionist, 2026, 10)
    path = pdf_file(monthly_pdf(supervisor, 2026, 10, deterministic=True))
    text = pdf_text(path)
    for expected in ("投诉月度统计分析报告（2026年10月）", "本月共受理投诉 5 起", "重复投诉 1 起",
                     "回访率 66.7%", "满意 1 起", "按类别统计", "近十二个月投诉量趋势",
                     "按责任分类", "按投诉方式", "责任部门1个工作日内回复", "50.0%",
                     "纠正和预防措施", "夜间巡查每晚增加一次"):
        assert expected in text, expected
    # The charts are drawn: the category names and every month of the trend.
    raw = run("pdftotext", "-raw", path, "-")  # the trend's labels are drawn slanted
    assert "噪音" in raw and "26-10" in raw and "25-11" in raw
    assert " no " not in run("pdffonts", path).split("\n", 2)[2]  # every font embedded


def test_the_excel_export_has_one_sheet_per_table(
        receptionist: UnitOfWork, supervisor: UnitOfWork, clock: FakeClock,
        villas: dict[str, int], home: Path, tmp_path: Path) -> None:
    make_october(receptionist, supervisor, clock, villas)
    book = load_workbook(io.BytesIO(monthly_excel(supervisor, 2026, 10)))
    assert len(book.sheetnames) == 11  # summary, 7 breakdowns, on-time, trend, actions
    summary = book[book.sheetnames[0]]
    assert [c.value for c in summary["B"]][1:4] == [5, 1, 3]
    out = tmp_path / "complaints.xlsx"
    url = f"sqlite:///{home / 'desk.sqlite3'}"
    assert main(["--database", url, "export", "complaints", "--month", "2026-10",
                 "-o", str(out)]) == 0
    assert load_workbook(out).sheetnames == book.sheetnames
    assert main(["--database", url, "export", "complaints", "--month", "2026-13",
                 "-o", str(tmp_path / "bad.xlsx")]) == 2
