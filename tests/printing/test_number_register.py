"""The monthly number register: every number in order, odd states made visible."""

from __future__ import annotations

from datetime import datetime, timedelta

from app.printing.forms.number_register import (
    RegisterRow,
    render_number_register,
    state_summary,
)

from .conftest import SITE, pdf_fonts, pdf_info, pdf_text


def make_rows(count: int) -> list[RegisterRow]:
    rows = []
    for i in range(1, count + 1):
        state = "作废" if i in (5, 33) else "缺号" if i == 17 else "正常"
        missing = state == "缺号"
        rows.append(RegisterRow(
            number=f"PG2026-{i:06d}", state=state,
            received_at=None if missing else datetime(2026, 11, 1, 8) + timedelta(hours=9 * i),
            villa="" if missing else f"A-{i % 30 + 1}",
            summary="" if missing else "主卫洗手盆水龙头漏水，滴水不止，业主要求上午处理。",
            print_count=0 if missing else 1 + (i % 4 == 0)))
    return rows


def test_summary_counts_states_normal_first() -> None:
    assert state_summary(make_rows(40)) == "共 40 个编号：正常 37 个，作废 2 个，缺号 1 个"
    assert state_summary([]) == "共 0 个编号：无"


def test_register_lists_every_number_with_state_across_pages(pdf_file) -> None:
    rows = make_rows(90)
    path = pdf_file(render_number_register(SITE, "派工单编号登记表", "2026年11月", rows,
                                           deterministic=True))
    pages = int(pdf_info(path)["Pages"])
    assert pages >= 2
    text = pdf_text(path)
    for row in rows:
        assert row.number in text
    assert "共 90 个编号：正常 87 个，作废 2 个，缺号 1 个" in text
    lines = {line.split()[1]: line for line in text.splitlines()
             if len(line.split()) > 2 and line.split()[1].startswith("PG2026-")}
    assert "作废" in lines["PG2026-000005"]
    assert "缺号" in lines["PG2026-000017"]
    assert "正常" in lines["PG2026-000018"]
    # Numbers come out in order.
    order = [number for number in lines]
    assert order == sorted(order)
    for page in range(1, pages + 1):
        page_text = pdf_text(path, page)
        assert f"第{page}页/共{pages}页" in "".join(page_text.split())
        assert "编号" in page_text and "状态" in page_text and "打印次数" in page_text
    for row in pdf_fonts(path):
        assert row[-5] == "yes"


def test_register_is_deterministic() -> None:
    rows = make_rows(10)
    first = render_number_register(SITE, "派工单编号登记表", "2026年11月", rows,
                                   deterministic=True)
    second = render_number_register(SITE, "派工单编号登记表", "2026年11月", rows,
                                    deterministic=True)
    assert first == second
