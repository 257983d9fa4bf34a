"""Printing a complaint's handling record from the tab: the preview shows the PDF that will
print (补打 once printed before); the print is counted when the printing system took it."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.i18n import _
from app.services.complaint_queries import ComplaintDetail
from app.services.complaint_reports import RECORD_FORM, print_record, record_pdf
from app.views.desk import Desk
from app.views.feedback import perform
from app.views.print_preview import PLAIN, PrintPreviewDialog


def preview_record(parent: QWidget, desk: Desk,
                   detail: ComplaintDetail) -> PrintPreviewDialog | None:
    uow, complaint_id = desk.uow, detail.id

    def render(mode: str = PLAIN, paper: str = "A4", **_options: object) -> bytes:
        return record_pdf(uow, complaint_id)

    pdf = perform(parent, render)
    if pdf is None:
        return None
    dialog = PrintPreviewDialog(pdf, _("Complaint record {number}").format(
        number=detail.number), RECORD_FORM, desk.config, render, parent, mode=PLAIN,
        paper="A4", modes=(PLAIN,), papers=("A4",))

    def printed(_job: object) -> None:
        if perform(parent, lambda: print_record(uow, complaint_id, dialog.printer)) is not None:
            again = perform(parent, render)
            if again is not None:
                dialog.set_pdf(again)

    dialog.printed.connect(printed)
    dialog.open()
    return dialog
