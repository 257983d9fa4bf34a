"""The Mail tab (邮件收发): scanner intake beside the register's list, and the households
with items waiting — whom to phone, the notices for the mailboxes, the pick-ups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.models.mail import MailState
from app.services import mail, mail_notices
from app.services.mail_queries import MailFilter, MailItemRow, list_mail, mail_item
from app.services.mail_titles import state_title
from app.services.permissions import Permission
from app.views.desk import Desk
from app.views.feedback import perform
from app.views.mail.collectors_dialog import CollectorsDialog
from app.views.mail.intake_form import MailIntakeForm
from app.views.mail.list_model import MailModel
from app.views.mail.pickup_dialog import PickupDialog
from app.views.mail.waiting import ReturnDialog, WaitingPanel
from app.views.print_preview import PrintPreviewDialog
from app.views.tab import DeskTab
from app.views.widgets.background import BackgroundJob
from app.views.widgets.dates import date_edit, from_qdate, to_qdate
from app.views.widgets.paged_model import current_id, paged_table, refresh_keeping, select_id
from app.views.widgets.pdf_job import render_then_show
from app.views.widgets.tables import fit_columns
from app.views.widgets.villa_picker import VillaPicker


class MailTab(DeskTab):
    watched_tables = frozenset({"mail_item", "mail_pickup", "mail_notification",
                                "mail_notice", "mail_collector", "mail_consent",
                                "site_setting"})

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self.setObjectName("mail_tab")
        self.preview: PrintPreviewDialog | None = None
        self._listed: tuple[object, ...] | None = None
        self._build()
        self.refresh()

    # -- building ------------------------------------------------------------------------
    def _build(self) -> None:
        self.register_action = QAction(_("Register mail"), self, objectName="mail_register_item")
        self.register_action.setShortcut(QKeySequence(Qt.Key.Key_F6))
        self.register_action.triggered.connect(lambda: self.intake.number.setFocus())
        self.addAction(self.register_action)

        self.intake = MailIntakeForm(self.desk)
        self.intake.saved.connect(self._saved)
        self.intake.setMinimumWidth(400)

        # Filters: a number or any part, the villa, a date range, the state.
        self.search = QLineEdit(objectName="mail_search")
        self.search.setPlaceholderText(_("Tracking number or any part of it"))
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.refresh)
        self.search.textChanged.connect(lambda t: not t and self.refresh())
        self.villa_filter = VillaPicker(self.desk)
        self.villa_filter.setObjectName("mail_villa_filter")
        self.villa_filter.villa_chosen.connect(lambda *_a: self.refresh())
        self.use_dates = QCheckBox(_("From"), objectName="mail_use_dates")
        today = to_qdate(self.desk.clock.now().date())
        self.date_from = date_edit(today.addDays(-30), "mail_date_from")
        self.date_to = date_edit(today, "mail_date_to")
        self.use_dates.toggled.connect(lambda _on: self.refresh())
        self.date_from.dateChanged.connect(lambda _d: self.use_dates.isChecked() and
                                           self.refresh())
        self.date_to.dateChanged.connect(lambda _d: self.use_dates.isChecked() and
                                         self.refresh())
        self.state_filter = QComboBox(objectName="mail_state_filter")
        self.state_filter.addItem(_("All states"), None)
        for state in MailState:
            self.state_filter.addItem(state_title(state), state)
        self.state_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.villa_filter, 1)
        filters.addWidget(self.use_dates)
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel(_("to")))
        filters.addWidget(self.date_to)
        filters.addWidget(self.state_filter)

        self.model = MailModel(self)
        self.table = paged_table(self.model, "mail_items")
        self.table.doubleClicked.connect(lambda _i: self.pick_up_current())
        m = MailModel
        fit_columns(self.table, stretch=m.COL_REMARKS, minimums={m.COL_REMARKS: 60},
                    keep_whole=(m.COL_RECEIVED, m.COL_NUMBER, m.COL_VILLA, m.COL_COUNT,
                                m.COL_STATE))
        tools = QHBoxLayout()
        self.pickup_button = QPushButton(_("Pick-up…"), objectName="mail_pickup")
        self.pickup_button.clicked.connect(self.pick_up_current)
        self.return_button = QPushButton(_("Return to sender…"), objectName="mail_return")
        self.return_button.clicked.connect(self.return_current)
        self.sheet_button = QPushButton(_("Day's register sheet…"),
                                        objectName="mail_register_sheet")
        self.sheet_button.clicked.connect(self.print_register_sheet)
        self.shelf_button = QPushButton(_("Move to shelf…"), objectName="mail_move_shelf")
        self.shelf_button.clicked.connect(self.move_current)
        self.label_button = QPushButton(_("Shelf label…"), objectName="mail_shelf_label")
        self.label_button.setToolTip(_("A 60×40 mm label with the villa and a QR code, for "
                                       "a label printer"))
        self.label_button.clicked.connect(self.print_label)
        self.collectors_button = QPushButton(_("Consent and collectors…"),
                                             objectName="mail_collectors")
        self.collectors_button.clicked.connect(self.collectors_of_current)
        self.count_label = QLabel(objectName="mail_count_label")
        for button in (self.pickup_button, self.shelf_button, self.return_button,
                       self.collectors_button, self.label_button, self.sheet_button):
            tools.addWidget(button)
        tools.addStretch(1)

        register = QWidget()
        register_layout = QVBoxLayout(register)
        register_layout.setContentsMargins(0, 0, 0, 0)
        register_layout.addLayout(filters)
        register_layout.addLayout(tools)
        register_layout.addWidget(self.table, 1)

        self.waiting = WaitingPanel(self.desk)
        self.waiting.pickup_requested.connect(self.pick_up_villa)
        self.waiting.notice_requested.connect(self.print_notice)
        self.waiting.batch_requested.connect(self.print_due_notices)
        self.waiting.collectors_requested.connect(self.open_collectors)

        self.pages = QTabWidget(objectName="mail_pages")
        self.pages.addTab(register, _("Register"))
        self.pages.addTab(self.waiting, _("Waiting households"))
        # Beside the page tabs, where a long count in English still has room; the tool row
        # is full of buttons at 1366 pixels.
        self.count_label.setContentsMargins(0, 0, 6, 0)
        self.pages.setCornerWidget(self.count_label, Qt.Corner.TopRightCorner)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(QLabel("<b>" + _("Register an item") + "</b>"))
        left_layout.addWidget(self.intake, 1)
        splitter.addWidget(left)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([420, 946])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        self.setFocusProxy(self.intake)

    # -- DeskTab -------------------------------------------------------------------------
    def title(self) -> str:
        return _("Mail")

    def main_action(self) -> QAction:
        return self.register_action

    def open_villa(self, villa_id: int) -> None:
        from app.services import households

        hit = perform(self, lambda: households.household_file(self.desk.uow, villa_id))
        if hit is not None:
            self.intake.set_villa(hit.villa_id, hit.number)
            self.villa_filter.set_villa(hit.villa_id, hit.number)

    def current_filter(self) -> MailFilter:
        state = self.state_filter.currentData()
        dates = self.use_dates.isChecked()
        return MailFilter(
            text=self.search.text().strip(), villa_id=self.villa_filter.villa_id() or None,
            received_from=from_qdate(self.date_from.date()) if dates else None,
            received_to=from_qdate(self.date_to.date()) if dates else None,
            states=frozenset({state}) if state is not None else frozenset())

    def refresh(self) -> None:
        flt = self.current_filter()
        uow = self.desk.uow
        if self._listed == (flt, self.desk.actor):
            refresh_keeping(self.table)
        else:
            self._listed = (flt, self.desk.actor)
            self.model.load(lambda sort, after, limit: perform(
                self, lambda: list_mail(uow, flt, sort, after, limit)))
        self.waiting.refresh()
        households = len(self.waiting.rows)
        items = sum(h.items for h in self.waiting.rows)
        self.count_label.setText(_("{items} items waiting for {households} households")
                                 .format(items=items, households=households))
        self.return_button.setVisible(self.desk.can(Permission.RETURN_MAIL))

    def _saved(self, row: MailItemRow) -> None:
        # The commit's change notice has already refreshed the list: select the new row.
        select_id(self.table, row.id)

    # -- the current item ----------------------------------------------------------------
    def current_row(self) -> MailItemRow | None:
        item_id = current_id(self.table)
        if not isinstance(item_id, int):
            return None
        return perform(self, lambda: mail_item(self.desk.uow, item_id))

    def select_item(self, item_id: int) -> bool:
        return select_id(self.table, item_id)

    def show_item(self, item_id: int, number: str) -> None:
        """Bring an item into the list whatever the filters were, and select it."""
        self.pages.setCurrentIndex(0)
        if self.select_item(item_id):
            return
        self.villa_filter.clear_villa()
        self.use_dates.setChecked(False)
        self.state_filter.setCurrentIndex(0)
        self.search.setText(number)
        self.refresh()
        self.select_item(item_id)

    def pick_up_current(self) -> None:
        row = self.current_row()
        if row is None or row.state != MailState.WAITING:
            return
        self.pick_up_villa(row.villa_id, row.villa_number, frozenset({row.id}))

    def pick_up_villa(self, villa_id: int, villa_number: str,
                      ticked: frozenset[int] = frozenset()) -> PickupDialog:
        dialog = PickupDialog(self.desk, villa_id, villa_number, ticked, self)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog

    def move_current(self, shelf: str | None = None) -> bool:
        """Another shelf for the current item (the version it was listed with is checked:
        another desk's change in between is shown, not overwritten)."""
        row = self.current_row()
        if row is None or row.state != MailState.WAITING:
            return False
        if shelf is None:
            shelf, ok = QInputDialog.getText(self, _("Move to shelf"), _(
                "New shelf for {number}:").format(number=row.number), text=row.shelf)
            if not ok:
                return False
        uow, chosen = self.desk.uow, shelf
        moved = perform(self, lambda: mail.edit_item(
            uow, row.id, row.version, shelf=chosen, remarks=row.remarks,
            addressee=row.addressee, count=row.count))
        self.refresh()
        return moved is not None

    def return_current(self) -> ReturnDialog | None:
        row = self.current_row()
        if row is None or row.state != MailState.WAITING:
            return None
        dialog = ReturnDialog(self.desk, row.id, row.version, row.number, self)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog

    def collectors_of_current(self) -> None:
        villa_id = self.villa_filter.villa_id() or self.intake.villa.villa_id()
        row = self.current_row()
        if row is not None:
            villa_id = row.villa_id
        if villa_id:
            self.open_collectors(villa_id)

    def open_collectors(self, villa_id: int) -> CollectorsDialog:
        dialog = CollectorsDialog(self.desk, villa_id, self)
        dialog.open()
        return dialog

    # -- printing ------------------------------------------------------------------------
    def _show_pdf(self, render: Callable[[], bytes], title: str, form: str,
                  paper: str) -> BackgroundJob:
        """Render off the GUI thread (a busy day's register sheet with its signatures takes
        a while) and open the preview when the PDF is ready; it is kept in ``preview``.
        The PDF is what the record says now: nothing to re-render on the dialog's options."""
        def show(pdf: bytes) -> None:
            self.preview = PrintPreviewDialog(pdf, title, form, self.desk.config, None, self,
                                              paper=paper, papers=(paper,))
            self.preview.open()

        return render_then_show(self, render, show)

    def print_notice(self, villa_id: int, villa_number: str) -> BackgroundJob | None:
        # The sheets' ReportLab layout is loaded when first printed, not at start-up.
        from app.services import mail_sheets
        from app.services.mail_sheets import NOTICE_FORM

        uow = self.desk.uow
        notice_id = perform(self, lambda: mail_sheets.notice_for_villa(uow, villa_id))
        if notice_id is None:
            return None
        self.refresh()
        return self._show_pdf(lambda: mail_sheets.notices_pdf(uow, (notice_id,)),
                              _("Mail notice for villa {villa}").format(villa=villa_number),
                              NOTICE_FORM, "A5")

    def print_due_notices(self) -> BackgroundJob | None:
        from app.services import mail_sheets
        from app.services.mail_sheets import NOTICE_FORM

        uow = self.desk.uow
        rule = perform(self, lambda: mail_notices.ageing_rule(uow))
        if rule is None:
            return None
        days, ok = QInputDialog.getInt(
            self, _("Notices due"), _("Households whose items have waited at least this "
                                      "many days:"), rule.notice_days, 0, 3650)
        if not ok:
            return None
        issued = perform(self, lambda: mail_notices.issue_due_notices(uow, days))
        self.refresh()
        if not issued:
            return None
        ids = tuple(n.notice_id for n in issued)
        return self._show_pdf(lambda: mail_sheets.notices_pdf(uow, ids),
                              _("{n} mail notices").format(n=len(issued)), NOTICE_FORM, "A5")

    def print_label(self) -> BackgroundJob | None:
        from app.services import mail_sheets
        from app.services.mail_sheets import LABEL_FORM

        row = self.current_row()
        if row is None:
            return None
        uow, item_id = self.desk.uow, row.id
        return self._show_pdf(lambda: mail_sheets.labels_pdf(uow, (item_id,)),
                              _("Shelf label {number}").format(number=row.number),
                              LABEL_FORM, "A5")

    def print_register_sheet(self, day: dt.date | None = None) -> BackgroundJob | None:
        from app.services import mail_sheets
        from app.services.mail_sheets import REGISTER_FORM

        if day is None:
            today = self.desk.clock.now().date()
            text, ok = QInputDialog.getText(self, _("Day's register sheet"),
                                            _("Day (YYYY-MM-DD):"), text=today.isoformat())
            if not ok:
                return None
            try:
                day = dt.date.fromisoformat(text.strip())
            except ValueError:
                from app.views.messages import Messages

                Messages.warn(self, _("Give the day as YYYY-MM-DD, e.g. 2026-11-24."))
                return None
        uow = self.desk.uow
        chosen = day
        return self._show_pdf(lambda: mail_sheets.register_sheet_pdf(uow, chosen),
                              _("Mail register of {day}").format(day=day.isoformat()),
                              REGISTER_FORM, "A4")

