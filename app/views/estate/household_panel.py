"""The right side of the register: the chosen villa's household now, and who lived there before.

A household that moved out stays here, under 以前的住户, with its dates and people: the
file is kept for ever (一户一档), so a caller from years ago is still found.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, fmt_number
from app.services import estate
from app.services.estate import HouseholdRow, PersonDetail, VillaRow
from app.services.households import occupancy_title
from app.views.desk import Desk
from app.views.estate.models import HouseholdHistoryModel, PeopleModel, day
from app.views.estate.person_dialog import PersonDialog
from app.views.estate.prompts import DateDialog, ReasonDialog
from app.views.feedback import perform
from app.views.widgets.buttons import button_row
from app.views.widgets.rows_model import Index
from app.views.widgets.tables import configure_table, fit_columns


class HouseholdPanel(QWidget):
    """Shows one villa; ``may_edit`` says whether the signed-in user may change anything."""

    def __init__(self, desk: Desk, may_edit: Callable[[], bool],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.may_edit = may_edit
        self.villa: VillaRow | None = None
        self.current: HouseholdRow | None = None
        self.heading = QLabel(objectName="villa_heading")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)

        self.people_model = PeopleModel(self)
        self.people = QTableView(objectName="household_people")
        self.people.setModel(self.people_model)
        configure_table(self.people)
        fit_columns(self.people, stretch=PeopleModel.COL_EMERGENCY)
        self.people.selectionModel().currentRowChanged.connect(
            lambda *_a: self._update_buttons())
        self.people.doubleClicked.connect(lambda _i: self.edit_person())
        self.moved_in = QLabel(objectName="moved_in")

        self.start_button = QPushButton(_("Start a household…"), objectName="start_household")
        self.move_out_button = QPushButton(_("Move out…"), objectName="move_out")
        self.add_person_button = QPushButton(_("Add person…"), objectName="add_person")
        self.edit_person_button = QPushButton(_("Edit person…"), objectName="edit_person")
        self.retire_person_button = QPushButton(_("Remove from household…"),
                                                objectName="retire_person")
        self.retire_person_button.setToolTip(_("The person stays in the file's history."))
        self.start_button.clicked.connect(self.start_household)
        self.move_out_button.clicked.connect(self.move_out)
        self.add_person_button.clicked.connect(self.add_person)
        self.edit_person_button.clicked.connect(self.edit_person)
        self.retire_person_button.clicked.connect(self.retire_person)
        self.edit_buttons = (self.start_button, self.move_out_button, self.add_person_button,
                             self.edit_person_button, self.retire_person_button)

        current_box = QGroupBox(_("Current household"), objectName="current_household")
        current = QVBoxLayout(current_box)
        current.addWidget(self.moved_in)
        current.addWidget(self.people, 1)
        current.addLayout(button_row(self.add_person_button, self.edit_person_button,
                                     self.retire_person_button, self.start_button,
                                     self.move_out_button))

        self.history_model = HouseholdHistoryModel(self)
        self.history = QTableView(objectName="former_households")
        self.history.setModel(self.history_model)
        configure_table(self.history)
        fit_columns(self.history, stretch=HouseholdHistoryModel.COL_PEOPLE)
        former_box = QGroupBox(_("Former households"), objectName="former_box")
        former = QVBoxLayout(former_box)
        former.addWidget(self.history)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(current_box, 3)
        layout.addWidget(former_box, 2)
        self.show_villa(None)

    # -- showing -------------------------------------------------------------------------
    def show_villa(self, villa: VillaRow | None) -> None:
        keep = self.current_person()
        self.villa = villa
        households: list[HouseholdRow] = []
        if villa is not None:
            households = perform(self, lambda: estate.households_of(self.desk.uow,
                                                                    villa.id)) or []
        self.current = next((h for h in households if not h.former), None)
        former = [h for h in households if h.former]
        self.people_model.set_rows(self.current.people if self.current else ())
        self.history_model.set_rows(former)
        self.heading.setText(self._heading(villa))
        if self.current is None:
            self.moved_in.setText(_("Nobody lives here now.") if villa else "")
        else:
            self.moved_in.setText(_("Moved in {day}").format(day=day(self.current.moved_in_on))
                                  if self.current.moved_in_on else _("Moved in: unknown"))
        if keep is not None and (position := self.people_model.row_of(keep.id)) >= 0:
            self.people.selectRow(position)
        elif self.people_model.rowCount():
            self.people.selectRow(0)
        self._update_buttons()

    @staticmethod
    def _heading(villa: VillaRow | None) -> str:
        if villa is None:
            return _("Choose a villa on the left.")
        facts = [villa.zone, villa.villa_type,
                 _("{area} m²").format(area=fmt_number(villa.area)) if villa.area else "",
                 occupancy_title(villa.occupancy)]
        text = f"<b style='font-size: 15px'>{villa.number}</b>&nbsp;&nbsp;" + " · ".join(
            f for f in facts if f)
        if villa.retired:
            text += "&nbsp;&nbsp;<span style='color:#b71c1c'>{}</span>".format(
                _("Retired on {day}").format(day=day(villa.retired_on)))
        return text

    def current_person(self) -> PersonDetail | None:
        return self.people_model.row_for(self.people.currentIndex())

    def _update_buttons(self, _current: Index = QModelIndex()) -> None:  # noqa: B008
        editable = self.may_edit()
        for button in self.edit_buttons:
            button.setVisible(editable)
        live = self.villa is not None and not self.villa.retired
        has_household = self.current is not None
        self.start_button.setEnabled(live and not has_household)
        self.move_out_button.setEnabled(has_household)
        self.add_person_button.setEnabled(live and has_household)
        person = self.current_person()
        self.edit_person_button.setEnabled(person is not None and person.active)
        self.retire_person_button.setEnabled(person is not None and person.active)

    # -- actions -------------------------------------------------------------------------
    def start_household(self) -> bool:
        villa = self.villa
        if villa is None or not self.may_edit():
            return False
        uow = self.desk.uow
        return DateDialog(
            _("New household in {number}").format(number=villa.number),
            _("A new owner or tenant moves in. Add the people next."),
            _("Moved in on"), "moved_in_on", self.desk.clock.now().date(),
            lambda when: estate.start_household(uow, villa.id, when), optional=True,
            parent=self).exec() == DateDialog.DialogCode.Accepted

    def move_out(self) -> bool:
        household, villa = self.current, self.villa
        if household is None or villa is None or not self.may_edit():
            return False
        uow = self.desk.uow

        def run(when: object) -> None:
            assert when is not None  # the move-out date is required: no check box
            estate.move_out(uow, household.id, when)  # type: ignore[arg-type]

        return DateDialog(
            _("Move out of {number}").format(number=villa.number),
            _("The household is kept as a former household, with its people and history, "
              "and stays searchable."),
            _("Moved out on"), "moved_out_on", self.desk.clock.now().date(), run,
            optional=False, parent=self).exec() == DateDialog.DialogCode.Accepted

    def add_person(self) -> int | None:
        if self.current is None or not self.may_edit():
            return None
        return PersonDialog.ask(self, self.desk, self.current.id)

    def edit_person(self) -> int | None:
        person = self.current_person()
        if person is None or not self.may_edit():
            return None
        return PersonDialog.ask(self, self.desk, person.household_id, person.id)

    def retire_person(self) -> bool:
        person = self.current_person()
        if person is None or not self.may_edit():
            return False
        uow = self.desk.uow
        return ReasonDialog.ask(
            self, _("Remove {name} from the household").format(name=person.name),
            _("{name} is no longer listed with this household; the record stays in the "
              "history.").format(name=person.name),
            lambda reason: estate.retire_person(uow, person.id, reason))
