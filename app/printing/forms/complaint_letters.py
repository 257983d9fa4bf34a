"""The complaint letters: one layout for the written report to the developer (二类), the
notice to the relevant body (三类), the explanation record of an invalid complaint (无效),
the escalation notice to a level with no account at the desk, the escalation list, the
public summary and the quarterly report of developer-legacy complaints [001 4.2–4.3,
5.4.5, 5.6.3, 5.6.5; 003 3.6.5]. Each is a title, an addressee, paragraphs, an optional
table and a signature block; the services fill them from the register."""

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
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.printing.fonts import ensure_fonts
from app.printing.forms import footed
from app.printing.pipeline import doc_metadata

HEADER_FILL = Color(0.88, 0.88, 0.88)
MARGIN_MM = 18.0


@dataclass(frozen=True)
class LetterData:
    site_name: str
    title: str  # 关于……的书面报告 / 投诉升级通知 …
    number: str = ""  # the complaint's number, or a period ("2026年第4季度")
    addressee: str = ""  # 致：……
    paragraphs: Sequence[str] = ()
    headers: Sequence[str] = ()
    rows: Sequence[Sequence[str]] = ()
    widths_mm: Sequence[float] = ()
    signature: Sequence[str] = field(default_factory=lambda: ("经办人：", "日期："))


def _style(size: float, **extra: Any) -> ParagraphStyle:
    values: dict[str, Any] = {"leading": size * 1.5, **extra}
    return ParagraphStyle(f"cl{size}{sorted(extra.items())}", fontName=ensure_fonts(),
                          fontSize=size, wordWrap="CJK", **values)


def _para(text: str, size: float = 10.5, **extra: Any) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), _style(size, **extra))


def render_letter(d: LetterData, *, deterministic: bool = False) -> bytes:
    font = ensure_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN_MM * mm, rightMargin=MARGIN_MM * mm,
        topMargin=16 * mm, bottomMargin=20 * mm, invariant=1 if deterministic else 0,
        initialFontName=font, **doc_metadata(f"{d.title} {d.number}".strip(), d.title))
    story: list[Any] = [_para(d.site_name or " ", 14, alignment=1),
                        _para(d.title, 14, alignment=1, spaceAfter=2)]
    if d.number:
        story.append(_para(d.number, 10, alignment=2))
    story.append(Spacer(1, 4 * mm))
    if d.addressee:
        story.append(_para(f"致：{d.addressee}", 11, spaceAfter=4))
    for text in d.paragraphs:
        story.append(_para(text, 10.5, firstLineIndent=21, spaceAfter=4))
    if d.headers:
        width = 174.0
        widths = list(d.widths_mm) or [width / len(d.headers)] * len(d.headers)
        body = [[_para(h, 9, alignment=1) for h in d.headers]]
        body += [[_para(str(v), 9) for v in row] for row in d.rows]
        if not d.rows:
            body.append([_para("（无）", 9)] + [""] * (len(d.headers) - 1))
        table = Table(body, colWidths=[w * mm for w in widths], repeatRows=1)
        table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font, 9),
                                   ("GRID", (0, 0), (-1, -1), 0.4, black),
                                   ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story += [Spacer(1, 2 * mm), table]
    story.append(Spacer(1, 10 * mm))
    for line in d.signature:
        story.append(_para(line, 10.5, alignment=2, spaceAfter=3))
    footer = f"{d.title} {d.number}".strip()

    doc.build(story, canvasmaker=footed(footer=footer, margin_mm=MARGIN_MM))
    return buffer.getvalue()


def render_form(data: LetterData, *, deterministic: bool = False) -> bytes:
    return render_letter(data, deterministic=deterministic)
