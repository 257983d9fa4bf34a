"""投诉月度统计分析报告: the month's figures, two charts and the corrective actions.

Monthly statistics and an analysis with corrective and preventive actions are due by the
3rd of the next month [001 5.6.1, 003 3.7.7]. The figures are the service's
(``complaint_statistics``); this module only lays them out: a bar chart by category, the
twelve months' trend, one table per classification, and the supervisor's text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.printing.fonts import ensure_fonts
from app.printing.forms import footed
from app.printing.pipeline import doc_metadata

TITLE = "投诉月度统计分析报告"
HEADER_FILL = Color(0.88, 0.88, 0.88)
BAR = Color(0.16, 0.38, 0.63)
TREND = Color(0.80, 0.33, 0.10)
MARGIN_MM = 15.0


@dataclass(frozen=True)
class ReportTable:
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[object]]


@dataclass(frozen=True)
class MonthlyReportData:
    site_name: str
    month: str  # "2026年10月"
    summary: str  # one paragraph of the headline figures
    by_category: Sequence[tuple[str, int]]
    trend: Sequence[tuple[str, int]]
    tables: Sequence[ReportTable]
    actions: str  # corrective and preventive actions, as the supervisor typed them
    prepared: str = ""  # 编制：name, date


def _style(size: float, **extra: Any) -> ParagraphStyle:
    values: dict[str, Any] = {"leading": size * 1.4, **extra}
    return ParagraphStyle(f"cm{size}{sorted(extra.items())}", fontName=ensure_fonts(),
                          fontSize=size, wordWrap="CJK", **values)


def _para(text: str, size: float = 10, **extra: Any) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), _style(size, **extra))


def bar_chart(title: str, items: Sequence[tuple[str, int]], colour: Color,
              width_mm: float = 180, height_mm: float = 62) -> Drawing:
    """A bar chart drawn with ReportLab graphics in the house font (labels in Chinese)."""
    font = ensure_fonts()
    drawing = Drawing(width_mm * mm, height_mm * mm)
    # The drawing's own starting font, or ReportLab names Helvetica (unembedded) in the PDF.
    drawing.initialFontName = font
    drawing.add(String(0, height_mm * mm - 10, title, fontName=font, fontSize=10))
    chart = VerticalBarChart()
    chart.x, chart.y = 28, 34
    chart.width, chart.height = width_mm * mm - 40, height_mm * mm - 58
    values = [n for _label, n in items] or [0]
    chart.data = [values]
    chart.bars[0].fillColor = colour
    chart.valueAxis.valueMin = 0
    top = max(values)
    step = max(1, -(-top // 5))
    chart.valueAxis.valueMax = max(step * 5, 1)
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.categoryAxis.categoryNames = [label for label, _n in items] or [""]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 30 if len(items) > 8 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(items) > 8 else "n"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7
    chart.barLabelFormat = "%d"
    chart.barLabels.nudge = 6
    drawing.add(chart)
    return drawing


def _table(t: ReportTable) -> list[Any]:
    font = ensure_fonts()
    body = [[_para(str(h), 9, alignment=1) for h in t.headers]]
    body += [[_para(str(v), 9) for v in row] for row in t.rows] or [
        [_para("—", 9)] + [""] * (len(t.headers) - 1)]
    first = 90 if len(t.headers) > 2 else 110
    rest = (180 - first) / max(1, len(t.headers) - 1)
    table = Table(body, colWidths=[first * mm] + [rest * mm] * (len(t.headers) - 1),
                  repeatRows=1)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font, 9),
                               ("GRID", (0, 0), (-1, -1), 0.4, black),
                               ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return [KeepTogether([_para(t.title, 11, spaceBefore=6, spaceAfter=3), table])]


def render_monthly(d: MonthlyReportData, *, deterministic: bool = False) -> bytes:
    font = ensure_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN_MM * mm, rightMargin=MARGIN_MM * mm,
        topMargin=14 * mm, bottomMargin=20 * mm, invariant=1 if deterministic else 0,
        initialFontName=font, **doc_metadata(f"{TITLE} {d.month}", TITLE))
    story: list[Any] = [
        _para(d.site_name or " ", 15, alignment=1, leading=20),
        _para(f"{TITLE}（{d.month}）", 13, alignment=1, leading=19),
        Spacer(1, 3 * mm), _para(d.summary, 10), Spacer(1, 3 * mm),
        bar_chart("按类别统计", d.by_category, BAR), Spacer(1, 2 * mm),
        bar_chart("近十二个月投诉量趋势", [(m[2:], n) for m, n in d.trend], TREND),
    ]
    for table in d.tables:
        story += _table(table)
    story += [_para("纠正和预防措施", 11, spaceBefore=8, spaceAfter=3),
              _para(d.actions or "（主管尚未填写）", 10)]
    if d.prepared:
        story += [Spacer(1, 6 * mm), _para(d.prepared, 10, alignment=2)]
    footer = f"{TITLE}（{d.month}）"

    doc.build(story, canvasmaker=footed(footer=footer, margin_mm=MARGIN_MM))
    return buffer.getvalue()


def render_form(data: MonthlyReportData, *, deterministic: bool = False) -> bytes:
    return render_monthly(data, deterministic=deterministic)
