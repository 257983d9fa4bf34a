"""首次使用: set up the site and its first manager, or load the demo resort."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, QThread, Signal
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
from app.views.feedback import FieldErrors, perform

log = logging.getLogger(__name__)


class _DemoWorker(QObject):
    """Builds the demo on its own engine in a worker thread, so the window stays alive."""

    finished = Signal(bool)
    step = Signal(str)

    def __init__(self, url: str, years: float) -> None:
        super().__init__()
        self.url, self.years = url, years

    def run(self) -> None:
        from app.bootstrap import open_database
        from app.demo.build import build_demo

        try:
            opened = open_database(self.url)
            try:
                build_demo(opened.uow, years=self.years, progress=self.step.emit)
            finally:
                opened.engine.dispose()
        except Exception:
            log.exception("Building demo data failed")
            self.finished.emit(False)
            return
        self.finished.emit(True)


class FirstRunDialog(QDialog):
    """Accepted once the database has a site and a manager (typed in, or the demo's)."""

    def __init__(self, uow: UnitOfWork, database_url: str, parent: QWidget | None = None,
                 demo_years: float = 3.0) -> None:
        super().__init__(parent)
        self.uow = uow
        self.database_url = database_url
        self.demo_years = demo_years
        self.used_demo = False
        self.setObjectName("first_run")
        self.setWindowTitle(_("Welcome to Villa Desk"))
        self.setMinimumWidth(520)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._choice_page())
        self.pages.addWidget(self._setup_page())
        self.pages.addWidget(self._demo_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self._thread: QThread | None = None

    def _choice_page(self) -> QWidget:
        page = QWidget()
        heading = QLabel(_("Welcome to Villa Desk"), objectName="first_run_heading")
        heading.setStyleSheet("font-size: 20px; font-weight: bold; margin: 8px 0;")
        intro = QLabel(_("This database is empty. Set up your clubhouse, or try the program "
                         "with a demo resort (240 villas and three years of history)."))
        intro.setWordWrap(True)
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
        self.demo_status = QLabel(_("Building the demo resort…"), objectName="demo_status")
        self.demo_status.setWordWrap(True)
        bar = QProgressBar()
        bar.setRange(0, 0)
        layout = QVBoxLayout(page)
        layout.addWidget(self.demo_status)
        layout.addWidget(bar)
        layout.addStretch()
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
        self.accept()

    def start_demo(self) -> None:
        self.pages.setCurrentIndex(2)
        steps = {"villas": _("Creating villas and households…"),
                 "reception": _("Writing years of call records…"),
                 "work_orders": _("Writing years of work orders…")}
        worker = _DemoWorker(self.database_url, self.demo_years)
        thread = QThread(self)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.step.connect(lambda key: self.demo_status.setText(steps.get(key, key)),
                            Qt.ConnectionType.QueuedConnection)
        worker.finished.connect(self._demo_done, Qt.ConnectionType.QueuedConnection)
        worker.finished.connect(thread.quit)
        self._worker, self._thread = worker, thread
        thread.start()

    def _demo_done(self, ok: bool) -> None:
        if self._thread is not None:
            self._thread.wait()
        if not ok:
            from app.views.feedback import apology
            from app.views.messages import Messages

            Messages.warn(self, apology())
            self.pages.setCurrentIndex(0)
            return
        from app.demo.resort import DEMO_PASSWORD, DEMO_STAFF

        self.used_demo = True
        accounts = "\n".join(f"{no}  {name}" for no, name, _role in DEMO_STAFF)
        from app.views.messages import Messages

        Messages.info(self, _("The demo resort is ready. Sign in with one of these agent "
                              "numbers; every password is {password}.\n\n{accounts}")
                      .format(password=DEMO_PASSWORD, accounts=accounts))
        self.accept()
