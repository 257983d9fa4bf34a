"""One work order in full beside the list: fields, charges, timeline and the next steps."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QSizePolicy,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, fmt_datetime, fmt_money, fmt_number, ngettext
from app.models.work_orders import WorkOrderState
from app.services.work_order_queries import WorkOrderDetail
from app.services.work_order_titles import department_title, state_title
from app.views.work_orders.list_model import deadline_text

BUTTONS_PER_ROW = 4
RED = "#b71c1c"
GREY = "#616161"


def _e(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _when(value: object) -> str:
    return fmt_datetime(value) if value is not None else "—"  # type: ignore[arg-type]


def detail_html(d: WorkOrderDetail) -> str:
    """The order as rich text; late deadlines in red."""
    parts: list[str] = []
    status = deadline_text(d.deadline)
    if d.deadline.escalate:
        warning = _e(_("Unresolved too long: report it to the supervisor."))
        parts.append(f"<p style='color:{RED}'><b>{warning}</b></p>")
    if status:
        colour = RED if d.deadline.overdue else GREY
        weight = "bold" if d.deadline.overdue else "normal"
        parts.append(f"<p style='color:{colour}; font-weight:{weight}'>{_e(status)}</p>")
    rows = [
        (_("Villa / location"), d.place or "—"),
        (_("Contact person"), " ".join(filter(None, [d.contact_name, d.contact_phone])) or "—"),
        *([(_("Special requirements"), d.special_requirements)]
          if d.special_requirements else []),
        (_("Category"), d.category or "—"),
        (_("Department"), department_title(d.department)),
        (_("Assignee"), d.assignee or "—"),
        (_("Received at"), _when(d.received_at)),
        (_("Appointment"), _when(d.appointment_at)),
        (_("Expected completion"), _when(d.expected_completion_at)),
        (_("First contact (首问)"), d.taken_by),
        (_("Charge"), fmt_money(d.total) if d.charged else _("Free")),
        (_("Slip printed"), ngettext("{n} time", "{n} times", d.print_count).format(
            n=d.print_count) if d.print_count else _("not yet")),
    ]
    if d.state == WorkOrderState.PAUSED:
        rows.append((_("Paused because"), d.paused_reason))
    if d.completion_note:
        rows.append((_("Work done"), d.completion_note))
    if d.callback_attempts:
        rows.append((_("Callback not reached"), ngettext(
            "{n} time, last {time}", "{n} times, last {time}", len(d.callback_attempts)).format(
            n=len(d.callback_attempts), time=fmt_datetime(d.callback_attempts[-1].at))))
    if d.state == WorkOrderState.VOID:
        rows.append((_("Void because"), d.void_reason))
    cells = "".join(
        f"<tr><td style='color:{GREY}; padding-right:10px'>{_e(k)}</td><td>{_e(v)}</td></tr>"
        for k, v in rows)
    parts.append(f"<p>{_e(d.content)}</p><table cellspacing='0' cellpadding='1'>{cells}</table>")
    if d.charged and d.lines:
        lines = "".join(
            f"<tr><td>{_e(line.name)}</td><td align='right'>{fmt_number(line.quantity)} "
            f"{_e(line.unit)}</td><td align='right'>{fmt_money(line.unit_price)}</td>"
            f"<td align='right'>{fmt_money(line.amount)}</td></tr>" for line in d.lines)
        charges, total = _("Charges"), _("Total")
        parts.append(
            f"<h4>{_e(charges)}</h4><table cellspacing='0' cellpadding='2' width='100%'>"
            f"{lines}<tr><td colspan='3' align='right'><b>{_e(total)}</b></td>"
            f"<td align='right'><b>{fmt_money(d.total)}</b></td></tr></table>")
    events = "".join(
        f"<tr><td style='color:{GREY}; padding-right:8px' valign='top'>{fmt_datetime(ev.at)}"
        f"</td><td><b>{_e(ev.title)}</b>"
        + (f" <span style='color:{GREY}'>· {_e(ev.by)}</span>" if ev.by else "")
        + (f"<br>{_e(ev.detail)}" if ev.detail else "") + "</td></tr>"
        for ev in d.timeline)
    timeline = _("Timeline")
    parts.append(f"<h4>{_e(timeline)}</h4><table cellspacing='0' cellpadding='2'>"
                 f"{events}</table>")
    return "".join(parts)


class DetailPanel(QWidget):
    """Header, rich-text body and a grid of action buttons for the chosen order."""

    def __init__(self, actions: Sequence[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wo_detail_panel")
        self.header = QLabel(objectName="wo_detail_header")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setStyleSheet("font-size: 15px;")
        self.body = QTextBrowser(objectName="wo_detail")
        self.body.setOpenLinks(False)
        self.buttons: dict[str, QToolButton] = {}
        grid = QGridLayout()
        grid.setSpacing(4)
        for index, action in enumerate(actions):
            button = QToolButton(objectName=f"{action.objectName()}_button")
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setMinimumHeight(28)
            grid.addWidget(button, index // BUTTONS_PER_ROW, index % BUTTONS_PER_ROW)
            self.buttons[action.objectName()] = button
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.body, 1)
        layout.addLayout(grid)
        self.show_detail(None)

    def sync_buttons(self) -> None:
        """A button shows only when its action does (e.g. void for supervisors)."""
        for button in self.buttons.values():
            action = button.defaultAction()
            button.setVisible(action is not None and action.isVisible())

    def show_detail(self, detail: WorkOrderDetail | None) -> None:
        if detail is None:
            self.header.setText(_("No work order selected"))
            self.body.setHtml(f"<p style='color:{GREY}'>"
                              + _e(_("Choose a work order in the list, or press F3 to open a "
                                     "new one.")) + "</p>")
            return
        state = state_title(detail.state)
        if detail.reopen_count:
            state = _("{state}, reopened {n}×").format(state=state, n=detail.reopen_count)
        colour = RED if detail.deadline.attention else GREY
        self.header.setText(f"<b>{_e(detail.number)}</b> &nbsp; "
                            f"<span style='color:{colour}'>{_e(state)}</span>")
        self.body.setHtml(detail_html(detail))
