"""Printouts at the limits the validators allow: the longest texts and the largest money
still print, every page, without a ReportLab error; long text wraps, shrinks or continues
with a visible mark."""

from __future__ import annotations

import subprocess
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from app import validation
from app.printing.forms.dispatch_slip import (
    FeeLine,
    SiteHeader,
    SlipOptions,
    render_dispatch_slip,
    rmb_upper,
)
from app.printing.forms.number_register import RegisterRow, render_number_register
from app.printing.forms.overprint import render_dispatch_slip_overprint

from .conftest import make_slip, pdf_info, pdf_text

LONGEST_SITE = SiteHeader("翡" * 60, "0571-88886666-123456", "浙江省杭州市西湖区" * 22)
BIGGEST = validation.AMOUNT_MAX


def _longest(text: str, n: int) -> str:
    return (text * n)[:n]


def _biggest_slip(**changes: object):  # type: ignore[no-untyped-def]
    lines = tuple(FeeLine(_longest("更换进口恒温混水阀芯及配件", 80), "平方米（套）"[:10],
                          validation.PRICE_MAX, Decimal("9999") if i == 0 else Decimal("0.01"),
                          BIGGEST if i == 0 else Decimal("10000.00"))
                  for i in range(1))
    return make_slip(
        site=LONGEST_SITE, villa="ZZ-9999", location=_longest("会所二楼东侧走廊尽头", 100),
        contact_name=_longest("欧阳", 60), contact_phone="0571-88886666-123456",
        category=_longest("水电", 40), assignee=_longest("上海某某机电设备安装工程有限公司", 60),
        taken_by=_longest("王", 40) + " (008)",
        content=_longest("主卫洗手盆水龙头漏水，滴水不止，业主要求上午处理。\n", 2000),
        special_requirements=_longest("来前电话联系，家中有狗。", 1000),
        completion_note=_longest("已更换阀芯，试水正常。", 2000),
        fee_lines=lines, total=BIGGEST, **changes)


def _look(pdf: bytes, path: Path) -> list[Path]:
    """Render every page (as a person would look at it) and return the images."""
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(path.with_suffix(""))],
                   check=True, timeout=120)
    pages = sorted(path.parent.glob(path.stem + "-*.png"))
    assert pages and all(page.stat().st_size > 2000 for page in pages)
    return pages


def test_a_void_reason_of_1400_characters_continues_over_register_rows(tmp_path: Path) -> None:
    reason = "".join(f"第{i}句：业主称所报漏水实为楼上渗水，物业已另行处理。" for i in range(60))
    assert len(reason) > 1400
    rows = [RegisterRow(f"PG2026-{i:06d}", "作废" if i == 2 else "正常",
                        datetime(2026, 11, 1, 9), "A-12",
                        f"【水电】漏水（作废原因：{reason}）" if i == 2 else "【水电】漏水", 1)
            for i in range(1, 4)]
    pdf = render_number_register(LONGEST_SITE, "派工单编号登记表", "2026年11月", rows,
                                 deterministic=True)
    path = tmp_path / "register.pdf"
    pages = _look(pdf, path)
    text = "".join(pdf_text(path).split())
    assert "第59句" in text and "PG2026-000003" in text  # nothing lost, the next row follows
    assert "续" in text
    assert len(pages) == int(pdf_info(path)["Pages"])


def test_the_slip_prints_the_longest_fields_and_the_largest_money(tmp_path: Path) -> None:
    slip = _biggest_slip(voided=True, void_reason=_longest("业主取消", 500), prior_prints=99)
    pdf = render_dispatch_slip(slip, SlipOptions(deterministic=True))
    path = tmp_path / "slip.pdf"
    _look(pdf, path)
    text = "".join(pdf_text(path).split())
    assert "¥9,999,999.99" in text
    assert rmb_upper(BIGGEST) == "玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"
    assert rmb_upper(BIGGEST) in text
    assert "¥999,999.99" in text
    assert "未完" in text  # the 2,000-character content is cut with a visible note


def test_the_overprint_holds_the_longest_fields_and_the_largest_money(tmp_path: Path) -> None:
    pdf = render_dispatch_slip_overprint(_biggest_slip(), SlipOptions(deterministic=True))
    path = tmp_path / "overprint.pdf"
    _look(pdf, path)
    text = "".join(pdf_text(path).split())
    assert "9,999,999.99" in text and "999,999.99" in text


def test_the_days_record_prints_the_longest_texts_and_remarks(tmp_path: Path) -> None:
    from datetime import date

    from app.printing.forms.daily_record import DailyRecordData, RecordRow, render_daily_record

    rows = [RecordRow(datetime(2026, 11, 24, 9, i), "来电", _longest("欧阳", 60), "ZZ-9999",
                      "报修", _longest("楼上渗水到主卧天花板，\n", 2000), _longest("王", 60),
                      "作废：" + _longest("业主取消", 500), voided=i % 2 == 0)
            for i in range(3)]
    data = DailyRecordData(LONGEST_SITE, date(2026, 11, 24), rows, signed_by=_longest("刘", 60),
                           signed_at=datetime(2026, 11, 24, 18), remarks=_longest("第\n", 1000))
    path = tmp_path / "day.pdf"
    pages = _look(render_daily_record(data, deterministic=True), path)
    assert len(pages) >= 2
    assert "主管审核签字" in "".join(pdf_text(path).split())
    for page in range(1, len(pages) + 1):  # the site name gives way to the page number
        assert f"第{page}页/共{len(pages)}页" in "".join(pdf_text(path, page).split())
