"""The complaint's step dialogs: classification, handling record, callback, void."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.models.complaints import (
    CallbackMethod,
    CallbackOutcome,
    Responsibility,
    Severity,
    Validity,
)
from app.services import complaints
from app.services.complaint_queries import ComplaintDetail
from app.services.complaint_titles import (
    method_title,
    outcome_title,
    responsibility_title,
    severity_title,
    validity_title,
)
from app.services.complaints import HandlingInput
from app.views.desk import Desk
from app.views.feedback import FieldErrors, perform
from app.views.widgets.second_staff_dialog import SecondStaffDialog


def _text(name: str, height: int = 64) -> QPlainTextEdit:
    edit = QPlainTextEdit(objectName=name)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


def _buttons(dialog: QDialog, ok: str, slot: Callable[[], object]) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel)
    button = box.button(QDialogButtonBox.StandardButton.Ok)
    button.setText(ok)
    button.setObjectName("ok")
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
    box.accepted.connect(slot)
    box.rejected.connect(dialog.reject)
    return box


class _StepDialog(QDialog):
    def __init__(self, desk: Desk, detail: ComplaintDetail, title: str,
                 parent: QWidget | None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.detail = detail
        self.result_detail: ComplaintDetail | None = None
        self.errors = FieldErrors()
        self.setWindowTitle(title.format(number=detail.number))
        self.form = QFormLayout()
        self.layout_ = QVBoxLayout(self)

    def _finish(self, ok: str) -> None:
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(_buttons(self, ok, self.run))

    def run(self) -> None:
        result = perform(self, self.action, self.errors, stale=None)
        if result is not None:
            self.result_detail = result
            self.accept()

    def action(self) -> ComplaintDetail:
        raise NotImplementedError

    @classmethod
    def ask(cls, parent: QWidget | None, desk: Desk, detail: ComplaintDetail,
            *args: Any) -> ComplaintDetail | None:
        dialog = cls(desk, detail, *args, parent=parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_detail


def _optional_combo(name: str, values: list[Any], title: Callable[[Any], str],
                    current: Any) -> QComboBox:
    box = QComboBox(objectName=name)
    box.addItem(_("Not yet decided"), None)
    for value in values:
        box.addItem(title(value), value.value)
    box.setCurrentIndex(max(box.findData(current.value if current else None), 0))
    return box


class ClassifyDialog(_StepDialog):
    """The three classifications; a decided one changes only with a reason."""

    def __init__(self, desk: Desk, detail: ComplaintDetail,
                 parent: QWidget | None = None) -> None:
        super().__init__(desk, detail, _("Classify complaint {number}"), parent)
        self.setObjectName("complaint_classify_dialog")
        self.responsibility = _optional_combo("responsibility", list(Responsibility),
                                              responsibility_title, detail.responsibility)
        self.severity = QComboBox(objectName="severity")
        for value in Severity:
            self.severity.addItem(severity_title(value), value.value)
        self.severity.setCurrentIndex(self.severity.findData(detail.severity.value))
        self.validity = _optional_combo("validity", list(Validity), validity_title,
                                        detail.validity)
        self.reason = _text("reason")
        self.reason.setPlaceholderText(_("Needed when a decided classification changes"))
        self.form.addRow(_("Responsibility"), self.responsibility)
        self.form.addRow(_("Severity"), self.severity)
        self.form.addRow(_("Validity"), self.validity)
        self.form.addRow(_("Reason"), self.reason)
        self.errors.add("reason", self.reason, self.form)
        self._finish(_("Save"))

    def action(self) -> ComplaintDetail:
        r, v = self.responsibility.currentData(), self.validity.currentData()
        d = self.detail
        return complaints.classify(
            self.desk.uow, d.id, responsibility=Responsibility(r) if r else None,
            severity=Severity(self.severity.currentData()),
            validity=Validity(v) if v else None, reason=self.reason.toPlainText(),
            expected_version=d.version)


class HandlingDialog(_StepDialog):
    """调查情况, 原因及责任, 纠正措施, 处理结果 (an invalid complaint: the explanation)."""

    def __init__(self, desk: Desk, detail: ComplaintDetail,
                 parent: QWidget | None = None) -> None:
        super().__init__(desk, detail, _("Handling of complaint {number}"), parent)
        self.setObjectName("complaint_handling_dialog")
        self.investigation = _text("investigation", 80)
        self.investigation.setPlainText(detail.investigation)
        self.cause = _text("cause")
        self.cause.setPlainText(detail.cause)
        self.measures = _text("measures")
        self.measures.setPlainText(detail.measures)
        self.result_edit = _text("result")
        self.result_edit.setPlainText(detail.result)
        self.difficult = QCheckBox(_("Difficult: the supervisor calls back personally"),
                                   objectName="difficult")
        self.difficult.setChecked(detail.difficult)
        invalid = detail.validity == Validity.INVALID
        self.form.addRow(_("Investigation"), self.investigation)
        self.form.addRow(_("Cause and responsibility"), self.cause)
        self.errors.add("cause", self.cause, self.form)
        self.form.addRow(_("Corrective measures"), self.measures)
        self.form.addRow(_("Explanation given") if invalid else _("Result"), self.result_edit)
        self.errors.add("result", self.result_edit, self.form)
        self.form.addRow("", self.difficult)
        self.resize(640, 460)
        self._finish(_("Save"))

    def action(self) -> ComplaintDetail:
        return complaints.record_handling(self.desk.uow, self.detail.id, HandlingInput(
            self.investigation.toPlainText(), self.cause.toPlainText(),
            self.measures.toPlainText(), self.result_edit.toPlainText(),
            self.difficult.isChecked()), expected_version=self.detail.version)


class CallbackDialog(_StepDialog):
    """回访: a phone callback is confirmed by a second staff member before it is saved."""

    def __init__(self, desk: Desk, detail: ComplaintDetail,
                 parent: QWidget | None = None) -> None:
        super().__init__(desk, detail, _("Callback of complaint {number}"), parent)
        self.setObjectName("complaint_callback_dialog")
        self.method = QComboBox(objectName="method")
        for value in CallbackMethod:
            self.method.addItem(method_title(value), value.value)
        self.outcome = QComboBox(objectName="outcome")
        for value in CallbackOutcome:
            self.outcome.addItem(outcome_title(value), value.value)
        self.remarks = _text("remarks", 80)
        self.remarks.setPlaceholderText(_("What the complainant said; if unsatisfied, why"))
        note = QLabel(_("A complaint closes only when the complainant is satisfied. A phone "
                        "callback is confirmed by a second staff member."))
        note.setWordWrap(True)
        self.form.addRow(note)
        self.form.addRow(_("Method"), self.method)
        self.form.addRow(_("Outcome"), self.outcome)
        self.form.addRow(_("Remarks"), self.remarks)
        self.errors.add("remarks", self.remarks, self.form)
        self.resize(560, 320)
        self._finish(_("Save callback"))

    def action(self) -> ComplaintDetail:
        method = CallbackMethod(self.method.currentData())
        outcome = CallbackOutcome(self.outcome.currentData())
        confirmation = None
        if method == CallbackMethod.PHONE and outcome != CallbackOutcome.NOT_REACHED:
            confirmation = _ask_second_staff(
                self, self.desk, _("Phone callback of complaint {number}: {outcome}").format(
                    number=self.detail.number, outcome=outcome_title(outcome)))
            if confirmation is None:
                from app.services.errors import ServiceError
                raise ServiceError(_("Not saved: a second staff member did not confirm."))
        return complaints.record_callback(self.desk.uow, self.detail.id, method, outcome,
                                          self.remarks.toPlainText(), confirmation,
                                          expected_version=self.detail.version)


def _ask_second_staff(parent: QWidget, desk: Desk, purpose: str) -> Any:
    dialog = SecondStaffDialog(desk, purpose, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.confirmation


class VoidDialog(_StepDialog):
    def __init__(self, desk: Desk, detail: ComplaintDetail,
                 parent: QWidget | None = None) -> None:
        super().__init__(desk, detail, _("Void complaint {number}"), parent)
        self.setObjectName("complaint_void_dialog")
        self.reason = _text("reason")
        self.form.addRow(_("Reason"), self.reason)
        self.errors.add("reason", self.reason, self.form)
        self._finish(_("Void"))

    def action(self) -> ComplaintDetail:
        return complaints.void_complaint(self.desk.uow, self.detail.id,
                                         self.reason.toPlainText(),
                                         expected_version=self.detail.version)
