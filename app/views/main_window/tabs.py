"""Which tabs the main window shows, in order. A tab is listed here once it works."""

from __future__ import annotations

from app.views.desk import Desk
from app.views.tab import DeskTab


def build_tabs(desk: Desk) -> list[DeskTab]:
    from app.views.estate.tab import EstateTab
    from app.views.mail.tab import MailTab
    from app.views.reception.tab import ReceptionTab
    from app.views.work_orders.tab import WorkOrdersTab

    reception = ReceptionTab(desk)
    work_orders = WorkOrdersTab(desk)
    def open_work_order(entry_id: int) -> None:
        work_orders.wants_focus.emit()
        work_orders.create_from_entry(entry_id)

    reception.work_order_requested.connect(open_work_order)
    return [reception, work_orders, MailTab(desk), EstateTab(desk)]
