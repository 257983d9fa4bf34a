"""The callback (回访): the owner rates quality, attitude and satisfaction [002 第九条].

An unsatisfied owner sends the work back to in progress; the dialog says so before saving.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QLineEdit, QRadioButton, QWidget

from app.i18n import _, fmt_datetime
from app.models.work_orders import Rating
from app.services import work_orders
from app.services.work_order_queries import WorkOrderDetail
from app.services.work_order_titles import rating_title
from app.views.desk import Desk
from app.views.work_orders.actions import ActionDialog


class RatingChoice(QWidget):
    """Satisfied / fair / unsatisfied as radio buttons (arrow keys move within the row)."""

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
        self.buttons[Rating.SATISFIED].setChecked(True)
        self.setFocusProxy(self.buttons[Rating.SATISFIED])

    def value(self) -> Rating:
        return next(r for r, b in self.buttons.items() if b.isChecked())

    def set_value(self, rating: Rating) -> None:
        self.buttons[rating].setChecked(True)


class CallbackDialog(ActionDialog):
    def __init__(self, desk: Desk, detail: WorkOrderDetail,
                 parent: QWidget | None = None) -> None:
        super().__init__(desk, detail, _("Record callback"), parent)
        self.setObjectName("callback_dialog")
        call = " ".join(filter(None, [detail.contact_name, detail.contact_phone]))
        info = QLabel(_("Call {who}. Completed {time}: {note}").format(
            who=call or "—", time=fmt_datetime(detail.completed_at) if detail.completed_at
            else "—", note=detail.completion_note))
        info.setWordWrap(True)
        self.form.addRow(info)
        self.quality = RatingChoice("quality")
        self.attitude = RatingChoice("attitude")
        self.satisfaction = RatingChoice("satisfaction")
        self.remarks = QLineEdit(objectName="remarks")
        self.remarks.setPlaceholderText(_("What the owner said"))
        self.form.addRow(_("Quality of the work:"), self.quality)
        self.form.addRow(_("Staff attitude:"), self.attitude)
        self.form.addRow(_("Overall satisfaction:"), self.satisfaction)
        self.form.addRow(_("Remarks:"), self.remarks)
        self.errors.add("remarks", self.remarks, self.form)
        self.reopen_note = QLabel(_("Unsatisfied: the work order goes back to in progress "
                                    "and must be done again."), objectName="reopen_note")
        self.reopen_note.setWordWrap(True)
        self.reopen_note.setStyleSheet("color: #b71c1c;")
        self.form.addRow(self.reopen_note)
        self.satisfaction.group.buttonToggled.connect(lambda *_a: self._update())
        self.remarks.returnPressed.connect(self.save)
        self._update()

    def _update(self) -> None:
        unhappy = self.satisfaction.value() == Rating.UNSATISFIED
        self.reopen_note.setVisible(unhappy)
        self.ok_button.setText(_("Reopen work order") if unhappy else _("Record callback"))

    def _run(self) -> Callable[[], WorkOrderDetail]:
        uow, order_id = self.desk.uow, self.detail.id
        values = (self.quality.value(), self.attitude.value(), self.satisfaction.value(),
                  self.remarks.text())
        return lambda: work_orders.callback(uow, order_id, *values)
