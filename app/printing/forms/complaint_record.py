"""《顾客投诉处理记录表》: the complaint's handling record, filled or blank for handwriting.

The result is written on the record and the complainant signs it [001 5.4.6]; the callback
is recorded on it [004 4.3.12]. The filled copy prints what the register holds (the phone
as the printing person may see it); the blank copy has the same boxes, empty, with lines to
write on. Long texts wrap inside their box and the table continues on the next page.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from app.printing.fonts import ensure_fonts
from app.printing.forms import footed
from app.printing.forms.dispatch_slip import SiteHeader
from app.printing.pipeline import doc_metadata

TITLE = "顾客投诉处理记录表"
LABEL_FILL = Color(0.92, 0.92, 0.92)
MARGIN_MM = 15.0
WIDTH_MM = 180.0


@dataclass(frozen=True)
class ComplaintRecordData:
    site: SiteHeader
    number: str = ""
    received_at: str = ""
    channel: str = ""
    complainant: str = ""
    phone: str = ""
    villa: str = ""
    category: str = ""
    content: str = ""
    demands: str = ""
    first_contact: str = ""
    department: str = ""
    responsibility: str = ""
    severity: str = ""
    validity: str = ""
    investigation: str = ""
    cause: str = ""
    measures: str = ""
    result: str = ""
    handled_at: str = ""
    callback: str = ""
    closed_at: str = ""
    history: Sequence[str] = field(default_factory=tuple)
    repeat_of: str = ""
    void_reason: str = ""
    blank: bool = False
    reprint: int = 0  # prints before this one (补打)


def _style(size: float, **extra: Any) -> ParagraphStyle:
    values: dict[str, Any] = {"leading": size * 1.35, **extra}
    return ParagraphStyle(f"cr{size}{sorted(extra.items())}", fontName=ensure_fonts(),
                          fontSize=size, wordWrap="CJK", **values)


def _para(text: str, size: float = 9.5, **extra: Any) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), _style(size, **extra))


def _rows(d: ComplaintRecordData) -> tuple[list[list[Any]], list[tuple[Any, ...]],
                                           list[float | None]]:
    """Four columns (label, value, label, value); a long text spans the three on its
    right. Blank boxes get a height to write in."""
    pairs: list[tuple[str, str, str, str]] = [
        ("编号", d.number, "投诉时间", d.received_at),
        ("投诉方式", d.channel, "投诉类别", d.category),
        ("投诉人", d.complainant, "联系电话", d.phone),
        ("别墅/地址", d.villa, "首问责任人", d.first_contact),
        ("责任部门/责任人", d.department, "严重程度", d.severity),
        ("责任分类", d.responsibility, "有效性", d.validity),
    ]
    wide: list[tuple[str, str, float]] = [
        ("投诉内容", d.content, 24), ("顾客要求", d.demands, 14),
        ("调查情况", d.investigation, 24), ("原因及责任", d.cause, 20),
        ("纠正/预防措施", d.measures, 20), ("处理结果", d.result, 20),
        ("处理时间", d.handled_at, 8), ("回访情况", d.callback, 18),
        ("消单时间", d.closed_at, 8),
    ]
    if d.history:
        wide.append(("处理经过", "\n".join(d.history), 0))
    body: list[list[Any]] = []
    commands: list[tuple[Any, ...]] = []
    for a, va, b, vb in pairs:
        body.append([_para(a), _para("" if d.blank else va), _para(b),
                     _para("" if d.blank else vb)])
        row = len(body) - 1
        commands += [("BACKGROUND", (0, row), (0, row), LABEL_FILL),
                     ("BACKGROUND", (2, row), (2, row), LABEL_FILL)]
    heights: list[float | None] = [9 * mm] * len(body) if d.blank else [None] * len(body)
    for label, value, blank_mm in wide:
        body.append([_para(label), _para("" if d.blank else value), "", ""])
        row = len(body) - 1
        commands += [("SPAN", (1, row), (3, row)), ("BACKGROUND", (0, row), (0, row),
                                                    LABEL_FILL)]
        heights.append(blank_mm * mm if d.blank and blank_mm else None)
    body.append([_para("投诉人签字"), _para(""), _para("日期"),
                 _para("________年____月____日")])
    row = len(body) - 1
    commands += [("BACKGROUND", (0, row), (0, row), LABEL_FILL),
                 ("BACKGROUND", (2, row), (2, row), LABEL_FILL)]
    heights.append(14 * mm)
    return body, [*commands, *_grid()], heights


def _grid() -> list[tuple[Any, ...]]:
    return [("FONT", (0, 0), (-1, -1), ensure_fonts(), 9.5),
            ("GRID", (0, 0), (-1, -1), 0.5, black), ("BOX", (0, 0), (-1, -1), 1.2, black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]


def render_complaint_record(d: ComplaintRecordData, *, deterministic: bool = False) -> bytes:
    font = ensure_fonts()
    buffer = io.BytesIO()
    title = f"{TITLE} {d.number}".strip()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN_MM * mm, rightMargin=MARGIN_MM * mm,
        topMargin=14 * mm, bottomMargin=20 * mm, invariant=1 if deterministic else 0,
        initialFontName=font, **doc_metadata(title, TITLE))
    body, commands, heights = _rows(d)
    table = LongTable(body, colWidths=[30 * mm, 60 * mm, 28 * mm, 62 * mm],
                      rowHeights=heights)
    table.setStyle(TableStyle(commands))
    heading = TITLE + ("（空白表）" if d.blank else "")
    story: list[Any] = [_para(d.site.name or " ", 15, alignment=1, leading=20),
                        _para(heading, 13, alignment=1, leading=19)]
    marks = []
    if d.reprint:
        marks.append(f"补打（第 {d.reprint + 1} 次打印）")
    if d.repeat_of:
        marks.append(f"重复投诉：同别墅同类投诉 {d.repeat_of}")
    if d.void_reason:
        marks.append(f"已作废：{d.void_reason}")
    if marks:
        story.append(_para("　".join(marks), 9.5, alignment=2, textColor=Color(0.75, 0, 0)))
    story += [Spacer(1, 3 * mm), table]
    footer = f"{TITLE} {d.number}".strip()

    doc.build(story, canvasmaker=footed(footer=footer, margin_mm=MARGIN_MM))
    return buffer.getvalue()


def render_form(data: ComplaintRecordData, *, deterministic: bool = False) -> bytes:
    return render_complaint_record(data, deterministic=deterministic)
