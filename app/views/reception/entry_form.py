"""The call record form (来电来访登记): one call or visit, typed while the caller talks."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.models.reception import Channel, EntryClass
from app.services import households, reception
from app.services.reception import EntryRow, NewEntry, channel_title, class_title
from app.views.desk import Desk
from app.views.feedback import FieldErrors, perform
from app.views.messages import Messages
from app.views.reception.answer_book import AnswerBookDialog
from app.views.widgets.dates import datetime_edit, from_qdatetime, to_qdatetime
from app.views.widgets.drafts import DraftKeeper, time_from_json, time_to_json
from app.views.widgets.keys import EnterMovesOn
from app.views.widgets.tab_stops import one_tab_stop
from app.views.widgets.villa_picker import VillaPicker

#: While nobody is typing, the default time follows the clock.
_TICK_MS = 20_000


class EntryForm(QGroupBox):
    """Emits ``saved`` with the new ``EntryRow`` and clears itself for the next call."""

    saved = Signal(object)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(_("New call record"), parent)
        self.setObjectName("entry_form")
        self.desk = desk
        self._time_manual = False
        self._started_at: dt.datetime | None = None
        self._resetting = False
        self.answer_book_dialog: AnswerBookDialog | None = None
        self.drafts: DraftKeeper | None = None
        self._build()
        self._tick = QTimer(self)
        self._tick.timeout.connect(self._follow_clock)
        self._tick.start(_TICK_MS)
        self.new_record()
        # What is typed is kept for whoever typed it, through a crash or a shift change.
        self.drafts = DraftKeeper(desk, self, "reception.entry", _("call record"))

    # --- building -------------------------------------------------------------------------
    def _build(self) -> None:
        self.owner_label = QLabel(objectName="first_contact_owner")
        self.owner_label.setStyleSheet("color: #555;")
        self.channel = QComboBox(objectName="channel")
        for value in Channel:
            self.channel.addItem(channel_title(value), value)
        self.villa = VillaPicker(self.desk)
        self.villa.setObjectName("villa")
        self.villa.villa_chosen.connect(self._villa_chosen)
        # With the completion list open, Enter goes to the list and then straight to the
        # line edit (not through our key filter): move on from here in that case.
        self.villa.returnPressed.connect(lambda: self.caller_name.setFocus())
        self.caller_name = QLineEdit(objectName="caller_name")
        self.caller_name.setPlaceholderText(_("Who is calling or visiting"))
        self.contact_phone = QLineEdit(objectName="contact_phone")
        self.contact_phone.setPlaceholderText(_("Number to call back"))
        self.occurred_at = datetime_edit(None, "occurred_at")
        self.occurred_at.dateTimeChanged.connect(self._time_edited)
        self.time_now = QPushButton(_("Now"), objectName="time_now")
        self.time_now.setToolTip(_("Use the current time"))
        self.time_now.setAutoDefault(False)
        self.time_now.clicked.connect(self._reset_time)
        self.back_entry_hint = QLabel(_("Back-entered (补录): the real time is kept"),
                                      objectName="back_entry_hint")
        self.back_entry_hint.setStyleSheet("color: #b26a00;")
        self.entry_class = QComboBox(objectName="entry_class")
        for value in EntryClass:
            self.entry_class.addItem(class_title(value), value)
        self.entry_class.currentIndexChanged.connect(self._class_changed)
        self.content = QPlainTextEdit(objectName="content")
        self.content.setPlaceholderText(_("What the caller said (Shift+Enter for a new line)"))
        self.content.setTabChangesFocus(True)
        self.content.setFixedHeight(150)
        self.answer_book_button = QPushButton(_("Answer book (F4)"), objectName="answer_book")
        self.answer_book_button.setAutoDefault(False)
        self.answer_book_button.clicked.connect(self.open_answer_book)
        self.has_appointment = QCheckBox(_("Appointment"), objectName="has_appointment")
        self.has_appointment.toggled.connect(self._appointment_toggled)
        self.appointment_at = datetime_edit(None, "appointment_at")
        self.special_requirements = QLineEdit(objectName="special_requirements")
        self.special_requirements.setPlaceholderText(_("e.g. call before coming; pets at home"))
        self.promise_answer = QCheckBox(
            _("Cannot answer now: promise an answer within 24 hours"), objectName="promise_answer")
        self.save_button = QPushButton(_("Save (Ctrl+Enter)"), objectName="save")
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.clear_button = QPushButton(_("Clear"), objectName="clear")
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(self.start_over)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(5)
        self.errors = FieldErrors()
        form.addRow(_("Channel"), self.channel)
        form.addRow(_("Villa"), self.villa)
        self.errors.add("villa", self.villa, form)
        form.addRow(_("Caller"), self.caller_name)
        self.errors.add("caller_name", self.caller_name, form)
        form.addRow(_("Contact phone"), self.contact_phone)
        self.errors.add("contact_phone", self.contact_phone, form)
        time_row = QHBoxLayout()
        time_row.addWidget(self.occurred_at, 1)
        time_row.addWidget(self.time_now)
        form.addRow(_("Time"), time_row)
        form.addRow("", self.back_entry_hint)
        self.errors.add("occurred_at", self.occurred_at, form)
        form.addRow(_("Class"), self.entry_class)
        content_box = QVBoxLayout()
        content_box.setSpacing(3)
        content_box.addWidget(self.content)
        content_box.addWidget(self.answer_book_button, 0, Qt.AlignmentFlag.AlignRight)
        form.addRow(_("Content"), content_box)
        self.errors.add("content", self.content, form)
        appointment_row = QHBoxLayout()
        appointment_row.addWidget(self.has_appointment)
        appointment_row.addWidget(self.appointment_at, 1)
        form.addRow(_("Visit time"), appointment_row)
        self.errors.add("appointment_at", self.appointment_at, form)
        form.addRow(_("Special needs"), self.special_requirements)
        self.errors.add("special_requirements", self.special_requirements, form)
        form.addRow("", self.promise_answer)
        self.errors.add("promise_answer", self.promise_answer, form)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.save_button)
        outer = QVBoxLayout(self)
        outer.addWidget(self.owner_label)
        outer.addLayout(form)
        outer.addStretch(1)
        outer.addLayout(buttons)

        order = [self.channel, self.villa, self.caller_name, self.contact_phone,
                 self.occurred_at, self.entry_class, self.content, self.has_appointment,
                 self.appointment_at, self.special_requirements, self.promise_answer,
                 self.save_button]
        # The fields, then Save; Clear and the helpers beside fields come after, so the
        # typist's Tabs never stop on them between two fields.
        for first, second in itertools.pairwise(
                [*order, self.clear_button, self.time_now, self.answer_book_button]):
            QWidget.setTabOrder(first, second)
        one_tab_stop(self.occurred_at, self.appointment_at)
        keys = EnterMovesOn(self, self.save)
        keys.watch(*order[:-1])
        for field in (self.caller_name, self.contact_phone, self.special_requirements):
            field.textEdited.connect(self._typing_started)
        self.villa.textEdited.connect(self._typing_started)
        self.content.textChanged.connect(self._typing_started)

        save_action = QAction(_("Save the call record"), self)  # named in the key list
        save_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_action.triggered.connect(self.save)
        self.addAction(save_action)
        book_action = QAction(_("Answer book"), self)
        book_action.setShortcut(QKeySequence(Qt.Key.Key_F4))
        book_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        book_action.triggered.connect(self.open_answer_book)
        self.addAction(book_action)

    # --- state ----------------------------------------------------------------------------
    def new_record(self) -> None:
        """A blank form for the next call, the cursor on the first field."""
        self._resetting = True
        try:
            self.errors.clear()
            self.channel.setCurrentIndex(0)
            self.villa.clear_villa()
            for field in (self.caller_name, self.contact_phone, self.special_requirements):
                field.clear()
            self.content.clear()
            self.entry_class.setCurrentIndex(0)
            self.has_appointment.setChecked(False)
            self.appointment_at.setDateTime(to_qdatetime(self._next_hour()))
            self.promise_answer.setChecked(False)
            self._started_at = None
            self._reset_time()
        finally:
            self._resetting = False
        self._class_changed()
        self._appointment_toggled(False)
        self.update_actor()
        self.channel.setFocus()
        if self.drafts is not None:
            self.drafts.settle()

    def start_over(self) -> bool:
        """清空 / F2: a blank form, after asking if that would throw away what is typed."""
        assert self.drafts is not None
        if self.drafts.has_typed() and not Messages.confirm(
                self, _("Discard the call record being typed and start a new one?")):
            self.content.setFocus()
            return False
        self.new_record()
        self.drafts.discard()
        return True

    # --- the draft (see widgets/drafts.py) ------------------------------------------------
    def draft_payload(self) -> dict[str, Any]:
        entry = self.draft()
        return {
            "channel": str(entry.channel), "entry_class": str(entry.entry_class),
            "villa_id": entry.villa_id, "villa": self.villa.text(),
            "caller_name": entry.caller_name, "contact_phone": entry.contact_phone,
            "content": entry.content, "time_manual": self._time_manual,
            "occurred_at": time_to_json(entry.occurred_at),
            "appointment_at": time_to_json(entry.appointment_at),
            "special_requirements": entry.special_requirements,
            "promise_answer": self.promise_answer.isChecked(),
        }

    def restore_draft(self, payload: dict[str, Any]) -> None:
        self.new_record()
        self._resetting = True
        try:
            self.channel.setCurrentIndex(max(self.channel.findData(payload["channel"]), 0))
            self.entry_class.setCurrentIndex(
                max(self.entry_class.findData(payload["entry_class"]), 0))
            if payload.get("villa_id"):
                self.villa.set_villa(int(payload["villa_id"]), payload.get("villa", ""))
            else:
                self.villa.setText(payload.get("villa", ""))
            self.caller_name.setText(payload.get("caller_name", ""))
            self.contact_phone.setText(payload.get("contact_phone", ""))
            self.content.setPlainText(payload.get("content", ""))
            appointment = time_from_json(payload.get("appointment_at"))
            self.has_appointment.setChecked(appointment is not None)
            if appointment is not None:
                self.appointment_at.setDateTime(to_qdatetime(appointment))
            self.special_requirements.setText(payload.get("special_requirements", ""))
            self.promise_answer.setChecked(bool(payload.get("promise_answer")))
            # The call came in when it was first typed, not when the draft comes back.
            occurred = time_from_json(payload.get("occurred_at"))
            self._time_manual = bool(payload.get("time_manual")) and occurred is not None
            self._started_at = occurred
        finally:
            self._resetting = False
        if occurred is not None:
            self._set_time(occurred)
        self._class_changed()
        self._appointment_toggled(self.has_appointment.isChecked())
        self.content.setFocus()

    def set_aside(self) -> None:
        """The typing was kept as its typist's draft: a blank form for the next person."""
        self.new_record()

    def update_actor(self) -> None:
        self.owner_label.setText(_("First-contact owner (首问责任人): {name}").format(
            name=self.desk.actor.label))

    def _typing_started(self) -> None:
        if not self._resetting and self._started_at is None:
            self._started_at = self.desk.clock.now()
            if not self._time_manual:
                self._set_time(self._started_at)

    def _set_time(self, value: dt.datetime) -> None:
        was = self._resetting
        self._resetting = True
        self.occurred_at.setDateTime(to_qdatetime(value))
        self._resetting = was
        self._update_back_entry_hint()

    def _reset_time(self) -> None:
        self._time_manual = False
        self._set_time(self.desk.clock.now())

    def _follow_clock(self) -> None:
        if not self._time_manual and self._started_at is None:
            self._set_time(self.desk.clock.now())

    def _time_edited(self) -> None:
        if not self._resetting:
            self._time_manual = True
            self._typing_started()
        self._update_back_entry_hint()

    def _update_back_entry_hint(self) -> None:
        late = self.desk.clock.now() - from_qdatetime(self.occurred_at.dateTime())
        self.back_entry_hint.setVisible(self._time_manual and late > reception.BACK_ENTRY_AFTER)

    def _class_changed(self) -> None:
        inquiry = self.entry_class.currentData() == EntryClass.INQUIRY
        self.promise_answer.setVisible(inquiry)
        if not inquiry:
            self.promise_answer.setChecked(False)

    def _next_hour(self) -> dt.datetime:
        return (self.desk.clock.now() + dt.timedelta(hours=1)).replace(minute=0, second=0)

    def _appointment_toggled(self, on: bool) -> None:
        self.appointment_at.setEnabled(on)
        if on and not self._resetting:
            self.appointment_at.setDateTime(to_qdatetime(self._next_hour()))

    def _villa_chosen(self, villa_id: int, _number: str) -> None:
        if not villa_id:
            return
        if self.caller_name.text().strip() and self.contact_phone.text().strip():
            return
        name, phone = households.contact_for_villa(self.desk.uow, villa_id)
        if not self.caller_name.text().strip():
            self.caller_name.setText(name)
        if not self.contact_phone.text().strip():
            self.contact_phone.setText(phone)

    # --- actions --------------------------------------------------------------------------
    def draft(self) -> NewEntry:
        occurred = (from_qdatetime(self.occurred_at.dateTime()) if self._time_manual
                    else self._started_at)
        return NewEntry(
            channel=self.channel.currentData(),
            entry_class=self.entry_class.currentData(),
            caller_name=self.caller_name.text(),
            content=self.content.toPlainText(),
            villa_id=self.villa.villa_id() or None,
            contact_phone=self.contact_phone.text(),
            occurred_at=occurred,
            appointment_at=(from_qdatetime(self.appointment_at.dateTime())
                            if self.has_appointment.isChecked() else None),
            special_requirements=self.special_requirements.text(),
            promise_answer=self.promise_answer.isVisibleTo(self) and
            self.promise_answer.isChecked(),
        )

    def save(self) -> EntryRow | None:
        if self.villa.text().strip() and not self.villa.villa_id():
            self.errors.show({"villa": _("Choose a villa from the list, or leave it empty.")})
            return None
        draft = self.draft()
        row = perform(self, lambda: reception.log_entry(self.desk.uow, draft), self.errors)
        if row is not None:
            self.new_record()
            if self.drafts is not None:
                self.drafts.discard()
            self.saved.emit(row)
        return row

    def open_answer_book(self) -> None:
        if self.answer_book_dialog is None:
            self.answer_book_dialog = AnswerBookDialog(self.desk, self)
            self.answer_book_dialog.answer_used.connect(self._use_answer)
        selected = self.content.textCursor().selectedText().strip()
        self.answer_book_dialog.search_for(selected)
        self.answer_book_dialog.show()
        self.answer_book_dialog.raise_()
        self.answer_book_dialog.activateWindow()

    def _use_answer(self, question: str, answer: str) -> None:
        """A standard answer was given: the call is an inquiry (咨询), and the record keeps
        the standard question and the answer under what the caller said."""
        self.entry_class.setCurrentIndex(self.entry_class.findData(EntryClass.INQUIRY))
        said = self.content.toPlainText().rstrip()
        lines = [_("Q: {question}").format(question=question),
                 _("A: {answer}").format(answer=answer)]
        self.content.setPlainText("\n".join([said, *lines] if said else lines))
        self.content.setFocus()
