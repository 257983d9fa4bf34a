"""The week's list of release passes for filing (物品放行条周汇总), A4 landscape.

Every pass issued in the week in number order, with what became of it at the gate; passes
not back and items that did not match stand out, so whoever files the gate copies sees what
is missing. The month's number register is the shared ``number_register`` form.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from app.printing.fonts import ensure_fonts
from app.printing.forms import STAMP_RED, footed
from app.printing.forms.dispatch_slip import SiteHeader, format_time
from app.printing.pipeline import doc_metadata

TITLE = "物品放行条周汇总"
COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 10.0), ("编号", 30.0), ("状态", 14.0), ("签发时间", 27.0), ("别墅", 15.0),
    ("申请人", 30.0), ("物品", 62.0), ("有效时间", 36.0), ("门岗核对", 43.0),
)
MARGIN_MM = 12.0
HEADER_FILL = Color(0.86, 0.86, 0.86)
FILLS = {"未交回": Color(1.0, 0.95, 0.70), "已过期": Color(1.0, 0.95, 0.70),
         "作废": Color(0.99, 0.88, 0.88)}
MISMATCH_FILL = Color(0.99, 0.88, 0.88)


@dataclass(frozen=True)
class WeeklyRow:
    number: str
    state: str  # 已使用 / 未交回 / 已过期 / 作废
    issued_at: datetime
    villa: str
    applicant: str
    items: str
    valid_from: datetime
    valid_until: datetime
    gate: str  # 10:05 李明 相符 / 不符：只出一箱
    mismatch: bool = False


@dataclass(frozen=True)
class WeeklyListData:
    site: SiteHeader
    week: str  # 2026-11-23 至 2026-11-29
    rows: Sequence[WeeklyRow]


def _style(size: float, **extra: Any) -> ParagraphStyle:
    values: dict[str, Any] = {"leading": size * 1.3, **extra}
    return ParagraphStyle(f"rpl{size}", fontName=ensure_fonts(), fontSize=size,
                          wordWrap="CJK", **values)


def summary(rows: Sequence[WeeklyRow]) -> str:
    counts = Counter(row.state for row in rows)
    parts = [f"{state} {n} 张" for state, n in counts.items()]
    mismatched = sum(row.mismatch for row in rows)
    tail = f"；物品不符 {mismatched} 张" if mismatched else ""
    return f"共 {len(rows)} 张：" + ("，".join(parts) if parts else "无") + tail


def render_weekly_list(data: WeeklyListData, deterministic: bool = False) -> bytes:
    font = ensure_fonts()
    buffer = io.BytesIO()
    printed_at = "" if deterministic else format_time(datetime.now())
    doc = SimpleDocTemplate(
        buffer, pagesize=landscape(A4), leftMargin=MARGIN_MM * mm, rightMargin=MARGIN_MM * mm,
        topMargin=12 * mm, bottomMargin=15 * mm, invariant=1 if deterministic else 0,
        initialFontName=font, **doc_metadata(f"{TITLE} {data.week}", TITLE))
    cell = _style(8.0)
    table_rows: list[list[Any]] = [[Paragraph(f"<b>{name}</b>", _style(8.0, alignment=1))
                                    for name, _ in COLUMNS]]
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), font, 8.0),
        ("GRID", (0, 0), (-1, -1), 0.4, black),
        ("BOX", (0, 0), (-1, -1), 1.0, black),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 1), (0, -1), "CENTER"),
        ("ALIGN", (2, 1), (2, -1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.0),
    ]
    for index, row in enumerate(data.rows, start=1):
        window = f"{format_time(row.valid_from)}\n至 {format_time(row.valid_until)[11:]}"
        table_rows.append([
            str(index), row.number, row.state, format_time(row.issued_at), row.villa,
            Paragraph(escape(row.applicant), cell),
            Paragraph(escape(row.items[:300]), cell),
            Paragraph(escape(window).replace("\n", "<br/>"), cell),
            Paragraph(escape(row.gate[:200]), cell)])
        line = len(table_rows) - 1
        fill = MISMATCH_FILL if row.mismatch else FILLS.get(row.state)
        if fill is not None:
            commands.append(("BACKGROUND", (0, line), (-1, line), fill))
            commands.append(("TEXTCOLOR", (2, line), (2, line), STAMP_RED))
    table = LongTable(table_rows, colWidths=[w * mm for _, w in COLUMNS], repeatRows=1)
    table.setStyle(TableStyle(commands))
    story = [
        Paragraph(escape(data.site.name), _style(15.0, alignment=1, leading=20)),
        Paragraph(escape(f"{TITLE}（{data.week}）"), _style(12.0, alignment=1, leading=18)),
        Spacer(1, 2 * mm),
        Paragraph(escape(summary(data.rows)), _style(9.0)),
        Spacer(1, 2 * mm),
        table,
        Spacer(1, 8 * mm),
        Paragraph("门岗联核对人：________________　　客服主管：________________　　"
                  "日期：______年____月____日", _style(9.0)),
    ]
    footer = f"{data.site.name} {TITLE}（{data.week}）"

    doc.build(story, canvasmaker=footed(footer=footer, printed_at=printed_at,
                                        margin_mm=MARGIN_MM, baseline_mm=8.0, rule=True))
    return buffer.getvalue()


def render_form(data: WeeklyListData, *, deterministic: bool = False) -> bytes:
    return render_weekly_list(data, deterministic=deterministic)
