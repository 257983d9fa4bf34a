"""The Reception tab (接待登记): the call record form beside the day's list."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, fmt_datetime, ngettext
from app.models.reception import EntryClass
from app.services import daily_review, households, promises, reception
from app.services.permissions import Permission
from app.services.reception import EntryRow, channel_title, class_title
from app.views.desk import Desk
from app.views.feedback import perform
from app.views.reception.entries_model import EntriesModel, status_text
from app.views.reception.entry_form import EntryForm
from app.views.reception.filter_bar import FilterBar
from app.views.reception.promises_view import PromisesDialog, answer_promised
from app.views.reception.prompts import TextPrompt
from app.views.reception.review import ReviewDialog
from app.views.tab import DeskTab
from app.views.widgets.paged_model import current_id, paged_table, refresh_keeping, select_id
from app.views.widgets.tables import fit_columns

LINK_STYLE = "QPushButton { border: none; color: #b71c1c; text-decoration: underline; }"
QUIET_LINK_STYLE = "QPushButton { border: none; color: #2e7d32; }"


class ReceptionTab(DeskTab):
    #: an entry id: the user asked to open a work order (派工单) from this record
    work_order_requested = Signal(int)
    #: A record of class 投诉 is to become a complaint (the Complaints tab opens its form).
    complaint_requested = Signal(int)

    overdue_kind = "answers"
    watched_tables = frozenset({"reception_entry", "inquiry_promise", "daily_review",
                                "answer_book_entry", "work_order", "staff"})

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self.setObjectName("reception_tab")
        self.review_dialog: ReviewDialog | None = None
        self._listed: tuple[object, ...] | None = None  # the filters and user the list shows
        self.promises_dialog: PromisesDialog | None = None
        self._build()
        self.refresh()

    # --- building -------------------------------------------------------------------------
    def _build(self) -> None:
        self.form = EntryForm(self.desk)
        self.form.setFixedWidth(450)
        self.form.saved.connect(self._saved)
        self.filters = FilterBar(self.desk)
        self.filters.changed.connect(self.refresh)

        self.counts = QLabel(objectName="class_counts")
        self.counts.setStyleSheet("font-weight: bold;")
        self.promises_indicator = QPushButton(objectName="promises_indicator")
        self.promises_indicator.setCursor(Qt.CursorShape.PointingHandCursor)
        self.promises_indicator.clicked.connect(self.open_promises)
        self.unsigned_indicator = QPushButton(objectName="unsigned_indicator")
        self.unsigned_indicator.setCursor(Qt.CursorShape.PointingHandCursor)
        self.unsigned_indicator.clicked.connect(self.open_review)

        self.model = EntriesModel(self)
        # Paged by keyset; a header click sorts the whole range in the database.
        self.table = paged_table(self.model, "entries")
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        m = EntriesModel
        # Sized to what they hold, in either language: the content takes the rest; the
        # caller and the status give way only if they must, with the full text on hover.
        fit_columns(self.table, stretch=m.COL_CONTENT, minimums={m.COL_CONTENT: 120},
                    keep_whole=(m.COL_TIME, m.COL_CHANNEL, m.COL_CLASS, m.COL_VILLA,
                                m.COL_PHONE, m.COL_TAKEN_BY))
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_current())

        self.detail = QLabel(objectName="entry_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(64)
        detail_frame = QFrame()
        detail_frame.setFrameShape(QFrame.Shape.StyledPanel)
        QVBoxLayout(detail_frame).addWidget(self.detail)

        self.open_work_order_action = QAction(_("Open work order"), self)
        self.open_work_order_action.setObjectName("open_work_order")
        self.open_work_order_action.triggered.connect(self.request_work_order)
        self.open_complaint_action = QAction(_("Open complaint"), self)
        self.open_complaint_action.setObjectName("open_complaint")
        self.open_complaint_action.triggered.connect(self.request_complaint)
        self.promise_action = QAction(_("Promise an answer in 24 h"), self)
        self.promise_action.setObjectName("promise_answer_action")
        self.promise_action.triggered.connect(self.promise_current)
        self.answer_action = QAction(_("Record answer…"), self)
        self.answer_action.setObjectName("record_answer_action")
        self.answer_action.triggered.connect(self.answer_current)
        self.void_action = QAction(_("Void…"), self)
        self.void_action.setObjectName("void_entry")
        self.void_action.triggered.connect(self.void_current)
        actions = QHBoxLayout()
        for action in (self.open_work_order_action, self.open_complaint_action,
                       self.promise_action, self.answer_action):
            actions.addWidget(self._button(action))
        actions.addStretch(1)
        self.void_button = self._button(self.void_action)
        actions.addWidget(self.void_button)

        self.new_action = QAction(_("New call record"), self)
        self.new_action.setObjectName("new_call_record")
        self.new_action.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.new_action.triggered.connect(self.new_record)
        self.addAction(self.new_action)

        info = QHBoxLayout()
        info.addWidget(self.counts)
        info.addStretch(1)
        info.addWidget(self.promises_indicator)
        info.addWidget(self.unsigned_indicator)
        right = QVBoxLayout()
        right.addWidget(self.filters)
        right.addLayout(info)
        right.addWidget(self.table, 1)
        right.addWidget(detail_frame)
        right.addLayout(actions)
        layout = QHBoxLayout(self)
        layout.addWidget(self.form)
        layout.addLayout(right, 1)

    @staticmethod
    def _button(action: QAction) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setObjectName(f"{action.objectName()}_button")
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setMinimumHeight(28)
        return button

    # --- DeskTab --------------------------------------------------------------------------
    def title(self) -> str:
        return _("Reception")

    def main_action(self) -> QAction:
        return self.new_action

    def new_record(self) -> None:
        """F2: a fresh record, unless that would throw away what is being typed."""
        self.form.start_over()

    def open_villa(self, villa_id: int) -> None:
        file = perform(self, lambda: households.household_file(self.desk.uow, villa_id))
        if file is None:
            return
        today = self.desk.clock.now().date()
        # A villa's calls are rarely all on one day: show its recent history.
        self.filters.set_range(today - dt.timedelta(days=89), today)
        self.filters.set_villa(file.villa_id, file.number)

    def on_actor_changed(self) -> None:
        self.form.update_actor()
        self.filters.load_staff()
        self.refresh()

    def refresh(self) -> None:
        """Other filters (or another user): the list from the top. The same ones (a change
        here or at another desk): the rows read again, selection and scroll kept."""
        keep = self.current_entry()
        flt = self.filters.current()
        uow = self.desk.uow
        counts = perform(self, lambda: reception.entry_counts(uow, flt))
        if counts is None:
            return
        if self._listed == (flt, self.desk.actor):
            refresh_keeping(self.table)
        else:
            self._listed = (flt, self.desk.actor)
            self.model.load(lambda sort, after, limit: perform(
                self, lambda: reception.page_entries(uow, flt, sort, after, limit)),
                show_dates=not self.filters.is_single_day())
        parts = [f"{class_title(c)} {counts.of(c)}" for c in EntryClass]
        parts.append(_("Total {n}").format(n=counts.total))
        self.counts.setText(" · ".join(parts))
        self._refresh_indicators()
        if keep is None or not self.select_entry(keep.id, scroll=False):
            if self.model.rowCount():
                self.table.selectRow(0)
            self._update_current()
        for dialog in (self.review_dialog, self.promises_dialog):
            if dialog is not None and dialog.isVisible():
                dialog.refresh()

    def _refresh_indicators(self) -> None:
        pending = perform(self, lambda: daily_review.review_backlog(self.desk.uow)) or []
        if pending:
            self.unsigned_indicator.setText(ngettext(
                "{n} day not yet reviewed", "{n} days not yet reviewed", len(pending))
                .format(n=len(pending)))
            self.unsigned_indicator.setStyleSheet(LINK_STYLE)
        else:
            self.unsigned_indicator.setText(_("Daily review up to date"))
            self.unsigned_indicator.setStyleSheet(QUIET_LINK_STYLE)
        open_rows = perform(self, lambda: promises.open_promises(self.desk.uow)) or []
        overdue = sum(r.overdue for r in open_rows)
        self.promises_indicator.setVisible(bool(open_rows))
        self.promises_indicator.setText(
            _("{n} promised answers open, {late} overdue").format(n=len(open_rows), late=overdue)
            if overdue else _("{n} promised answers open").format(n=len(open_rows)))
        self.promises_indicator.setStyleSheet(LINK_STYLE if overdue else QUIET_LINK_STYLE)

    # --- the current record ---------------------------------------------------------------
    def current_entry(self) -> EntryRow | None:
        entry_id = current_id(self.table)
        row = self.model.row_of(entry_id) if entry_id is not None else -1
        return self.model.row_at(row) if row >= 0 else None

    def select_entry(self, entry_id: int, scroll: bool = True) -> bool:
        if not select_id(self.table, entry_id, scroll):
            return False
        self._update_current()
        return True

    def show_entry(self, entry_id: int) -> None:
        """Bring a record into the list (its day, no narrowing filters) and select it."""
        if self.select_entry(entry_id):
            return
        row = perform(self, lambda: reception.entry_detail(self.desk.uow, entry_id))
        if row is None:
            return
        self.filters.clear_narrowing()
        day = row.occurred_at.date()
        self.filters.set_range(day, day)
        self.select_entry(entry_id)

    def _saved(self, row: EntryRow) -> None:
        self.show_entry(row.id)
        self.form.channel.setFocus()

    def _update_current(self) -> None:
        row = self.current_entry()
        wo = self.open_work_order_action
        wo.setEnabled(row is not None and row.can_open_work_order)
        self.open_complaint_action.setEnabled(
            row is not None and row.entry_class == EntryClass.COMPLAINT and not row.voided
            and row.complaint_id is None)
        self.open_complaint_action.setToolTip(
            _("Complaint {number} was opened from this record.").format(
                number=row.complaint_number) if row is not None and row.complaint_number
            else _("Open a complaint from this record"))
        if row is not None and row.entry_class == EntryClass.COMPLAINT:
            wo.setToolTip(_("A complaint becomes a complaint record: Open complaint."))
        elif row is not None and row.work_order_number:
            wo.setToolTip(_("Work order {number} was already opened from this record.")
                          .format(number=row.work_order_number))
        elif row is not None and row.entry_class == EntryClass.INQUIRY:
            wo.setToolTip(_("Only a repair or help request becomes a work order."))
        else:
            wo.setToolTip(_("Open a work order (dispatch slip) from this record"))
        live = row is not None and not row.voided
        is_inquiry = live and row is not None and row.entry_class == EntryClass.INQUIRY
        self.promise_action.setEnabled(is_inquiry and row is not None and row.promise_id is None)
        self.answer_action.setEnabled(live and row is not None and row.promise_id is not None
                                      and not row.promise_answered)
        may_void = self.desk.can(Permission.VOID_DOCUMENT)
        self.void_action.setVisible(may_void)
        self.void_button.setVisible(may_void)
        self.void_action.setEnabled(live and row is not None and not row.work_order_number)
        self.detail.setText(self._detail_html(row) if row else _("Select a record to see it "
                                                                  "in full."))

    @staticmethod
    def _detail_html(row: EntryRow) -> str:
        e = html.escape
        head = " · ".join(filter(None, [
            f"<b>{e(row.villa_number)}</b>" if row.villa_number else "",
            f"<b>{e(row.caller_name)}</b>", e(row.contact_phone),
            channel_title(row.channel), class_title(row.entry_class),
            _("taken by {name} at {time}").format(name=e(row.taken_by_name),
                                                  time=fmt_datetime(row.occurred_at)),
        ]))
        lines = [head, e(row.content).replace("\n", "<br>")]
        extra = []
        if row.appointment_at:
            extra.append(_("Visit time: {time}").format(time=fmt_datetime(row.appointment_at)))
        if row.special_requirements:
            extra.append(_("Special needs: {text}").format(text=e(row.special_requirements)))
        if row.back_entered:
            extra.append(_("Back-entered at {time}").format(time=fmt_datetime(row.recorded_at)))
        status = status_text(row)
        if status:
            extra.append(e(status))
        if extra:
            lines.append("<span style='color:#555'>" + " · ".join(extra) + "</span>")
        return "<br>".join(lines)

    # --- actions --------------------------------------------------------------------------
    def request_work_order(self) -> None:
        row = self.current_entry()
        if row is not None and row.can_open_work_order:
            self.work_order_requested.emit(row.id)

    def request_complaint(self) -> None:
        row = self.current_entry()
        if row is not None and row.entry_class == EntryClass.COMPLAINT and not row.voided:
            self.complaint_requested.emit(row.id)

    def promise_current(self) -> None:
        row = self.current_entry()
        if row is not None:
            perform(self, lambda: promises.promise_answer(self.desk.uow, row.id))

    def answer_current(self) -> None:
        row = self.current_entry()
        if row is None or row.promise_id is None:
            return
        promise = perform(self, lambda: promises.promise_for_entry(self.desk.uow, row.id))
        if promise is not None:
            answer_promised(self, self.desk, promise)

    def void_current(self) -> None:
        row = self.current_entry()
        if row is None:
            return
        label = "\n".join([
            _("Why is this record void? It stays in the list, struck out."),
            f"{row.caller_name}: {row.content[:80]}",
        ])
        reason = TextPrompt.ask(self, _("Void record"), label)
        if reason is not None:
            perform(self, lambda: reception.void_entry(self.desk.uow, row.id, reason))

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if index.isValid():
            self.table.selectRow(index.row())
        if self.current_entry() is None:
            return
        menu = QMenu(self)
        for action in (self.open_work_order_action, self.open_complaint_action,
                       self.promise_action, self.answer_action):
            menu.addAction(action)
        if self.void_action.isVisible():
            menu.addSeparator()
            menu.addAction(self.void_action)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def open_review(self) -> None:
        if self.review_dialog is None:
            self.review_dialog = ReviewDialog(self.desk, self)
            self.review_dialog.day_chosen.connect(
                lambda day: self.filters.set_range(day, day))
        else:
            self.review_dialog.refresh()
        self.review_dialog.show()
        self.review_dialog.raise_()

    def show_overdue(self) -> None:
        self.wants_focus.emit()
        self.open_promises()

    def open_promises(self) -> None:
        if self.promises_dialog is None:
            self.promises_dialog = PromisesDialog(self.desk, self)
            self.promises_dialog.entry_chosen.connect(self.show_entry)
        else:
            self.promises_dialog.refresh()
        self.promises_dialog.show()
        self.promises_dialog.raise_()
