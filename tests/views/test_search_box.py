"""The one search box in the real main window: type, wait for the results, Enter opens."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.config import LocalConfig
from app.models.calendar import WorkCalendar
from app.services import site
from app.services.uow import UnitOfWork
from app.views.desk import Desk
from app.views.estate.tab import EstateTab
from app.views.main_window.tabs import build_tabs
from app.views.main_window.window import MainWindow
from app.views.reception.tab import ReceptionTab
from app.views.work_orders.tab import WorkOrdersTab
from tests.services.test_search import estate_day, slip  # noqa: F401

Key = Qt.Key


@pytest.fixture
def window(qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork,
           estate_day: dict[str, int], tmp_path: Path) -> MainWindow:  # noqa: F811
    desk = Desk(uow, LocalConfig.load(tmp_path / "w.json"), actor=receptionist.actor)
    win = MainWindow(desk, site.get_site(uow), WorkCalendar(), build_tabs(desk))
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    return win


def results(window: MainWindow) -> list[str]:
    box = window.search.results
    return [box.list.item(i).text() for i in range(box.list.count())] if box.isVisible() else []


def test_the_receptionist_types_zs_and_enter_opens_zhang_sans_household_file(
        qtbot: QtBot, window: MainWindow, estate_day: dict[str, int]) -> None:  # noqa: F811
    qtbot.keyClick(window, Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.focusWidget() is window.search
    qtbot.keyClicks(window.search, "zs")
    qtbot.waitUntil(lambda: "张三\nA-15 · 业主 · 139****1234" in results(window))
    assert results(window)[0] == "人员"  # the group's header
    qtbot.keyClick(window.search, Key.Key_Return)
    estate = window.current_tab()
    assert isinstance(estate, EstateTab)
    assert estate.villas.current_id() == estate_day["A-15"]
    assert not window.search.results.isVisible()


def test_down_moves_past_the_header_to_the_next_hit_and_ctrl_f_finds_villas(
        qtbot: QtBot, window: MainWindow, estate_day: dict[str, int]) -> None:  # noqa: F811
    qtbot.keyClick(window, Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.search, "12")
    qtbot.waitUntil(lambda: results(window)[:3] == ["别墅", "A-12\n湖畔区 · 张伟",
                                                    "C-12\n山景区 · 欧阳小明"])
    qtbot.keyClick(window.search, Key.Key_Down)
    qtbot.keyClick(window.search, Key.Key_Return)
    estate = window.current_tab()
    assert isinstance(estate, EstateTab)
    assert estate.villas.current_id() == estate_day["C-12"]


def test_a_scanned_slip_number_opens_the_work_order(
        qtbot: QtBot, window: MainWindow, receptionist: UnitOfWork,
        estate_day: dict[str, int]) -> None:  # noqa: F811
    number = slip(receptionist, estate_day)
    window.tabs.setCurrentIndex(0)
    window.search.setFocus()
    # A scanner types fast and ends with Enter, before the pause that starts a search.
    qtbot.keyClicks(window.search, number)
    qtbot.keyClick(window.search, Key.Key_Return)
    tab = window.current_tab()
    assert isinstance(tab, WorkOrdersTab)
    detail = tab.current_detail()
    assert detail is not None and detail.number == number


def test_a_call_found_by_its_phone_tail_opens_in_the_reception_tab(
        qtbot: QtBot, window: MainWindow, receptionist: UnitOfWork) -> None:
    from app.models.reception import Channel, EntryClass
    from app.services import reception

    entry = reception.log_entry(receptionist, reception.NewEntry(
        Channel.PHONE, EntryClass.INQUIRY, "快递员小刘", "问会所开放时间",
        contact_phone="18900007777"))
    window.tabs.setCurrentIndex(2)
    window.search.setFocus()
    qtbot.keyClicks(window.search, "7777")
    qtbot.waitUntil(lambda: "来电和来访" in results(window) or "Calls and visits" in results(
        window))
    qtbot.keyClick(window.search, Key.Key_Return)
    tab = window.current_tab()
    assert isinstance(tab, ReceptionTab)
    current = tab.current_entry()
    assert current is not None and current.id == entry.id


def test_nothing_found_says_so_and_esc_closes_the_list(
        qtbot: QtBot, window: MainWindow) -> None:
    window.search.setFocus()
    window.search.insert("不存在的人")  # what an input method commits
    window.search.textEdited.emit(window.search.text())
    qtbot.waitUntil(lambda: window.search.results.isVisible()
                    and window.search.results.message.isVisible())
    assert "不存在的人" in window.search.results.message.text()
    qtbot.keyClick(window.search, Key.Key_Escape)
    assert not window.search.results.isVisible()
    assert window.search.text() == "不存在的人"  # nothing typed is lost
