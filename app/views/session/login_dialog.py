"""登录: 工号 + password. Also used to switch user at shift change and to unlock."""

from __future__ import annotations

import enum

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
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
from app.views.messages import Messages


class LockReason(enum.Enum):
    """Why the screen is locked; the lock dialog says so."""

    IDLE = "idle"    # no keyboard or mouse for the configured minutes
    USER = "user"    # 锁屏 (Ctrl+L)
    SHIFT = "shift"  # 切换用户 at shift change


class LoginDialog(QDialog):
    """Returns the signed-in Actor in ``self.actor`` when accepted.

    As a lock screen (``locked_actor`` given) it cannot be dismissed: its only ways out are
    a password, or 退出 after a confirmation (the PC must be shut down at the end of the
    day even when the person who locked it has gone home; quitting shows no records and
    the next start asks for a sign-in anyway). ``quit_asked`` tells the window to close.
    """

    quit_asked = Signal()

    def __init__(self, uow: UnitOfWork, site_name: str, parent: QWidget | None = None,
                 locked_actor: Actor | None = None,
                 lock_reason: LockReason = LockReason.USER, idle_minutes: int = 0) -> None:
        super().__init__(parent)
        self.uow = uow
        self.actor: Actor | None = None
        self._locked = locked_actor
        self.lock_reason = lock_reason if locked_actor is not None else None
        self.setObjectName("login_dialog")
        self.setWindowTitle(_("Sign in") if locked_actor is None
                            else _("Switch user") if lock_reason == LockReason.SHIFT
                            else _("Screen locked"))
        self.setMinimumWidth(380)

        heading = QLabel(site_name)
        heading.setObjectName("login_site")
        heading.setStyleSheet("font-size: 18px; font-weight: bold;")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = QLabel(_("Enter your agent number (工号) and password.") if locked_actor is None
                      else self._lock_text(locked_actor, lock_reason, idle_minutes),
                      objectName="login_hint")
        hint.setWordWrap(True)
        self.hint = hint
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
        if locked_actor is not None and lock_reason != LockReason.SHIFT:
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
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Quit…") if locked_actor is not None
                       else _("Quit") if parent is None else _("Cancel"))
        cancel.setObjectName("login_cancel")
        self.cancel_button = cancel
        buttons.accepted.connect(self.try_login)
        if locked_actor is not None:
            cancel.clicked.connect(self.ask_quit)
        else:
            buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addWidget(self.demo_hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        # The dialog grows when the error line appears, instead of squeezing the fields.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)

        self.agent_no.installEventFilter(self)
        (self.password if locked_actor and lock_reason != LockReason.SHIFT
         else self.agent_no).setFocus()

    @staticmethod
    def _lock_text(actor: Actor, reason: LockReason, idle_minutes: int) -> str:
        if reason == LockReason.IDLE:
            return _("Locked after {minutes} minutes without activity. {name}, enter your "
                     "password to continue, or another agent number to switch user.").format(
                minutes=idle_minutes, name=actor.label)
        if reason == LockReason.SHIFT:
            return _("Shift change: the next person signs in with their own agent number "
                     "and password. {name} can sign back in the same way.").format(
                name=actor.label)
        return _("Locked by {name}. Enter the password to continue, or another agent number "
                 "to switch user.").format(name=actor.label)

    def ask_quit(self) -> None:
        """The lock screen's way out without a password: quit the program, once confirmed."""
        if not Messages.confirm(self, _("Quit Villa Desk? Nothing is shown until someone "
                                        "signs in again.")):
            return
        self._locked = None  # let reject() close it
        self.reject()
        self.quit_asked.emit()

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
