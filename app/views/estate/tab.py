"""The Estate tab (住户档案): villas and households, the staff roster, Excel in and out.

Supervisors and managers keep the register; receptionists read it (the services mask the
phones and ID numbers they may not see, and the edit buttons are hidden from them).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget

from app.i18n import _
from app.services import estate_excel
from app.services.permissions import Permission
from app.views.desk import Desk
from app.views.estate.files import ExcelFiles
from app.views.estate.import_dialog import ImportDialog
from app.views.estate.roster_page import RosterPage
from app.views.estate.villas_page import VillasPage
from app.views.feedback import show_failure
from app.views.messages import Messages
from app.views.tab import DeskTab
from app.views.widgets.background import BackgroundJob

#: Who keeps the register; the services check the same permission.
EDIT_PERMISSION = Permission.MANAGE_ESTATE


def may_edit_estate(desk: Desk) -> bool:
    return desk.can(EDIT_PERMISSION)


class EstateTab(DeskTab):
    watched_tables = frozenset({"villa", "household", "person", "roster_member"})

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self.setObjectName("estate_tab")
        self.import_dialog: ImportDialog | None = None
        self.export_job: BackgroundJob | None = None
        self.import_button = QPushButton(_("Import from Excel…"), objectName="import_estate")
        self.export_button = QPushButton(_("Export to Excel…"), objectName="export_estate")
        self.export_button.setToolTip(_("Phones and ID numbers are masked unless you may "
                                        "see them."))
        self.import_button.clicked.connect(self.open_import)
        self.export_button.clicked.connect(self.export)
        tools = QHBoxLayout()
        tools.addStretch(1)
        tools.addWidget(self.import_button)
        tools.addWidget(self.export_button)

        editable = lambda: may_edit_estate(self.desk)  # noqa: E731 - read at each use
        self.villas = VillasPage(desk, editable)
        self.roster = RosterPage(desk, editable)
        self.pages = QTabWidget(objectName="estate_pages")
        self.pages.addTab(self.villas, _("Villas and households"))
        self.pages.addTab(self.roster, _("Staff roster"))
        self.pages.currentChanged.connect(lambda _i: self.refresh())
        self.pages.setCornerWidget(self._corner(tools), Qt.Corner.TopRightCorner)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.refresh()

    @staticmethod
    def _corner(tools: QHBoxLayout) -> QWidget:
        corner = QWidget()
        tools.setContentsMargins(0, 0, 4, 2)
        corner.setLayout(tools)
        return corner

    # -- DeskTab -------------------------------------------------------------------------
    def title(self) -> str:
        return _("Estate register")

    def refresh(self) -> None:
        self.import_button.setVisible(may_edit_estate(self.desk))
        if self.pages.currentWidget() is self.roster:
            self.roster.refresh()
        else:
            self.villas.refresh()

    def open_villa(self, villa_id: int) -> None:
        self.pages.setCurrentWidget(self.villas)
        self.villas.select_villa(villa_id)

    # -- Excel ---------------------------------------------------------------------------
    def open_import(self) -> ImportDialog | None:
        if not may_edit_estate(self.desk):
            return None
        self.import_dialog = ImportDialog(self.desk.uow, self)
        self.import_dialog.open()
        return self.import_dialog

    def export(self) -> BackgroundJob | None:
        if self.export_job is not None:
            return None
        today = self.desk.clock.now().date()
        path = ExcelFiles.save_path(self, _("Export the estate register"),
                                    _("Estate register {day}.xlsx").format(
                                        day=today.isoformat()))
        if path is None:
            return None
        uow = self.desk.uow
        job = BackgroundJob(lambda _report: estate_excel.export_estate(uow, path), self)
        job.succeeded.connect(lambda count: self._exported(path, count))
        job.failed.connect(lambda error: show_failure(self, error))
        job.finished.connect(self._export_finished)
        self.export_job = job
        self.export_button.setEnabled(False)
        job.start()
        return job

    def _exported(self, path: Path, count: object) -> None:
        Messages.info(self, _("The estate register was exported to {path} ({count} rows of "
                              "villas and people).").format(count=count, path=path))

    def _export_finished(self) -> None:
        self.export_job = None
        self.export_button.setEnabled(True)
