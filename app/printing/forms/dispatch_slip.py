"""The dispatch slip (派工单): one page per copy of the quadruplicate paper slip.

The slip is a Chinese paper form, so its captions are Chinese whatever language the desk
runs in; they sit in :data:`LABELS` so a site can reword them without touching the layout.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from app.printing.barcodes import draw_code128, draw_qr
from app.printing.fonts import ensure_fonts
from app.printing.forms import STAMP_RED, Sheet
from app.printing.pipeline import new_canvas
from app.services.privacy import mask_phone
from app.settings import SLIP_COPY_LABELS, SLIP_MASKED_COPIES

LABELS: dict[str, str] = {
    "title": "派 工 单", "number": "No.", "phone": "电话", "address": "地址",
    "received_at": "受理时间", "dispatched_at": "派工时间",
    "villa": "别墅", "location": "位置", "contact": "联系人", "contact_phone": "联系电话",
    "category": "报修类别", "department": "责任部门", "assignee": "维修人员",
    "taken_by": "首问责任人", "appointment_at": "预约时间",
    "expected_completion_at": "预计完成", "content": "报修内容", "work_done": "维修情况",
    "special": "特殊要求",
    "content_more": "……（未完，详见系统记录）",
    "charge": "收费情况", "charged": "收费", "free": "免费",
    "fee_headers": "项目|单位|单价|数量|金额", "total": "合计", "total_upper": "大写",
    "completed_at": "完成时间", "quality": "维修质量", "attitude": "服务态度",
    "overall": "满意度", "satisfaction": "满意|基本满意|不满意",
    "assignee_sign": "维修人员签字", "owner_sign": "业主签字", "sign_date": "年　　月　　日",
    "fee_more": "其余 {n} 项（明细另附）", "reprint": "补打 第{n}次", "void": "作废",
    "void_reason": "作废原因：{reason}",
    "printed_at": "打印时间：{when}",
    "note": "注：本单一式四联，编号连续，不得涂改、重复使用或事后补填；作废单各联一并保留。",
}

PAGE_W_MM, PAGE_H_MM = 148.0, 210.0  # laid out on A5; A4 is the same sheet scaled by √2
LEFT, RIGHT = 8.0, 140.0
WIDTH = RIGHT - LEFT
ROW_H = 7.0
FEE_ROW_H = 6.0
MIN_FEE_ROWS = 3
MAX_FEE_ROWS = 5  # more lines than this fold into one "其余 N 项" row so the page still fits
TEXT_BOX_W = WIDTH - 18 - 3  # wrapped text beside a caption cell
TEXT_SIZES = (9.5, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5, 6.0)
MAX_SPECIAL_H = 16.0  # 特殊要求: up to about three lines, then it shrinks or is cut
MIN_NOTES_H = 11.0  # 维修情况 keeps room to be written in by hand
MORE_NOTE_H = 2.6  # the line of "……（未完，详见系统记录）" under cut text
#: The ratings as the slip prints them, in the order of LABELS["satisfaction"].
RATINGS_ON_SLIP = ("满意", "基本满意", "不满意")
TICK = "✓"


@dataclass(frozen=True)
class SiteHeader:
    name: str
    phone: str
    address: str


@dataclass(frozen=True)
class FeeLine:
    name: str
    unit: str
    unit_price: Decimal
    quantity: Decimal
    amount: Decimal


@dataclass(frozen=True)
class DispatchSlipData:
    site: SiteHeader
    number: str
    received_at: datetime
    dispatched_at: datetime | None
    villa: str
    location: str
    contact_name: str
    contact_phone: str
    category: str
    department: str
    content: str
    charged: bool
    fee_lines: tuple[FeeLine, ...]
    total: Decimal
    appointment_at: datetime | None
    expected_completion_at: datetime | None
    assignee: str
    taken_by: str
    completed_at: datetime | None
    voided: bool
    void_reason: str
    prior_prints: int
    special_requirements: str = ""  # 特殊要求 (call before coming, pets at home)
    completion_note: str = ""  # 维修情况, once completed
    # The callback's ratings as the slip's captions (满意 / 基本满意 / 不满意), once
    # called back; "" while nobody has asked the owner.
    quality: str = ""
    attitude: str = ""
    satisfaction: str = ""


@dataclass(frozen=True)
class SlipOptions:
    paper: str = "A5"
    copy_labels: tuple[str, ...] = tuple(SLIP_COPY_LABELS.default)
    # Copies showing a masked phone; the default is the setting's (owner, finance and
    # customer service), the engineering copy keeps it whole so the technician can call.
    masked_copies: frozenset[int] = frozenset(SLIP_MASKED_COPIES.default)
    deterministic: bool = False


def format_yuan(amount: Decimal) -> str:
    """Money as the paper form writes it, whatever the screen locale: ``¥1,234.50``."""
    return f"¥{amount.quantize(Decimal('0.01'), ROUND_HALF_UP):,.2f}"


def format_quantity(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_time(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿", "万亿")


def _group_upper(group: int) -> str:
    out, zero = "", False
    for pos in (3, 2, 1, 0):
        digit = group // 10**pos % 10
        if digit == 0:
            zero = bool(out)
        else:
            out += ("零" if zero else "") + _DIGITS[digit] + _UNITS[pos]
            zero = False
    return out


def _int_upper(value: int) -> str:
    groups: list[int] = []
    while value:
        value, rest = divmod(value, 10000)
        groups.append(rest)
    out, zero = "", False
    for index in reversed(range(len(groups))):
        group = groups[index]
        if group == 0:
            zero = bool(out)
            continue
        if out and (zero or group < 1000):
            out += "零"
        out += _group_upper(group) + _GROUPS[index]
        zero = False
    return out


def rmb_upper(amount: Decimal) -> str:
    """The amount in Chinese financial numerals (大写), e.g. 75 → ``柒拾伍元整``."""
    cents = int((abs(amount) * 100).quantize(Decimal(1), ROUND_HALF_UP))
    yuan, rest = divmod(cents, 100)
    jiao, fen = divmod(rest, 10)
    out = _int_upper(yuan) + "元" if yuan else ""
    if not jiao and not fen:
        out = (out or "零元") + "整"
    else:
        out += _DIGITS[jiao] + "角" if jiao else ("零" if yuan else "")
        out += _DIGITS[fen] + "分" if fen else ""
    return ("负" if amount < 0 else "") + out


def render_dispatch_slip(data: DispatchSlipData, options: SlipOptions | None = None) -> bytes:
    """Four pages, one per copy of the slip, as PDF bytes."""
    options = options or SlipOptions()
    pagesize = A4 if options.paper.upper() == "A4" else A5
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, pagesize, title=f"派工单 {data.number}", subject="派工单",
                        deterministic=options.deterministic)
    printed_at = "" if options.deterministic else format_time(datetime.now())
    for index, label in enumerate(options.copy_labels):
        canvas.saveState()
        scale = pagesize[0] / A5[0]
        canvas.scale(scale, scale)
        sheet = Sheet(canvas, PAGE_H_MM)
        phone = mask_phone(data.contact_phone) if index in options.masked_copies \
            else data.contact_phone
        _draw_page(sheet, data, label, phone, printed_at)
        canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render_form(data: DispatchSlipData, **options: Any) -> bytes:
    """Pipeline entry: keyword options are :class:`SlipOptions` fields."""
    return render_dispatch_slip(data, SlipOptions(**options))


def _draw_page(s: Sheet, d: DispatchSlipData, copy_label: str, phone: str,
               printed_at: str) -> None:
    draw_slip_header(s, d, copy_label)
    top = 49.0
    pairs = [
        ("received_at", format_time(d.received_at), "dispatched_at",
         format_time(d.dispatched_at)),
        ("villa", d.villa, "location", d.location),
        ("contact", d.contact_name, "contact_phone", phone),
        ("category", d.category, "department", d.department),
        ("assignee", d.assignee, "taken_by", d.taken_by),
        ("appointment_at", format_time(d.appointment_at), "expected_completion_at",
         format_time(d.expected_completion_at)),
    ]
    for left_key, left_value, right_key, right_value in pairs:
        _pair_row(s, top, left_key, left_value, right_key, right_value)
        top += ROW_H
    fee_rows = min(MAX_FEE_ROWS, max(MIN_FEE_ROWS, len(d.fee_lines)))
    tail = ROW_H + FEE_ROW_H * (fee_rows + 1) + ROW_H + ROW_H + ROW_H + 12.0
    free_space = 198.0 - top - tail
    special = d.special_requirements.strip()
    # The requirements take what they need (up to a few lines), the request the most of
    # the rest, and what was done keeps room to be written in by hand.
    special_h = _text_box_height(special, MAX_SPECIAL_H) if special else 0.0
    content_h = _text_box(s, top, LABELS["content"], d.content,
                          max_h=free_space - special_h - MIN_NOTES_H, min_h=18.0)
    top += content_h
    if special:
        top += _text_box(s, top, LABELS["special"], special, max_h=special_h, min_h=ROW_H)
    notes_h = free_space - content_h - special_h
    _text_box(s, top, LABELS["work_done"], d.completion_note, max_h=notes_h, min_h=notes_h)
    top += notes_h
    top = _fee_block(s, top, d, fee_rows)
    _completion_row(s, top, d)
    top += ROW_H
    _satisfaction_row(s, top, d)
    top += ROW_H
    _signature_row(s, top)
    top += 12.0
    s.rect(LEFT, 49.0, WIDTH, top - 49.0, width=1.2)  # heavy outer frame
    s.text(LEFT, top + 4.0, LABELS["note"], 6.3, max_width_mm=WIDTH - 36)
    if printed_at:
        s.text(RIGHT, top + 4.0, LABELS["printed_at"].format(when=printed_at), 6.3,
               align="right")
    if d.voided:
        reason = LABELS["void_reason"].format(reason=d.void_reason) if d.void_reason else ""
        s.watermark(LABELS["void"], 120, centre_mm=(PAGE_W_MM / 2, 118), subtitle=reason)


class NumberedSlip(Protocol):
    """What the head of a numbered multi-copy slip shows (a dispatch slip, a release pass)."""

    site: SiteHeader
    number: str
    prior_prints: int
    voided: bool
    void_reason: str


def draw_slip_header(s: Sheet, d: NumberedSlip, copy_label: str,
                     labels: dict[str, str] | None = None, *, title_size: float = 19.0,
                     stamp_room_mm: float = 40.0) -> None:
    """The copy's label, 补打 / 作废 stamps, the site, the title, the number as text, QR and
    Code128: the same head on every numbered slip. ``labels`` gives the form's title and
    words (the dispatch slip's by default); ``stamp_room_mm`` keeps a void reason clear of
    the copy label."""
    labels = labels or LABELS
    s.banner(RIGHT, 7.0, copy_label, 10.5, align="right", inverse=True)
    left_edge = LEFT
    if d.prior_prints > 0:
        left_edge += s.banner(LEFT, 7.0, labels["reprint"].format(n=d.prior_prints), 10.5,
                              color=STAMP_RED) + 2.0
    if d.voided:
        left_edge += s.banner(left_edge, 7.0, labels["void"], 10.5, color=STAMP_RED,
                              inverse=True) + 2.0
        if d.void_reason:
            s.text(left_edge, 12.0, labels["void_reason"].format(reason=d.void_reason), 8.5,
                   max_width_mm=RIGHT - stamp_room_mm - left_edge, color=STAMP_RED)
    s.text(PAGE_W_MM / 2, 21.5, d.site.name, 13.5, align="center", max_width_mm=WIDTH)
    contact = "　".join(part for part in (
        f"{labels['phone']}：{d.site.phone}" if d.site.phone else "",
        f"{labels['address']}：{d.site.address}" if d.site.address else "") if part)
    s.text(PAGE_W_MM / 2, 26.5, contact, 7.5, align="center", max_width_mm=WIDTH)
    s.line(LEFT, 28.5, RIGHT, 28.5, width=0.4)
    draw_qr(s.canvas, d.number, LEFT * mm, s.y(47.0), 17.0 * mm)
    title_size = s.text(PAGE_W_MM / 2, 40.0, labels["title"], title_size, align="center")
    half = s.canvas.stringWidth(labels["title"], s.font, title_size) / mm / 2 + 2.0
    s.line(PAGE_W_MM / 2 - half, 42.0, PAGE_W_MM / 2 + half, 42.0, width=0.8)
    s.line(PAGE_W_MM / 2 - half, 42.8, PAGE_W_MM / 2 + half, 42.8, width=0.4)
    s.text(RIGHT, 34.5, d.number, 12.5, align="right", max_width_mm=44.0)
    number_w = s.canvas.stringWidth(d.number, s.font, 12.5) / mm
    s.text(RIGHT - number_w - 1.5, 34.5, labels["number"], 8.0, align="right")
    draw_code128(s.canvas, d.number, RIGHT * mm, s.y(46.5), width=44.0 * mm,
                 height=9.5 * mm, align="right")


def _pair_row(s: Sheet, top: float, left_key: str, left_value: str, right_key: str,
              right_value: str) -> None:
    half = WIDTH / 2
    for x, key, value in ((LEFT, left_key, left_value), (LEFT + half, right_key, right_value)):
        s.label_cell(x, top, 18, ROW_H, LABELS[key])
        s.rect(x + 18, top, half - 18, ROW_H, width=0.4)
        s.text_in_box(x + 18, top, half - 18, ROW_H, value, 9.0)


def _fitted_paragraph(text: str, max_h: float) -> tuple[Paragraph, float]:
    """The text wrapped to the box width at the largest size that fits ``max_h`` mm (down
    to 6 pt), and its height in mm."""
    html = "<br/>".join(escape(line) for line in text.strip().splitlines()) or "　"
    for size in TEXT_SIZES:
        style = ParagraphStyle("box", fontName=ensure_fonts(), fontSize=size,
                               leading=size * 1.35, wordWrap="CJK")
        para = Paragraph(html, style)
        _, height = para.wrap(TEXT_BOX_W * mm, max_h * mm)
        if height / mm + 3 <= max_h:
            break
    return para, height / mm


def _text_box_height(text: str, max_h: float, min_h: float = ROW_H) -> float:
    """How tall a box must be for ``text`` (never more than ``max_h`` mm)."""
    _, height = _fitted_paragraph(text, max_h)
    return min(max_h, max(min_h, math.ceil(height + 3)))


def _text_box(s: Sheet, top: float, label: str, text: str, *, max_h: float,
              min_h: float) -> float:
    """A captioned box of wrapped text that grows up to ``max_h`` mm and shrinks its font
    to fit; text that still does not fit is cut with a visible "continued" note, never
    drawn outside the box. Returns the box height."""
    para, height = _fitted_paragraph(text, max_h)
    box_h = min(max_h, max(min_h, math.ceil(height + 3)))
    s.label_cell(LEFT, top, 18, box_h, label)
    s.rect(LEFT + 18, top, WIDTH - 18, box_h, width=0.4)
    if not text.strip():
        return box_h
    # Cut text keeps a line free at the bottom for the "continued" note.
    parts = (para.split(TEXT_BOX_W * mm, (box_h - 2 - MORE_NOTE_H) * mm) if height + 2 > box_h
             else [para])
    if parts:
        first = parts[0]
        _, h = first.wrap(TEXT_BOX_W * mm, (box_h - 2) * mm)
        first.drawOn(s.canvas, (LEFT + 19.5) * mm, s.y(top + 1.2) - h)
    if len(parts) > 1:
        s.text(RIGHT - 1.5, top + box_h - 1.0, LABELS["content_more"], 6.0, align="right")
    return box_h


def _fee_block(s: Sheet, top: float, d: DispatchSlipData, rows: int) -> float:
    s.label_cell(LEFT, top, 18, ROW_H, LABELS["charge"])
    s.rect(LEFT + 18, top, WIDTH - 18, ROW_H, width=0.4)
    x = s.checkbox(LEFT + 21, top + 2.1, LABELS["charged"], d.charged)
    s.checkbox(x + 5, top + 2.1, LABELS["free"], not d.charged)
    top += ROW_H
    columns = [(LEFT, 52.0), (LEFT + 52, 16.0), (LEFT + 68, 24.0), (LEFT + 92, 16.0),
               (LEFT + 108, 24.0)]
    for (x, w), caption in zip(columns, LABELS["fee_headers"].split("|"), strict=True):
        s.label_cell(x, top, w, FEE_ROW_H, caption, 7.5)
    top += FEE_ROW_H
    lines = d.fee_lines if d.charged else ()
    for row in range(rows):
        cells = ("", "", "", "", "")
        if row == rows - 1 and len(lines) > rows:
            rest = lines[row:]
            cells = (LABELS["fee_more"].format(n=len(rest)), "", "", "",
                     format_yuan(sum((fee.amount for fee in rest), Decimal(0))))
        elif row < len(lines):
            fee = lines[row]
            cells = (fee.name, fee.unit, format_yuan(fee.unit_price),
                     format_quantity(fee.quantity), format_yuan(fee.amount))
        for (x, w), value, align in zip(columns, cells,
                                        ("left", "center", "right", "center", "right"),
                                        strict=True):
            s.rect(x, top, w, FEE_ROW_H, width=0.3)
            if value:
                s.text_in_box(x, top, w, FEE_ROW_H, value, 8.0, align=align)
        top += FEE_ROW_H
    total = d.total if d.charged else Decimal(0)
    s.label_cell(LEFT, top, 18, ROW_H, LABELS["total"])
    s.rect(LEFT + 18, top, 90, ROW_H, width=0.4)
    s.text_in_box(LEFT + 18, top, 90, ROW_H,
                  f"{LABELS['total_upper']}：{rmb_upper(total)}" if d.charged else "", 8.5)
    s.rect(LEFT + 108, top, 24, ROW_H, width=0.4)
    s.text_in_box(LEFT + 108, top, 24, ROW_H,
                  format_yuan(total) if d.charged else LABELS["free"], 9.5, align="right")
    return top + ROW_H


def _completion_row(s: Sheet, top: float, d: DispatchSlipData) -> None:
    """When the work was done, and the owner's overall satisfaction at the callback."""
    half = WIDTH / 2
    s.label_cell(LEFT, top, 18, ROW_H, LABELS["completed_at"])
    s.rect(LEFT + 18, top, half - 18, ROW_H, width=0.4)
    done = format_time(d.completed_at) or "　　年　　月　　日　　时　　分"
    s.text_in_box(LEFT + 18, top, half - 18, ROW_H, done, 8.5)
    _rating_cell(s, LEFT + half, top, "overall", d.satisfaction)


def _satisfaction_row(s: Sheet, top: float, d: DispatchSlipData) -> None:
    half = WIDTH / 2
    _rating_cell(s, LEFT, top, "quality", d.quality)
    _rating_cell(s, LEFT + half, top, "attitude", d.attitude)


def _rating_cell(s: Sheet, x: float, top: float, key: str, chosen: str) -> None:
    """A caption and the three ratings as boxes, the owner's one ticked."""
    half = WIDTH / 2
    s.label_cell(x, top, 18, ROW_H, LABELS[key])
    s.rect(x + 18, top, half - 18, ROW_H, width=0.4)
    cursor = x + 20.0
    for caption in LABELS["satisfaction"].split("|"):
        box_x = cursor
        cursor = s.checkbox(cursor, top + 2.1, caption) + 2.2
        if caption == chosen:
            # A tick as text, not a drawn mark, so the choice reads back from the PDF too.
            s.text(box_x - 0.1, top + 4.7, TICK, 9.0)


def _signature_row(s: Sheet, top: float) -> None:
    half = WIDTH / 2
    for x, key in ((LEFT, "assignee_sign"), (LEFT + half, "owner_sign")):
        s.rect(x, top, half, 12.0, width=0.4)
        s.text(x + 1.5, top + 4.2, LABELS[key] + "：", 8.0)
        s.text(x + half - 2.0, top + 10.3, LABELS["sign_date"], 7.5, align="right")
