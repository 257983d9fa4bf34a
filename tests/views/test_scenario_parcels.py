"""A day of parcels, through the real main window and a scanner's keystrokes.

The morning shift registers 15 parcels for 9 villas; the evening shift hands two to the
owner of B-03, who signs on the pad, and one to a driver with a resident ID; the rest are
on the handover list.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.clock import FakeClock
from app.config import LocalConfig
from app.demo.resort import add_household
from app.models.calendar import WorkCalendar
from app.models.households import HouseholdRole as R
from app.models.households import IdDocType
from app.models.mail import CollectorKind, MailState
from app.models.staff import Role
from app.services import auth, mail_pickup, site, staff
from app.services.mail_queries import MailFilter, list_mail, unclaimed_items
from app.services.uow import UnitOfWork
from app.views.desk import Desk
from app.views.mail.pickup_dialog import PickupDialog
from app.views.mail.tab import MailTab
from app.views.main_window.tabs import build_tabs
from app.views.main_window.window import MainWindow
from app.views.messages import Messages
from tests.conftest import PASSWORD

#: (villa, owner, the parcels' tracking numbers as the couriers' scanners read them). The
#: register keeps villa numbers without leading zeros; the desk types them as painted on
#: the gate ("B-03"), and the picker finds B-3.
MORNING = (
    ("B-3", "孙丽华", ("SF1402938475610", "YT8834720019283")),
    ("A-1", "钱国强", ("JT0012948573621", "JT0012948573622")),
    ("A-5", "周明", ("773012345678901", "9876543210987")),
    ("A-8", "吴芳", ("EA123456785CN",)),
    ("B-11", "郑海", ("DPK202611300001", "SF1402938475611")),
    ("B-12", "冯晓", ("RR473124829GB",)),
    ("C-2", "陈静", ("JDVA12345678901", "YT8834720019284")),
    ("C-7", "褚伟", ("SF1402938475612",)),
    ("C-9", "卫兰", ("433012345678901", "5012345678901")),
)


def at(hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2026, 11, 30, hour, minute)


def sign_on_the_pad(dialog: PickupDialog) -> None:
    canvas = dialog.pad.canvas
    for stroke in (((30, 60), (70, 30), (110, 90), (150, 40)), ((170, 80), (260, 50))):
        QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(*stroke[0]))
        for point in stroke[1:]:
            QTest.mouseMove(canvas, QPoint(*point))
        QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                           QPoint(*stroke[-1]))


def test_a_day_of_parcels_from_the_morning_scans_to_the_handover(
        qtbot: QtBot, uow: UnitOfWork, clock: FakeClock, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(Messages, "warn", classmethod(
        lambda cls, parent, text, title="": warnings.append(text)))
    villas = {number: add_household(uow, number, number[0] + "区", [
        (owner, R.OWNER, "", f"1390000{n:04d}")]) for n, (number, owner, _p) in
        enumerate(MORNING)}
    manager = uow.as_actor(auth.login(uow, "001", PASSWORD))
    staff.create_staff(manager, "011", "赵晚班", Role.RECEPTIONIST, PASSWORD)

    # 08:30 — 王丽 (008) opens the Mail tab; the cursor waits in the number field.
    clock.set(at(8, 30))
    desk = Desk(uow, LocalConfig.load(tmp_path / "config.json"),
                actor=auth.login(uow, "008", PASSWORD))
    window = MainWindow(desk, site.get_site(uow), WorkCalendar(), build_tabs(desk))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    tab = next(window.tabs.widget(i) for i in range(window.tabs.count())
               if isinstance(window.tabs.widget(i), MailTab))
    assert isinstance(tab, MailTab)
    window.tabs.setCurrentWidget(tab)
    intake = tab.intake
    qtbot.waitUntil(lambda: intake.number.hasFocus())

    # Each courier's bag: the villa typed once (number, then Enter), then the scanner.
    for number, _owner, parcels in MORNING:
        intake.villa.setFocus()
        intake.villa.clear()
        zone, _dash, digits = number.partition("-")
        qtbot.keyClicks(intake.villa, f"{zone}-{int(digits):02d}")
        qtbot.keyClick(intake.villa, Qt.Key.Key_Return)
        assert intake.villa.villa_number() == number
        qtbot.waitUntil(lambda: intake.number.hasFocus())
        for parcel in parcels:
            clock.advance(seconds=3)
            qtbot.keyClicks(intake.number, parcel)  # the scanner types …
            qtbot.keyClick(intake.number, Qt.Key.Key_Return)  # … and presses Enter
            assert intake.number.text() == "" and intake.number.hasFocus()
    # The courier's scanner beeps twice on one label: caught, nothing registered twice.
    qtbot.keyClicks(intake.number, "DPK202611300001")
    qtbot.keyClick(intake.number, Qt.Key.Key_Return)
    assert "B-11" in intake.errors.message("number")
    intake.number.clear()

    registered = list_mail(desk.uow, MailFilter()).rows
    assert len(registered) == 15
    assert len({r.villa_number for r in registered}) == 9
    assert {r.registered_by for r in registered} == {"王丽"}
    assert tab.model.rowCount() == 15
    tab.pages.setCurrentWidget(tab.waiting)
    assert len(tab.waiting.rows) == 9 and sum(h.items for h in tab.waiting.rows) == 15

    # 18:30 — the evening shift signs in.
    clock.set(at(18, 30))
    desk.set_actor(auth.login(uow, "011", PASSWORD))

    # The owner of B-03 (B-3) takes both parcels and signs on the pad.
    dialog = tab.pick_up_villa(villas["B-3"], "B-3")
    qtbot.addWidget(dialog)
    assert dialog.items.count() == 2 and len(dialog.ticked_ids()) == 2
    assert dialog.choose_signer("孙丽华")
    sign_on_the_pad(dialog)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert dialog.done_result is not None and dialog.done_result.item_count == 2

    # 18:45 — a driver comes for C-07's parcel with his resident ID card.
    clock.set(at(18, 45))
    dialog = tab.pick_up_villa(villas["C-7"], "C-7")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.scan, "SF1402938475612")
    qtbot.keyClick(dialog.scan, Qt.Key.Key_Return)
    dialog.choose_someone_else()
    dialog.doc_type.setCurrentIndex(dialog.doc_type.findData(IdDocType.RESIDENT_ID))
    qtbot.keyClicks(dialog.doc_number, "11010519491231002X")
    dialog.name.insert("马师傅")  # an input method commits Chinese whole
    qtbot.keyClicks(dialog.phone, "13511112222")
    dialog.relation.insert("业主的司机")
    sign_on_the_pad(dialog)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert dialog.done_result is not None and dialog.done_result.taker == "马师傅"

    taken = list_mail(desk.uow, MailFilter(states=frozenset({MailState.PICKED_UP}))).rows
    assert sorted(r.number for r in taken) == ["SF1402938475610", "SF1402938475612",
                                               "YT8834720019283"]
    driver = mail_pickup.pickup_of_item(desk.uow, next(
        r.id for r in taken if r.number == "SF1402938475612"))
    assert driver is not None and driver.kind == CollectorKind.OTHER
    assert driver.id_doc_number == "110***********002X"  # masked for the receptionist
    assert driver.signature_png is not None and driver.picked_up_at == at(18, 45)

    # 22:00 — the handover reads the twelve still on the shelf, oldest first.
    clock.set(at(22, 0))
    handover = unclaimed_items(desk.uow)
    assert len(handover) == 12
    assert "B-3" not in {u.villa_number for u in handover}
    assert [u.received_at for u in handover] == sorted(u.received_at for u in handover)
    # Seven households still wait (B-3 and C-7 have everything they had).
    assert len(tab.waiting.rows) == 7
    assert "12" in tab.count_label.text() and "7" in tab.waiting.headline.text()
    assert warnings == []
