"""套打: dispatch-slip data printed onto pre-printed continuous multi-part forms.

The pre-printed form carries the captions and lines; the desk prints only the data, at
positions measured on the paper form (:data:`FIELDS`). Continuous-form printers feed paper
a little differently each, so every printer has its own X/Y offset, found with the
calibration page from :func:`render_overprint_test_page`.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from app.printing.fonts import ensure_fonts
from app.printing.forms import STAMP_RED, Sheet
from app.printing.forms.dispatch_slip import (
    DispatchSlipData,
    SlipOptions,
    format_quantity,
    format_time,
    format_yuan,
    rmb_upper,
)
from app.printing.pipeline import new_canvas
from app.services.privacy import mask_phone

PAGE_W_MM, PAGE_H_MM = 241.0, 140.0
PAGE_SIZE = (PAGE_W_MM * mm, PAGE_H_MM * mm)
LP_MEDIA = "Custom.241x140mm"

# field → (x_mm, baseline_y_mm, width_mm), measured from the top-left corner of the
# pre-printed form. The fee columns give the first row; later rows are FEE_PITCH_MM lower.
FIELDS: dict[str, tuple[float, float, float]] = {
    "number": (178.0, 16.0, 48.0),
    "received_at": (42.0, 30.0, 60.0),
    "dispatched_at": (150.0, 30.0, 60.0),
    "villa": (42.0, 40.0, 30.0),
    "location": (95.0, 40.0, 45.0),
    "contact_name": (150.0, 40.0, 28.0),
    "contact_phone": (192.0, 40.0, 34.0),
    "category": (42.0, 50.0, 30.0),
    "department": (95.0, 50.0, 45.0),
    "assignee": (150.0, 50.0, 28.0),
    "taken_by": (192.0, 50.0, 34.0),
    "appointment_at": (42.0, 60.0, 60.0),
    "expected_completion_at": (150.0, 60.0, 60.0),
    "content": (42.0, 70.0, 184.0),
    "charged_yes": (43.0, 88.0, 5.0),
    "charged_no": (63.0, 88.0, 5.0),
    "fee_name": (42.0, 99.0, 62.0),
    "fee_unit": (106.0, 99.0, 16.0),
    "fee_price": (124.0, 99.0, 26.0),
    "fee_quantity": (152.0, 99.0, 16.0),
    "fee_amount": (170.0, 99.0, 30.0),
    "total_upper": (56.0, 118.0, 110.0),
    "total": (170.0, 118.0, 30.0),
    "remark": (42.0, 130.0, 184.0),
}
RIGHT_ALIGNED = frozenset({"fee_price", "fee_amount", "total"})
CENTRED = frozenset({"fee_unit", "fee_quantity", "charged_yes", "charged_no"})
FEE_PITCH_MM = 6.0
FEE_ROWS = 3
CONTENT_LINES = 3
CONTENT_PITCH_MM = 5.0
TEXT_SIZE = 10.0
SPECIAL_CAPTION = "特殊要求"
CONTENT_SIZES = (TEXT_SIZE, 9.0, 8.0, 7.0)

# Crosshairs on the calibration page: name → (x_mm, y_mm) from the paper's top-left.
TARGETS: dict[str, tuple[float, float]] = {"A": (20.0, 20.0), "B": (232.0, 112.0)}
GUIDE = Color(0.35, 0.35, 0.75)


def render_dispatch_slip_overprint(data: DispatchSlipData, options: SlipOptions | None = None,
                                   offset_mm: tuple[float, float] = (0.0, 0.0)) -> bytes:
    """One page of data only, for a 241 mm continuous form, shifted by ``offset_mm``."""
    options = options or SlipOptions()
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, PAGE_SIZE, title=f"派工单 {data.number}", subject="派工单（套打）",
                        deterministic=options.deterministic)
    sheet = Sheet(canvas, PAGE_H_MM)
    canvas.translate(offset_mm[0] * mm, -offset_mm[1] * mm)
    content_cut = _put_content(sheet, data.content, data.special_requirements)
    for name, value in _field_values(data, options, content_cut).items():
        _put(sheet, name, value)
    fees = data.fee_lines if data.charged else ()
    for row, fee in enumerate(fees[:FEE_ROWS]):
        values = {"fee_name": fee.name, "fee_unit": fee.unit,
                  "fee_price": format_yuan(fee.unit_price),
                  "fee_quantity": format_quantity(fee.quantity),
                  "fee_amount": format_yuan(fee.amount)}
        for name, value in values.items():
            _put(sheet, name, value, down_mm=row * FEE_PITCH_MM)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def overprint_phone(phone: str, options: SlipOptions) -> str:
    """The phone as the one impression prints it. The carbon parts all receive what the
    top part receives, so it is printed whole only when no part is to be masked (the
    same SLIP_MASKED_COPIES setting as the plain slip); otherwise every part, the
    engineering one included, shows it masked."""
    return mask_phone(phone) if options.masked_copies else phone


def _field_values(data: DispatchSlipData, options: SlipOptions,
                  content_cut: bool = False) -> dict[str, str]:
    phone = overprint_phone(data.contact_phone, options)
    remarks = ["内容未完，详见系统记录"] if content_cut else []
    if len(data.fee_lines) > FEE_ROWS and data.charged:
        remarks.append(f"另有收费项目 {len(data.fee_lines) - FEE_ROWS} 项，见合计")
    if data.prior_prints > 0:
        remarks.append(f"补打 第{data.prior_prints}次")
    if data.voided:
        remarks.append("作废" + (f"：{data.void_reason}" if data.void_reason else ""))
    return {
        "number": data.number,
        "received_at": format_time(data.received_at),
        "dispatched_at": format_time(data.dispatched_at),
        "villa": data.villa, "location": data.location,
        "contact_name": data.contact_name, "contact_phone": phone,
        "category": data.category, "department": data.department,
        "assignee": data.assignee, "taken_by": data.taken_by,
        "appointment_at": format_time(data.appointment_at),
        "expected_completion_at": format_time(data.expected_completion_at),
        "charged_yes": "✓" if data.charged else "",
        "charged_no": "" if data.charged else "✓",
        "total_upper": rmb_upper(data.total) if data.charged else "",
        "total": format_yuan(data.total) if data.charged else "",
        "remark": "；".join(remarks),
    }


def _put(sheet: Sheet, name: str, value: str, down_mm: float = 0.0) -> None:
    if not value:
        return
    x, y, width = FIELDS[name]
    if name in RIGHT_ALIGNED:
        sheet.text(x + width, y + down_mm, value, TEXT_SIZE, align="right", max_width_mm=width)
    elif name in CENTRED:
        sheet.text(x + width / 2, y + down_mm, value, TEXT_SIZE, align="center",
                   max_width_mm=width)
    else:
        color = STAMP_RED if name == "remark" else Color(0, 0, 0)
        sheet.text(x, y + down_mm, value, TEXT_SIZE, max_width_mm=width, color=color)


def _put_content(sheet: Sheet, content: str, special: str = "") -> bool:
    """The request on the form's content lines, with the special requirements (the form
    has no box of their own) as a last paragraph; both shrink to fit the lines. When even
    the smallest size is too big the request is cut first (down to its first line), then
    the requirements; nothing is drawn beyond the lines. Returns whether anything was
    cut."""
    x, y, width = FIELDS["content"]
    request = "<br/>".join(escape(line) for line in content.strip().splitlines())
    needs = "；".join(escape(line.strip()) for line in special.strip().splitlines()
                     if line.strip())
    blocks = [request] + ([f"【{SPECIAL_CAPTION}】{needs}"] if needs else [])
    if not any(blocks):
        return False
    height = CONTENT_LINES * CONTENT_PITCH_MM * mm
    cut = False
    for size in CONTENT_SIZES:
        style = ParagraphStyle("content", fontName=ensure_fonts(), fontSize=size,
                               leading=CONTENT_PITCH_MM * mm * size / TEXT_SIZE,
                               wordWrap="CJK", allowOrphans=1)  # a cut may keep one line
        paras: list[Paragraph | None] = [Paragraph(b, style) if b else None for b in blocks]
        heights = [p.wrap(width * mm, height)[1] if p else 0.0 for p in paras]
        if sum(heights) <= height + 0.1:
            break
    else:
        cut = True
        line = style.leading
        needs_h = sum(heights[1:])
        # The request keeps what the requirements leave, and at least its first line.
        room = max(height - needs_h, line * 1.1 if paras[0] is not None else 0.0)
        paras[0] = _first_part(paras[0], width * mm, room)
        if len(paras) > 1:
            used = paras[0].wrap(width * mm, room)[1] if paras[0] is not None else 0.0
            paras[1] = _first_part(paras[1], width * mm, height - used)
    # Paragraphs draw from their top; put the first baseline on the field's baseline.
    top = sheet.y(y) + style.fontSize * 0.8
    for para in paras:
        if para is None:
            continue
        _, used = para.wrap(width * mm, height)
        para.drawOn(sheet.canvas, x * mm, top - used)
        top -= used
    return cut


def _first_part(para: Paragraph | None, width: float, height: float) -> Paragraph | None:
    """What of ``para`` fits ``height`` (None if not even a line does)."""
    if para is None or height <= 0:
        return None
    if para.wrap(width, height)[1] <= height + 0.1:
        return para
    parts = para.split(width, height)
    return parts[0] if parts else None


def render_overprint_test_page(offset_mm: tuple[float, float] = (0.0, 0.0), *,
                               deterministic: bool = False) -> bytes:
    """The calibration page: rulers, crosshairs at known places, every field outlined."""
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, PAGE_SIZE, title="套打校准页", subject="派工单（套打）校准",
                        deterministic=deterministic)
    sheet = Sheet(canvas, PAGE_H_MM)
    canvas.translate(offset_mm[0] * mm, -offset_mm[1] * mm)
    _rulers(sheet)
    for name, (x, y, width) in FIELDS.items():
        lines = CONTENT_LINES if name == "content" else 1
        sheet.rect(x, y - 4.2, width, 5.6 + (lines - 1) * CONTENT_PITCH_MM, width=0.3,
                   color=GUIDE)
        sheet.text(x + 0.6, y - 4.8, name, 4.5, color=GUIDE)
    for row in range(1, FEE_ROWS):
        for name in ("fee_name", "fee_unit", "fee_price", "fee_quantity", "fee_amount"):
            x, y, width = FIELDS[name]
            sheet.rect(x, y - 4.2 + row * FEE_PITCH_MM, width, 5.6, width=0.2, color=GUIDE)
    for label, (x, y) in TARGETS.items():
        _crosshair(sheet, x, y, label)
    _instructions(sheet, offset_mm)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _rulers(sheet: Sheet) -> None:
    for x in range(0, int(PAGE_W_MM) + 1):
        length = 4.0 if x % 10 == 0 else 2.5 if x % 5 == 0 else 1.2
        sheet.line(x, 0.0, x, length, width=0.25)
        if x % 10 == 0 and 0 < x < PAGE_W_MM:
            sheet.text(x, 6.5, str(x), 5.0, align="center")
    for y in range(0, int(PAGE_H_MM) + 1):
        length = 4.0 if y % 10 == 0 else 2.5 if y % 5 == 0 else 1.2
        sheet.line(0.0, y, length, y, width=0.25)
        if y % 10 == 0 and 0 < y < PAGE_H_MM:
            sheet.text(5.0, y + 1.2, str(y), 5.0)


def _crosshair(sheet: Sheet, x: float, y: float, label: str) -> None:
    sheet.line(x - 6, y, x + 6, y, width=0.35)
    sheet.line(x, y - 6, x, y + 6, width=0.35)
    sheet.canvas.setLineWidth(0.35)
    sheet.canvas.circle(x * mm, sheet.y(y), 3 * mm, stroke=1, fill=0)
    caption = f"{label} ({x:g}, {y:g})"
    if x > PAGE_W_MM / 2:
        sheet.text(x - 1.0, y + 9.0, caption, 6.5, align="right")
    else:
        sheet.text(x + 2.0, y - 2.0, caption, 6.5)


def _instructions(sheet: Sheet, offset_mm: tuple[float, float]) -> None:
    # Written into the bands the pre-printed form leaves free, so no field box is hidden.
    ax, ay = TARGETS["A"]
    sheet.text(30.0, 23.0, "套打校准页 — 派工单（241 mm × 140 mm 连续纸）", 9.0)
    sheet.text(112.0, 23.0, f"本页按当前偏移打印：X = {offset_mm[0]:+.1f} mm，"
               f"Y = {offset_mm[1]:+.1f} mm", 7.5, max_width_mm=62.0)
    steps = [
        f"1. 用直尺量十字 A 圆心到纸张左边缘的距离 a、到上边缘的距离 b（标准均为 {ax:g} mm）。",
        f"2. 新 X 偏移 = 当前 X + ({ax:g} − a)；新 Y 偏移 = 当前 Y + ({ay:g} − b)。"
        "正数使打印内容向右、向下移。",
        "3. 例：量得 a = 22.5 mm，则 X 偏移改为当前值 − 2.5 mm。",
    ]
    for index, text in enumerate(steps):
        sheet.text(75.0, 84.2 + index * 3.4, text, 7.0, max_width_mm=150.0)
    sheet.text(42.0, 136.0, "4. 在打印预览的“套打偏移”中输入新值，再打印本页核对十字 B；"
               "也可将本页与预印单据叠放透光检查，各数据框应落在单据相应空格内。", 7.0,
               max_width_mm=184.0)


def render_form(data: DispatchSlipData, *, offset_mm: tuple[float, float] = (0.0, 0.0),
                **options: Any) -> bytes:
    return render_dispatch_slip_overprint(data, SlipOptions(**options), offset_mm)


def render_test_form(data: Mapping[str, Any] | None = None, *,
                     offset_mm: tuple[float, float] = (0.0, 0.0),
                     deterministic: bool = False) -> bytes:
    """Pipeline entry; the calibration page needs no data."""
    del data
    return render_overprint_test_page(offset_mm, deterministic=deterministic)

