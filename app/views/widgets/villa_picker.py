"""A line edit that finds a villa by number, owner name or phone tail (autocomplete)."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from app import validation
from app.i18n import _
from app.services import households
from app.services.households import VillaHit
from app.views.desk import Desk


class VillaPicker(QLineEdit):
    #: villa id and number when a villa is chosen; (0, "") when cleared.
    villa_chosen = Signal(int, str)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self._hits: dict[str, VillaHit] = {}
        self._villa_id = 0
        self._number = ""
        self.setPlaceholderText(_("Villa number, owner name or phone tail"))
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        # The service already chose the hits (``a12`` is A-12, ``12`` is villa 12 of every
        # zone, ``5678`` a phone tail): the popup shows them as they are. Filtering them
        # again by the typed text would hide A-12 from "a12", "A12" and "12".
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.activated[str].connect(self._choose_label)
        self.setCompleter(completer)
        self.textEdited.connect(self._search)
        self.editingFinished.connect(self._resolve_typed)

    def villa_id(self) -> int:
        return self._villa_id

    def villa_number(self) -> str:
        return self._number

    def set_villa(self, villa_id: int, number: str) -> None:
        self._villa_id, self._number = villa_id, number
        self.setText(number)
        self.villa_chosen.emit(villa_id, number)

    def clear_villa(self) -> None:
        self._villa_id, self._number = 0, ""
        self.clear()

    def _search(self, text: str) -> None:
        if self._villa_id and text != self._number:
            self._villa_id, self._number = 0, ""
        hits = households.search_villas(self.desk.uow, text) if len(text.strip()) >= 1 else []
        self._hits = {self._label(h): h for h in hits}
        self._model.setStringList(list(self._hits))

    @staticmethod
    def _label(hit: VillaHit) -> str:
        extra = f" · {hit.matched}" if hit.matched not in (hit.number, "") else ""
        return f"{hit.number}  {hit.owners}{extra}".strip()

    def _choose_label(self, label: str) -> None:
        hit = self._hits.get(label)
        if hit is not None:
            self.set_villa(hit.villa_id, hit.number)

    def _resolve_typed(self) -> None:
        text = self.text().strip()
        if not text:
            if self._villa_id:
                self._villa_id, self._number = 0, ""
                self.villa_chosen.emit(0, "")
            return
        if self._villa_id and text == self._number:
            return
        hits = households.search_villas(self.desk.uow, text)
        if len(hits) == 1:
            self.set_villa(hits[0].villa_id, hits[0].number)
        else:
            exact = [h for h in hits if h.number == validation.normalize_villa(text)]
            if exact:
                self.set_villa(exact[0].villa_id, exact[0].number)
