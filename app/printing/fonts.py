"""The one font every printed form draws with.

All text, digits included, is drawn with the bundled WenQuanYi Micro Hei (TrueType), so
every PDF embeds (as a subset) the only font it uses and prints the same on any PC.
ReportLab cannot embed CFF fonts such as Noto CJK, and its built-in ``STSong-Light`` is
never embedded, so neither is an option; nor are the unembedded standard 14 fonts.
"""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.paths import resources_dir

FONT_NAME = "VillaSans"
FONT_FILE = "wqy-microhei.ttc"

_lock = threading.Lock()


def font_path() -> Path:
    return resources_dir() / "fonts" / FONT_FILE


def ensure_fonts() -> str:
    """Register the bundled font once per process and return its ReportLab name."""
    with _lock:
        if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
            font = TTFont(FONT_NAME, str(font_path()), subfontIndex=0)
            pdfmetrics.registerFont(font)
            # Map bold/italic to the same face so a stray <b> in a Paragraph never falls
            # back to an unembedded standard font.
            pdfmetrics.registerFontFamily(
                FONT_NAME, normal=FONT_NAME, bold=FONT_NAME, italic=FONT_NAME,
                boldItalic=FONT_NAME,
            )
    return FONT_NAME


def text_width(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, ensure_fonts(), size)


def fit_size(text: str, max_width: float, size: float, min_size: float = 5.0) -> float:
    """The largest size up to ``size`` at which ``text`` fits in ``max_width`` points."""
    width = text_width(text, size)
    if width <= max_width or width == 0:
        return size
    return max(min_size, size * max_width / width)
