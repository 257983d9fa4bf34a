"""Handing over a villa's items: who takes them, and their signature.

The items of the villa waiting on the shelf are listed with a tick each (a scan of a number
ticks it). The owner, a family member or an authorised collector is picked from the
household file; anyone else gives an ID document, name, phone and relation. The taker
signs on the pad, or the desk ticks "signed on the paper register".
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import validation
from app.i18n import _
from app.models.households import IdDocType
from app.models.mail import CollectorKind
from app.services import mail_pickup, mail_queries
from app.services.mail_pickup import PickupDone, PickupDraft, Signer
from app.services.mail_queries import MailItemRow
from app.services.mail_titles import doc_title, kind_title, taker_title
from app.views.desk import Desk
from app.views.feedback import FieldErrors, perform
from app.views.widgets.drafts import DraftKeeper
from app.views.widgets.signature_pad import SignaturePad

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
OTHER = -1  # the signer combo's entry for "someone else"


class PickupDialog(QDialog):
    def __init__(self, desk: Desk, villa_id: int, villa_number: str,
                 ticked: frozenset[int] = frozenset(), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mail_pickup_dialog")
        self.setWindowTitle(_("Pick-up: villa {villa}").format(villa=villa_number))
        self.desk = desk
        self.villa_id = villa_id
        self.done_result: PickupDone | None = None
        self.errors = FieldErrors()
        self._signers: list[Signer] = []
        self._build()
        self._load(ticked)
        # A driver's ID typed in before the program closed is not typed again; the
        # signature is drawn again (a drawing is not a draft).
        self.drafts = DraftKeeper(desk, self, f"mail.pickup:{villa_id}", _("pick-up"))

    def _build(self) -> None:
        self.scan = QLineEdit(objectName="pickup_scan")
        self.scan.setPlaceholderText(_("Scan an item to tick it"))
        self.scan.returnPressed.connect(self._scanned)
        self.items = QListWidget(objectName="pickup_items")
        self.items.setMaximumHeight(130)
        self.who = QComboBox(objectName="pickup_who")
        self.who.currentIndexChanged.connect(self._who_changed)

        self.document = QGroupBox(_("Someone else: their ID document"),
                                  objectName="pickup_document")
        self.doc_type = QComboBox(objectName="pickup_doc_type")
        self.doc_type.addItem(_("— choose —"), None)
        for doc in IdDocType:
            self.doc_type.addItem(doc_title(doc), doc)
        self.doc_number = QLineEdit(objectName="pickup_doc_number")
        self.doc_number.setMaxLength(40)
        self.name = QLineEdit(objectName="pickup_name")
        self.name.setMaxLength(60)
        self.phone = QLineEdit(objectName="pickup_phone")
        self.phone.setMaxLength(30)
        self.relation = QLineEdit(objectName="pickup_relation")
        self.relation.setMaxLength(30)
        self.relation.setPlaceholderText(_("e.g. driver, neighbour, courier"))
        doc_form = QFormLayout(self.document)
        doc_form.addRow(_("Document"), self.doc_type)
        doc_form.addRow(_("Number"), self.doc_number)
        self.errors.add("id_doc_number", self.doc_number, doc_form)
        two = QHBoxLayout()
        two.addWidget(self.name, 1)
        two.addWidget(QLabel(_("Phone")))
        two.addWidget(self.phone, 1)
        doc_form.addRow(_("Name"), two)
        self.errors.add("name", self.name, doc_form)
        self.errors.add("phone", self.phone, doc_form)
        doc_form.addRow(_("Relation"), self.relation)
        self.errors.add("relation", self.relation, doc_form)

        self.pad = SignaturePad()
        self.pad.setObjectName("pickup_signature")
        self.on_paper = QCheckBox(_("Signed on the paper register instead"),
                                  objectName="pickup_on_paper")
        self.on_paper.toggled.connect(lambda on: self.pad.setEnabled(not on))

        form = QFormLayout()
        form.addRow(_("Scan"), self.scan)
        form.addRow(_("Items"), self.items)
        self.errors.add("items", self.items, form)
        form.addRow(_("Collected by"), self.who)
        self.errors.add("collector", self.who, form)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.document)
        layout.addWidget(self.pad, 1)
        layout.addWidget(self.on_paper)
        self.signature_error = self.errors.add("signature", self.pad)
        layout.addWidget(self.signature_error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Hand over"))
        ok.setObjectName("pickup_ok")
        ok.setAutoDefault(False)
        self.buttons.accepted.connect(self.hand_over)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(620, 640)

    def _load(self, ticked: frozenset[int]) -> None:
        uow = self.desk.uow
        rows: list[MailItemRow] = perform(
            self, lambda: mail_queries.waiting_for_villa(uow, self.villa_id)) or []
        for row in rows:
            text = f"{row.number}  ·  {kind_title(row.kind)}  ·  {row.received_at:%m-%d %H:%M}"
            if row.shelf:
                text += f"  ·  {row.shelf}"
            item = QListWidgetItem(text)
            item.setData(ITEM_ROLE, row.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if row.id in ticked or not ticked
                               else Qt.CheckState.Unchecked)
            self.items.addItem(item)
        self._signers = perform(
            self, lambda: mail_pickup.signers_for_villa(uow, self.villa_id)) or []
        for index, signer in enumerate(self._signers):
            relation = f" ({signer.relation})" if signer.relation else ""
            self.who.addItem(f"{taker_title(signer.kind)}: {signer.name}{relation}", index)
        self.who.addItem(taker_title(CollectorKind.OTHER), OTHER)
        self._who_changed()
        self.scan.setFocus()

    def _who_changed(self) -> None:
        self.document.setEnabled(self.who.currentData() == OTHER)

    def _scanned(self) -> None:
        number = validation.normalise_tracking_number(self.scan.text())
        for i in range(self.items.count()):
            item = self.items.item(i)
            if item.text().split(" ", 1)[0] == number:
                item.setCheckState(Qt.CheckState.Checked)
                self.scan.clear()
                return
        self.errors.show({"items": _("{number} is not waiting for this villa.").format(
            number=number)})

    def ticked_ids(self) -> tuple[int, ...]:
        return tuple(int(self.items.item(i).data(ITEM_ROLE)) for i in range(self.items.count())
                     if self.items.item(i).checkState() == Qt.CheckState.Checked)

    def choose_signer(self, name: str) -> bool:
        for i in range(self.who.count()):
            data = self.who.itemData(i)
            if data != OTHER and self._signers[data].name == name:
                self.who.setCurrentIndex(i)
                return True
        return False

    def choose_someone_else(self) -> None:
        self.who.setCurrentIndex(self.who.findData(OTHER))

    def draft(self) -> PickupDraft:
        signature = None if self.on_paper.isChecked() or self.pad.is_empty() \
            else self.pad.png_bytes()
        choice = self.who.currentData()
        if choice == OTHER or choice is None:
            return PickupDraft(
                self.ticked_ids(), CollectorKind.OTHER, name=self.name.text(),
                relation=self.relation.text(), phone=self.phone.text(),
                id_doc_type=self.doc_type.currentData(), id_doc_number=self.doc_number.text(),
                signature_png=signature, signed_on_paper=self.on_paper.isChecked())
        signer = self._signers[choice]
        return PickupDraft(self.ticked_ids(), signer.kind, person_id=signer.person_id,
                           collector_id=signer.collector_id, signature_png=signature,
                           signed_on_paper=self.on_paper.isChecked())

    def hand_over(self) -> None:
        draft = self.draft()
        uow = self.desk.uow
        done = perform(self, lambda: mail_pickup.pick_up(uow, draft), self.errors)
        if done is not None:
            self.drafts.discard()
            self.done_result = done
            self.accept()

    # -- the draft (widgets/drafts.py) ---------------------------------------------------
    def draft_payload(self) -> dict[str, Any]:
        choice = self.who.currentData()
        signer = (self._signers[choice] if isinstance(choice, int) and choice != OTHER
                  else None)
        return {
            "items": list(self.ticked_ids()),
            "signer": [signer.person_id, signer.collector_id] if signer else None,
            "doc_type": str(self.doc_type.currentData() or "") or None,
            "doc_number": self.doc_number.text(), "name": self.name.text(),
            "phone": self.phone.text(), "relation": self.relation.text(),
            "on_paper": self.on_paper.isChecked(),
        }

    def restore_draft(self, payload: dict[str, Any]) -> None:
        wanted = set(payload.get("items") or ())
        if wanted:
            for i in range(self.items.count()):
                item = self.items.item(i)
                item.setCheckState(Qt.CheckState.Checked if item.data(ITEM_ROLE) in wanted
                                   else Qt.CheckState.Unchecked)
        signer = payload.get("signer")
        index = self.who.findData(OTHER)
        if signer:
            index = next((self.who.findData(i) for i, s in enumerate(self._signers)
                          if [s.person_id, s.collector_id] == list(signer)), index)
        self.who.setCurrentIndex(index)
        self.doc_type.setCurrentIndex(next(
            (i for i in range(1, self.doc_type.count())
             if str(self.doc_type.itemData(i)) == payload.get("doc_type")), 0))
        self.doc_number.setText(str(payload.get("doc_number") or ""))
        self.name.setText(str(payload.get("name") or ""))
        self.phone.setText(str(payload.get("phone") or ""))
        self.relation.setText(str(payload.get("relation") or ""))
        self.on_paper.setChecked(bool(payload.get("on_paper")))

    def set_aside(self) -> None:
        super().reject()

    def reject(self) -> None:
        """Cancel: what was typed stays as a draft until the items are handed over."""
        self.drafts.keep()
        super().reject()
