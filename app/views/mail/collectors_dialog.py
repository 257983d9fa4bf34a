"""A household's mail arrangements: consent to parcels accepted on its behalf (代收), and
the people it authorised to collect them (phone and ID masked for a receptionist)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.models.households import IdDocType
from app.services import mail
from app.services.mail import CollectorDraft, HouseholdMail
from app.services.mail_titles import doc_title
from app.views.desk import Desk
from app.views.feedback import FieldErrors, perform
from app.views.widgets.tables import configure_table


class CollectorsDialog(QDialog):
    def __init__(self, desk: Desk, villa_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mail_collectors_dialog")
        self.desk = desk
        self.villa_id = villa_id
        self.file: HouseholdMail | None = None
        self.errors = FieldErrors()
        self._build()
        self.reload()

    def _build(self) -> None:
        self.consents = QCheckBox(_("The household agrees that the desk accepts parcels on "
                                    "its behalf (代收)"), objectName="mail_consents")
        self.consent_note = QLineEdit(objectName="mail_consent_note")
        self.consent_note.setMaxLength(500)
        self.consent_note.setPlaceholderText(_("How it was given, e.g. by phone on 11-30"))
        save_consent = QPushButton(_("Save consent"), objectName="mail_save_consent")
        save_consent.clicked.connect(self.save_consent)
        consent_row = QHBoxLayout()
        consent_row.addWidget(self.consent_note, 1)
        consent_row.addWidget(save_consent)

        self.table = QTableWidget(0, 5, objectName="mail_collectors")
        self.table.setHorizontalHeaderLabels([_("Name"), _("Relation"), _("Phone"),
                                              _("ID document"), _("State")])
        configure_table(self.table)
        self.table.horizontalHeader().setStretchLastSection(True)
        retire = QPushButton(_("Withdraw authorisation…"), objectName="mail_retire_collector")
        retire.clicked.connect(self.retire_current)

        box = QGroupBox(_("Authorise a collector"))
        self.name = QLineEdit(objectName="collector_name")
        self.name.setMaxLength(60)
        self.relation = QLineEdit(objectName="collector_relation")
        self.relation.setMaxLength(30)
        self.phone = QLineEdit(objectName="collector_phone")
        self.phone.setMaxLength(30)
        self.doc_type = QComboBox(objectName="collector_doc_type")
        self.doc_type.addItem(_("— none —"), None)
        for doc in IdDocType:
            self.doc_type.addItem(doc_title(doc), doc)
        self.doc_number = QLineEdit(objectName="collector_doc_number")
        self.doc_number.setMaxLength(40)
        form = QFormLayout(box)
        form.addRow(_("Name"), self.name)
        self.errors.add("name", self.name, form)
        form.addRow(_("Relation"), self.relation)
        self.errors.add("relation", self.relation, form)
        form.addRow(_("Phone"), self.phone)
        self.errors.add("phone", self.phone, form)
        doc = QHBoxLayout()
        doc.addWidget(self.doc_type)
        doc.addWidget(self.doc_number, 1)
        form.addRow(_("ID document"), doc)
        self.errors.add("id_doc_type", self.doc_type, form)
        self.errors.add("id_doc_number", self.doc_number, form)
        add = QPushButton(_("Add collector"), objectName="mail_add_collector")
        add.clicked.connect(self.add_collector)
        form.addRow("", add)

        self.headline = QLabel(objectName="mail_household_headline")
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.consents)
        layout.addLayout(consent_row)
        self.errors.add("note", self.consent_note)
        layout.addWidget(QLabel(_("Authorised collectors (they sign like the owner):")))
        layout.addWidget(self.table, 1)
        layout.addWidget(retire)
        layout.addWidget(box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 600)

    def reload(self) -> None:
        uow = self.desk.uow
        self.file = perform(self, lambda: mail.household_mail(uow, self.villa_id))
        if self.file is None:
            return
        self.setWindowTitle(_("Mail arrangements of villa {villa}").format(
            villa=self.file.villa_number))
        self.headline.setText(_("Villa {villa}").format(villa=self.file.villa_number)
                              if self.file.household_id else
                              _("Nobody is registered as living in villa {villa}.").format(
                                  villa=self.file.villa_number))
        self.consents.setChecked(self.file.consents)
        self.consent_note.setText(self.file.consent_note)
        self.table.setRowCount(len(self.file.collectors))
        for r, c in enumerate(self.file.collectors):
            document = f"{doc_title(c.id_doc_type)} {c.id_doc_number}" if c.id_doc_type else ""
            state = _("Authorised") if c.active else _("Withdrawn")
            for col, text in enumerate((c.name, c.relation, c.phone, document, state)):
                self.table.setItem(r, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def save_consent(self) -> None:
        uow, file = self.desk.uow, self.file
        version = file.consent_version if file else 0
        done = perform(self, lambda: mail.set_consent(
            uow, self.villa_id, self.consents.isChecked(), self.consent_note.text(), version),
            self.errors)
        if done is not None:
            self.reload()

    def add_collector(self) -> None:
        draft = CollectorDraft(self.name.text(), self.relation.text(), self.phone.text(),
                               self.doc_type.currentData(), self.doc_number.text())
        uow = self.desk.uow
        if perform(self, lambda: mail.add_collector(uow, self.villa_id, draft),
                   self.errors) is not None:
            for edit in (self.name, self.relation, self.phone, self.doc_number):
                edit.clear()
            self.doc_type.setCurrentIndex(0)
            self.reload()

    def retire_current(self) -> None:
        row = self.table.currentRow()
        if self.file is None or not 0 <= row < len(self.file.collectors):
            return
        collector = self.file.collectors[row]
        reason, ok = QInputDialog.getText(self, _("Withdraw authorisation"), _(
            "Why is {name} no longer authorised?").format(name=collector.name))
        if not ok:
            return
        uow = self.desk.uow
        # Refused or not, the list shows the collectors as they are now.
        perform(self, lambda: mail.retire_collector(uow, collector.id, collector.version,
                                                    reason))
        self.reload()
