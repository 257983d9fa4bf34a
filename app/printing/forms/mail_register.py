"""《邮件收发登记表》: one day's mail register sheet, every column the seed names [004 4.6.5]
(date, time, kind, item number), with the pick-up on the same line: when, who (their
document and phone masked), and the signature drawn on the pad — or 纸质签名 when the taker
signed the paper register. Items received earlier and taken that day follow in a second
table, so the day's hand-overs are all on the day's sheet."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Image, LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from app.printing.fonts import ensure_fonts
from app.printing.forms import footed
from app.printing.forms.dispatch_slip import SiteHeader, format_time
from app.printing.pipeline import doc_metadata

TITLE = "邮件收发登记表"
HEADER_FILL = Color(0.86, 0.86, 0.86)
MARGIN_MM = 10.0
SIGNATURE_MM = (28.0, 9.3)
COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 8.0), ("日期", 16.0), ("时间", 10.0), ("邮件类别", 14.0), ("邮件编号", 34.0),
    ("别墅/收件人", 24.0), ("件数", 8.0), ("存放", 11.0), ("登记人", 14.0),
    ("领取时间", 19.0), ("领取人签名", 30.0), ("领取人/证件", 38.0), ("联系电话", 20.0),
    ("经办人", 14.0), ("备注", 16.0),
)


@dataclass(frozen=True)
class RegisterRow:
    received_at: datetime
    kind: str  # 特快专递, 挂号 … (the paper's words)
    number: str
    villa: str  # "A-12 张伟" (villa and addressee)
    count: int
    shelf: str
    registered_by: str
    picked_up_at: datetime | None
    signature_png: bytes | None
    signed_on_paper: bool
    taker: str  # "张伟（业主）", "刘师傅（司机）身份证 110***********002X" — masked
    phone: str  # masked
    handed_by: str
    remarks: str  # 已退回：原因, 已发通知 YJ…, the desk's remarks


@dataclass(frozen=True)
class MailRegisterData:
    site: SiteHeader
    day: date
    rows: Sequence[RegisterRow]  # received that day
    earlier: Sequence[RegisterRow] = ()  # received before, taken that day


def _style(size: float, **extra: Any) -> ParagraphStyle:
    values: dict[str, Any] = {"leading": size * 1.25, **extra}
    return ParagraphStyle(f"mail{size}{sorted(extra.items())}", fontName=ensure_fonts(),
                          fontSize=size, wordWrap="CJK", **values)


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _signature(row: RegisterRow, cell: ParagraphStyle) -> Any:
    if row.signature_png:
        return Image(io.BytesIO(row.signature_png), width=SIGNATURE_MM[0] * mm,
                     height=SIGNATURE_MM[1] * mm)
    if row.picked_up_at is not None and row.signed_on_paper:
        return _para("纸质签名", cell)
    return ""


def _table(rows: Sequence[RegisterRow], empty: str) -> LongTable:
    font = ensure_fonts()
    cell = _style(7.0)
    head = [_para(name, _style(7.5, alignment=1)) for name, _w in COLUMNS]
    body: list[list[Any]] = [head]
    for number, row in enumerate(rows, start=1):
        taken = row.picked_up_at
        body.append([
            str(number), row.received_at.strftime("%Y-%m-%d"), row.received_at.strftime("%H:%M"),
            _para(row.kind, cell), _para(row.number, cell), _para(row.villa, cell),
            str(row.count), _para(row.shelf, cell), _para(row.registered_by, cell),
            _para(taken.strftime("%m-%d %H:%M") if taken else "", cell),
            _signature(row, cell), _para(row.taker, cell), _para(row.phone, cell),
            _para(row.handed_by, cell), _para(row.remarks, cell)])
    if not rows:
        body.append([""] * 4 + [_para(empty, cell)] + [""] * (len(COLUMNS) - 5))
    table = LongTable(body, colWidths=[w * mm for _n, w in COLUMNS], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), font, 7.0),
        ("GRID", (0, 0), (-1, -1), 0.4, black),
        ("BOX", (0, 0), (-1, -1), 1.0, black),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 1), (2, -1), "CENTER"),
        ("ALIGN", (6, 1), (6, -1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 1.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 1.5),
    ]))
    return table


def render_mail_register(data: MailRegisterData, *, deterministic: bool = False) -> bytes:
    font = ensure_fonts()
    buffer = io.BytesIO()
    day = f"{data.day.year}年{data.day.month}月{data.day.day}日"
    doc = SimpleDocTemplate(
        buffer, pagesize=landscape(A4), leftMargin=MARGIN_MM * mm, rightMargin=MARGIN_MM * mm,
        topMargin=10 * mm, bottomMargin=16 * mm, invariant=1 if deterministic else 0,
        initialFontName=font, **doc_metadata(f"{TITLE} {data.day.isoformat()}", TITLE))
    # Taken that day: of the day's items, those not taken on a later day, and the earlier
    # items listed below.
    taken = sum(1 for r in data.rows if r.picked_up_at is not None
                and r.picked_up_at.date() == data.day) + len(data.earlier)
    summary = (f"本日登记 {len(data.rows)} 件（{sum(r.count for r in data.rows)} 个），"
               f"本日领取 {taken} 件；联系电话、证件号码已按规定隐去中间位。")
    story: list[Any] = [
        _para(data.site.name, _style(14.0, alignment=1, leading=18)),
        _para(f"{TITLE}（{day}）", _style(12.0, alignment=1, leading=17)),
        Spacer(1, 1.5 * mm),
        _para(summary, _style(8.5)),
        Spacer(1, 1.5 * mm),
        _table(data.rows, "本日无登记邮件。"),
    ]
    if data.earlier:
        story += [Spacer(1, 4 * mm), _para("此前登记、本日领取：", _style(9.0)),
                  Spacer(1, 1 * mm), _table(data.earlier, "")]
    story += [Spacer(1, 5 * mm), _para(
        "交班人签字：______________　　接班人签字：______________　　"
        "主管审核：______________", _style(9.0))]
    printed_at = "" if deterministic else format_time(datetime.now())

    doc.build(story, canvasmaker=footed(
        footer=f"{TITLE}（{day}）", printed_at=printed_at, margin_mm=MARGIN_MM,
        baseline_mm=7.0, rule=True, gap_mm=20.0))
    return buffer.getvalue()


def render_form(data: MailRegisterData, *, deterministic: bool = False) -> bytes:
    return render_mail_register(data, deterministic=deterministic)
