"""Which tabs the main window shows, in order. A tab is listed here once it works."""

from __future__ import annotations

from app.views.desk import Desk
from app.views.tab import DeskTab


def build_tabs(desk: Desk) -> list[DeskTab]:
    from app.views.complaints.tab import ComplaintsTab
    from app.views.estate.tab import EstateTab
    from app.views.mail.tab import MailTab
    from app.views.reception.tab import ReceptionTab
    from app.views.release_passes.tab import ReleasePassesTab
    from app.views.work_orders.tab import WorkOrdersTab

    reception = ReceptionTab(desk)
    work_orders = WorkOrdersTab(desk)
    def open_work_order(entry_id: int) -> None:
        work_orders.wants_focus.emit()
        work_orders.create_from_entry(entry_id)

    reception.work_order_requested.connect(open_work_order)
    complaints = ComplaintsTab(desk)

    def open_complaint(entry_id: int) -> None:
        complaints.wants_focus.emit()
        complaints.create_from_entry(entry_id)

    reception.complaint_requested.connect(open_complaint)
    return [reception, work_orders, complaints, MailTab(desk), ReleasePassesTab(desk),
            EstateTab(desk)]
