"""首次使用: set up the site and its first manager, or load the demo resort."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services import site
from app.services.errors import ValidationFailed
from app.services.uow import UnitOfWork
from app.views.feedback import FieldErrors, perform, show_failure
from app.views.session.demo_accounts import accounts_text
from app.views.widgets.background import BackgroundJob, Report

log = logging.getLogger(__name__)

CHOICE_PAGE, SETUP_PAGE, DEMO_PAGE, READY_PAGE = range(4)


def _demo_work(url: str, uow: UnitOfWork, villas: int,
               years: float) -> Callable[[Report], object]:
    """The demo, built on its own engine in the job's thread (connections stay per thread)."""

    def work(report: Report) -> object:
        from app.bootstrap import open_database
        from app.demo.build import build_demo

        opened = open_database(url, clock=uow.clock)
        try:
            return build_demo(opened.uow, villas=villas, years=years, progress=report)
        finally:
            opened.engine.dispose()

    return work


class FirstRunDialog(QDialog):
    """Accepted once the database has a site and a manager (typed in, or the demo's)."""

    def __init__(self, uow: UnitOfWork, database_url: str, parent: QWidget | None = None,
                 demo_years: float = 3.0, demo_villas: int = 240) -> None:
        super().__init__(parent)
        self.uow = uow
        self.database_url = database_url
        self.demo_years = demo_years
        self.demo_villas = demo_villas
        self.used_demo = False
        self.job: BackgroundJob | None = None
        self.setObjectName("first_run")
        self.setWindowTitle(_("Welcome to Villa Desk"))
        self.setMinimumWidth(520)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._choice_page())
        self.pages.addWidget(self._setup_page())
        self.pages.addWidget(self._demo_page())
        self.pages.addWidget(self._ready_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

    def _choice_page(self) -> QWidget:
        page = QWidget()
        heading = QLabel(_("Welcome to Villa Desk"), objectName="first_run_heading")
        heading.setStyleSheet("font-size: 20px; font-weight: bold; margin: 8px 0;")
        intro = QLabel(_("This database is empty. Set up your clubhouse, or try the program "
                         "with a demo resort (240 villas and three years of history)."))
        intro.setWordWrap(True)
        self.choice_note = QLabel(objectName="choice_note")
        self.choice_note.setWordWrap(True)
        self.choice_note.hide()
        self.setup_button = QPushButton(_("Set up my site"), objectName="choose_setup")
        self.demo_button = QPushButton(_("Load demo data"), objectName="choose_demo")
        self.setup_button.clicked.connect(lambda: self.pages.setCurrentIndex(1))
        self.demo_button.clicked.connect(self.start_demo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.setup_button)
        buttons.addWidget(self.demo_button)
        for button in (self.setup_button, self.demo_button):
            button.setMinimumHeight(44)
        layout = QVBoxLayout(page)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addWidget(self.choice_note)
        layout.addStretch()
        return page

    def _setup_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout()
        self.errors = FieldErrors()
        self.site_name = QLineEdit(objectName="site_name")
        self.site_phone = QLineEdit(objectName="site_phone")
        self.site_address = QLineEdit(objectName="site_address")
        self.agent_no = QLineEdit("001", objectName="agent_no")
        self.manager_name = QLineEdit(objectName="manager_name")
        self.password = QLineEdit(objectName="password")
        self.password2 = QLineEdit(objectName="password2")
        for edit in (self.password, self.password2):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        rows = (
            ("site_name", _("Clubhouse name"), self.site_name),
            ("site_phone", _("Service phone"), self.site_phone),
            ("site_address", _("Address"), self.site_address),
            ("agent_no", _("Manager's agent number"), self.agent_no),
            ("name", _("Manager's name"), self.manager_name),
            ("password", _("Password"), self.password),
            ("password2", _("Password again"), self.password2),
        )
        for name, title, widget in rows:
            form.addRow(title, widget)
            self.errors.add(name, widget, form)
            widget.returnPressed.connect(self.focusNextChild)
        save = QPushButton(_("Create site"), objectName="create_site")
        save.setDefault(False)
        save.setAutoDefault(False)
        save.clicked.connect(self.create_site)
        back = QPushButton(_("Back"))
        back.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch()
        buttons.addWidget(save)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(_("Your clubhouse, printed at the top of every form:")))
        layout.addLayout(form)
        layout.addLayout(buttons)
        return page

    def _demo_page(self) -> QWidget:
        page = QWidget()
        heading = QLabel(_("Building the demo resort"))
        heading.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.demo_status = QLabel(_("Starting…"), objectName="demo_status")
        self.demo_status.setWordWrap(True)
        self.demo_bar = QProgressBar(objectName="demo_bar")
        self.demo_bar.setRange(0, 100)
        self.demo_bar.setValue(0)
        self.demo_bar.setFormat("%p%")
        self.demo_cancel = QPushButton(_("Cancel"), objectName="demo_cancel")
        self.demo_cancel.setToolTip(_("Stop building; nothing of the demo is kept."))
        self.demo_cancel.clicked.connect(self.cancel_demo)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.demo_cancel)
        layout = QVBoxLayout(page)
        layout.addWidget(heading)
        layout.addWidget(self.demo_status)
        layout.addWidget(self.demo_bar)
        layout.addWidget(QLabel(_("You can keep using this computer; this takes a minute "
                                  "or two for three years of history.")))
        layout.addStretch()
        layout.addLayout(buttons)
        return page

    def _ready_page(self) -> QWidget:
        page = QWidget()
        heading = QLabel(_("The demo resort is ready"))
        heading.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.demo_accounts = QLabel(objectName="demo_accounts")
        self.demo_accounts.setWordWrap(True)
        self.demo_accounts.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        go = QPushButton(_("Continue to sign in"), objectName="demo_continue")
        go.setDefault(True)
        go.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(go)
        layout = QVBoxLayout(page)
        layout.addWidget(heading)
        layout.addWidget(self.demo_accounts)
        layout.addStretch()
        layout.addLayout(buttons)
        return page

    def create_site(self) -> None:
        def action() -> None:
            if self.password.text() != self.password2.text():
                raise ValidationFailed({"password2": _("The two passwords differ.")})
            site.set_up(self.uow,
                        site.SiteInfo(self.site_name.text(), self.site_phone.text(),
                                      self.site_address.text()),
                        self.agent_no.text(), self.manager_name.text(), self.password.text())

        if perform(self, action, self.errors) is None and not site.is_set_up(self.uow):
            return
        # A new site's first job is its register: offer the Excel import before closing.
        from app.views.estate.first_import import ImportOfferPage

        self.import_offer = ImportOfferPage(self.uow, self.agent_no.text(),
                                            self.password.text())
        self.import_offer.done.connect(self.accept)
        self.pages.addWidget(self.import_offer)
        self.pages.setCurrentWidget(self.import_offer)

    def start_demo(self) -> None:
        if self.job is not None:
            return
        self.choice_note.hide()
        self.demo_status.setText(_("Starting…"))
        self.demo_bar.setValue(0)
        self.demo_cancel.setEnabled(True)
        self.pages.setCurrentIndex(DEMO_PAGE)
        job = BackgroundJob(_demo_work(self.database_url, self.uow, self.demo_villas,
                                       self.demo_years), self)
        job.progressed.connect(self._demo_progressed)
        job.succeeded.connect(self._demo_built)
        job.cancelled.connect(self._demo_cancelled)
        job.failed.connect(self._demo_failed)
        job.finished.connect(self._demo_finished)
        self.job = job
        job.start()

    def cancel_demo(self) -> None:
        if self.job is None:
            return
        self.job.cancel()
        self.demo_cancel.setEnabled(False)
        self.demo_status.setText(_("Cancelling… the demo's records are being removed."))

    def _demo_progressed(self, step: str, done: int, total: int) -> None:
        if self.job is not None and self.job.is_cancelling():
            return
        self.demo_status.setText(step)
        self.demo_bar.setValue(done * 100 // max(total, 1))

    def _demo_built(self, _summary: object) -> None:
        from app.demo.build import demo_accounts

        self.used_demo = True
        self.demo_bar.setValue(100)
        self.demo_accounts.setText(accounts_text(demo_accounts(self.uow)))
        self.pages.setCurrentIndex(READY_PAGE)

    def _demo_cancelled(self) -> None:
        self._back_to_choice(_("The demo was cancelled and nothing of it was kept. "
                               "Choose again when you are ready."))

    def _demo_failed(self, exc: object) -> None:
        self._back_to_choice(_("The demo could not be built; nothing of it was kept."))
        if isinstance(exc, BaseException):
            show_failure(self, exc)

    def _back_to_choice(self, note: str) -> None:
        self.choice_note.setText(note)
        self.choice_note.show()
        self.pages.setCurrentIndex(CHOICE_PAGE)

    def _demo_finished(self) -> None:
        job, self.job = self.job, None
        if job is not None:
            job.deleteLater()
        if self._close_when_stopped:
            super().reject()

    _close_when_stopped = False

    def reject(self) -> None:
        # Closing while the demo is built: stop it first and close once its thread has
        # ended, so the program never exits under a running thread.
        if self.job is not None:
            self._close_when_stopped = True
            self.cancel_demo()
            return
        if site.is_set_up(self.uow):
            # The site exists (the import offer is showing): Esc or closing means "later",
            # not "quit" — the desk goes on to sign-in.
            self.accept()
            return
        super().reject()
