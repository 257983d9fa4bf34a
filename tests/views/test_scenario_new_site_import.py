"""A new site's first morning: set up, import the estate from Excel, take the first call.

The manager sets up the clubhouse, saves the program's template, and the office fills it
from its own lists: 36 villas and 80 people. Two rows are wrong (a mobile cut off, a role
nobody knows); the import refuses the whole file and lists both. They are fixed in the
file, the import runs on its thread with a progress bar, and the first caller is found by
the last four digits of her phone.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.bootstrap import Opened
from app.config import LocalConfig
from app.models.calendar import WorkCalendar
from app.services import estate, site
from app.services.auth import login
from app.services.estate_sheets import PEOPLE_SHEET
from app.services.work_orders import ensure_defaults
from app.views.desk import Desk
from app.views.estate.files import ExcelFiles
from app.views.estate.tab import EstateTab
from app.views.main_window.tabs import build_tabs
from app.views.main_window.window import MainWindow
from app.views.messages import Messages
from app.views.reception.tab import ReceptionTab
from app.views.session.first_run import FirstRunDialog
from app.views.widgets.background import running_jobs
from tests.views.estate_files import estate_rows, fill_estate, owner_phone, people_row_of

PASSWORD = "first-day-1"


def test_a_new_site_imports_its_estate_fixes_two_rows_and_finds_the_first_caller(
        qtbot: QtBot, opened: Opened, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    warned: list[str] = []
    monkeypatch.setattr(Messages, "warn", classmethod(lambda cls, parent, text, title="":
                                                      warned.append(text)))
    uow = opened.uow

    # The manager sets up the clubhouse; the wizard offers the import straight away.
    wizard = FirstRunDialog(uow, "unused")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.setup_button.click()
    wizard.site_name.setText("云栖别墅会所")
    wizard.site_phone.setText("0571-86660000")
    wizard.manager_name.setText("林经理")
    wizard.password.setText(PASSWORD)
    wizard.password2.setText(PASSWORD)
    wizard.create_site()
    assert site.is_set_up(uow)
    offer = wizard.import_offer
    assert wizard.pages.currentWidget() is offer
    dialog = offer.open_import()
    assert dialog is not None
    qtbot.waitExposed(dialog)

    # The template is saved, and the office types its lists into it — with two mistakes.
    workbook = tmp_path / "云栖住户.xlsx"
    monkeypatch.setattr(ExcelFiles, "save_path",
                        classmethod(lambda cls, parent, title, suggested: workbook))
    monkeypatch.setattr(ExcelFiles, "open_path", classmethod(lambda cls, parent: workbook))
    dialog.template_button.click()
    villas, people = estate_rows()
    assert (len(villas), len(people)) == (36, 80)
    cut_off, stranger = people[12][1], people[40][1]
    people[12][3] = "139472"
    people[40][2] = "房东"
    fill_estate(workbook, villas, people)

    dialog.choose_button.click()
    qtbot.waitUntil(lambda: dialog.job is None and dialog.report is not None, timeout=20_000)
    assert dialog.report is not None and not dialog.report.ok
    assert dialog.summary.text() == "2 行有问题，未导入任何数据——请改正后重新导入。"
    listed = [(p.sheet, p.row, p.column) for p in dialog.report.problems]
    assert listed == [(PEOPLE_SHEET, people_row_of(people, cut_off), "手机"),
                      (PEOPLE_SHEET, people_row_of(people, stranger), "身份")]
    assert dialog.problems_model.rowCount() == 2 and dialog.problems.isVisible()
    assert not dialog.import_button.isEnabled()
    manager_uow = dialog.uow
    assert estate.list_villas(manager_uow) == []  # nothing was imported

    # Fixed in Excel; checked again; imported on the background thread.
    people[12][3] = "13900009999"
    people[40][2] = "家庭成员"
    fill_estate(workbook, villas, people)
    dialog.recheck_button.click()
    qtbot.waitUntil(lambda: dialog.job is None and dialog.import_button.isEnabled(),
                    timeout=20_000)
    assert not dialog.problems.isVisible()
    maxima: list[int] = []
    dialog.progress.valueChanged.connect(lambda _v: maxima.append(dialog.progress.maximum()))
    dialog.import_button.click()
    assert running_jobs() == 1
    qtbot.waitUntil(lambda: dialog.job is None and dialog.imported is not None,
                    timeout=30_000)
    assert dialog.imported is not None
    assert (dialog.imported.villas_added, dialog.imported.people_added) == (36, 80)
    assert 36 + 80 in maxima  # a real bar: row by row out of all rows
    dialog.close_box.rejected.emit()
    with qtbot.waitSignal(wizard.accepted):
        offer.later_button.click()

    # The first morning: the manager signs in and the register is there.
    ensure_defaults(uow)
    desk = Desk(uow, LocalConfig.load(tmp_path / "c.json"), actor=login(uow, "001", PASSWORD))
    window = MainWindow(desk, site.get_site(uow), WorkCalendar(), build_tabs(desk))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    register = next(window.tabs.widget(i) for i in range(window.tabs.count())
                    if isinstance(window.tabs.widget(i), EstateTab))
    assert window.tabs.tabText(window.tabs.indexOf(register)) == "住户档案"
    assert register.villas.model.rowCount() == 36

    # The first call: the owner of B-3 gives only the end of her mobile.
    front = window.tabs.widget(0)
    assert isinstance(front, ReceptionTab)
    qtbot.keyClick(window, Qt.Key.Key_F2)
    form = front.form
    owner_index = 20  # B-3
    tail = owner_phone(owner_index)[-4:]
    qtbot.keyClicks(form.villa, tail)
    popup = form.villa.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    labels = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert len(labels) == 1 and labels[0].startswith("B-3")
    first = popup.visualRect(popup.model().index(0, 0)).center()
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=first)  # she picks it
    assert form.villa.villa_number() == "B-3"
    assert form.caller_name.text() == _owner_of(people, "B-3")
    assert form.contact_phone.text() == owner_phone(owner_index)
    assert warned == []


def _owner_of(people: list[list[object]], number: str) -> str:
    return str(next(row[1] for row in people if row[0] == number and row[2] == "业主"))
