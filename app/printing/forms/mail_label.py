"""A shelf label (60×40 mm) for a parcel, for sites with a label printer: the villa large
enough to read across the room, the number's last digits as the desk says them aloud, the
kind and the day it came, and a QR of the whole number (the pick-up dialog's scan field
reads it). One label per page, several items one PDF."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.units import mm

from app.printing.barcodes import draw_qr
from app.printing.forms import Sheet
from app.printing.pipeline import new_canvas

WIDTH_MM, HEIGHT_MM = 60.0, 40.0
TITLE = "邮件货架标签"
#: The short code: the number's last digits, what the desk reads off the shelf.
SHORT = 6


@dataclass(frozen=True)
class ShelfLabel:
    villa: str
    number: str
    kind: str  # the paper's words (快递包裹, 挂号 …)
    received_at: datetime
    shelf: str
    count: int = 1


def short_code(number: str) -> str:
    return number[-SHORT:]


def render_labels(labels: Sequence[ShelfLabel], *, deterministic: bool = False) -> bytes:
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (WIDTH_MM * mm, HEIGHT_MM * mm), title=TITLE,
                        subject=TITLE, deterministic=deterministic)
    for label in labels:
        sheet = Sheet(canvas, HEIGHT_MM)
        qr = 22.0
        sheet.text(3, 12, label.villa, 20, max_width_mm=WIDTH_MM - qr - 8)
        sheet.text(3, 20, f"尾号 {short_code(label.number)}", 10,
                   max_width_mm=WIDTH_MM - qr - 8)
        count = f" ×{label.count}" if label.count > 1 else ""
        sheet.text(3, 26.5, f"{label.kind}{count}", 8, max_width_mm=WIDTH_MM - qr - 8)
        sheet.text(3, 32, f"{label.received_at:%m-%d %H:%M}"
                   + (f"  架位 {label.shelf}" if label.shelf else ""), 7.5,
                   max_width_mm=WIDTH_MM - qr - 8)
        sheet.text(3, 37.5, label.number, 6.5, max_width_mm=WIDTH_MM - 6)
        draw_qr(canvas, label.number, (WIDTH_MM - qr - 3) * mm, (HEIGHT_MM - qr - 4) * mm,
                qr * mm)
        canvas.showPage()
    if not labels:
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render_form(data: Sequence[ShelfLabel] | ShelfLabel, *, deterministic: bool = False
                ) -> bytes:
    labels = [data] if isinstance(data, ShelfLabel) else list(data)
    return render_labels(labels, deterministic=deterministic)
