"""Printing: every form is rendered to PDF by one pipeline and spooled to CUPS.

Nothing here imports Qt; the preview dialog lives in ``app.views.print_preview``.
"""

from __future__ import annotations

from app.printing.pipeline import (
    UnknownFormError,
    available_forms,
    new_canvas,
    register_form,
    render,
)
from app.printing.spool import PrintError, default_printer, list_printers, print_pdf

__all__ = [
    "PrintError",
    "UnknownFormError",
    "available_forms",
    "default_printer",
    "list_printers",
    "new_canvas",
    "print_pdf",
    "register_form",
    "render",
]
