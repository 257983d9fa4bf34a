"""别墅: add a villa to the register, or correct one (number, zone, type, area, occupancy)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLineEdit, QWidget

from app.i18n import _
from app.models.households import Occupancy
from app.services import estate
from app.services.estate import VillaInput, VillaRow
from app.services.households import occupancy_title
from app.views.desk import Desk
from app.views.feedback import FieldErrors, perform
from app.views.widgets.buttons import form_with_save
from app.views.widgets.stale_dialog import reapply


class VillaDialog(QDialog):
    """``villa`` None adds a villa; ``saved_id`` holds the villa's id once saved."""

    def __init__(self, desk: Desk, villa: VillaRow | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.villa = villa
        self.saved_id: int | None = None
        self.setObjectName("villa_dialog")
        self.setWindowTitle(_("Edit villa {number}").format(number=villa.number) if villa
                            else _("New villa"))
        self.errors = FieldErrors()
        self.number = QLineEdit(objectName="number")
        self.number.setPlaceholderText(_("e.g. A-12"))
        self.zone = QLineEdit(objectName="zone")
        self.zone.setPlaceholderText(_("e.g. 湖畔区"))
        self.villa_type = QComboBox(objectName="villa_type")
        self.villa_type.setEditable(True)
        self.villa_type.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.villa_type.addItems(perform(self, lambda: estate.villa_type_suggestions(
            desk.uow)) or [])
        self.villa_type.setCurrentText("")
        self.area = QLineEdit(objectName="area")
        self.area.setPlaceholderText(_("Square metres, e.g. 320.5"))
        self.occupancy = QComboBox(objectName="occupancy")
        for value in Occupancy:
            self.occupancy.addItem(occupancy_title(value), value.value)
        self.note = QLineEdit(objectName="note")
        form = QFormLayout()
        for field, title, widget in (("number", _("Villa number"), self.number),
                                     ("zone", _("Zone"), self.zone),
                                     ("villa_type", _("Type"), self.villa_type),
                                     ("area", _("Area (m²)"), self.area),
                                     ("occupancy", _("Occupancy"), self.occupancy),
                                     ("note", _("Note"), self.note)):
            form.addRow(title, widget)
            self.errors.add(field, widget, form)
        form_with_save(self, form, self.save)
        if villa is not None:
            self._fill(villa)
        # What the form was opened with: the user's own edits are what differs from it.
        self._loaded = asdict(self.data())

    def _fill(self, villa: VillaRow) -> None:
        self.fill(VillaInput(
            number=villa.number, zone=villa.zone, villa_type=villa.villa_type,
            area="" if villa.area is None else f"{villa.area.normalize():f}",
            occupancy=villa.occupancy, note=villa.note))

    def fill(self, data: VillaInput) -> None:
        self.number.setText(data.number)
        self.zone.setText(data.zone)
        self.villa_type.setCurrentText(data.villa_type)
        self.area.setText(data.area)
        self.occupancy.setCurrentIndex(self.occupancy.findData(data.occupancy.value))
        self.note.setText(data.note)

    def data(self) -> VillaInput:
        return VillaInput(number=self.number.text(), zone=self.zone.text(),
                          villa_type=self.villa_type.currentText(), area=self.area.text(),
                          occupancy=Occupancy(self.occupancy.currentData()),
                          note=self.note.text())

    def save(self) -> int | None:
        data, uow = self.data(), self.desk.uow
        villa = self.villa
        if villa is None:
            saved = perform(self, lambda: estate.add_villa(uow, data), self.errors)
        else:
            saved = perform(self, lambda: estate.update_villa(
                uow, villa.id, data, expected_version=villa.version) or villa.id,
                self.errors, stale=self)
        if saved is not None:
            self.saved_id = saved
            self.accept()
        return saved

    # -- another desk saved first (see widgets/stale_dialog.py) ---------------------------
    def _reload(self) -> dict[str, Any] | None:
        assert self.villa is not None
        villa_id, uow = self.villa.id, self.desk.uow
        fresh = perform(self, lambda: estate.villa(uow, villa_id))
        if fresh is None:
            return None
        self.villa = fresh
        self._fill(fresh)
        self._loaded = asdict(self.data())
        return self._loaded

    def reload_and_reapply(self) -> None:
        loaded, mine = self._loaded, asdict(self.data())
        theirs = self._reload()
        if theirs is not None:
            self.fill(VillaInput(**reapply(loaded, mine, theirs)))

    def discard_changes(self) -> None:
        self._reload()

    @classmethod
    def ask(cls, parent: QWidget | None, desk: Desk, villa: VillaRow | None = None) -> int | None:
        dialog = cls(desk, villa, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.saved_id
