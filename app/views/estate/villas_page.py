"""别墅与住户: the villa list on the left, the chosen villa's households on the right."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services import estate, estate_lists
from app.services.estate import VillaRow
from app.services.estate_lists import VillaFilter
from app.services.permissions import Permission
from app.views.desk import Desk
from app.views.estate.household_panel import HouseholdPanel
from app.views.estate.models import VillasModel
from app.views.estate.prompts import ReasonDialog
from app.views.estate.villa_dialog import VillaDialog
from app.views.feedback import perform
from app.views.widgets.buttons import button_row
from app.views.widgets.paged_model import current_id, paged_table, refresh_keeping, select_id
from app.views.widgets.tables import fit_columns

#: Typing in the filter box reloads once the typing pauses.
FILTER_DELAY_MS = 250


class VillasPage(QWidget):
    def __init__(self, desk: Desk, may_edit: Callable[[], bool],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.may_edit = may_edit
        self.filter = QLineEdit(objectName="villa_filter")
        self.filter.setPlaceholderText(_("Filter: villa number, zone or name"))
        self.filter.setClearButtonEnabled(True)
        self.show_retired = QCheckBox(_("Show retired villas"), objectName="show_retired")
        self._typing = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._typing.timeout.connect(self.refresh)
        self.filter.textChanged.connect(lambda _t: self._typing.start())
        self.filter.returnPressed.connect(self.refresh)
        self.show_retired.toggled.connect(lambda _on: self.refresh())

        self.model = VillasModel(self)
        #: The filter and user the list was read for (another one reads from the top).
        self._listed: tuple[VillaFilter, object] | None = None
        self.table = paged_table(self.model, "villas")
        fit_columns(self.table, stretch=VillasModel.COL_OWNERS)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_current())
        self.table.doubleClicked.connect(lambda _i: self.edit_villa())

        self.add_button = QPushButton(_("New villa…"), objectName="add_villa")
        self.edit_button = QPushButton(_("Edit villa…"), objectName="edit_villa")
        self.retire_button = QPushButton(_("Retire villa…"), objectName="retire_villa")
        self.add_button.clicked.connect(self.add_villa)
        self.edit_button.clicked.connect(self.edit_villa)
        self.retire_button.clicked.connect(self.retire_or_reinstate)

        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        search = QHBoxLayout()
        search.addWidget(self.filter, 1)
        search.addWidget(self.show_retired)
        column.addLayout(search)
        column.addWidget(self.table, 1)
        column.addLayout(button_row(self.add_button, self.edit_button, self.retire_button))

        self.panel = HouseholdPanel(desk, may_edit)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([520, 820])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.setTabOrder(self.filter, self.show_retired)
        self.setTabOrder(self.show_retired, self.table)
        self.setTabOrder(self.table, self.add_button)

    # -- the list ------------------------------------------------------------------------
    def refresh(self, chosen: int | None = None) -> None:
        """Another filter (or user): the list from the top. The same one (a change here or
        at another desk): the rows read again, selection and scroll kept. ``chosen``: the
        villa to choose (read further down the list if it is not loaded yet)."""
        self._typing.stop()
        keep = chosen or self.current_id()
        uow = self.desk.uow
        flt = VillaFilter(self.filter.text(), self.show_retired.isChecked())
        if self._listed == (flt, self.desk.actor):
            refresh_keeping(self.table)
        else:
            self._listed = (flt, self.desk.actor)
            self.model.load(lambda sort, after, limit: perform(
                self, lambda: estate_lists.page_villas(uow, flt, sort, after, limit)))
        kept = keep is not None and self._choose(keep, scroll=chosen is not None)
        if not kept and self.model.rowCount():
            self.table.selectRow(0)
        self._show_current()

    def _choose(self, villa_id: int, scroll: bool = True) -> bool:
        """Choose a villa of the list, reading further pages until it is there (an estate
        has hundreds of villas: a page or two)."""
        while self.model.row_of(villa_id) < 0 and self.model.canFetchMore():
            self.model.fetchMore()
        return select_id(self.table, villa_id, scroll)

    def current_id(self) -> int | None:
        villa = self.current_villa()
        return villa.id if villa else None

    def current_villa(self) -> VillaRow | None:
        villa_id = current_id(self.table)
        row = self.model.row_of(villa_id) if villa_id is not None else -1
        return self.model.row_at(row) if row >= 0 else None

    def select_villa(self, villa_id: int) -> bool:
        """Bring a villa into the list whatever the filter, and choose it (the list read
        again first: it may have just been saved)."""
        self.refresh(villa_id)
        if self.model.row_of(villa_id) < 0:
            self.filter.blockSignals(True)
            self.filter.clear()
            self.filter.blockSignals(False)
            self.show_retired.blockSignals(True)
            self.show_retired.setChecked(True)
            self.show_retired.blockSignals(False)
            self.refresh(villa_id)
        if not self._choose(villa_id):
            return False
        self._show_current()
        return True

    def _show_current(self) -> None:
        villa = self.current_villa()
        self.panel.show_villa(villa)
        editable = self.may_edit()
        for button in (self.add_button, self.edit_button, self.retire_button):
            button.setVisible(editable)
        self.edit_button.setEnabled(villa is not None)
        # Bringing a retired villa back is the manager's call; retiring is the editors'.
        self.retire_button.setEnabled(villa is not None and (
            not villa.retired or self.desk.can(Permission.REINSTATE_VILLA)))
        self.retire_button.setText(_("Reinstate villa") if villa and villa.retired
                                   else _("Retire villa…"))

    # -- actions -------------------------------------------------------------------------
    def add_villa(self) -> int | None:
        if not self.may_edit():
            return None
        saved = VillaDialog.ask(self, self.desk)
        if saved is not None:
            self.select_villa(saved)
        return saved

    def edit_villa(self) -> int | None:
        villa = self.current_villa()
        if villa is None or not self.may_edit():
            return None
        saved = VillaDialog.ask(self, self.desk, villa)
        if saved is not None:
            self.select_villa(saved)
        return saved

    def retire_or_reinstate(self) -> bool:
        villa = self.current_villa()
        if villa is None or not self.may_edit():
            return False
        uow = self.desk.uow
        if villa.retired:
            done = perform(self, lambda: estate.reinstate_villa(uow, villa.id) or True)
        else:
            done = ReasonDialog.ask(
                self, _("Retire villa {number}").format(number=villa.number),
                _("A retired villa is kept with its households and records, shown only "
                  "when retired villas are listed, and can be reinstated."),
                lambda reason: estate.retire_villa(uow, villa.id, reason))
        if done:
            self.select_villa(villa.id)
        return bool(done)
