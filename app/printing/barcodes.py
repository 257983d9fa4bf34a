"""Slip numbers as machine-readable codes: Code128 for hand scanners, QR for phones."""

from __future__ import annotations

from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.colors import black
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas


def draw_code128(canvas: Canvas, value: str, x: float, y: float, *, width: float,
                 height: float, max_module: float = 0.33 * mm, align: str = "left") -> float:
    """Draw a Code128 of ``value`` with its bottom at y; return its width.

    ``x`` is the left edge, or the right edge with ``align="right"``.

    The module width is chosen to fill ``width`` but capped, and never below 0.19 mm,
    the narrowest bar a 200-dpi scan or an old laser printer still resolves. The number
    itself is drawn by the caller as text: ReportLab's human-readable line overlaps the
    bars.
    """
    probe = Code128(value, barWidth=1.0, barHeight=height, humanReadable=False, quiet=False)
    module = max(0.19 * mm, min(max_module, width / probe.width))
    code = Code128(value, barWidth=module, barHeight=height, humanReadable=False, quiet=False)
    code.drawOn(canvas, x - code.width if align == "right" else x, y)
    return float(code.width)


def draw_qr(canvas: Canvas, value: str, x: float, y: float, size: float) -> None:
    """Draw a square QR code of ``value`` with its bottom-left at (x, y)."""
    # The widget encodes (giving barWidth/barHeight up front stops it from encoding a
    # second time to measure itself), but the modules are drawn here as one filled path:
    # ReportLab's drawing renderer would pull in an unembedded Helvetica, and one path per
    # row run keeps the PDF small.
    widget = QrCodeWidget(value, barWidth=size, barHeight=size, barLevel="M", barBorder=0)
    widget.qr.make()
    modules = widget.qr.modules
    count = len(modules)
    cell = size / count
    path = canvas.beginPath()
    for r, row in enumerate(modules):
        top = y + size - (r + 1) * cell
        c = 0
        while c < count:
            if row[c]:
                start_c = c
                while c < count and row[c]:
                    c += 1
                path.rect(x + start_c * cell, top, (c - start_c) * cell, cell)
            else:
                c += 1
    canvas.saveState()
    canvas.setFillColor(black)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
