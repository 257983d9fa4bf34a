"""The release pass (物品放行条): three labelled copies, and the same data for 套打.

存根联 stays at the desk, 业主联 goes with the owner, 门岗联 goes to the gate and comes back
signed by the guard. Each copy carries the number as text, Code128 (hand scanner at the
desk) and QR (a guard's phone), the item list, the validity window, and signature lines
for the applicant, the issuer and the guard. Phone and ID number are masked on every copy:
the paper leaves the desk. Captions are Chinese whatever the desk's language, in
:data:`LABELS` so a site can reword them; the copy labels are a site setting.

套打 prints the data only onto a pre-printed three-part continuous form (241 × 140 mm, the
same paper and per-printer offset as the dispatch slip's 套打).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader

from app.printing.barcodes import draw_code128
from app.printing.forms import STAMP_RED, Sheet
from app.printing.forms.dispatch_slip import SiteHeader, draw_slip_header, format_time
from app.printing.pipeline import new_canvas

LABELS: dict[str, str] = {
    "title": "物 品 放 行 条", "number": "No.", "phone": "电话", "address": "地址",
    "villa": "别墅", "applicant_kind": "申请人身份", "applicant": "申请人",
    "applicant_phone": "联系电话", "id_doc": "证件类型", "id_number": "证件号码",
    "plate": "车牌号码", "reason": "放行事由", "validity": "有效时间",
    "validity_value": "{start} 至 {end}", "consent": "业主同意",
    "items": "序号|物品名称|数量|备注", "more_items": "其余 {n} 项（明细见系统记录）",
    "gate_check": "门岗核对", "gate_time": "出门时间：　　月　　日　　时　　分",
    "gate_match": "物品相符", "yes": "是", "no": "否", "gate_note": "差异说明：",
    "owner_sign": "业主/申请人签字", "issuer_sign": "签发人（客服）",
    "guard_sign": "门岗保安签字", "signed_on_paper": "（纸面签字）",
    "issued_at": "签发时间：{when}", "reprint": "补打 第{n}次", "void": "作废",
    "void_reason": "作废原因：{reason}", "printed_at": "打印时间：{when}",
    "hold_override": "未结事项已由{name}批准放行：{reason}",
    "note": "注：本放行条一式三联，编号连续；仅限有效时间内一次使用，过期作废；"
            "门岗联由保安核对签字后交回客服中心存档。",
}

PAGE_W_MM, PAGE_H_MM = 148.0, 210.0  # A5; A4 is the same sheet scaled by √2
LEFT, RIGHT = 8.0, 140.0
WIDTH = RIGHT - LEFT
ROW_H = 7.0
ITEM_ROW_H = 6.5
MIN_ITEM_ROWS = 8
MAX_ITEM_ROWS = 10  # more lines fold into one "其余 N 项" row so the page still fits
ITEM_COLUMNS = ((LEFT, 10.0), (LEFT + 10, 62.0), (LEFT + 72, 14.0), (LEFT + 86, 46.0))
CAPTION_W = 20.0
#: Default copy labels (site setting ``release_pass.copy_labels``).
COPY_LABELS = ("第一联 存根联", "第二联 业主联", "第三联 门岗联")


@dataclass(frozen=True)
class PassItemLine:
    name: str
    quantity: int
    remarks: str = ""


@dataclass(frozen=True)
class ReleasePassData:
    site: SiteHeader
    number: str
    villa: str
    applicant_kind: str  # as the paper names it: 业主, 租户 …
    applicant_name: str
    phone: str  # masked by the caller (app/services/privacy.py)
    id_doc_type: str
    id_doc_number: str  # masked by the caller
    plate: str
    reason: str
    valid_from: datetime
    valid_until: datetime
    consent: str  # 书面授权 / 电话确认（双人） / 无需
    items: tuple[PassItemLine, ...]
    issued_at: datetime
    issued_by: str
    signature_png: bytes | None
    signed_on_paper: bool
    voided: bool
    void_reason: str
    prior_prints: int
    hold_override: str = ""  # who let it through a hold, and why


@dataclass(frozen=True)
class PassOptions:
    paper: str = "A5"
    copy_labels: tuple[str, ...] = COPY_LABELS
    deterministic: bool = False


def render_release_pass(data: ReleasePassData, options: PassOptions | None = None) -> bytes:
    """One page per copy, as PDF bytes."""
    options = options or PassOptions()
    pagesize = A4 if options.paper.upper() == "A4" else A5
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, pagesize, title=f"物品放行条 {data.number}", subject="物品放行条",
                        deterministic=options.deterministic)
    printed_at = "" if options.deterministic else format_time(datetime.now())
    for label in options.copy_labels:
        canvas.saveState()
        scale = pagesize[0] / A5[0]
        canvas.scale(scale, scale)
        _draw_page(Sheet(canvas, PAGE_H_MM), data, label, printed_at)
        canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render_form(data: ReleasePassData, **options: Any) -> bytes:
    """Pipeline entry: keyword options are :class:`PassOptions` fields."""
    return render_release_pass(data, PassOptions(**options))


def _draw_page(s: Sheet, d: ReleasePassData, copy_label: str, printed_at: str) -> None:
    draw_slip_header(s, d, copy_label, LABELS, title_size=18.0, stamp_room_mm=45.0)
    top = 49.0
    validity = LABELS["validity_value"].format(start=format_time(d.valid_from),
                                               end=format_time(d.valid_until))
    for row in (("villa", d.villa, "applicant_kind", d.applicant_kind),
                ("applicant", d.applicant_name, "applicant_phone", d.phone),
                ("id_doc", d.id_doc_type, "id_number", d.id_doc_number),
                ("plate", d.plate, "reason", d.reason)):
        _pair_row(s, top, *row)
        top += ROW_H
    _wide_row(s, top, "validity", validity, bold=True)
    top += ROW_H
    _wide_row(s, top, "consent", d.consent)
    top += ROW_H
    top = _items(s, top, d.items)
    top = _gate_block(s, top)
    top = _signatures(s, top, d)
    s.rect(LEFT, 49.0, WIDTH, top - 49.0, width=1.2)  # heavy outer frame
    s.text(LEFT, top + 4.0, LABELS["issued_at"].format(when=format_time(d.issued_at)), 7.0)
    if printed_at:
        s.text(RIGHT, top + 4.0, LABELS["printed_at"].format(when=printed_at), 6.3,
               align="right")
    if d.hold_override:
        s.text(LEFT, top + 8.0, d.hold_override, 6.5, max_width_mm=WIDTH, color=STAMP_RED)
        top += 4.0
    s.text(LEFT, top + 8.5, LABELS["note"], 6.3, max_width_mm=WIDTH)
    if d.voided:
        reason = LABELS["void_reason"].format(reason=d.void_reason) if d.void_reason else ""
        s.watermark(LABELS["void"], 120, centre_mm=(PAGE_W_MM / 2, 118), subtitle=reason)


def _pair_row(s: Sheet, top: float, left_key: str, left_value: str, right_key: str,
              right_value: str) -> None:
    half = WIDTH / 2
    for x, key, value in ((LEFT, left_key, left_value), (LEFT + half, right_key, right_value)):
        s.label_cell(x, top, CAPTION_W, ROW_H, LABELS[key])
        s.rect(x + CAPTION_W, top, half - CAPTION_W, ROW_H, width=0.4)
        s.text_in_box(x + CAPTION_W, top, half - CAPTION_W, ROW_H, value, 9.0)


def _wide_row(s: Sheet, top: float, key: str, value: str, bold: bool = False) -> None:
    s.label_cell(LEFT, top, CAPTION_W, ROW_H, LABELS[key])
    s.rect(LEFT + CAPTION_W, top, WIDTH - CAPTION_W, ROW_H, width=0.8 if bold else 0.4)
    s.text_in_box(LEFT + CAPTION_W, top, WIDTH - CAPTION_W, ROW_H, value,
                  10.0 if bold else 9.0)


def _items(s: Sheet, top: float, items: tuple[PassItemLine, ...]) -> float:
    for (x, w), caption in zip(ITEM_COLUMNS, LABELS["items"].split("|"), strict=True):
        s.label_cell(x, top, w, ITEM_ROW_H, caption, 7.5)
    top += ITEM_ROW_H
    rows = min(MAX_ITEM_ROWS, max(MIN_ITEM_ROWS, len(items)))
    for row in range(rows):
        cells = ("", "", "", "")
        if row == rows - 1 and len(items) > rows:
            rest = items[row:]
            cells = ("", LABELS["more_items"].format(n=len(rest)),
                     str(sum(item.quantity for item in rest)), "")
        elif row < len(items):
            item = items[row]
            cells = (str(row + 1), item.name, str(item.quantity), item.remarks)
        for (x, w), value, align in zip(ITEM_COLUMNS, cells,
                                        ("center", "left", "center", "left"), strict=True):
            s.rect(x, top, w, ITEM_ROW_H, width=0.3)
            if value:
                s.text_in_box(x, top, w, ITEM_ROW_H, value, 8.5, align=align)
        top += ITEM_ROW_H
    return top


def _gate_block(s: Sheet, top: float) -> float:
    """What the guard fills in by hand at the gate."""
    h = ROW_H * 2
    s.label_cell(LEFT, top, CAPTION_W, h, LABELS["gate_check"])
    s.rect(LEFT + CAPTION_W, top, WIDTH - CAPTION_W, h, width=0.4)
    s.text(LEFT + CAPTION_W + 2.0, top + 4.8, LABELS["gate_time"], 8.0)
    s.text(LEFT + CAPTION_W + 74.0, top + 4.8, LABELS["gate_match"] + "：", 8.0)
    box_x = LEFT + CAPTION_W + 90.0
    after = s.checkbox(box_x, top + 2.3, LABELS["yes"])
    s.checkbox(after + 3.0, top + 2.3, LABELS["no"])
    s.text(LEFT + CAPTION_W + 2.0, top + 11.8, LABELS["gate_note"], 8.0)
    return top + h


def _signatures(s: Sheet, top: float, d: ReleasePassData) -> float:
    h = 20.0
    third = WIDTH / 3
    for index, key in enumerate(("owner_sign", "issuer_sign", "guard_sign")):
        x = LEFT + index * third
        s.rect(x, top, third, h, width=0.4)
        s.text(x + 1.5, top + 4.0, LABELS[key] + "：", 7.5)
    # The applicant's signature as drawn on the desk's pad, or a note that it is on paper.
    if d.signature_png:
        image = ImageReader(io.BytesIO(d.signature_png))
        iw, ih = image.getSize()
        box_w, box_h = third - 4.0, h - 6.5
        scale = min(box_w / iw, box_h / ih) if iw and ih else 0
        w, hh = iw * scale, ih * scale
        s.canvas.drawImage(image, (LEFT + 2.0) * mm, s.y(top + 5.5 + hh), w * mm, hh * mm,
                           mask="auto")
    elif d.signed_on_paper:
        s.text(LEFT + third - 2.0, top + h - 2.0, LABELS["signed_on_paper"], 6.5,
               align="right")
    s.text(LEFT + third + 2.0, top + 12.5, d.issued_by, 10.0, max_width_mm=third - 4.0)
    return top + h


# -- 套打 --------------------------------------------------------------------------------

OVERPRINT_W_MM, OVERPRINT_H_MM = 241.0, 140.0
OVERPRINT_SIZE = (OVERPRINT_W_MM * mm, OVERPRINT_H_MM * mm)
TEXT_SIZE = 10.0
# field → (x_mm, baseline_y_mm, width_mm) on the pre-printed pass, from its top-left.
FIELDS: dict[str, tuple[float, float, float]] = {
    "number": (178.0, 16.0, 48.0),
    "villa": (42.0, 30.0, 40.0),
    "applicant_kind": (120.0, 30.0, 30.0),
    "applicant": (172.0, 30.0, 54.0),
    "phone": (42.0, 40.0, 50.0),
    "id_doc": (120.0, 40.0, 30.0),
    "id_number": (172.0, 40.0, 54.0),
    "plate": (42.0, 50.0, 50.0),
    "reason": (120.0, 50.0, 106.0),
    "validity": (42.0, 60.0, 184.0),
    "item_name": (42.0, 76.0, 80.0),
    "item_quantity": (124.0, 76.0, 16.0),
    "item_remarks": (142.0, 76.0, 84.0),
    "consent": (42.0, 112.0, 184.0),
    "issued_by": (110.0, 124.0, 40.0),
    "remark": (42.0, 134.0, 184.0),
}
ITEM_PITCH_MM = 6.0
OVERPRINT_ITEM_ROWS = 6


def render_release_pass_overprint(data: ReleasePassData, options: PassOptions | None = None,
                                  offset_mm: tuple[float, float] = (0.0, 0.0)) -> bytes:
    """The data only, for the pre-printed three-part form, shifted by the printer's
    offset (found with the dispatch slip's calibration page: same paper, same printer)."""
    options = options or PassOptions()
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, OVERPRINT_SIZE, title=f"物品放行条 {data.number}",
                        subject="物品放行条（套打）", deterministic=options.deterministic)
    sheet = Sheet(canvas, OVERPRINT_H_MM)
    canvas.translate(offset_mm[0] * mm, -offset_mm[1] * mm)
    remarks = []
    if len(data.items) > OVERPRINT_ITEM_ROWS:
        rest = data.items[OVERPRINT_ITEM_ROWS - 1:]
        remarks.append(LABELS["more_items"].format(n=len(rest)))
    if data.prior_prints > 0:
        remarks.append(LABELS["reprint"].format(n=data.prior_prints))
    if data.voided:
        remarks.append(LABELS["void"] + (f"：{data.void_reason}" if data.void_reason else ""))
    values = {
        "number": data.number, "villa": data.villa, "applicant_kind": data.applicant_kind,
        "applicant": data.applicant_name, "phone": data.phone, "id_doc": data.id_doc_type,
        "id_number": data.id_doc_number, "plate": data.plate, "reason": data.reason,
        "validity": LABELS["validity_value"].format(start=format_time(data.valid_from),
                                                    end=format_time(data.valid_until)),
        "consent": data.consent, "issued_by": data.issued_by, "remark": "；".join(remarks),
    }
    for name, value in values.items():
        _put(sheet, name, value)
    shown = data.items if len(data.items) <= OVERPRINT_ITEM_ROWS \
        else data.items[:OVERPRINT_ITEM_ROWS - 1]
    for row, item in enumerate(shown):
        down = row * ITEM_PITCH_MM
        _put(sheet, "item_name", f"{row + 1}. {item.name}", down)
        _put(sheet, "item_quantity", str(item.quantity), down)
        _put(sheet, "item_remarks", item.remarks, down)
    code_x, code_y, code_w = FIELDS["number"]
    draw_code128(canvas, data.number, code_x * mm, sheet.y(code_y + 9.0), width=code_w * mm,
                 height=6.5 * mm)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _put(sheet: Sheet, name: str, value: str, down_mm: float = 0.0) -> None:
    if not value:
        return
    x, y, width = FIELDS[name]
    if name == "item_quantity":
        sheet.text(x + width / 2, y + down_mm, value, TEXT_SIZE, align="center",
                   max_width_mm=width)
        return
    color = STAMP_RED if name == "remark" else None
    if color is None:
        sheet.text(x, y + down_mm, value, TEXT_SIZE, max_width_mm=width)
    else:
        sheet.text(x, y + down_mm, value, TEXT_SIZE, max_width_mm=width, color=color)


def render_overprint_form(data: ReleasePassData, *, offset_mm: tuple[float, float] = (0.0, 0.0),
                          **options: Any) -> bytes:
    return render_release_pass_overprint(data, PassOptions(**options), offset_mm)
