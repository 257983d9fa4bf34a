"""Small dialogs for moving a work order on: dispatch, pause, complete and void.

Each dialog runs its one service call itself, so a wrong field is shown beside that field
and the dialog stays open; ``ask`` returns the changed order or None. Tests replace ``ask``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _, fmt_datetime
from app.models.work_orders import Department
from app.services import work_orders
from app.services.work_order_queries import WorkOrderDetail
from app.services.work_order_titles import department_title
from app.views.desk import Desk
from app.views.feedback import FieldErrors, perform
from app.views.widgets.dates import datetime_edit, from_qdatetime
from app.views.widgets.roster_picker import RosterPicker
from app.views.widgets.tab_stops import one_tab_stop

#: Reasons the desk gives most often, offered as completions.
PAUSE_REASONS = (N_("Waiting for parts"), N_("Owner not at home; new appointment needed"),
                 N_("Waiting for an outside contractor"))


class ActionDialog(QDialog):
    """A summary line, a form, OK and Cancel; OK runs ``_run`` through ``perform``."""

    def __init__(self, desk: Desk, detail: WorkOrderDetail, title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.detail = detail
        self.result_detail: WorkOrderDetail | None = None
        self.errors = FieldErrors()
        self.setWindowTitle(f"{title} — {detail.number}")
        self.setMinimumWidth(460)
        summary = QLabel(f"<b>{detail.number}</b> {detail.place}<br>{detail.content[:120]}")
        summary.setTextFormat(Qt.TextFormat.RichText)
        summary.setWordWrap(True)
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("ok")
        self.ok_button.setText(title)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

    def _run(self) -> Callable[[], WorkOrderDetail]:
        raise NotImplementedError

    def save(self) -> WorkOrderDetail | None:
        result = perform(self, self._run(), self.errors)
        if result is not None:
            self.result_detail = result
            self.accept()
        return result

    @classmethod
    def ask(cls, parent: QWidget | None, desk: Desk,
            detail: WorkOrderDetail) -> WorkOrderDetail | None:
        dialog = cls(desk, detail, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_detail


class DispatchDialog(ActionDialog):
    """派工: who goes, and which department they belong to."""

    def __init__(self, desk: Desk, detail: WorkOrderDetail,
                 parent: QWidget | None = None) -> None:
        super().__init__(desk, detail, _("Dispatch"), parent)
        self.setObjectName("dispatch_dialog")
        # The department's roster to pick from; an outside name can still be typed.
        self.assignee = RosterPicker(desk)
        self.assignee.setObjectName("assignee")
        self.assignee.set_department(detail.department)
        self.assignee.set_assignee(detail.assignee, detail.assignee_id)
        self.department = QComboBox(objectName="department")
        for value in Department:
            self.department.addItem(department_title(value), value.value)
        self.department.setCurrentIndex(self.department.findData(detail.department.value))
        self.department.currentIndexChanged.connect(lambda _i: self.assignee.set_department(
            Department(self.department.currentData())))
        self.form.addRow(_("Assignee:"), self.assignee)
        self.errors.add("assignee", self.assignee, self.form)
        self.form.addRow(_("Department:"), self.department)
        self.assignee.returnPressed.connect(self.save)

    def _run(self) -> Callable[[], WorkOrderDetail]:
        uow, order_id = self.desk.uow, self.detail.id
        assignee, department = self.assignee.text(), Department(self.department.currentData())
        member_id = self.assignee.member_id()
        return lambda: work_orders.dispatch(uow, order_id, assignee, department, member_id)


class _ReasonDialog(ActionDialog):
    prompt = ""

    def __init__(self, desk: Desk, detail: WorkOrderDetail, title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(desk, detail, title, parent)
        self.reason = QLineEdit(objectName="reason")
        self.form.addRow(self.prompt, self.reason)
        self.errors.add("reason", self.reason, self.form)
        self.reason.returnPressed.connect(self.save)


class PauseDialog(_ReasonDialog):
    """暂停: waiting for parts (待料) or for the owner; the reason shows in the list."""

    def __init__(self, desk: Desk, detail: WorkOrderDetail,
                 parent: QWidget | None = None) -> None:
        self.prompt = _("Why is the work paused?")
        super().__init__(desk, detail, _("Pause"), parent)
        self.setObjectName("pause_dialog")
        self.reason.setCompleter(QCompleter([_(r) for r in PAUSE_REASONS], self.reason))

    def _run(self) -> Callable[[], WorkOrderDetail]:
        uow, order_id, reason = self.desk.uow, self.detail.id, self.reason.text()
        return lambda: work_orders.pause(uow, order_id, reason)


class VoidDialog(_ReasonDialog):
    """作废 (supervisor): the number stays in the sequence, marked void, with the reason."""

    def __init__(self, desk: Desk, detail: WorkOrderDetail,
                 parent: QWidget | None = None) -> None:
        self.prompt = _("Why is this slip void?")
        super().__init__(desk, detail, _("Void"), parent)
        self.setObjectName("void_dialog")
        note = QLabel(_("The number {number} stays in the register, marked void. Keep every "
                        "printed copy of the slip.").format(number=detail.number))
        note.setWordWrap(True)
        note.setStyleSheet("color: #b71c1c;")
        self.form.addRow(note)

    def _run(self) -> Callable[[], WorkOrderDetail]:
        uow, order_id, reason = self.desk.uow, self.detail.id, self.reason.text()
        return lambda: work_orders.void(uow, order_id, reason)


class CompleteDialog(ActionDialog):
    """完工: what was done, and when it finished if that was earlier than now."""

    def __init__(self, desk: Desk, detail: WorkOrderDetail,
                 parent: QWidget | None = None) -> None:
        super().__init__(desk, detail, _("Complete"), parent)
        self.setObjectName("complete_dialog")
        self.note = QPlainTextEdit(objectName="note")
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(_("What was done, parts used"))
        self.note.setFixedHeight(72)
        self.completed_at = datetime_edit(desk.clock.now(), "completed_at")
        one_tab_stop(self.completed_at)
        self.form.addRow(_("Work done:"), self.note)
        self.errors.add("note", self.note, self.form)
        self.form.addRow(_("Finished at:"), self.completed_at)
        self.errors.add("completed_at", self.completed_at, self.form)
        # The time the finish is checked against, to the minute as both are kept.
        if detail.started_at:
            reference = _("Work started {time}").format(time=fmt_datetime(detail.started_at))
        elif detail.dispatched_at:
            reference = _("Dispatched {time}").format(time=fmt_datetime(detail.dispatched_at))
        else:
            reference = _("Received {time}").format(time=fmt_datetime(detail.received_at))
        self.reference = QLabel(reference, objectName="completion_reference")
        self.form.addRow("", self.reference)

    def _run(self) -> Callable[[], WorkOrderDetail]:
        uow, order_id = self.desk.uow, self.detail.id
        note, when = self.note.toPlainText(), from_qdatetime(self.completed_at.dateTime())
        return lambda: work_orders.complete(uow, order_id, note, when)
