"""The monthly number register (编号登记表): every slip number of a month, in order.

Slips are filed in number order and counted monthly; a lost or skipped number is a major
error, so this list shows every number with its state and how often it was printed, and
makes anything not normal stand out. Finding the gaps is the caller's job: it passes them
as rows in state ``缺号``.
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
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from app.printing.fonts import ensure_fonts
from app.printing.forms import STAMP_RED, footed
from app.printing.forms.daily_record import CHARS_PER_MM, chunks
from app.printing.forms.dispatch_slip import SiteHeader, format_time
from app.printing.pipeline import doc_metadata

NORMAL_STATE = "正常"
STATE_FILLS: dict[str, Color] = {
    "作废": Color(0.99, 0.88, 0.88),
    "缺号": Color(1.0, 0.95, 0.70),
}
OTHER_FILL = Color(0.93, 0.93, 1.0)
HEADER_FILL = Color(0.86, 0.86, 0.86)
COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 11.0), ("编号", 33.0), ("状态", 14.0), ("受理时间", 29.0), ("别墅", 17.0),
    ("摘要", 60.0), ("打印次数", 16.0),
)
MARGIN_MM = 15.0


@dataclass(frozen=True)
class RegisterRow:
    number: str
    state: str
    received_at: datetime | None  # 受理时间: the order's, as on its slip
    villa: str
    summary: str
    print_count: int


@dataclass(frozen=True)
class NumberRegisterData:
    """Everything :func:`render_number_register` needs, for the pipeline's one-argument call."""

    site: SiteHeader
    title: str
    month: str
    rows: Sequence[RegisterRow]


def _style(size: float, **extra: Any) -> ParagraphStyle:
    values: dict[str, Any] = {"leading": size * 1.3, **extra}
    return ParagraphStyle(f"reg{size}", fontName=ensure_fonts(), fontSize=size,
                          wordWrap="CJK", **values)


def state_summary(rows: Sequence[RegisterRow]) -> str:
    """``共 5 个编号：正常 3 个，作废 1 个，缺号 1 个`` (normal first, then as they appear)."""
    counts = Counter(row.state for row in rows)
    order = [NORMAL_STATE] + [s for s in dict.fromkeys(r.state for r in rows)
                              if s != NORMAL_STATE]
    parts = [f"{state} {counts[state]} 个" for state in order if counts[state]]
    return f"共 {len(rows)} 个编号：" + ("，".join(parts) if parts else "无")


def render_number_register(site: SiteHeader, title: str, month: str,
                           rows: Sequence[RegisterRow], deterministic: bool = False) -> bytes:
    font = ensure_fonts()
    buffer = io.BytesIO()
    printed_at = "" if deterministic else format_time(datetime.now())
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN_MM * mm, rightMargin=MARGIN_MM * mm,
        topMargin=14 * mm, bottomMargin=16 * mm, invariant=1 if deterministic else 0,
        initialFontName=font, **doc_metadata(f"{title} {month}", "编号登记表"),
    )
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
        ("ALIGN", (4, 1), (4, -1), "CENTER"),
        ("ALIGN", (6, 1), (6, -1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
    ]
    summary_chars = int(dict(COLUMNS)["摘要"] * CHARS_PER_MM)
    for index, row in enumerate(rows, start=1):
        first = len(table_rows)
        # A row cannot be taller than a page (ReportLab cannot split a cell): a long summary
        # (a void reason) continues on rows of its own, marked 续 under the number.
        for part, piece in enumerate(chunks(row.summary, summary_chars)):
            text = Paragraph(escape(piece).replace("\n", "<br/>"), cell)
            if part == 0:
                table_rows.append([str(index), row.number, row.state,
                                   format_time(row.received_at), row.villa, text,
                                   str(row.print_count) if row.state != "缺号" else ""])
            else:
                table_rows.append(["", "续", "", "", "", text, ""])
        last = len(table_rows) - 1
        if row.state != NORMAL_STATE:
            commands.append(("BACKGROUND", (0, first), (-1, last),
                             STATE_FILLS.get(row.state, OTHER_FILL)))
            commands.append(("TEXTCOLOR", (2, first), (2, last), STAMP_RED))
    table = LongTable(table_rows, colWidths=[w * mm for _, w in COLUMNS], repeatRows=1)
    table.setStyle(TableStyle(commands))
    story = [
        Paragraph(escape(site.name), _style(15.0, alignment=1, leading=20)),
        Paragraph(escape(f"{title}（{month}）"), _style(12.0, alignment=1, leading=18)),
        Spacer(1, 2 * mm),
        Paragraph(escape(state_summary(rows)), _style(9.0)),
        Spacer(1, 2 * mm),
        table,
        Spacer(1, 8 * mm),
        Paragraph("统计人：________________　　审核人：________________　　"
                  "日期：______年____月____日", _style(9.0)),
    ]

    doc.build(story, canvasmaker=footed(
        footer=f"{site.name} {title}（{month}）", printed_at=printed_at, margin_mm=MARGIN_MM,
        baseline_mm=9.0, rule=True))
    return buffer.getvalue()


def render_form(data: NumberRegisterData, *, deterministic: bool = False) -> bytes:
    return render_number_register(data.site, data.title, data.month, data.rows,
                                  deterministic=deterministic)
