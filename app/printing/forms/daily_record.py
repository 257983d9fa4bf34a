"""服务中心日工作记录表: one day's calls and visits, its counts, and the supervisor's seal.

The supervisor signs the day's records every day [000 一.4]; this sheet is the paper copy
of that signature. At its foot it carries the seal of the audit log made when the day was
signed — entry number and the first 16 hex digits of its fingerprint — so a later check
can compare the paper in the file with the database: an entry rewritten since shows
another fingerprint. Long content continues on further rows and pages, never overflows.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.printing.fonts import ensure_fonts
from app.printing.forms import STAMP_RED, footed
from app.printing.forms.dispatch_slip import SiteHeader, format_time
from app.printing.pipeline import doc_metadata

TITLE = "服务中心日工作记录表"
HEADER_FILL = Color(0.86, 0.86, 0.86)
VOID_FILL = Color(0.99, 0.88, 0.88)
COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 9.0), ("时间", 12.0), ("方式", 10.0), ("来电/来访人", 21.0), ("别墅", 14.0),
    ("类别", 11.0), ("内容", 54.0), ("首问责任人", 18.0), ("状态", 31.0),
)
MARGIN_MM = 15.0
#: Characters per mm of column width in one table row, and lines per row: a row must never
#: be taller than a page (ReportLab cannot split a cell), so longer text continues on rows
#: of its own, marked 续.
CHARS_PER_MM = 5
MAX_LINES = 20
CLASSES = ("报修", "咨询", "投诉", "求助")
SEAL_DIGITS = 16


@dataclass(frozen=True)
class RecordRow:
    time: datetime
    channel: str  # 来电 / 来访 / 其他
    caller: str
    villa: str
    entry_class: str  # 报修 / 咨询 / 投诉 / 求助
    content: str
    taken_by: str  # 首问责任人
    state: str  # 已登记, 已派工 PG…, 待答复, 已答复, 补录 …, 作废：原因
    voided: bool = False


@dataclass(frozen=True)
class DaySeal:
    entry_id: int
    entry_hash: str

    def text(self) -> str:
        return f"操作日志封存：第 {self.entry_id} 条 / 指纹 {self.entry_hash[:SEAL_DIGITS]}"


@dataclass(frozen=True)
class DailyRecordData:
    site: SiteHeader
    day: date
    rows: Sequence[RecordRow]
    signed_by: str = ""  # empty: not signed yet
    signed_at: datetime | None = None
    remarks: str = ""
    seal: DaySeal | None = None


def _style(size: float, **extra: Any) -> ParagraphStyle:
    values: dict[str, Any] = {"leading": size * 1.3, **extra}
    return ParagraphStyle(f"day{size}{sorted(extra.items())}", fontName=ensure_fonts(),
                          fontSize=size, wordWrap="CJK", **values)


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def chunks(text: str, size: int, max_lines: int = MAX_LINES) -> list[str]:
    """``text`` in pieces of at most ``size`` characters and ``max_lines`` lines."""
    pieces: list[str] = []
    current: list[str] = []
    used = 0
    for line in (text or "").split("\n"):
        while True:
            room = size - used
            if len(current) >= max_lines or (room <= 0 and current):
                pieces.append("\n".join(current))
                current, used = [], 0
                room = size
            part, line = line[:room], line[room:]
            current.append(part)
            used += len(part)
            if not line:
                break
            pieces.append("\n".join(current))
            current, used = [], 0
    if current:
        pieces.append("\n".join(current))
    return pieces or [""]


def class_counts(rows: Sequence[RecordRow]) -> str:
    """「共 5 条：报修 2，咨询 1，投诉 1，求助 0；作废 1」 (void records not counted)."""
    live = [r for r in rows if not r.voided]
    parts = [f"{name} {sum(1 for r in live if r.entry_class == name)}" for name in CLASSES]
    text = f"共 {len(live)} 条：" + "，".join(parts)
    voided = len(rows) - len(live)
    return text + (f"；作废 {voided} 条" if voided else "")


def _table(rows: Sequence[RecordRow]) -> LongTable:
    font = ensure_fonts()
    cell = _style(8.0)
    head = [_para(name, _style(8.0, alignment=1)) for name, _w in COLUMNS]
    body: list[list[Any]] = [head]
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), font, 8.0),
        ("GRID", (0, 0), (-1, -1), 0.4, black),
        ("BOX", (0, 0), (-1, -1), 1.0, black),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (0, 1), (2, -1), "CENTER"),
        ("ALIGN", (5, 1), (5, -1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.0),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2.0),
    ]
    wrapped = {3: "caller", 4: "villa", 6: "content", 7: "taken_by", 8: "state"}
    for number, row in enumerate(rows, start=1):
        first = len(body)
        pieces = {col: chunks(getattr(row, name), int(COLUMNS[col][1] * CHARS_PER_MM))
                  for col, name in wrapped.items()}
        for index in range(max(len(p) for p in pieces.values())):
            line: list[Any] = ([str(number), row.time.strftime("%H:%M"), row.channel]
                               if index == 0 else ["", "续", ""])
            line += ["", "", row.entry_class if index == 0 else "", "", "", ""]
            for col, parts in pieces.items():
                line[col] = _para(parts[index], cell) if index < len(parts) else ""
            body.append(line)
        if row.voided:
            commands.append(("BACKGROUND", (0, first), (-1, len(body) - 1), VOID_FILL))
            commands.append(("TEXTCOLOR", (0, first), (-1, len(body) - 1), STAMP_RED))
    if not rows:
        body.append(["", "", "", "", "", "", _para("本日无来电来访记录。", cell), "", ""])
    table = LongTable(body, colWidths=[w * mm for _n, w in COLUMNS], repeatRows=1)
    table.setStyle(TableStyle(commands))
    return table


def _signature(data: DailyRecordData) -> list[Any]:
    text = _style(9.5, leading=15)
    if data.signed_by:
        signed = (f"主管审核签字：{escape(data.signed_by)}　　"
                  f"签字时间：{format_time(data.signed_at)}")
    else:
        signed = "主管审核签字：________________　　签字时间：______年____月____日"
    block: list[Any] = [Paragraph(signed, text)]
    if data.remarks:
        block.append(_para("审核意见：" + data.remarks, _style(9.0)))
    seal = data.seal.text() if data.seal else "操作日志封存：本日尚未签字，无封存。"
    block.append(Spacer(1, 2 * mm))
    box = Table([[_para(seal, _style(9.5))]], colWidths=[180 * mm])
    # The cell's font is set even though the Paragraph draws its own: a table without it
    # would name Helvetica in the PDF (unembedded).
    box.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), ensure_fonts(), 9.5),
                             ("BOX", (0, 0), (-1, -1), 0.8, black),
                             ("TOPPADDING", (0, 0), (-1, -1), 3),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    block.append(box)
    return block


def render_daily_record(data: DailyRecordData, *, deterministic: bool = False) -> bytes:
    font = ensure_fonts()
    buffer = io.BytesIO()
    day = f"{data.day.year}年{data.day.month}月{data.day.day}日"
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN_MM * mm, rightMargin=MARGIN_MM * mm,
        topMargin=14 * mm, bottomMargin=20 * mm, invariant=1 if deterministic else 0,
        initialFontName=font, **doc_metadata(f"{TITLE} {data.day.isoformat()}", TITLE),
    )
    remarks = data.remarks
    signature = _signature(data)
    story: list[Any] = [
        _para(data.site.name, _style(15.0, alignment=1, leading=20)),
        _para(f"{TITLE}（{day}）", _style(12.0, alignment=1, leading=18)),
        Spacer(1, 2 * mm),
        _para(class_counts(data.rows), _style(9.0)),
        Spacer(1, 2 * mm),
        _table(data.rows),
        Spacer(1, 6 * mm),
    ]
    # The signature and its seal stay together, unless long remarks make that impossible.
    story += signature if len(remarks) > 600 else [KeepTogether(signature)]
    printed_at = "" if deterministic else format_time(datetime.now())
    seal = data.seal.text() if data.seal else ""

    doc.build(story, canvasmaker=footed(
        footer=f"{TITLE}（{day}）", seal=seal, printed_at=printed_at, margin_mm=MARGIN_MM,
        rule=True))
    return buffer.getvalue()


def render_form(data: DailyRecordData, *, deterministic: bool = False) -> bytes:
    return render_daily_record(data, deterministic=deterministic)
