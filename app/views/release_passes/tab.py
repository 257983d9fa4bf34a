"""The Release passes tab (物品放行条): the register, one pass in full, the gate copies
coming back, and the passes not yet back from the gate."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, fmt_datetime, ngettext
from app.models.release_passes import ListedState, PassState
from app.services import households
from app.services.permissions import Permission
from app.services.release_pass_queries import (
    PassDetail,
    PassFilter,
    applicant_title,
    consent_title,
    find_pass_id,
    list_passes,
    not_back,
    pass_detail,
    reason_title,
    state_title,
)
from app.views.desk import Desk
from app.views.feedback import perform
from app.views.messages import Messages
from app.views.print_preview import PrintPreviewDialog
from app.views.release_passes.application_form import PassForm
from app.views.release_passes.dialogs import GateReturnDialog, HoldDialog, VoidPassDialog
from app.views.release_passes.list_model import ReleasePassesModel
from app.views.release_passes.printing import preview_pass
from app.views.release_passes.registers_dialog import RegistersDialog
from app.views.tab import DeskTab
from app.views.widgets.paged_model import current_id, paged_table, refresh_keeping, select_id
from app.views.widgets.tables import fit_columns

NOT_BACK = "not_back"
LINK_STYLE = "QPushButton { border: none; color: #b71c1c; font-weight: bold; }"
QUIET_STYLE = "QPushButton { border: none; color: #2e7d32; }"
RED = "#b71c1c"


def _e(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def detail_html(d: PassDetail) -> str:
    rows = [
        (_("State"), state_title(d.listed)),
        (_("Villa"), d.villa_number),
        (_("Applicant"), f"{d.applicant_name}（{applicant_title(d.applicant_kind)}）"),
        (_("Phone"), d.phone), (_("ID document"), d.id_doc_number), (_("Plate"), d.plate),
        (_("Validity"), _("{start} to {end}").format(start=fmt_datetime(d.valid_from),
                                                 end=fmt_datetime(d.valid_until))),
        (_("Reason"), reason_title(d.reason) + (f"：{d.reason_note}" if d.reason_note else "")),
        (_("Owner's consent"), consent_title(d.consent)
         + (f"（{d.consent_confirmed_by}）" if d.consent_confirmed_by else "")
         + (f"\n{d.consent_note}" if d.consent_note else "")),
        (_("Signature"), _("on the pad") if d.has_signature else _("on the paper copy")),
        (_("Issued by"), f"{d.issued_by}  {fmt_datetime(d.issued_at)}"),
        (_("Printed"), ngettext("{n} time", "{n} times", d.print_count).format(
            n=d.print_count)),
    ]
    if d.hold_override_by:
        rows.append((_("Hold overridden"), f"{d.hold_override_by}：{d.hold_override_reason}"))
    if d.used_at is not None:
        matched = _("items matched") if d.items_matched else _("items did NOT match")
        rows.append((_("Back from the gate"),
                     f"{fmt_datetime(d.used_at)} {d.guard_name}，{matched}"
                     + (f"\n{d.gate_note}" if d.gate_note else "")))
    if d.late_override_by:
        rows.append((_("Used outside its window"),
                     f"{d.late_override_by}：{d.late_override_reason}"))
    if d.state == PassState.VOID:
        rows.append((_("Void"), d.void_reason))
    body = "".join(
        f"<tr><td style='color:#616161; padding-right:8px'>{_e(k)}</td><td>{_e(v)}</td></tr>"
        for k, v in rows)
    items = "".join(
        f"<tr><td>{_e(i.name)}</td><td align='right'>{i.quantity}</td><td>{_e(i.remarks)}</td>"
        f"</tr>" for i in d.items)
    warn = ""
    if d.used_at is not None and d.items_matched is False:
        discrepancy = _("Discrepancy at the gate")
        warn = f"<p style='color:{RED}; font-weight:bold'>{_e(discrepancy)}</p>"
    if d.remind_move_out:
        warn += (f"<p style='color:{RED}'>" + _e(_(
            "Moving out: once the move is done, mark the household former in the estate "
            "register.")) + "</p>")
    caption = _("Items out")
    return (f"<h3>{_e(d.number)}</h3>{warn}<table>{body}</table>"
            f"<p><b>{_e(caption)}</b></p><table border='1' cellspacing='0' cellpadding='3'>"
            f"{items}</table>")


class ReleasePassesTab(DeskTab):
    watched_tables = frozenset({"release_pass", "release_pass_item", "numbered_document",
                                "print_log", "household_hold", "attachment"})

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self.setObjectName("release_passes_tab")
        self._detail: PassDetail | None = None
        self._listed: tuple[object, ...] | None = None
        self.preview: PrintPreviewDialog | None = None
        self._build_actions()
        self._build()
        self.refresh()

    # -- building ------------------------------------------------------------------------
    def _action(self, name: str, text: str, slot: Callable[[], object],
                shortcut: QKeySequence | None = None) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut is not None:
            action.setShortcut(shortcut)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action("new_release_pass", _("New release pass"),
                                       self.new_pass, QKeySequence(Qt.Key.Key_F7))
        self.new_action.setToolTip(_("Apply for and issue a release pass (F7)"))
        self.addAction(self.new_action)
        self.print_action = self._action("rp_print", _("Print pass…"), self.print_current)
        self.edit_action = self._action("rp_edit", _("Correct…"), self.edit_current)
        self.void_action = self._action("rp_void", _("Void…"), self.void_current)
        self.holds_action = self._action("rp_holds", _("Outstanding matters…"),
                                         self.open_holds)
        self.lists_action = self._action("rp_lists", _("Registers…"), self.open_registers)

    def _build(self) -> None:
        tools = QHBoxLayout()
        for action in (self.new_action, self.print_action, self.edit_action,
                       self.void_action, self.holds_action, self.lists_action):
            button = QToolButton(objectName=f"{action.objectName()}_button")
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setMinimumHeight(28)
            tools.addWidget(button)
            if action is self.void_action:
                self.void_button = button
        tools.addStretch(1)
        self.not_back_indicator = QPushButton(objectName="rp_not_back")
        self.not_back_indicator.setCursor(Qt.CursorShape.PointingHandCursor)
        self.not_back_indicator.clicked.connect(lambda: self.set_state_filter(NOT_BACK))
        tools.addWidget(self.not_back_indicator)

        self.gate_number = QLineEdit(objectName="gate_number")
        self.gate_number.setPlaceholderText(_("Scan or type the number on a gate copy that "
                                              "came back, then Enter"))
        self.gate_number.returnPressed.connect(self.gate_return)
        gate = QHBoxLayout()
        gate.addWidget(QLabel(_("Gate copy back:")))
        gate.addWidget(self.gate_number, 1)

        self.state = QComboBox(objectName="rp_state")
        self.state.addItem(_("All passes"), "")
        self.state.addItem(_("Not back from the gate"), NOT_BACK)
        for state in ListedState:
            self.state.addItem(state_title(state), state.value)
        self.state.currentIndexChanged.connect(lambda _i: self.refresh())
        self.search = QLineEdit(objectName="rp_search")
        self.search.setPlaceholderText(_("Number, name, plate or villa"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.refresh())
        filters = QHBoxLayout()
        filters.addWidget(QLabel(_("Show:")))
        filters.addWidget(self.state)
        filters.addWidget(self.search, 1)

        self.model = ReleasePassesModel(self)
        self.table = paged_table(self.model, "release_passes")
        self.table.doubleClicked.connect(lambda _i: self.print_current())
        m = ReleasePassesModel
        fit_columns(self.table, stretch=m.COL_ITEMS, minimums={m.COL_ITEMS: 120},
                    keep_whole=(m.COL_NUMBER, m.COL_ISSUED, m.COL_STATE, m.COL_VILLA,
                                m.COL_VALID_UNTIL))
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._load_current())
        self.panel = QTextBrowser(objectName="rp_detail")
        self.panel.setMinimumWidth(340)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([930, 400])
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addLayout(gate)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

    # -- DeskTab -------------------------------------------------------------------------
    def title(self) -> str:
        return _("Release passes")

    def main_action(self) -> QAction:
        return self.new_action

    def open_villa(self, villa_id: int) -> None:
        """The villa's passes: the list searched by its number."""
        found = perform(self, lambda: households.household_file(self.desk.uow, villa_id))
        if found is not None:
            self.state.setCurrentIndex(0)
            self.search.setText(found.number)

    def set_state_filter(self, value: str) -> None:
        self.state.setCurrentIndex(max(self.state.findData(value), 0))

    def current_filter(self) -> PassFilter:
        value = self.state.currentData()
        states: frozenset[ListedState] = frozenset()
        if value == NOT_BACK:
            states = frozenset({ListedState.ISSUED, ListedState.EXPIRED})
        elif value:
            states = frozenset({ListedState(value)})
        return PassFilter(states=states, text=self.search.text())

    def refresh(self) -> None:
        keep = self.current_id()
        flt = self.current_filter()
        uow = self.desk.uow
        if self._listed == (flt, self.desk.actor):
            refresh_keeping(self.table)
        else:
            self._listed = (flt, self.desk.actor)
            self.model.load(lambda sort, after, limit: perform(
                self, lambda: list_passes(uow, flt, sort, after, limit)))
        out = perform(self, lambda: not_back(uow)) or []
        self.not_back_indicator.setText(
            ngettext("{n} pass not back from the gate", "{n} passes not back from the gate",
                     len(out)).format(n=len(out)) if out else _("Every pass is back"))
        self.not_back_indicator.setStyleSheet(LINK_STYLE if out else QUIET_STYLE)
        can_void = self.desk.can(Permission.VOID_DOCUMENT)
        self.void_action.setVisible(can_void)
        self.void_button.setVisible(can_void)
        if keep is None or not self.select_pass(keep, scroll=False):
            if self.model.rowCount():
                self.table.selectRow(0)
            self._load_current()

    # -- the current pass ----------------------------------------------------------------
    def current_id(self) -> int | None:
        found = current_id(self.table)
        return found if isinstance(found, int) else None

    def current_detail(self) -> PassDetail | None:
        return self._detail

    def select_pass(self, pass_id: int, scroll: bool = True) -> bool:
        if not select_id(self.table, pass_id, scroll):
            return False
        self._load_current()
        return True

    def show_pass(self, pass_id: int, number: str) -> None:
        """Bring a pass into the list whatever the filters were, and select it."""
        if self.select_pass(pass_id):
            return
        self.state.setCurrentIndex(0)
        self.search.setText(number)
        self.refresh()
        self.select_pass(pass_id)

    def _load_current(self) -> None:
        pass_id = self.current_id()
        self._detail = None
        if pass_id is not None:
            self._detail = perform(self, lambda: pass_detail(self.desk.uow, pass_id))
        self.panel.setHtml(detail_html(self._detail) if self._detail else "")
        issued = self._detail is not None and self._detail.state == PassState.ISSUED
        self.print_action.setEnabled(self._detail is not None)
        self.edit_action.setEnabled(issued)
        self.void_action.setEnabled(self._detail is not None
                                    and self._detail.state != PassState.VOID
                                    and self._detail.state != PassState.USED)

    # -- actions -------------------------------------------------------------------------
    def new_pass(self) -> None:
        result = PassForm.ask(self, self.desk)
        if result is None:
            return
        detail, print_now = result
        self.show_pass(detail.id, detail.number)
        if print_now:
            self.print_current()
        if detail.remind_move_out:
            Messages.info(self, _("{villa} is moving out: once the move is done, mark the "
                                  "household former in the estate register.").format(
                villa=detail.villa_number))

    def edit_current(self) -> None:
        if self._detail is None or self._detail.state != PassState.ISSUED:
            return
        result = PassForm.ask(self, self.desk, self._detail)
        if result is not None:
            self.select_pass(result[0].id)
            if result[1]:
                self.print_current()

    def void_current(self) -> None:
        if self._detail is None:
            return
        result = VoidPassDialog.ask(self, self.desk, self._detail)
        self.select_pass(result.id if result else self._detail.id)

    def print_current(self) -> PrintPreviewDialog | None:
        if self._detail is None:
            return None
        self.preview = preview_pass(self, self.desk, self._detail.id, self._detail.number)
        return self.preview

    def gate_return(self) -> PassDetail | None:
        """The number from a gate copy that came back (typed or scanned): mark it used."""
        text = self.gate_number.text()
        if not text.strip():
            return None
        uow = self.desk.uow
        pass_id = perform(self, lambda: find_pass_id(uow, text))
        if pass_id is None:
            return None
        detail = perform(self, lambda: pass_detail(uow, pass_id))
        if detail is None:
            return None
        self.show_pass(detail.id, detail.number)
        if detail.state != PassState.ISSUED:
            Messages.warn(self, _("{number} is {state}; it cannot be marked used.").format(
                number=detail.number, state=state_title(detail.listed)))
            return None
        result = GateReturnDialog.ask(self, self.desk, detail)
        if result is None:
            return None
        self.gate_number.clear()
        self.show_pass(result.id, result.number)
        if result.remind_move_out:
            Messages.info(self, _("{villa} moved out: mark the household former in the estate "
                                  "register.").format(villa=result.villa_number))
        return result

    def open_holds(self) -> HoldDialog:
        """The holds of the current pass's villa, or of a villa picked in the dialog."""
        d = self._detail
        dialog = HoldDialog(self.desk, d.villa_id if d else None, d.villa_number if d else "",
                            self)
        dialog.open()
        return dialog

    def open_registers(self) -> RegistersDialog:
        dialog = RegistersDialog(self.desk, self)
        dialog.open()
        return dialog
