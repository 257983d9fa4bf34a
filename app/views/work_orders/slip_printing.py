"""Printing the dispatch slip from the desk, and calibrating the printer for overprinting.

The preview shows exactly the PDF that will be printed: a slip printed before shows 补打
with its count. A print is counted once the printing system has taken the job.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.i18n import _
from app.printing import pipeline
from app.services.work_order_slips import OVERPRINT, PLAIN, SLIP_FORM, print_slip, slip_pdf
from app.views.desk import Desk
from app.views.feedback import perform
from app.views.print_preview import PrintPreviewDialog

CALIBRATION_FORM = "dispatch-slip-overprint-test"


def preview_slip(parent: QWidget, desk: Desk, order_id: int,
                 number: str) -> PrintPreviewDialog | None:
    """Open the print preview of one slip (plain paper or overprint, as last chosen)."""
    uow = desk.uow

    def render(mode: str, paper: str = "A5",
               offset_mm: tuple[float, float] = (0.0, 0.0)) -> bytes:
        return slip_pdf(uow, order_id, mode, paper=paper, offset_mm=offset_mm)

    paper = str(desk.config.print_preference(SLIP_FORM).get("paper", "A5"))
    pdf = perform(parent, lambda: render(PLAIN, paper))
    if pdf is None:
        return None
    dialog = PrintPreviewDialog(pdf, _("Dispatch slip {number}").format(number=number),
                                SLIP_FORM, desk.config, render, parent, mode=PLAIN, paper=paper)
    dialog.printed.connect(lambda _job: _printed(parent, desk, dialog, order_id))
    dialog.open()
    return dialog


def _printed(parent: QWidget, desk: Desk, dialog: PrintPreviewDialog, order_id: int) -> None:
    uow, mode, paper, offset = desk.uow, dialog.mode, dialog.paper, dialog.offset_mm
    done = perform(parent, lambda: print_slip(uow, order_id, mode, dialog.printer,
                                              paper=paper, offset_mm=offset))
    if done is not None:
        # Printing again from the same preview is a reprint: show it marked as one.
        again = perform(parent, lambda: slip_pdf(uow, order_id, mode, paper=paper,
                                                 offset_mm=offset))
        if again is not None:
            dialog.set_pdf(again)


def calibration_preview(parent: QWidget, desk: Desk) -> PrintPreviewDialog:
    """The overprint test page: print it, measure the crosshairs, and enter the printer's
    X/Y offsets in the preview, which keeps them per printer."""
    def render(mode: str, offset_mm: tuple[float, float] = (0.0, 0.0)) -> bytes:
        del mode
        return pipeline.render(CALIBRATION_FORM, None, offset_mm=offset_mm)

    dialog = PrintPreviewDialog(render(OVERPRINT), _("Overprint calibration page"),
                                CALIBRATION_FORM, desk.config, render, parent, mode=OVERPRINT,
                                modes=(OVERPRINT,))
    dialog.open()
    return dialog
