"""The first-run wizard's last page: the site exists, now bring in its villas and people.

A new site's first job is its register, so the wizard offers the Excel import straight
after the manager's account is made; the Estate tab keeps the same import for later.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.i18n import _
from app.services import auth
from app.services.uow import UnitOfWork
from app.views.estate.import_dialog import ImportDialog
from app.views.feedback import perform


class ImportOfferPage(QWidget):
    """"Import villas and people from Excel now?" — the import runs as the new manager."""

    #: the user is done here (imported, or will do it later): the wizard may close
    done = Signal()

    def __init__(self, uow: UnitOfWork, agent_no: str, password: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_offer")
        self.uow = uow
        self.dialog: ImportDialog | None = None
        # Signing in once, here, makes the import the manager's in the audit log.
        self._manager = perform(self, lambda: auth.login(uow, agent_no, password))
        heading = QLabel(_("Your site is set up"), objectName="import_offer_heading")
        heading.setStyleSheet("font-size: 20px; font-weight: bold; margin: 8px 0;")
        text = QLabel(_("Import your villas and the people living in them from Excel now? "
                        "Save the template, fill it in from your own lists, and import it. "
                        "You can also do it later from the Estate register tab."))
        text.setWordWrap(True)
        self.import_button = QPushButton(_("Import villas and people from Excel…"),
                                         objectName="offer_import")
        self.later_button = QPushButton(_("Later — start Villa Desk"),
                                        objectName="import_later")
        for button in (self.import_button, self.later_button):
            button.setMinimumHeight(44)
            button.setAutoDefault(False)
        self.import_button.setEnabled(self._manager is not None)
        self.import_button.clicked.connect(self.open_import)
        self.later_button.clicked.connect(self.done)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.later_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(text)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addStretch()

    def open_import(self) -> ImportDialog | None:
        if self._manager is None:
            return None
        self.dialog = ImportDialog(self.uow.as_actor(self._manager), self)
        self.dialog.finished.connect(self._import_closed)
        self.dialog.open()
        return self.dialog

    def _import_closed(self) -> None:
        # Imported: the next step is signing in; nothing imported: the offer stays.
        if self.dialog is not None and self.dialog.imported is not None:
            self.later_button.setText(_("Start Villa Desk"))
            self.later_button.setFocus()
