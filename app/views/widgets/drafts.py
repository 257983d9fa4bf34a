"""Keeping what is typed: a form's unsaved input as its typist's draft (草稿).

A form that must not lose typing gets a ``DraftKeeper`` and provides three methods:

- ``draft_payload() -> dict`` — its fields as plain JSON values;
- ``restore_draft(payload)`` — put such a dict back into its fields;
- ``set_aside()`` — forget the typing without asking (it has been kept as a draft): a form
  that stays on screen starts a blank record, a dialog closes.

The keeper compares the payload with how the form looked when it was last fresh (blank, or
just filled from a record), so "something was typed" means the same for a blank call record
and for an existing work order being edited. It saves the draft a moment after typing stops
and whenever focus leaves the form, so a crash loses at most that moment; it offers the
draft back when the form is next shown to the same person; and when another person signs
in at this desk it puts the typing away under the one who typed it. Questions go through
``Messages`` so tests can answer them.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Protocol, cast

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QDoubleSpinBox,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
    QWidget,
)

from app.i18n import N_, _, fmt_datetime, fmt_time
from app.services import drafts
from app.services.actor import Actor
from app.services.uow import UnitOfWork
from app.views.desk import Desk
from app.views.messages import Messages

log = logging.getLogger(__name__)

#: Typing is kept this long after the last keystroke.
AUTOSAVE_MS = 1500


class DraftForm(Protocol):
    def draft_payload(self) -> dict[str, Any]: ...

    def restore_draft(self, payload: dict[str, Any]) -> None: ...

    def set_aside(self) -> None: ...


class DraftKeeper(QObject):
    """Keeps ``form``'s typing under ``key`` (e.g. ``reception.entry``) for the person who
    typed it. ``what`` names the record in questions ("call record", "work order")."""

    def __init__(self, desk: Desk, form: QWidget, key: str, what: str) -> None:
        super().__init__(form)
        self.setObjectName(f"drafts:{key}")
        self.desk = desk
        self.key = key
        self.what = what
        self._form = form
        self._fields = cast(DraftForm, form)
        self._owner: Actor = desk.actor
        self._fresh: dict[str, Any] = {}
        self._stored: dict[str, Any] | None = None  # what this keeper last wrote
        self._offer_pending = True
        self._timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self._timer.timeout.connect(self.keep)
        self._watch(form)
        form.installEventFilter(self)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        desk.actor_changed.connect(self._actor_changed)
        self.settle()

    # --- the form's state -----------------------------------------------------------------
    def _payload(self) -> dict[str, Any]:
        return self._fields.draft_payload()

    def settle(self) -> None:
        """The form is fresh (blank, or just filled from a record): nothing is typed."""
        self._timer.stop()
        self._fresh = self._payload()

    def has_typed(self) -> bool:
        return self._payload() != self._fresh

    def is_open(self) -> bool:
        """A form in a tab is always there to come back to; a dialog while it is shown."""
        return not self._form.isWindow() or self._form.isVisible()

    # --- keeping --------------------------------------------------------------------------
    def keep(self) -> bool:
        """Save the typing as the draft now (or forget the draft once nothing is typed).
        False if the database refused; the typing is still on screen."""
        self._timer.stop()
        payload = self._payload()
        try:
            if payload != self._fresh:
                if payload != self._stored:
                    drafts.save_draft(self._uow(), self.key, payload)
                    self._stored = payload
            elif self._stored is not None:
                drafts.discard_draft(self._uow(), self.key)
                self._stored = None
        except Exception:
            # Autosave runs behind the user's back: a busy database must not pop up a box
            # every pause in typing. The next pause tries again.
            log.exception("Could not keep the draft %s", self.key)
            return False
        return True

    def discard(self) -> None:
        """The form was saved, or its typing thrown away on purpose: forget the draft. What
        the form shows now counts as fresh (a saved dialog is not "typed" any more)."""
        self.settle()
        try:
            drafts.discard_draft(self._uow(), self.key)
        except Exception:
            log.exception("Could not discard the draft %s", self.key)
        self._stored = None

    def _uow(self) -> UnitOfWork:
        return self.desk.uow.as_actor(self._owner)

    # --- offering back --------------------------------------------------------------------
    def offer(self) -> bool:
        """Offer the owner's draft back if the form is untouched; True if it was restored."""
        self._offer_pending = False
        if self.has_typed():
            return False
        try:
            found = drafts.load_draft(self._uow(), self.key)
        except Exception:
            log.exception("Could not read the draft %s", self.key)
            return False
        if found is None:
            return False
        question = _("You have an unsaved {what} from {time}. Restore it?").format(
            what=self.what, time=self._when(found.updated_at))
        # Closing the question restores: nothing typed is lost by a stray Esc.
        choice = Messages.choose(self._form, question, [_("Restore"), _("Discard")],
                                 title=_("Unsaved {what}").format(what=self.what), escape=0)
        if choice == 1:
            self.discard()
            return False
        try:
            self._fields.restore_draft(found.payload)
        except Exception:
            # A draft from an older version of the form: keep it rather than lose it.
            log.exception("Could not restore the draft %s", self.key)
            return False
        self._stored = found.payload
        return True

    def _when(self, at: dt.datetime) -> str:
        return fmt_time(at) if at.date() == self.desk.clock.now().date() else fmt_datetime(at)

    def _offer_later(self) -> None:
        self._offer_pending = True
        if self._form.isVisible():
            QTimer.singleShot(0, self, self._offer_if_pending)

    def _offer_if_pending(self) -> None:
        if self._offer_pending and self._form.isVisible():
            self.offer()

    # --- who is typing --------------------------------------------------------------------
    def _actor_changed(self, actor: Actor) -> None:
        if actor.staff_id == self._owner.staff_id:
            return
        # Put the typing away under the one who typed it, so the next person neither sees
        # it nor gets credited with it. (If the database refused, it stays on screen.)
        if self.has_typed() and self.keep():
            self._fields.set_aside()
        self._owner = actor
        self._stored = None
        self.settle()
        self._offer_later()

    # --- noticing typing ------------------------------------------------------------------
    def touched(self) -> None:
        """Something in the form changed: keep it once typing pauses."""
        self._timer.start()

    def _watch(self, form: QWidget) -> None:
        # Any field the form has, without each form listing its fields twice.
        touched = self.touched
        for edit in form.findChildren(QLineEdit):
            edit.textChanged.connect(touched)
        for edit in form.findChildren(QPlainTextEdit):
            edit.textChanged.connect(touched)
        for edit in form.findChildren(QTextEdit):
            edit.textChanged.connect(touched)
        for box in form.findChildren(QComboBox):
            box.currentIndexChanged.connect(touched)
        for button in form.findChildren(QAbstractButton):
            if button.isCheckable():
                button.toggled.connect(touched)
        for when in form.findChildren(QDateTimeEdit):
            when.dateTimeChanged.connect(touched)
        for spin in (*form.findChildren(QSpinBox), *form.findChildren(QDoubleSpinBox)):
            spin.valueChanged.connect(touched)
        for view in form.findChildren(QAbstractItemView):
            model = view.model()
            if model is not None:
                for signal in (model.dataChanged, model.rowsInserted, model.rowsRemoved,
                               model.modelReset):
                    signal.connect(touched)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        try:
            if not shiboken6.isValid(self._form):
                return
            inside = self._form.isAncestorOf
            if old is not None and inside(old) and (new is None or not inside(new)):
                self.keep()
        except RuntimeError:
            # The form is being destroyed: its fields go first and hand the focus away.
            # Whatever was typed was kept by then (a pause, a question, a quit).
            return

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._form and event.type() == QEvent.Type.Show and self._offer_pending:
            QTimer.singleShot(0, self, self._offer_if_pending)
        return False


def time_to_json(value: dt.datetime | None) -> str | None:
    """A payload's date and time, to the minute the desk writes."""
    return value.isoformat(timespec="minutes") if value is not None else None


def time_from_json(value: object) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if isinstance(value, str) and value else None


def keepers_in(widget: QWidget) -> list[DraftKeeper]:
    """Every form with a keeper under ``widget`` (tabs, open dialogs)."""
    return widget.findChildren(DraftKeeper)


#: What a draft is, by the part of its form key before any ``:`` — a register whose form
#: keeps drafts adds its own line.
DRAFT_TITLES = {"reception": N_("call record"), "work_orders": N_("work order")}
OTHER_FORM = N_("form")


class DraftsNotice(QObject):
    """Tells the person signing in about drafts of forms that are not open (a work order
    typed before a crash is only offered when 新开派工单 is opened again)."""

    def __init__(self, desk: Desk, window: QMainWindow) -> None:
        super().__init__(window)
        self.desk = desk
        self._window = window
        self._shown = False
        window.installEventFilter(self)
        desk.actor_changed.connect(self._actor_changed)

    def _actor_changed(self, _actor: Actor) -> None:
        self.tell()

    def text(self) -> str:
        """'' if there is nothing to tell."""
        open_forms = {keeper.key for keeper in keepers_in(self._window) if keeper.is_open()}
        try:
            waiting = [d for d in drafts.drafts_of(self.desk.uow) if d.form not in open_forms]
        except Exception:
            log.exception("Could not list the drafts")
            return ""
        if not waiting:
            return ""
        today = self.desk.clock.now().date()
        items = _(", ").join(
            _("{what} ({time})").format(
                what=_(DRAFT_TITLES.get(d.form.split(".")[0], OTHER_FORM)),
                time=fmt_time(d.updated_at) if d.updated_at.date() == today
                else fmt_datetime(d.updated_at))
            for d in waiting)
        return _("Unsaved drafts: {items}. Open the same form again to get them back.").format(
            items=items)

    def tell(self) -> None:
        text = self.text()
        if text:
            self._window.statusBar().showMessage(text, 120_000)
        else:
            self._window.statusBar().clearMessage()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Show and not self._shown:
            self._shown = True
            QTimer.singleShot(0, self, self.tell)
        return False
