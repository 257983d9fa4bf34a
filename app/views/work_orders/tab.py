"""The Work orders tab (派工单): the filtered list, the chosen order in full, its next steps."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMenu,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, ngettext
from app.models.work_order_rules import REQUIRED_PERMISSION, Action
from app.services import households, work_orders
from app.services.permissions import Permission
from app.services.work_order_queries import (
    WorkOrderDetail,
    list_work_orders,
    overdue_ids,
    work_order_detail,
)
from app.services.work_order_titles import action_title
from app.views.desk import Desk
from app.views.feedback import perform
from app.views.messages import Messages
from app.views.print_preview import PrintPreviewDialog
from app.views.tab import DeskTab
from app.views.widgets.paged_model import current_id, paged_table, refresh_keeping, select_id
from app.views.widgets.tables import fit_columns
from app.views.widgets.while_shown import WhileShown
from app.views.work_orders.actions import CompleteDialog, DispatchDialog, PauseDialog, VoidDialog
from app.views.work_orders.callback_dialog import CallbackDialog
from app.views.work_orders.detail_panel import DetailPanel
from app.views.work_orders.editor import WorkOrderEditor, entry_summary
from app.views.work_orders.fee_standard_dialog import FeeStandardDialog
from app.views.work_orders.filter_bar import FilterBar, focus_search
from app.views.work_orders.list_model import WorkOrdersModel
from app.views.work_orders.register_dialog import RegisterDialog
from app.views.work_orders.slip_printing import calibration_preview, preview_slip

#: Deadlines pass while the list is on screen; look again this often.
log = logging.getLogger(__name__)
TICK_MS = 60_000
LINK_STYLE = "QPushButton { border: none; color: #b71c1c; font-weight: bold; }"
QUIET_STYLE = "QPushButton { border: none; color: #2e7d32; }"


class WorkOrdersTab(DeskTab):
    overdue_kind = "work_orders"
    watched_tables = frozenset({"work_order", "work_order_line", "work_order_callback",
                                "work_order_callback_attempt", "numbered_document",
                                "print_log", "fee_item", "work_category", "deadline_rule",
                                "calendar_day"})

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self.setObjectName("work_orders_tab")
        self._detail: WorkOrderDetail | None = None
        self.preview: PrintPreviewDialog | None = None
        self._build_actions()
        self._build()
        self._late: frozenset[int] = frozenset()
        self._listed: tuple[object, ...] | None = None  # the filters and user the list shows
        self._tick = WhileShown(self, TICK_MS, self._on_tick)
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
        self.new_action = self._action("new_work_order", _("New work order"),
                                       self.new_work_order, QKeySequence(Qt.Key.Key_F3))
        self.new_action.setToolTip(_("Open a new work order (F3)"))
        self.addAction(self.new_action)
        self.step_actions: dict[Action, QAction] = {
            action: self._action(f"wo_{action.value}", action_title(action),
                                 lambda a=action: self.run_action(a))
            for action in (Action.DISPATCH, Action.START, Action.PAUSE, Action.RESUME,
                           Action.COMPLETE, Action.CALLBACK, Action.CLOSE, Action.EDIT,
                           Action.VOID)
        }
        self.print_action = self._action("wo_print", _("Print slip…"), self.print_current,
                                         QKeySequence("Ctrl+P"))
        self.print_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.print_action)
        self.register_action = self._action("wo_register", _("Monthly register…"),
                                            self.open_register)
        self.calibrate_action = self._action("wo_calibrate", _("Calibrate overprint…"),
                                             self.calibrate_overprint)
        self.fees_action = self._action("wo_fee_standard", _("Fee standard…"),
                                        self.open_fee_standard)

    def _build(self) -> None:
        self.filters = FilterBar(self.desk)
        self.filters.changed.connect(self.refresh)
        self.filters.search_entered.connect(self._search_entered)
        search_action = self._action("wo_focus_search", _("Search"),
                                     lambda: focus_search(self.filters),
                                     QKeySequence("Ctrl+Shift+F"))
        search_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(search_action)

        tools = QHBoxLayout()
        for action in (self.new_action, self.print_action, self.register_action,
                       self.calibrate_action, self.fees_action):
            button = QToolButton(objectName=f"{action.objectName()}_button")
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setMinimumHeight(28)
            tools.addWidget(button)
            if action is self.fees_action:
                self.fees_button = button
        tools.addStretch(1)
        self.overdue_indicator = QPushButton(objectName="wo_overdue_indicator")
        self.overdue_indicator.setCursor(Qt.CursorShape.PointingHandCursor)
        self.overdue_indicator.clicked.connect(lambda: self.filters.set_overdue_only(True))
        tools.addWidget(self.overdue_indicator)

        self.model = WorkOrdersModel(self)
        # Paged by keyset; a header click sorts the whole register in the database.
        self.table = paged_table(self.model, "work_orders")
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(lambda _i: self.run_action(Action.EDIT))
        m = WorkOrdersModel
        # Sized to what they hold, in either language; the request text takes the rest and
        # the place gives way first, with the full text on hover.
        fit_columns(self.table, stretch=m.COL_CONTENT, minimums={m.COL_CONTENT: 100},
                    keep_whole=(m.COL_NUMBER, m.COL_RECEIVED, m.COL_STATE, m.COL_CATEGORY,
                                m.COL_DEPARTMENT, m.COL_ASSIGNEE, m.COL_DUE, m.COL_CHARGE))
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._load_current())

        self.panel = DetailPanel([self.step_actions[a] for a in (
            Action.DISPATCH, Action.START, Action.PAUSE, Action.RESUME, Action.COMPLETE,
            Action.CALLBACK, Action.CLOSE, Action.EDIT)] + [self.print_action,
                                                            self.step_actions[Action.VOID]])
        self.panel.setMinimumWidth(360)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([930, 400])
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.filters)
        layout.addWidget(splitter, 1)
        QWidget.setTabOrder(self.filters.assignee, self.table)

    # -- DeskTab -------------------------------------------------------------------------
    def title(self) -> str:
        return _("Work orders")

    def main_action(self) -> QAction:
        return self.new_action

    def open_villa(self, villa_id: int) -> None:
        hit = perform(self, lambda: households.household_file(self.desk.uow, villa_id))
        if hit is not None:
            self.filters.set_villa(hit.villa_id, hit.number)

    def on_actor_changed(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Other filters (or another user): the list from the top. The same ones (a change
        here or at another desk): the rows read again, selection and scroll kept."""
        keep = self.current_id()
        flt = self.filters.current()
        uow = self.desk.uow
        if self._listed == (flt, self.desk.actor):
            refresh_keeping(self.table)
        else:
            self._listed = (flt, self.desk.actor)
            self.model.load(lambda sort, after, limit: perform(
                self, lambda: list_work_orders(uow, flt, sort, after, limit)))
        self._late = self._overdue_ids()
        count = len(self._late)
        self.overdue_indicator.setText(
            ngettext("{n} work order overdue", "{n} work orders overdue", count).format(n=count)
            if count else _("Nothing overdue"))
        self.overdue_indicator.setStyleSheet(LINK_STYLE if count else QUIET_STYLE)
        self.fees_action.setVisible(self.desk.can(Permission.MANAGE_RULES))
        self.fees_button.setVisible(self.desk.can(Permission.MANAGE_RULES))
        if keep is None or not self.select_work_order(keep, scroll=False):
            if self.model.rowCount():
                self.table.selectRow(0)
            self._load_current()

    def _overdue_ids(self) -> frozenset[int]:
        return perform(self, lambda: overdue_ids(self.desk.uow)) or frozenset()

    def show_overdue(self) -> None:
        self.wants_focus.emit()
        self.filters.set_overdue_only(True)

    def _on_tick(self) -> None:
        # Reloading resets the scrolled list, so only when a deadline has actually passed.
        # Nobody asked for this read: a failure is logged, not put in front of the desk
        # every minute (the next thing the user does shows it the usual way).
        try:
            late = overdue_ids(self.desk.uow)
        except Exception:
            log.warning("The minute's overdue check failed", exc_info=True)
            return
        if late != self._late:
            self.refresh()

    # -- the current order ---------------------------------------------------------------
    def current_id(self) -> int | None:
        found = current_id(self.table)
        return found if isinstance(found, int) else None

    def current_detail(self) -> WorkOrderDetail | None:
        return self._detail

    def select_work_order(self, work_order_id: int, scroll: bool = True) -> bool:
        if not select_id(self.table, work_order_id, scroll):
            return False
        self._load_current()
        return True

    def show_work_order(self, work_order_id: int, number: str) -> None:
        """Bring an order into the list whatever the filters were, and select it."""
        if self.select_work_order(work_order_id):
            return
        self.filters.reset()
        if not self.select_work_order(work_order_id):
            self.filters.search.setText(number)
            self.refresh()
            self.select_work_order(work_order_id)

    def _load_current(self) -> None:
        order_id = self.current_id()
        self._detail = None
        if order_id is not None:
            self._detail = perform(self, lambda: work_order_detail(self.desk.uow, order_id))
        self.panel.show_detail(self._detail)
        self._update_actions()

    def _update_actions(self) -> None:
        detail = self._detail
        for action, qaction in self.step_actions.items():
            permitted = self.desk.can(Permission(REQUIRED_PERMISSION[action]))
            qaction.setVisible(permitted)
            qaction.setEnabled(detail is not None and action in detail.actions)
        self.print_action.setEnabled(detail is not None)
        self.panel.sync_buttons()

    # -- actions -------------------------------------------------------------------------
    def new_work_order(self) -> None:
        self._open_editor(WorkOrderEditor.ask(self, self.desk))

    def create_from_entry(self, entry_id: int) -> None:
        """Open the editor prefilled from a reception record (repair or help request)."""
        entry = entry_summary(self.desk, self, entry_id)
        if entry is not None:
            self._open_editor(WorkOrderEditor.ask(self, self.desk, entry=entry))

    def _open_editor(self, result: tuple[WorkOrderDetail, bool] | None) -> None:
        if result is None:
            return
        detail, print_now = result
        self.show_work_order(detail.id, detail.number)
        if print_now:
            self.print_current()

    def run_action(self, action: Action) -> WorkOrderDetail | None:
        detail = self._detail
        if detail is None or action not in detail.actions:
            return None
        if not self.desk.can(Permission(REQUIRED_PERMISSION[action])):
            return None
        uow, order_id = self.desk.uow, detail.id
        result: WorkOrderDetail | None
        match action:
            case Action.EDIT:
                saved = WorkOrderEditor.ask(self, self.desk, detail)
                result = saved[0] if saved else None
            case Action.DISPATCH:
                result = DispatchDialog.ask(self, self.desk, detail)
            case Action.PAUSE:
                result = PauseDialog.ask(self, self.desk, detail)
            case Action.COMPLETE:
                result = CompleteDialog.ask(self, self.desk, detail)
            case Action.CALLBACK:
                result = CallbackDialog.ask(self, self.desk, detail)
            case Action.VOID:
                result = VoidDialog.ask(self, self.desk, detail)
            case Action.START:
                result = perform(self, lambda: work_orders.start(uow, order_id))
            case Action.RESUME:
                result = perform(self, lambda: work_orders.resume(uow, order_id))
            case Action.CLOSE:
                if not Messages.confirm(self, _("Close {number}? The owner was satisfied; "
                                                "nothing more will happen to it.").format(
                                                    number=detail.number)):
                    return None
                result = perform(self, lambda: work_orders.close(uow, order_id))
        # Refused or cancelled, the order is read again too: another desk may have moved
        # it on (voided, dispatched) and the refusal said so; the buttons now fit its state.
        self.select_work_order(result.id if result is not None else order_id)
        return result

    def print_current(self) -> PrintPreviewDialog | None:
        """Preview the slip as it will print (补打 if printed before) and print it."""
        if self._detail is None:
            return None
        self.preview = preview_slip(self, self.desk, self._detail.id, self._detail.number)
        return self.preview

    def calibrate_overprint(self) -> PrintPreviewDialog:
        self.preview = calibration_preview(self, self.desk)
        return self.preview

    def open_register(self) -> RegisterDialog:
        dialog = RegisterDialog(self.desk, self)
        dialog.open()
        return dialog

    def open_fee_standard(self) -> FeeStandardDialog | None:
        if not self.desk.can(Permission.MANAGE_RULES):
            return None
        dialog = FeeStandardDialog(self.desk, self)
        dialog.open()
        return dialog

    def _search_entered(self, text: str) -> None:
        # A scanned slip that is the only match opens straight away.
        if self.model.rowCount() == 1 and text:
            self.table.selectRow(0)
            self.table.setFocus()

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if index.isValid():
            self.table.selectRow(index.row())
        if self._detail is None:
            return
        menu = QMenu(self)
        for action, qaction in self.step_actions.items():
            if qaction.isVisible() and action != Action.VOID:
                menu.addAction(qaction)
        menu.addAction(self.print_action)
        if self.step_actions[Action.VOID].isVisible():
            menu.addSeparator()
            menu.addAction(self.step_actions[Action.VOID])
        menu.popup(self.table.viewport().mapToGlobal(pos))
