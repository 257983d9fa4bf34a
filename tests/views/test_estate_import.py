"""The Excel import and export, driven through the dialog with real files and the real thread."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from app.config import LocalConfig
from app.i18n import _
from app.services import estate
from app.services.estate_sheets import HELP_SHEET, PEOPLE_SHEET, VILLA_SHEET
from app.services.uow import UnitOfWork
from app.views.desk import Desk
from app.views.estate.files import ExcelFiles
from app.views.estate.import_dialog import ImportDialog, ProblemsModel, problems_summary
from app.views.estate.tab import EstateTab
from app.views.messages import Messages
from app.views.widgets.background import running_jobs
from tests.views.estate_files import estate_rows, people_row_of, write_estate


def chooses(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """The person at the desk picks ``path`` in the file dialogs."""
    monkeypatch.setattr(ExcelFiles, "open_path", classmethod(lambda cls, parent: path))
    monkeypatch.setattr(ExcelFiles, "save_path",
                        classmethod(lambda cls, parent, title, suggested: path))


def make_dialog(qtbot: QtBot, who: UnitOfWork) -> ImportDialog:
    dialog = ImportDialog(who)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def idle(dialog: ImportDialog) -> bool:
    return dialog.job is None and running_jobs() == 0


def test_the_template_is_saved_where_the_user_chooses(
        qtbot: QtBot, supervisor: UnitOfWork, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, warnings: list[str]) -> None:
    target = tmp_path / "我们的别墅.xlsx"
    chooses(monkeypatch, target)
    dialog = make_dialog(qtbot, supervisor)
    dialog.template_button.click()
    book = load_workbook(target)
    assert {VILLA_SHEET, PEOPLE_SHEET, HELP_SHEET} <= set(book.sheetnames)
    assert str(target) in dialog.step.text()


def test_a_file_with_bad_rows_is_refused_and_every_bad_row_is_listed(
        qtbot: QtBot, supervisor: UnitOfWork, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, warnings: list[str]) -> None:
    villas, people = estate_rows()
    people[5][3] = "139472"  # a mobile cut off when typed
    people[9][2] = "房东"  # not a role the register knows
    path = write_estate(tmp_path / "estate.xlsx", villas, people)
    chooses(monkeypatch, path)
    dialog = make_dialog(qtbot, supervisor)
    dialog.choose_button.click()
    qtbot.waitUntil(lambda: idle(dialog) and dialog.report is not None, timeout=20_000)

    report = dialog.report
    assert report is not None and not report.ok
    rows = [(p.sheet, p.row, p.column) for p in report.problems]
    assert rows == [(PEOPLE_SHEET, 7, "手机"), (PEOPLE_SHEET, 11, "身份")]
    assert dialog.summary.text() == problems_summary(report)
    assert dialog.summary.text().startswith("2 行有问题，未导入任何数据")
    shown = dialog.problems_model
    assert [shown.index(r, ProblemsModel.COL_ROW).data() for r in range(shown.rowCount())] \
        == ["7", "11"]
    assert all(shown.index(r, ProblemsModel.COL_REASON).data() for r in range(2))
    assert dialog.problems.isVisible() and not dialog.import_button.isEnabled()
    assert estate.list_villas(supervisor) == []  # nothing was imported


def test_a_good_file_is_imported_with_progress_and_a_second_time_adds_nobody(
        qtbot: QtBot, supervisor: UnitOfWork, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, warnings: list[str]) -> None:
    villas, people = estate_rows()
    path = write_estate(tmp_path / "estate.xlsx", villas, people)
    chooses(monkeypatch, path)
    dialog = make_dialog(qtbot, supervisor)
    dialog.choose_button.click()
    qtbot.waitUntil(lambda: idle(dialog) and dialog.import_button.isEnabled(), timeout=20_000)
    assert "36" in dialog.summary.text() and "80" in dialog.summary.text()

    seen: list[tuple[int, int]] = []
    dialog.progress.valueChanged.connect(
        lambda value: seen.append((value, dialog.progress.maximum())))
    dialog.import_button.click()
    assert dialog.cancel_button.isVisible() and not dialog.close_box.isEnabled()
    qtbot.waitUntil(lambda: idle(dialog) and dialog.imported is not None, timeout=30_000)
    imported = dialog.imported
    assert imported is not None
    assert (imported.villas_added, imported.people_added) == (36, 80)
    assert (36 + 80, 36 + 80) in seen  # the bar reached the end of the rows, row by row
    assert len({value for value, _total in seen}) > 10
    assert dialog.summary.text().startswith("导入完成")
    assert len(estate.list_villas(supervisor)) == 36

    dialog.recheck_button.click()  # the same file once more: all already there
    qtbot.waitUntil(lambda: idle(dialog) and dialog.report is not None, timeout=20_000)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: idle(dialog) and dialog.imported is not None
                    and dialog.imported.unchanged == 36 + 80, timeout=30_000)
    assert (dialog.imported.villas_added, dialog.imported.people_added) == (0, 0)
    households = [estate.households_of(supervisor, v.id) for v in
                  estate.list_villas(supervisor)]
    assert sum(len(h[0].people) for h in households) == 80


def test_a_stopped_import_leaves_the_register_as_it_was(
        qtbot: QtBot, supervisor: UnitOfWork, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, warnings: list[str]) -> None:
    villas, people = estate_rows()
    path = write_estate(tmp_path / "estate.xlsx", villas, people)
    chooses(monkeypatch, path)
    dialog = make_dialog(qtbot, supervisor)
    dialog.choose_button.click()
    qtbot.waitUntil(lambda: idle(dialog) and dialog.import_button.isEnabled(), timeout=20_000)
    dialog.import_button.click()
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: idle(dialog), timeout=20_000)
    assert dialog.summary.text() == _("The import was stopped; nothing was imported.")
    assert dialog.imported is None and estate.list_villas(supervisor) == []
    assert dialog.import_button.isEnabled()  # the checked file can still be imported


def test_a_file_that_is_not_a_workbook_is_said_beside_the_file_name(
        qtbot: QtBot, supervisor: UnitOfWork, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, warnings: list[str]) -> None:
    path = tmp_path / "名单.xlsx"
    path.write_text("姓名,手机\n张伟,13812345678\n", encoding="utf-8")
    chooses(monkeypatch, path)
    dialog = make_dialog(qtbot, supervisor)
    dialog.choose_button.click()
    qtbot.waitUntil(lambda: idle(dialog), timeout=20_000)
    assert "名单.xlsx" in dialog.errors.message("file")
    assert dialog.summary.text() == _("Nothing was imported.")
    assert not dialog.import_button.isEnabled()


def test_the_export_masks_phones_and_ids_for_a_receptionist(
        qtbot: QtBot, uow: UnitOfWork, supervisor: UnitOfWork, receptionist: UnitOfWork,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warnings: list[str]) -> None:
    villas, people = estate_rows()
    source = write_estate(tmp_path / "estate.xlsx", villas, people)
    chooses(monkeypatch, source)
    dialog = make_dialog(qtbot, supervisor)
    dialog.choose_button.click()
    qtbot.waitUntil(lambda: idle(dialog) and dialog.import_button.isEnabled(), timeout=20_000)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: idle(dialog) and dialog.imported is not None, timeout=30_000)

    said: list[str] = []
    monkeypatch.setattr(Messages, "info", classmethod(lambda cls, parent, text, title="":
                                                      said.append(text)))
    out = tmp_path / "导出.xlsx"
    chooses(monkeypatch, out)
    tab = EstateTab(Desk(uow, LocalConfig.load(tmp_path / "c.json"), actor=receptionist.actor))
    qtbot.addWidget(tab)
    assert not tab.import_button.isVisibleTo(tab)
    job = tab.export()
    assert job is not None
    qtbot.waitUntil(lambda: tab.export_job is None and bool(said), timeout=20_000)
    assert str(out) in said[0]
    sheet = load_workbook(out)[PEOPLE_SHEET]
    owner = people_row_of(people, people[0][1])
    assert sheet.cell(row=owner, column=2).value == people[0][1]
    assert sheet.cell(row=owner, column=4).value == "139****1000"
    assert "*" in sheet.cell(row=owner, column=6).value


def test_the_register_shows_the_imported_villas_as_soon_as_the_import_ends(
        qtbot: QtBot, uow: UnitOfWork, supervisor: UnitOfWork, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, warnings: list[str]) -> None:
    villas, people = estate_rows()
    chooses(monkeypatch, write_estate(tmp_path / "estate.xlsx", villas, people))
    tab = EstateTab(Desk(uow, LocalConfig.load(tmp_path / "c.json"), actor=supervisor.actor))
    qtbot.addWidget(tab)
    tab.show()
    assert tab.villas.model.rowCount() == 0
    tab.import_button.click()
    dialog = tab.import_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.choose_button.click()
    qtbot.waitUntil(lambda: idle(dialog) and dialog.import_button.isEnabled(), timeout=20_000)
    dialog.import_button.click()
    # The import commits on its own thread; the tab hears of it on the GUI thread.
    qtbot.waitUntil(lambda: tab.villas.model.rowCount() == 36, timeout=30_000)
    qtbot.waitUntil(lambda: idle(dialog), timeout=10_000)
    assert tab.villas.current_villa() is not None


def test_closing_the_dialog_mid_import_stops_it_first(
        qtbot: QtBot, supervisor: UnitOfWork, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, warnings: list[str]) -> None:
    villas, people = estate_rows()
    chooses(monkeypatch, write_estate(tmp_path / "estate.xlsx", villas, people))
    dialog = make_dialog(qtbot, supervisor)
    dialog.choose_button.click()
    qtbot.waitUntil(lambda: idle(dialog) and dialog.import_button.isEnabled(), timeout=20_000)
    dialog.import_button.click()
    dialog.close()  # the window's close button while the rows go in
    assert dialog.isVisible() and dialog.step.text() == _("Stopping…")
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
    assert idle(dialog) and estate.list_villas(supervisor) == []
