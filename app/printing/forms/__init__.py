"""The printed forms, and the drawing primitives they share.

Forms are laid out in millimetres measured from the top-left corner of the paper, the way
a paper form is measured with a ruler; :class:`Sheet` converts to ReportLab's points from
the bottom-left.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.colors import Color, black, white
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.printing.fonts import ensure_fonts, fit_size, text_width

LABEL_FILL = Color(0.92, 0.92, 0.92)
ELLIPSIS = "…"
STAMP_RED = Color(0.78, 0.05, 0.05)


def cut_to_width(text: str, max_width: float, size: float) -> str:
    """``text`` as it fits ``max_width`` points at ``size``: whole, or cut and ending in
    "…" so a reader sees there is more (the record keeps it all)."""
    if text_width(text, size) <= max_width:
        return text
    low, high = 0, len(text)  # the longest prefix that fits with the ellipsis
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(text[:middle] + ELLIPSIS, size) <= max_width:
            low = middle
        else:
            high = middle - 1
    return text[:low] + ELLIPSIS


class PagedCanvas(Canvas):
    """A canvas that knows the page count when it draws each page's foot ("第 x 页 / 共 y
    页"): pages are kept until ``save`` and footed then. Subclasses draw the foot."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._pages: list[dict[str, object]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.draw_foot(number, total)
            super().showPage()
        super().save()

    def draw_foot(self, number: int, total: int) -> None:
        raise NotImplementedError



class FootedCanvas(PagedCanvas):
    """The foot every printed register and letter shares: its title on the left (cut, never
    drawn over the page number), 第 x 页 / 共 y 页 in the middle, when it was printed on the
    right, optionally a rule above and the audit seal below. Made with ``footed``."""

    def __init__(self, *args: object, footer: str, printed_at: str = "", seal: str = "",
                 margin_mm: float, baseline_mm: float = 10.0, rule: bool = False,
                 gap_mm: float = 18.0, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._footer, self._printed_at, self._seal = footer, printed_at, seal
        self._margin, self._baseline = margin_mm * mm, baseline_mm * mm
        self._rule, self._gap = rule, gap_mm * mm

    def draw_foot(self, number: int, total: int) -> None:
        width = self._pagesize[0]  # type: ignore[attr-defined]
        left, right, y = self._margin, width - self._margin, self._baseline
        if self._rule:
            self.setLineWidth(0.4)
            self.line(left, y + 4 * mm, right, y + 4 * mm)
        self.setFont(ensure_fonts(), 8)
        self.drawString(left, y, cut_to_width(self._footer, width / 2 - left - self._gap, 8))
        self.drawCentredString(width / 2, y, f"第 {number} 页 / 共 {total} 页")
        if self._printed_at:
            self.drawRightString(right, y, f"打印时间：{self._printed_at}")
        if self._seal:
            self.drawString(left, y - 4 * mm, self._seal)


def footed(**foot: object) -> Callable[..., FootedCanvas]:
    """A ``canvasmaker`` for ``doc.build`` whose pages get the foot ``foot`` describes
    (``FootedCanvas``'s keyword arguments)."""

    def make(*args: object, **kwargs: object) -> FootedCanvas:
        return FootedCanvas(*args, **foot, **kwargs)  # type: ignore[arg-type]

    return make

class Sheet:
    """A canvas seen as a sheet ``height_mm`` tall, addressed top-down in mm."""

    def __init__(self, canvas: Canvas, height_mm: float) -> None:
        self.canvas = canvas
        self.height_mm = height_mm
        self.font = ensure_fonts()

    def y(self, top_mm: float) -> float:
        return (self.height_mm - top_mm) * mm

    def text(self, x_mm: float, baseline_mm: float, text: str, size: float, *,
             align: str = "left", max_width_mm: float | None = None,
             color: Color = black) -> float:
        """Draw one line; shrink it to fit ``max_width_mm``, and when even the smallest
        size is too wide, cut it with a visible "…". Returns the size used."""
        if max_width_mm is not None:
            size = fit_size(text, max_width_mm * mm, size)
            text = cut_to_width(text, max_width_mm * mm, size)
        c = self.canvas
        c.setFillColor(color)
        c.setFont(self.font, size)
        x, y = x_mm * mm, self.y(baseline_mm)
        if align == "center":
            c.drawCentredString(x, y, text)
        elif align == "right":
            c.drawRightString(x, y, text)
        else:
            c.drawString(x, y, text)
        c.setFillColor(black)
        return size

    def text_in_box(self, x_mm: float, top_mm: float, w_mm: float, h_mm: float, text: str,
                    size: float, *, align: str = "left", pad_mm: float = 1.5,
                    color: Color = black) -> None:
        """One line vertically centred in a box, shrunk to fit its width."""
        size = fit_size(text, (w_mm - 2 * pad_mm) * mm, size)
        # Centre on the cap height, not the em box: CJK glyphs sit ~0.35 em above baseline.
        baseline = top_mm + h_mm / 2 + size * 0.35 / mm
        if align == "center":
            x = x_mm + w_mm / 2
        elif align == "right":
            x = x_mm + w_mm - pad_mm
        else:
            x = x_mm + pad_mm
        self.text(x, baseline, text, size, align=align, color=color,
                  max_width_mm=w_mm - 2 * pad_mm)

    def line(self, x1_mm: float, y1_mm: float, x2_mm: float, y2_mm: float,
             width: float = 0.5, color: Color = black) -> None:
        c = self.canvas
        c.setStrokeColor(color)
        c.setLineWidth(width)
        c.line(x1_mm * mm, self.y(y1_mm), x2_mm * mm, self.y(y2_mm))
        c.setStrokeColor(black)

    def rect(self, x_mm: float, top_mm: float, w_mm: float, h_mm: float, *,
             width: float = 0.5, fill: Color | None = None, stroke: bool = True,
             color: Color = black) -> None:
        c = self.canvas
        c.setLineWidth(width)
        c.setStrokeColor(color)
        if fill is not None:
            c.setFillColor(fill)
        c.rect(x_mm * mm, self.y(top_mm + h_mm), w_mm * mm, h_mm * mm,
               stroke=1 if stroke else 0, fill=1 if fill is not None else 0)
        c.setFillColor(black)
        c.setStrokeColor(black)

    def label_cell(self, x_mm: float, top_mm: float, w_mm: float, h_mm: float,
                   label: str, size: float = 8.0) -> None:
        """A shaded caption cell with its caption centred."""
        self.rect(x_mm, top_mm, w_mm, h_mm, width=0.4, fill=LABEL_FILL)
        self.text_in_box(x_mm, top_mm, w_mm, h_mm, label, size, align="center")

    def checkbox(self, x_mm: float, top_mm: float, label: str, checked: bool = False,
                 size: float = 7.5, box_mm: float = 2.8) -> float:
        """A □ with its caption; returns the x just after the caption."""
        self.rect(x_mm, top_mm, box_mm, box_mm, width=0.5)
        if checked:
            c = self.canvas
            c.setLineWidth(0.9)
            path = c.beginPath()
            path.moveTo((x_mm + 0.5) * mm, self.y(top_mm + box_mm * 0.55))
            path.lineTo((x_mm + box_mm * 0.42) * mm, self.y(top_mm + box_mm - 0.45))
            path.lineTo((x_mm + box_mm + 0.4) * mm, self.y(top_mm - 0.5))
            c.drawPath(path, stroke=1, fill=0)
        baseline = top_mm + box_mm / 2 + size * 0.35 / mm
        self.text(x_mm + box_mm + 0.8, baseline, label, size)
        return x_mm + box_mm + 0.8 + text_width(label, size) / mm

    def banner(self, x_mm: float, top_mm: float, text: str, size: float, *,
               align: str = "left", inverse: bool = False, color: Color = black,
               pad_mm: float = 2.0, h_mm: float = 7.0) -> float:
        """A boxed caption (copy label, reprint stamp) anchored at its left or right edge.

        Returns the banner width in mm.
        """
        w_mm = text_width(text, size) / mm + 2 * pad_mm
        left = x_mm - w_mm if align == "right" else x_mm
        if inverse:
            self.rect(left, top_mm, w_mm, h_mm, width=0.8, fill=color, color=color)
            self.text_in_box(left, top_mm, w_mm, h_mm, text, size, align="center",
                             pad_mm=pad_mm, color=white)
        else:
            self.rect(left, top_mm, w_mm, h_mm, width=1.2, color=color)
            self.text_in_box(left, top_mm, w_mm, h_mm, text, size, align="center",
                             pad_mm=pad_mm, color=color)
        return w_mm

    def watermark(self, text: str, size: float, *, centre_mm: tuple[float, float],
                  angle: float = 35.0, color: Color = STAMP_RED, alpha: float = 0.28,
                  subtitle: str = "") -> None:
        """Large diagonal text across the sheet (作废), optionally with a smaller line."""
        c = self.canvas
        c.saveState()
        c.translate(centre_mm[0] * mm, self.y(centre_mm[1]))
        c.rotate(angle)
        c.setFillColor(color, alpha=alpha)
        c.setFont(self.font, size)
        c.drawCentredString(0, -size * 0.35, text)
        if subtitle:
            sub = fit_size(subtitle, 120 * mm, 14)
            c.setFillColor(color, alpha=min(1.0, alpha * 2.5))
            c.setFont(self.font, sub)
            c.drawCentredString(0, -size * 0.35 - sub * 1.8, subtitle)
        c.restoreState()


def register_builtin_forms() -> None:
    """Put the forms that ship with Villa Desk into the pipeline's registry."""
    from app.printing.forms import daily_record, dispatch_slip, number_register, overprint
    from app.printing.pipeline import register_form

    register_form("dispatch-slip", dispatch_slip.render_form)
    register_form("dispatch-slip-overprint", overprint.render_form)
    register_form("dispatch-slip-overprint-test", overprint.render_test_form)
    register_form("number-register", number_register.render_form)
    register_form("daily-record", daily_record.render_form)
    from app.printing.forms import complaint_letters, complaint_monthly, complaint_record

    register_form("complaint-record", complaint_record.render_form)
    register_form("complaint-monthly", complaint_monthly.render_form)
    register_form("complaint-letter", complaint_letters.render_form)
    from app.printing.forms import mail_label, mail_notice, mail_register

    register_form("mail-notice", mail_notice.render_form)
    register_form("mail-register", mail_register.render_form)
    register_form("mail-label", mail_label.render_form)
    from app.printing.forms import release_pass

    register_form("release-pass", release_pass.render_form)
    register_form("release-pass-overprint", release_pass.render_overprint_form)
    from app.printing.forms import release_pass_lists

    register_form("release-pass-weekly", release_pass_lists.render_form)
