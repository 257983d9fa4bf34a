"""Where a search hit opens: which tab shows which kind of record.

A register that joins the search adds one route here: the ``Opens.target`` its search
kind hands out, and how its tab shows that record.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QWidget

from app.services.search import Opens


def _villa(tab: QWidget, opens: Opens) -> bool:
    from app.views.estate.tab import EstateTab

    if not isinstance(tab, EstateTab):
        return False
    tab.open_villa(opens.record_id)  # the villa's household file beside the list
    return True


def _work_order(tab: QWidget, opens: Opens) -> bool:
    from app.views.work_orders.tab import WorkOrdersTab

    if not isinstance(tab, WorkOrdersTab):
        return False
    tab.show_work_order(opens.record_id, opens.number)
    return True


def _reception_entry(tab: QWidget, opens: Opens) -> bool:
    from app.views.reception.tab import ReceptionTab

    if not isinstance(tab, ReceptionTab):
        return False
    tab.show_entry(opens.record_id)
    return True


def _complaint(tab: QWidget, opens: Opens) -> bool:
    from app.views.complaints.tab import ComplaintsTab

    if not isinstance(tab, ComplaintsTab):
        return False
    tab.show_complaint(opens.record_id, opens.number)
    return True


def _mail_item(tab: QWidget, opens: Opens) -> bool:
    from app.views.mail.tab import MailTab

    if not isinstance(tab, MailTab):
        return False
    tab.show_item(opens.record_id, opens.number)
    return True


def _release_pass(tab: QWidget, opens: Opens) -> bool:
    from app.views.release_passes.tab import ReleasePassesTab

    if not isinstance(tab, ReleasePassesTab):
        return False
    tab.show_pass(opens.record_id, opens.number)
    return True


ROUTES: dict[str, Callable[[QWidget, Opens], bool]] = {
    "villa": _villa,
    "work_order": _work_order,
    "reception_entry": _reception_entry,
    "mail_item": _mail_item,
    "complaint": _complaint,
    "release_pass": _release_pass,
}


def open_record(tabs: QTabWidget, opens: Opens) -> QWidget | None:
    """Bring the tab that shows ``opens`` to the front and show the record there."""
    route = ROUTES.get(opens.target)
    if route is None:
        return None
    for index in range(tabs.count()):
        tab = tabs.widget(index)
        if route(tab, opens):
            tabs.setCurrentWidget(tab)
            return tab
    return None
