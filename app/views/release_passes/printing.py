"""Printing a release pass from the desk through the one preview: what is shown is what
prints, 补打 on a reprint; the print is counted once the printing system took the job.
套打 uses the printer's offset found with the dispatch slip's calibration page (same
continuous paper)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.i18n import _
from app.services.release_pass_printing import PASS_FORM, PLAIN, pass_pdf, print_pass
from app.views.desk import Desk
from app.views.feedback import perform
from app.views.print_preview import PrintPreviewDialog


def preview_pass(parent: QWidget, desk: Desk, pass_id: int,
                 number: str) -> PrintPreviewDialog | None:
    uow = desk.uow

    def render(mode: str, paper: str = "A5",
               offset_mm: tuple[float, float] = (0.0, 0.0)) -> bytes:
        return pass_pdf(uow, pass_id, mode, paper=paper, offset_mm=offset_mm)

    paper = str(desk.config.print_preference(PASS_FORM).get("paper", "A5"))
    pdf = perform(parent, lambda: render(PLAIN, paper))
    if pdf is None:
        return None
    dialog = PrintPreviewDialog(pdf, _("Release pass {number}").format(number=number),
                                PASS_FORM, desk.config, render, parent, mode=PLAIN,
                                paper=paper)
    dialog.printed.connect(lambda _job: _printed(parent, desk, dialog, pass_id))
    dialog.open()
    return dialog


def _printed(parent: QWidget, desk: Desk, dialog: PrintPreviewDialog, pass_id: int) -> None:
    uow, mode, paper, offset = desk.uow, dialog.mode, dialog.paper, dialog.offset_mm
    done = perform(parent, lambda: print_pass(uow, pass_id, mode, dialog.printer, paper=paper,
                                              offset_mm=offset))
    if done is not None:
        # Printing again from the same preview is a reprint: show it marked as one.
        again = perform(parent, lambda: pass_pdf(uow, pass_id, mode, paper=paper,
                                                 offset_mm=offset))
        if again is not None:
            dialog.set_pdf(again)
