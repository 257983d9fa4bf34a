"""The callback (回访): the owner rates quality, attitude and satisfaction [002 第九条].

Nothing is ticked in advance: each rating is what the owner said, and saving without one
shows a message beside it. A call nobody answers (未接通) is recorded as an attempt; the
callback stays due. An unsatisfied owner sends the work back to in progress; the dialog
says so before saving.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from app.i18n import _, fmt_datetime, ngettext
from app.models.work_orders import Rating
from app.services import work_orders
from app.services.work_order_queries import WorkOrderDetail
from app.services.work_order_titles import rating_title
from app.views.desk import Desk
from app.views.feedback import perform
from app.views.work_orders.actions import ActionDialog


class RatingChoice(QFrame):
    """Satisfied / fair / unsatisfied as radio buttons, none chosen until the owner says
    (arrow keys move within the row once one is)."""

    #: a rating was chosen (the field's message, if any, goes away)
    valueChanged = Signal(object)  # the name FieldErrors listens for

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.group = QButtonGroup(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[Rating, QRadioButton] = {}
        for rating in Rating:
            button = QRadioButton(rating_title(rating), objectName=f"{name}_{rating.value}")
            self.group.addButton(button)
            self.buttons[rating] = button
            row.addWidget(button)
        row.addStretch(1)
        self.group.buttonToggled.connect(
            lambda _button, checked: checked and self.valueChanged.emit(self.value()))
        self.setFocusProxy(self.buttons[Rating.SATISFIED])

    def setStyleSheet(self, sheet: str) -> None:
        # A field's error border (FieldErrors) goes round the row, not round each button.
        super().setStyleSheet(f"#{self.objectName()} {{ {sheet} }}" if sheet else "")

    def value(self) -> Rating | None:
        return next((r for r, b in self.buttons.items() if b.isChecked()), None)

    def set_value(self, rating: Rating) -> None:
        self.buttons[rating].setChecked(True)


def attempts_text(detail: WorkOrderDetail) -> str:
    """"Not reached twice before (last 11-24 15:00)", or "" before any attempt."""
    attempts = detail.callback_attempts
    if not attempts:
        return ""
    return ngettext("Not reached {n} time before (last {time}).",
                    "Not reached {n} times before (last {time}).", len(attempts)).format(
        n=len(attempts), time=fmt_datetime(attempts[-1].at))


class CallbackDialog(ActionDialog):
    def __init__(self, desk: Desk, detail: WorkOrderDetail,
                 parent: QWidget | None = None) -> None:
        super().__init__(desk, detail, _("Record callback"), parent)
        self.setObjectName("callback_dialog")
        call = " ".join(filter(None, [detail.contact_name, detail.contact_phone]))
        info = QLabel(_("Call {who}. Completed {time}: {note}").format(
            who=call or "—", time=fmt_datetime(detail.completed_at) if detail.completed_at
            else "—", note=detail.completion_note), objectName="callback_info")
        info.setWordWrap(True)
        self.form.addRow(info)
        self.attempts = QLabel(attempts_text(detail), objectName="callback_attempts")
        self.attempts.setStyleSheet("color: #b71c1c;")
        self.attempts.setVisible(bool(detail.callback_attempts))
        self.form.addRow(self.attempts)
        self.quality = RatingChoice("quality")
        self.attitude = RatingChoice("attitude")
        self.satisfaction = RatingChoice("satisfaction")
        self.remarks = QLineEdit(objectName="remarks")
        self.remarks.setPlaceholderText(_("What the owner said"))
        self.form.addRow(_("Quality of the work:"), self.quality)
        self.errors.add("quality", self.quality, self.form)
        self.form.addRow(_("Staff attitude:"), self.attitude)
        self.errors.add("attitude", self.attitude, self.form)
        self.form.addRow(_("Overall satisfaction:"), self.satisfaction)
        self.errors.add("satisfaction", self.satisfaction, self.form)
        self.form.addRow(_("Remarks:"), self.remarks)
        self.errors.add("remarks", self.remarks, self.form)
        self.reopen_note = QLabel(_("Unsatisfied: the work order goes back to in progress "
                                    "and must be done again."), objectName="reopen_note")
        self.reopen_note.setWordWrap(True)
        self.reopen_note.setStyleSheet("color: #b71c1c;")
        self.form.addRow(self.reopen_note)
        self.not_reached_button = QPushButton(_("Not reached"), objectName="not_reached")
        self.not_reached_button.setToolTip(_(
            "Nobody answered: record the attempt; the callback stays due. Remarks, if any, "
            "are kept with the attempt."))
        self.not_reached_button.setAutoDefault(False)
        self.not_reached_button.clicked.connect(self.record_not_reached)
        self.buttons.addButton(self.not_reached_button,
                               QDialogButtonBox.ButtonRole.ActionRole)
        self.satisfaction.valueChanged.connect(lambda _v: self._update())
        self.remarks.returnPressed.connect(self.save)
        self._update()

    def _update(self) -> None:
        unhappy = self.satisfaction.value() == Rating.UNSATISFIED
        self.reopen_note.setVisible(unhappy)
        self.ok_button.setText(_("Reopen work order") if unhappy else _("Record callback"))

    def save(self) -> WorkOrderDetail | None:
        result = super().save()
        if result is None:
            # Three messages appeared under the ratings: grow so the wrapped lines above
            # keep their height instead of being squeezed.
            self.adjustSize()
        return result

    def _run(self) -> Callable[[], WorkOrderDetail]:
        uow, order_id = self.desk.uow, self.detail.id
        values = (self.quality.value(), self.attitude.value(), self.satisfaction.value(),
                  self.remarks.text())
        return lambda: work_orders.callback(uow, order_id, *values)

    def record_not_reached(self) -> WorkOrderDetail | None:
        """未接通: the attempt is kept and the dialog closes; the order stays completed."""
        uow, order_id, note = self.desk.uow, self.detail.id, self.remarks.text()
        result = perform(self, lambda: work_orders.callback_not_reached(uow, order_id, note),
                         self.errors)
        if result is not None:
            self.result_detail = result
            self.accept()
        else:
            self.adjustSize()
        return result
