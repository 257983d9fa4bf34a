"""Two desks at the clubhouse: what the other one records shows up here by itself.

王丽 (008) has the main window open, a record selected and a new call half typed, when
刘主管 (002) at the other desk — a second program on the same database — logs a call and
opens a work order. Within two seconds both lists here show them and the counts move,
while 王丽's selection and typing stay as they were.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel
from pytestqt.qtbot import QtBot

from app.bootstrap import Opened
from app.config import LocalConfig
from app.models.calendar import WorkCalendar
from app.models.reception import Channel, EntryClass
from app.models.work_orders import Department
from app.services import site, work_orders
from app.services.uow import UnitOfWork
from app.services.work_categories import list_categories
from app.services.work_orders import WorkOrderDraft
from app.views.desk import Desk
from app.views.main_window.tabs import build_tabs
from app.views.main_window.window import MainWindow
from app.views.reception.tab import ReceptionTab
from app.views.tab import DeskTab
from app.views.widgets.change_watcher import ChangeWatcher
from app.views.work_orders.tab import WorkOrdersTab
from tests.conftest import MORNING
from tests.services.test_change_feed import a_call, other_desk, url_of
from tests.views.test_reception_tab import type_chinese

TYPED = "业主说明天上午在家，可以上门"


def ids(model: QAbstractItemModel) -> set[object]:
    return {model.id_at(row) for row in range(model.rowCount())}  # type: ignore[attr-defined]


def an_order(uow: UnitOfWork, villa_id: int, content: str) -> int:
    work_orders.ensure_defaults(uow)
    category = next(c.id for c in list_categories(uow) if c.name == "给排水")
    return work_orders.open_work_order(uow, WorkOrderDraft(
        content=content, department=Department.ENGINEERING, category_id=category,
        villa_id=villa_id, location="厨房", contact_name="张伟",
        contact_phone="13812345678")).id


@pytest.fixture
def window(qtbot: QtBot, uow: UnitOfWork, receptionist: UnitOfWork,
           tmp_path: Path) -> Iterator[MainWindow]:
    desk = Desk(uow, LocalConfig.load(tmp_path / "config.json"), actor=receptionist.actor)
    win = MainWindow(desk, site.get_site(uow), WorkCalendar(), build_tabs(desk))
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.change_watcher.stop()


def tabs_of(window: MainWindow) -> tuple[ReceptionTab, WorkOrdersTab]:
    reception = window.findChild(ReceptionTab)
    orders = window.findChild(WorkOrdersTab)
    assert reception is not None and orders is not None
    return reception, orders


def the_other_desk_records_while_this_one_types(
        qtbot: QtBot, opened: Opened, receptionist: UnitOfWork, villas: dict[str, int],
        tmp_path: Path, uow: UnitOfWork) -> None:
    """The scenario, on whichever database ``opened`` is (SQLite here, PostgreSQL in
    tests/postgres)."""
    mine = a_call(receptionist, villas["A-12"], "代叫出租车")
    my_order = an_order(receptionist, villas["A-12"], "厨房水槽下水管漏水")
    desk = Desk(uow, LocalConfig.load(tmp_path / "config.json"), actor=receptionist.actor)
    window = MainWindow(desk, site.get_site(uow), WorkCalendar(), build_tabs(desk))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    try:
        reception, orders = tabs_of(window)
        assert reception.select_entry(mine.id) and orders.select_work_order(my_order)
        type_chinese(reception.form.caller_name, "李娜")
        type_chinese(reception.form.content, TYPED)
        counts_before = reception.counts.text()
        assert "合计 1" in counts_before

        said = other_desk(url_of(opened), "call:B-7:门口有快递需要代收",
                          "order:A-3:卫生间地漏堵塞")
        new_call = int(said[0].split()[1])
        new_order = int(said[1].split()[1])
        committed = time.monotonic()
        qtbot.waitUntil(lambda: new_call in ids(reception.model)
                        and new_order in ids(orders.model), timeout=3000)
        took = time.monotonic() - committed
        assert took < 2.5, f"the other desk's records took {took:.1f} s to show"
        assert "合计 2" in reception.counts.text()

        current = reception.current_entry()
        assert current is not None and current.id == mine.id
        assert orders.current_id() == my_order
        assert reception.form.caller_name.text() == "李娜"
        assert reception.form.content.toPlainText() == TYPED
    finally:
        window.change_watcher.stop()
        reception.form.content.clear()
        reception.form.caller_name.clear()


def test_the_other_desks_call_and_work_order_show_up_here_within_two_seconds(
        qtbot: QtBot, opened: Opened, receptionist: UnitOfWork, villas: dict[str, int],
        tmp_path: Path, uow: UnitOfWork) -> None:
    the_other_desk_records_while_this_one_types(qtbot, opened, receptionist, villas,
                                                tmp_path, uow)


def test_this_desks_own_call_refreshes_once_and_the_others_order_brings_only_its_tables(
        qtbot: QtBot, window: MainWindow, opened: Opened, villas: dict[str, int]) -> None:
    heard: list[frozenset[str]] = []
    window.desk.changed.connect(heard.append)
    a_call(window.desk.uow, villas["A-3"], "空调不制冷")
    assert len(heard) == 1 and "reception_entry" in heard[0]
    said = other_desk(url_of(opened), "order:B-7:卫生间地漏堵塞")
    new_order = int(said[0].split()[1])
    _reception, orders = tabs_of(window)
    qtbot.waitUntil(lambda: new_order in ids(orders.model), timeout=3000)
    assert len(heard) == 2  # this desk's call once, the other desk's order once
    assert "work_order" in heard[1] and "reception_entry" not in heard[1]


def test_news_waits_while_the_screen_is_locked_and_arrives_on_unlocking(
        qtbot: QtBot, window: MainWindow, opened: Opened, villas: dict[str, int]) -> None:
    watcher = window.change_watcher
    heard: list[frozenset[str]] = []
    window.desk.changed.connect(heard.append)
    watcher.hold()  # what window.locked does
    other_desk(url_of(opened), "call:A-12:门铃坏了")
    qtbot.waitUntil(lambda: "reception_entry" in watcher.held, timeout=3000)
    assert heard == []
    watcher.release()  # what window.unlocked does
    assert len(heard) == 1 and "reception_entry" in heard[0]


def test_the_watcher_stops_with_the_window(qtbot: QtBot, window: MainWindow) -> None:
    watcher = window.findChild(ChangeWatcher)
    assert watcher is window.change_watcher and watcher.running
    window.close()
    assert not watcher.running


def test_every_table_a_tab_watches_is_audited() -> None:
    """On SQLite the other desks' tables are read from the audit log
    (app/services/change_feed.py): a watched table that is not audited would never
    refresh from another desk."""
    import app.views.estate.tab
    import app.views.reception.tab
    import app.views.work_orders.tab  # noqa: F401
    from app.models.base import Base

    audited = {mapper.local_table.name for mapper in Base.registry.mappers  # type: ignore[union-attr]
               if mapper.class_.__audited__}
    watched: set[str] = set()
    for tab in DeskTab.__subclasses__():
        watched |= tab.watched_tables
    assert watched
    assert watched <= audited, watched - audited


def test_the_promised_answers_window_keeps_its_chosen_row_when_another_desk_records(
        qtbot: QtBot, window: MainWindow, opened: Opened, villas: dict[str, int]) -> None:
    from app.services.reception import NewEntry, log_entry

    for villa, question in (("A-12", "游泳池几点开放"), ("B-7", "物业费能否按季度交")):
        log_entry(window.desk.uow, NewEntry(Channel.PHONE, EntryClass.INQUIRY, "张伟", question,
                                            villa_id=villas[villa], occurred_at=MORNING,
                                            promise_answer=True))
    reception, _orders = tabs_of(window)
    reception.open_promises()
    dialog = reception.promises_dialog
    assert dialog is not None and dialog.model.rowCount() == 2
    dialog.table.selectRow(1)
    chosen = dialog.current()
    assert chosen is not None
    said = other_desk(url_of(opened), "call:A-3:门铃坏了")
    new_call = int(said[0].split()[1])
    qtbot.waitUntil(lambda: new_call in ids(reception.model), timeout=3000)
    current = dialog.current()
    assert current is not None and current.id == chosen.id
    dialog.close()
