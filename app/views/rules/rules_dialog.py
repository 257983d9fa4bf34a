"""时限与节假日: deadline rules on one page, the holiday calendar on the other."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget

from app.i18n import _
from app.views.desk import Desk
from app.views.rules.deadlines_page import DeadlinesPage
from app.views.rules.holidays_page import HolidaysPage
from app.views.rules.short_numbers_page import ShortNumbersPage


class RulesDialog(QDialog):
    #: Deadlines or the calendar changed: lists and the greeting should look again.
    changed = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rules_dialog")
        self.setWindowTitle(_("Site rules"))
        self.resize(760, 600)
        self.deadlines = DeadlinesPage(desk)
        self.holidays = HolidaysPage(desk)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.deadlines, _("Deadlines"))
        self.tabs.addTab(self.holidays, _("Holiday calendar"))
        self.short_numbers = ShortNumbersPage(desk)
        self.tabs.addTab(self.short_numbers, _("Short numbers"))
        self.deadlines.changed.connect(self.changed)
        self.holidays.changed.connect(self.changed)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(close)

    def show_holidays(self, year: int) -> None:
        self.tabs.setCurrentWidget(self.holidays)
        self.holidays.year.setValue(year)
