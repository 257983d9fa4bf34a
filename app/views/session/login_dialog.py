"""登录: 工号 + password. Also used to switch user at shift change and to unlock."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services import auth
from app.services.actor import Actor
from app.services.errors import ServiceError
from app.services.uow import UnitOfWork
from app.views.feedback import ERROR_STYLE


class LoginDialog(QDialog):
    """Returns the signed-in Actor in ``self.actor`` when accepted."""

    def __init__(self, uow: UnitOfWork, site_name: str, parent: QWidget | None = None,
                 locked_actor: Actor | None = None) -> None:
        super().__init__(parent)
        self.uow = uow
        self.actor: Actor | None = None
        self._locked = locked_actor
        self.setObjectName("login_dialog")
        self.setWindowTitle(_("Sign in") if locked_actor is None else _("Screen locked"))
        self.setMinimumWidth(380)

        heading = QLabel(site_name)
        heading.setObjectName("login_site")
        heading.setStyleSheet("font-size: 18px; font-weight: bold;")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = QLabel(
            _("Enter your agent number (工号) and password.") if locked_actor is None
            else _("Locked after inactivity. {name}, enter your password to continue, or "
                   "another agent number to switch user.").format(name=locked_actor.label)
        )
        hint.setWordWrap(True)
        # On the demo's database, say which demo accounts exist (a restart forgets the
        # first-run page that showed them).
        from app.demo.build import demo_accounts
        from app.views.session.demo_accounts import accounts_text

        accounts = demo_accounts(uow) if locked_actor is None else []
        self.demo_hint = QLabel(accounts_text(accounts) if accounts else "",
                                objectName="login_demo_accounts")
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setVisible(bool(accounts))

        self.agent_no = QLineEdit(objectName="login_agent_no")
        self.agent_no.setMaxLength(10)
        self.password = QLineEdit(objectName="login_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        if locked_actor is not None:
            self.agent_no.setText(locked_actor.agent_no)
        self.error = QLabel(objectName="login_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        form.addRow(_("Agent number"), self.agent_no)
        form.addRow(_("Password"), self.password)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Sign in"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            _("Quit") if locked_actor is None and parent is None else _("Cancel"))
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addWidget(self.demo_hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self.agent_no.installEventFilter(self)
        (self.password if locked_actor else self.agent_no).setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter after the agent number moves on to the password instead of signing in.
        if (watched is self.agent_no and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.password.setFocus()
            return True
        return super().eventFilter(watched, event)

    def try_login(self) -> None:
        try:
            self.actor = auth.login(self.uow, self.agent_no.text(), self.password.text())
        except ServiceError as exc:
            self.error.setText(exc.message)
            self.error.show()
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()

    def reject(self) -> None:
        # A locked screen cannot be dismissed without a password.
        if self._locked is not None:
            return
        super().reject()
