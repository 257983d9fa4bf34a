"""The Complaints tab (投诉): the register, the chosen complaint in full, its next steps,
and the due-and-overdue panel."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, ngettext
from app.models.complaints import (
    Category,
    ComplaintState,
    LetterKind,
    Level,
    Responsibility,
    StepKind,
    Validity,
)
from app.services import complaints
from app.services.complaint_queries import (
    ComplaintDetail,
    ComplaintFilter,
    complaint_detail,
    escalated_to_me,
    list_complaints,
    overdue_ids,
)
from app.services.complaint_titles import category_title, state_title
from app.services.permissions import Permission
from app.views.complaints.detail import detail_html
from app.views.complaints.dialogs import CallbackDialog, ClassifyDialog, HandlingDialog, VoidDialog
from app.views.complaints.due_panel import DuePanelDialog
from app.views.complaints.editor import ComplaintEditor
from app.views.complaints.list_model import ComplaintsModel
from app.views.desk import Desk
from app.views.feedback import perform
from app.views.print_preview import PrintPreviewDialog
from app.views.tab import DeskTab
from app.views.widgets.background import BackgroundJob
from app.views.widgets.paged_model import current_id, paged_table, refresh_keeping, select_id
from app.views.widgets.pdf_job import render_then_show
from app.views.widgets.tables import fit_columns
from app.views.widgets.while_shown import WhileShown

if TYPE_CHECKING:
    from app.views.complaints.reports_dialog import ComplaintReportsDialog

log = logging.getLogger(__name__)
TICK_MS = 60_000
LINK_STYLE = "QPushButton { border: none; color: #b71c1c; font-weight: bold; }"
QUIET_STYLE = "QPushButton { border: none; color: #2e7d32; }"


def letter_kind(d: ComplaintDetail) -> LetterKind | None:
    """The letter this complaint calls for: the escalation notice to a level with no
    account at the desk, an invalid one's explanation, the developer's report (二类), the
    notice to another body (三类)."""
    if d.level == Level.GENERAL_MANAGER and d.state == ComplaintState.OPEN:
        return LetterKind.ESCALATION_NOTICE
    if d.validity == Validity.INVALID:
        return LetterKind.EXPLANATION
    if d.responsibility == Responsibility.DEVELOPER:
        return LetterKind.DEVELOPER_REPORT
    if d.responsibility == Responsibility.EXTERNAL:
        return LetterKind.NOTICE
    return None


def letter_title(kind: LetterKind) -> str:
    return {LetterKind.ESCALATION_NOTICE: _("Escalation notice…"),
            LetterKind.EXPLANATION: _("Explanation record…"),
            LetterKind.DEVELOPER_REPORT: _("Report to the developer…"),
            LetterKind.NOTICE: _("Notice to the body concerned…")}[kind]


class ComplaintsTab(DeskTab):
    overdue_kind = "complaints"
    watched_tables = frozenset({"complaint", "complaint_step", "numbered_document",
                                "deadline_rule", "calendar_day", "attachment"})

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self.setObjectName("complaints_tab")
        self._detail: ComplaintDetail | None = None
        self.due_dialog: DuePanelDialog | None = None
        self.preview: PrintPreviewDialog | None = None  # the last preview opened (tests read it)
        self._listed: tuple[object, ...] | None = None
        self._late: frozenset[int] = frozenset()
        self._build()
        self._tick = WhileShown(self, TICK_MS, self._on_tick)
        self.refresh()
        # At the first sign-in the window is still being built: greet once it is shown.
        QTimer.singleShot(0, self.greet_escalated)

    # -- building ------------------------------------------------------------------------
    def _action(self, name: str, text: str, slot: Callable[[], object],
                shortcut: QKeySequence | None = None) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut is not None:
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        return action

    def _build(self) -> None:
        # F2 a call, F3 a work order, F8 a complaint (F4 is the answer book in the call form).
        self.new_action = self._action("new_complaint", _("New complaint"), self.new_complaint,
                                       QKeySequence(Qt.Key.Key_F8))
        self.new_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(self.new_action)
        self.due_action = self._action("complaint_due", _("Due and overdue…"),
                                       self.open_due_panel)
        self.steps: dict[str, QAction] = {
            "edit": self._action("c_edit", _("Edit…"), self.edit_current),
            "classify": self._action("c_classify", _("Classify…"), self.classify_current),
            "report": self._action("c_report", _("Reported to supervisor"),
                                   lambda: self.progress(StepKind.REPORTED)),
            "respond": self._action("c_respond", _("Department responded"),
                                    lambda: self.progress(StepKind.RESPONDED)),
            "step_in": self._action("c_step_in", _("Supervisor steps in"), self.step_in),
            "contact": self._action("c_contact", _("Other units contacted"),
                                    lambda: self.progress(StepKind.CONTACTED)),
            "handle": self._action("c_handle", _("Handling…"), self.handle_current),
            "callback": self._action("c_callback", _("Callback…"), self.callback_current),
            "print": self._action("c_print", _("Print record…"), self.print_current),
            "letter": self._action("c_letter", _("Letter…"), self.print_letter),
            "void": self._action("c_void", _("Void…"), self.void_current),
        }
        self.reports_action = self._action("complaint_reports", _("Statistics and reports…"),
                                           self.open_reports)
        self.escalation_list_action = self._action(
            "complaint_escalation_list", _("Escalation list…"), self.print_escalation_list)
        self.blank_action = self._action("complaint_blank", _("Blank record…"),
                                         self.print_blank)
        tools = QHBoxLayout()
        self.tool_buttons: dict[str, QToolButton] = {}
        for action in (self.new_action, self.due_action, self.escalation_list_action,
                       self.blank_action, self.reports_action):
            button = QToolButton(objectName=f"{action.objectName()}_button")
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setMinimumHeight(28)
            tools.addWidget(button)
            self.tool_buttons[action.objectName()] = button
        self.state_filter = QComboBox(objectName="state_filter")
        self.state_filter.addItem(_("All states"), None)
        for state in ComplaintState:
            self.state_filter.addItem(state_title(state), state.value)
        self.category_filter = QComboBox(objectName="category_filter")
        self.category_filter.addItem(_("All categories"), None)
        for category in Category:
            self.category_filter.addItem(category_title(category), category.value)
        self.due_only = QCheckBox(_("Due soon or overdue"), objectName="due_only")
        for widget in (self.state_filter, self.category_filter):
            widget.currentIndexChanged.connect(lambda _i: self.refresh())
        self.due_only.toggled.connect(lambda _c: self.refresh())
        tools.addWidget(self.state_filter)
        tools.addWidget(self.category_filter)
        tools.addWidget(self.due_only)
        tools.addStretch(1)
        self.overdue_indicator = QPushButton(objectName="c_overdue_indicator")
        self.overdue_indicator.setCursor(Qt.CursorShape.PointingHandCursor)
        self.overdue_indicator.clicked.connect(self.open_due_panel)
        tools.addWidget(self.overdue_indicator)

        self.model = ComplaintsModel(self)
        self.table = paged_table(self.model, "complaints")
        m = ComplaintsModel
        fit_columns(self.table, stretch=m.COL_CONTENT, minimums={m.COL_CONTENT: 100},
                    keep_whole=(m.COL_NUMBER, m.COL_RECEIVED, m.COL_STATE, m.COL_CATEGORY,
                                m.COL_SEVERITY, m.COL_LEVEL, m.COL_DUE))
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._load_current())
        self.table.doubleClicked.connect(lambda _i: self.edit_current())

        self.detail_view = QTextBrowser(objectName="complaint_detail")
        self.detail_view.setOpenLinks(False)
        buttons = QWidget()
        grid = QVBoxLayout(buttons)
        grid.setContentsMargins(0, 0, 0, 0)
        row: QHBoxLayout | None = None
        for i, action in enumerate(self.steps.values()):
            if i % 4 == 0:
                row = QHBoxLayout()
                grid.addLayout(row)
            button = QToolButton(objectName=f"{action.objectName()}_button")
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            assert row is not None
            row.addWidget(button)
        panel = QWidget()
        side = QVBoxLayout(panel)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.detail_view, 1)
        side.addWidget(buttons)
        panel.setMinimumWidth(380)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([860, 470])
        self.notice = QLabel(objectName="escalated_notice")
        self.notice.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.notice.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.notice)
        layout.addWidget(splitter, 1)

    # -- DeskTab -------------------------------------------------------------------------
    def title(self) -> str:
        return _("Complaints")

    def main_action(self) -> QAction:
        return self.new_action

    def filter(self) -> ComplaintFilter:
        state = self.state_filter.currentData()
        category = self.category_filter.currentData()
        return ComplaintFilter(state=ComplaintState(state) if state else None,
                               category=Category(category) if category else None,
                               due_only=self.due_only.isChecked())

    def on_actor_changed(self) -> None:
        self.refresh()
        self.greet_escalated()

    def refresh(self) -> None:
        keep = self.current_id()
        flt = self.filter()
        uow = self.desk.uow
        # Deadlines that passed since the last look are recorded before the list is read.
        perform(self, lambda: complaints.escalate_due(uow))
        if self._listed == (flt, self.desk.actor):
            refresh_keeping(self.table)
        else:
            self._listed = (flt, self.desk.actor)
            self.model.load(lambda sort, after, limit: perform(
                self, lambda: list_complaints(uow, flt, sort, after, limit)))
        self._late = perform(self, lambda: overdue_ids(uow)) or frozenset()
        count = len(self._late)
        self.overdue_indicator.setText(
            ngettext("{n} complaint overdue", "{n} complaints overdue", count).format(n=count)
            if count else _("Nothing overdue"))
        self.overdue_indicator.setStyleSheet(LINK_STYLE if count else QUIET_STYLE)
        if keep is None or not self.select_complaint(keep, scroll=False):
            if self.model.rowCount():
                self.table.selectRow(0)
            self._load_current()
        if self.due_dialog is not None and self.due_dialog.isVisible():
            self.due_dialog.refresh()

    def _on_tick(self) -> None:
        try:
            late = overdue_ids(self.desk.uow)
            moved = complaints.escalate_due(self.desk.uow)
        except Exception:
            log.warning("The minute's complaint check failed", exc_info=True)
            return
        if late != self._late or moved:
            self.refresh()
        to_manager = [m.number for m in moved if m.level == Level.GENERAL_MANAGER]
        if to_manager:
            # The general manager has no account at the desk: the escalation reaches them
            # only on paper, so the desk is told to print it.
            self.notice.setText(ngettext(
                "{numbers} has escalated to the general manager, who has no account here: "
                "print its escalation notice (Letter…) and hand it over.",
                "{numbers} have escalated to the general manager, who has no account here: "
                "print their escalation notices (Letter…) and hand them over.",
                len(to_manager)).format(numbers="、".join(to_manager)))
            self.notice.show()

    def show_overdue(self) -> None:
        self.wants_focus.emit()
        self.open_due_panel()

    def greet_escalated(self) -> list[object]:
        """On sign-in: what escalated to a supervisor or manager, said above the list."""
        rows = perform(self, lambda: escalated_to_me(self.desk.uow)) or []
        if rows:
            self.notice.setText(ngettext(
                "{n} complaint has escalated to you: {numbers}",
                "{n} complaints have escalated to you: {numbers}", len(rows)).format(
                    n=len(rows), numbers="、".join(r.number for r in rows[:8])))
            self.notice.show()
            # A supervisor or manager signing in is shown what escalated to them.
            self.wants_focus.emit()
        else:
            self.notice.hide()
        return list(rows)

    # -- the current complaint -----------------------------------------------------------
    def current_id(self) -> int | None:
        found = current_id(self.table)
        return found if isinstance(found, int) else None

    def current_detail(self) -> ComplaintDetail | None:
        return self._detail

    def select_complaint(self, complaint_id: int, scroll: bool = True) -> bool:
        if not select_id(self.table, complaint_id, scroll):
            return False
        self._load_current()
        return True

    def show_complaint(self, complaint_id: int, number: str = "") -> None:
        """Bring a complaint into the list whatever the filters were, and select it."""
        if self.select_complaint(complaint_id):
            return
        for widget in (self.state_filter, self.category_filter):
            widget.setCurrentIndex(0)
        self.due_only.setChecked(False)
        self.refresh()
        self.select_complaint(complaint_id)

    def _load_current(self) -> None:
        complaint_id = self.current_id()
        self._detail = None
        if complaint_id is not None:
            self._detail = perform(self, lambda: complaint_detail(self.desk.uow, complaint_id))
        d = self._detail
        self.detail_view.setHtml(detail_html(d) if d else _("Select a complaint to see it "
                                                            "in full."))
        self._update_actions()

    def _update_actions(self) -> None:
        d = self._detail
        live = d is not None and d.state not in (ComplaintState.VOID, ComplaintState.CLOSED)
        is_open = d is not None and d.state == ComplaintState.OPEN
        may_classify = self.desk.can(Permission.CLASSIFY_COMPLAINT)
        enabled = {
            "edit": live, "classify": live and may_classify,
            "report": is_open,
            "respond": is_open, "step_in": is_open and may_classify,
            "contact": is_open, "handle": is_open,
            "callback": d is not None and d.state == ComplaintState.HANDLED,
            "print": d is not None, "void": live,
            "letter": d is not None and letter_kind(d) is not None,
        }
        for key, action in self.steps.items():
            action.setEnabled(bool(enabled[key]))
        self.steps["classify"].setVisible(may_classify)
        self.steps["step_in"].setVisible(may_classify)
        self.steps["void"].setVisible(self.desk.can(Permission.VOID_DOCUMENT))
        kind = letter_kind(d) if d is not None else None
        self.steps["letter"].setText(letter_title(kind) if kind else _("Letter…"))
        reports = self.desk.can(Permission.VIEW_REPORTS)
        self.reports_action.setVisible(reports)
        self.tool_buttons["complaint_reports"].setVisible(reports)

    # -- actions -------------------------------------------------------------------------
    def new_complaint(self) -> ComplaintDetail | None:
        saved = ComplaintEditor.ask(self, self.desk)
        if saved is not None:
            self.show_complaint(saved.id, saved.number)
        return saved

    def create_from_entry(self, entry_id: int) -> ComplaintDetail | None:
        """The form prefilled from a reception record of class 投诉."""
        entry = perform(self, lambda: complaints.entry_for_complaint(self.desk.uow, entry_id))
        if entry is None:
            return None
        saved = ComplaintEditor.ask(self, self.desk, entry=entry)
        if saved is not None:
            self.show_complaint(saved.id, saved.number)
        return saved

    def _after(self, result: ComplaintDetail | None) -> ComplaintDetail | None:
        keep = self._detail.id if self._detail else None
        self.refresh()
        target = result.id if result is not None else keep
        if target is not None:
            self.show_complaint(target)
        return result

    def edit_current(self) -> ComplaintDetail | None:
        if self._detail is None or not self.steps["edit"].isEnabled():
            return None
        return self._after(ComplaintEditor.ask(self, self.desk, self._detail))

    def classify_current(self) -> ComplaintDetail | None:
        if self._detail is None:
            return None
        return self._after(ClassifyDialog.ask(self, self.desk, self._detail))

    def handle_current(self) -> ComplaintDetail | None:
        if self._detail is None:
            return None
        return self._after(HandlingDialog.ask(self, self.desk, self._detail))

    def callback_current(self) -> ComplaintDetail | None:
        if self._detail is None:
            return None
        return self._after(CallbackDialog.ask(self, self.desk, self._detail))

    def void_current(self) -> ComplaintDetail | None:
        if self._detail is None:
            return None
        return self._after(VoidDialog.ask(self, self.desk, self._detail))

    def progress(self, kind: StepKind) -> ComplaintDetail | None:
        d = self._detail
        if d is None:
            return None
        uow = self.desk.uow
        return self._after(perform(self, lambda: complaints.record_progress(
            uow, d.id, kind, expected_version=d.version)))

    def step_in(self) -> ComplaintDetail | None:
        d = self._detail
        if d is None:
            return None
        uow = self.desk.uow
        return self._after(perform(self, lambda: complaints.step_in(
            uow, d.id, expected_version=d.version)))

    def print_current(self) -> object:
        if self._detail is None:
            return None
        from app.views.complaints.printing import preview_record
        self.preview = preview_record(self, self.desk, self._detail)
        return self.preview

    # Letters and lists are rendered off the GUI thread (a letter takes 50–110 ms); the
    # preview opens when the PDF is ready and is kept in ``preview``.
    def _preview_later(self, render: Callable[[], bytes], title: str,
                       form: str) -> BackgroundJob:
        def show(pdf: bytes) -> None:
            from app.views.complaints.reports_dialog import show_pdf

            self.preview = show_pdf(self, self.desk, pdf, title, form)

        return render_then_show(self, render, show)

    def print_letter(self) -> BackgroundJob | None:
        d = self._detail
        kind = letter_kind(d) if d is not None else None
        if d is None or kind is None:
            return None
        uow, complaint_id = self.desk.uow, d.id
        # Imported when asked for: the letters' ReportLab layout is not loaded at start-up.
        from app.services.complaint_reports import letter_pdf

        return self._preview_later(lambda: letter_pdf(uow, complaint_id, kind),
                                   f"{letter_title(kind)} {d.number}", "complaint-letter")

    def print_escalation_list(self) -> BackgroundJob:
        uow = self.desk.uow
        from app.services.complaint_reports import escalation_list_pdf

        return self._preview_later(lambda: escalation_list_pdf(uow), _("Escalation list"),
                                   "complaint-escalation-list")

    def print_blank(self) -> BackgroundJob:
        uow = self.desk.uow
        from app.services.complaint_reports import blank_record_pdf

        return self._preview_later(lambda: blank_record_pdf(uow), _("Blank complaint record"),
                                   "complaint-record")

    def open_reports(self) -> ComplaintReportsDialog | None:
        from app.views.complaints.reports_dialog import ComplaintReportsDialog

        if not self.desk.can(Permission.VIEW_REPORTS):
            return None
        dialog = ComplaintReportsDialog(self.desk, self)
        dialog.show()
        return dialog

    def open_due_panel(self, mine_only: bool = False) -> DuePanelDialog:
        if self.due_dialog is None:
            self.due_dialog = DuePanelDialog(self.desk, self, mine_only)
            self.due_dialog.chosen.connect(lambda cid: self.show_complaint(cid))
        else:
            self.due_dialog.mine.setChecked(mine_only)
            self.due_dialog.refresh()
        self.due_dialog.show()
        self.due_dialog.raise_()
        return self.due_dialog
