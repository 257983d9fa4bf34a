"""Regenerate the README's screenshots from a demo database (run under Xvfb or offscreen).

    make screenshots   # xvfb-run … python -m scripts.screenshots
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "images"
#: A weekday morning, so the greeting and the open work orders look like a real shift.
SHOT_TIME = dt.datetime(2026, 11, 24, 9, 40)


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="villa-shots-"))
    os.environ["VILLA_DESK_HOME"] = str(tmp)
    # Under xvfb-run (make screenshots) draw on the real X screen of 1366×768; the offscreen
    # platform's small virtual screen would shrink the main window to fit it.
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb" if os.environ.get("DISPLAY") else "offscreen")
    OUT.mkdir(parents=True, exist_ok=True)


    from app.bootstrap import open_database
    from app.clock import FakeClock
    from app.config import LocalConfig
    from app.demo.build import build_demo
    from app.services.auth import login
    from app.services.calendar import work_calendar
    from app.services.site import get_site
    from app.services.work_orders import ensure_defaults
    from app.views.application import create_application, install_translators, load_fonts
    from app.views.desk import Desk
    from app.views.main_window.tabs import build_tabs
    from app.views.main_window.window import MainWindow

    clock = FakeClock(SHOT_TIME)
    opened = open_database(f"sqlite:///{tmp / 'demo.sqlite3'}", clock=clock)
    build_demo(opened.uow, villas=240, years=1.0)
    ensure_defaults(opened.uow)
    app = create_application([sys.argv[0]])
    load_fonts(app)
    install_translators(app, "zh_CN")
    actor = login(opened.uow, "008", "123456")
    desk = Desk(opened.uow, LocalConfig.load(tmp / "config.json"), actor=actor)
    window = MainWindow(desk, get_site(opened.uow), work_calendar(opened.uow), build_tabs(desk))
    window.resize(1366, 768)
    window.show()

    def settle() -> None:
        for _ in range(10):
            app.processEvents()

    settle()
    names = ["main-window-reception.png", "main-window-work-orders.png"]
    for index, name in enumerate(names):
        window.tabs.setCurrentIndex(index)
        settle()
        window.grab().save(str(OUT / name))
        print("wrote", OUT / name)

    window.tabs.setCurrentIndex(0)
    from app.services.households import search_villas

    villa = search_villas(desk.uow, "A-12")[0]
    dialog = window.open_household(villa.villa_id)
    settle()
    dialog.grab().save(str(OUT / "household-file.png"))
    print("wrote", OUT / "household-file.png")
    dialog.close()

    _rules_dialog(opened.uow, desk.config, window, settle)
    _data_safety(opened.uow, desk.config, window, settle, tmp)
    _estate_register(desk, window, tmp, settle)
    _mail(desk, window, tmp, settle)
    _release_passes(desk, window, tmp, settle)
    _complaints(desk, window, tmp, settle)
    _first_run_progress(tmp, clock, app)

    from app.services.printouts import render_printout

    for form, key, mode, name in [
        ("dispatch-slip", "", "plain", "dispatch-slip-plain"),
        ("overprint-test-page", "", "overprint", "dispatch-slip-overprint-test"),
    ]:
        number = key or _first_slip(desk)
        pdf = render_printout(desk.uow, form, number, mode=mode, deterministic=True)
        pdf_path = tmp / f"{name}.pdf"
        pdf_path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                        str(pdf_path), str(OUT / name)], check=True)
        print("wrote", OUT / f"{name}.png")
    window.close()
    from app.views.application import tear_down

    tear_down()
    opened.engine.dispose()
    return 0


def _mail(desk, window, tmp, settle) -> None:  # type: ignore[no-untyped-def]
    """The Mail tab with a wrong S10 check digit caught, the households waiting, the
    pick-up dialog; the day's register sheet and a household's notice as PNGs."""
    from app.services.households import search_villas
    from app.services.mail_notices import waiting_households
    from app.services.printouts import render_printout
    from app.views.mail.tab import MailTab

    tab = next(window.tabs.widget(i) for i in range(window.tabs.count())
               if isinstance(window.tabs.widget(i), MailTab))
    window.tabs.setCurrentWidget(tab)
    villa = search_villas(desk.uow, "A-12")[0]
    tab.intake.set_villa(villa.villa_id, villa.number)
    tab.intake.number.setText("RR473124828GB")
    tab.intake.save()
    settle()
    window.grab().save(str(OUT / "mail-tab.png"))
    tab.intake.number.clear()
    tab.pages.setCurrentWidget(tab.waiting)
    settle()
    window.grab().save(str(OUT / "mail-waiting-households.png"))
    tab.pages.setCurrentIndex(0)
    household = waiting_households(desk.uow)[0]
    dialog = tab.pick_up_villa(household.villa_id, household.villa_number)
    dialog.choose_someone_else()
    settle()
    dialog.grab().save(str(OUT / "mail-pickup.png"))
    dialog.close()
    day = (SHOT_TIME - dt.timedelta(days=1)).date().isoformat()
    for form, key, name in (("mail-register", day, "mail-register"),
                            ("mail-notice", household.villa_number, "mail-notice")):
        pdf_path = tmp / f"{name}.pdf"
        pdf_path.write_bytes(render_printout(desk.uow, form, key, deterministic=True))
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                        str(pdf_path), str(OUT / name)], check=True)
    print("wrote the mail tab's screenshots and printouts")
    window.tabs.setCurrentIndex(0)


def _complaints(desk, window, tmp, settle, out=OUT) -> None:  # type: ignore[no-untyped-def]
    """The Complaints tab on a complaint that escalated, its due-and-overdue panel, and the
    handling record and the month's analysis as PNGs."""
    from app.models.complaints import ComplaintState
    from app.services.complaint_queries import ComplaintFilter, list_complaints
    from app.services.printouts import render_printout
    from app.views.complaints.tab import ComplaintsTab

    tab = next(window.tabs.widget(i) for i in range(window.tabs.count())
               if isinstance(window.tabs.widget(i), ComplaintsTab))
    window.tabs.setCurrentWidget(tab)
    tab.refresh()
    rows = list_complaints(desk.uow, ComplaintFilter(), limit=200).rows
    shown = next((r for r in rows if r.state == ComplaintState.OPEN), rows[0])
    tab.show_complaint(shown.id)
    settle()
    window.grab().save(str(out / "complaints-tab.png"))
    panel = tab.open_due_panel()
    settle()
    panel.grab().save(str(out / "complaints-due-panel.png"))
    panel.close()
    closed = next(r for r in rows if r.state == ComplaintState.CLOSED)
    month = (SHOT_TIME.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    from app.services.auth import login

    # The month's analysis is a report: the supervisor's to read (VIEW_REPORTS).
    supervisor = desk.uow.as_actor(login(desk.uow, "002", "123456"))
    for form, key, name in (("complaint-record", closed.number, "complaint-record"),
                            ("complaint-monthly", month, "complaint-monthly")):
        pdf_path = tmp / f"{name}.pdf"
        pdf_path.write_bytes(render_printout(supervisor, form, key, deterministic=True))
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                        str(pdf_path), str(out / name)], check=True)
    print("wrote the complaints tab's screenshots and printouts")
    window.tabs.setCurrentIndex(0)


def _release_passes(desk, window, tmp, settle) -> None:  # type: ignore[no-untyped-def]
    """The Release passes tab with a pass still out at the gate, a tenant's application,
    and the gate copy (门岗联, page 3) of that pass as a PNG."""
    from app.services.households import search_villas
    from app.services.printouts import render_printout
    from app.services.release_pass_queries import PassFilter, list_passes, not_back
    from app.views.release_passes.application_form import PassForm
    from app.views.release_passes.tab import ReleasePassesTab

    tab = next(window.tabs.widget(i) for i in range(window.tabs.count())
               if isinstance(window.tabs.widget(i), ReleasePassesTab))
    window.tabs.setCurrentWidget(tab)
    out = not_back(desk.uow)
    shown = out[0] if out else list_passes(desk.uow, PassFilter()).rows[0]
    tab.select_pass(shown.id)
    settle()
    window.grab().save(str(OUT / "release-passes-tab.png"))
    form = PassForm(desk, None, window)
    form.show()
    villa = search_villas(desk.uow, "A-12")[0]
    form.applicant_kind.setCurrentIndex(form.applicant_kind.findData("tenant"))
    form.villa.set_villa(villa.villa_id, villa.number)
    form.villa.villa_chosen.emit(villa.villa_id, villa.number)
    form.applicant_name.setText("周杰")
    form.items.set_rows([("三人沙发", "1", "米色布艺"), ("纸箱", "2", "书籍")])
    form.consent_note.setText("致电业主，同意租户搬出沙发和两箱书")
    settle()
    form.grab().save(str(OUT / "release-pass-application.png"))
    form.drafts.discard()
    form.done(0)
    pdf_path = tmp / "release-pass.pdf"
    pdf_path.write_bytes(render_printout(desk.uow, "release-pass", shown.number,
                                         deterministic=True))
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "3", "-l", "3", "-singlefile",
                    str(pdf_path), str(OUT / "release-pass")], check=True)
    print("wrote the release passes' screenshots and the gate copy")
    window.tabs.setCurrentIndex(0)


def _rules_dialog(uow, config, window, settle) -> None:  # type: ignore[no-untyped-def]
    """The manager's deadlines page, and next year's holidays being typed in."""
    from PySide6.QtCore import QDate

    from app.services.auth import login
    from app.views.desk import Desk
    from app.views.rules.rules_dialog import RulesDialog

    manager = Desk(uow, config, actor=login(uow, "001", "123456"))
    dialog = RulesDialog(manager, window)
    dialog.show()
    settle()
    dialog.grab().save(str(OUT / "rules-deadlines.png"))
    print("wrote", OUT / "rules-deadlines.png")
    year = SHOT_TIME.year + 1
    dialog.show_holidays(year)
    page = dialog.holidays
    page.first.setDate(QDate(year, 2, 5))
    page.last.setDate(QDate(year, 2, 11))
    page.name.setText("春节")
    page.enter()
    page.first.setDate(QDate(year, 2, 14))
    page.kind.setCurrentIndex(page.kind.findData(True))
    page.name.setText("春节调休")
    settle()
    dialog.grab().save(str(OUT / "rules-holidays.png"))
    print("wrote", OUT / "rules-holidays.png")
    dialog.close()


def _data_safety(uow, config, window, settle, tmp) -> None:  # type: ignore[no-untyped-def]
    """The manager's 备份与核查 page after a week of backups, and a signed day's record."""
    import contextlib
    import subprocess

    from app.backups import automatic_backup, backup_folders
    from app.db import sqlite_path
    from app.services.auth import login
    from app.services.daily_review import sign_day
    from app.services.errors import Conflict
    from app.services.printouts import render_printout
    from app.views.data_safety.page import DataSafetyDialog
    from app.views.desk import Desk

    database = sqlite_path(uow.sessions.kw["bind"])
    for days in range(5, 0, -1):
        day = SHOT_TIME - dt.timedelta(days=days)
        automatic_backup(database, None, "daily", day.replace(hour=8, minute=2))
        automatic_backup(database, None, "exit", day.replace(hour=18, minute=31))
    automatic_backup(database, None, "daily", SHOT_TIME.replace(hour=8, minute=5))
    manager = Desk(uow, config, actor=login(uow, "001", "123456"))
    dialog = DataSafetyDialog(manager, window)
    dialog.show()
    job = dialog.run_check()
    while job is not None and job.is_running():
        settle()
    settle()
    dialog.grab().save(str(OUT / "data-safety.png"))
    print("wrote", OUT / "data-safety.png")
    dialog.close()

    yesterday = (SHOT_TIME - dt.timedelta(days=1)).date()
    with contextlib.suppress(Conflict):  # the demo may have signed it already
        sign_day(manager.uow, yesterday, "均已跟进", backup_folders(None))
    pdf_path = tmp / "daily-record.pdf"
    pdf_path.write_bytes(render_printout(manager.uow, "daily-record", yesterday.isoformat(),
                                         deterministic=True))
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf_path), str(OUT / "daily-record")], check=True)
    print("wrote", OUT / "daily-record.png")


def _estate_register(desk, window, tmp, settle, out=OUT,  # type: ignore[no-untyped-def]
                     suffix: str = "") -> None:
    """住户档案 as the supervisor keeps it (a villa with a former household), and the
    import report of a file with bad rows."""
    from PySide6.QtCore import QEventLoop

    from app.demo.resort import DEMO_PASSWORD
    from app.models.households import HouseholdRole, Occupancy
    from app.services import estate
    from app.services.auth import login
    from app.services.estate import PersonInput
    from app.services.estate_excel import write_template
    from app.services.estate_sheets import PEOPLE_SHEET, VILLA_SHEET
    from app.views.estate.import_dialog import ImportDialog
    from app.views.estate.tab import EstateTab

    shown_as = desk.actor
    desk.set_actor(login(desk.uow, "002", DEMO_PASSWORD))
    uow = desk.uow
    villa = estate.list_villas(uow, "A-3")[0]
    if villa.household_id is not None:  # the owners sold; a tenant moved in since
        estate.move_out(uow, villa.household_id, SHOT_TIME.date().replace(month=6, day=30))
        household = estate.start_household(uow, villa.id, SHOT_TIME.date().replace(month=8,
                                                                                    day=1))
        estate.add_person(uow, household, PersonInput(
            "Thomas Berger", HouseholdRole.TENANT, "", "13916668888", "", None, "",
            SHOT_TIME.date().replace(month=8, day=1),
            SHOT_TIME.date().replace(year=SHOT_TIME.year + 1, month=7, day=31), "Anna Berger",
            "13916669999"))
        estate.update_villa(uow, villa.id, estate.VillaInput(
            villa.number, villa.zone, villa.villa_type, str(villa.area or ""),
            Occupancy.RENTED, villa.note))
    tab = next(window.tabs.widget(i) for i in range(window.tabs.count())
               if isinstance(window.tabs.widget(i), EstateTab))
    window.tabs.setCurrentWidget(tab)
    tab.villas.select_villa(villa.id)
    settle()
    window.grab().save(str(out / f"estate-register{suffix}.png"))
    print("wrote", out / f"estate-register{suffix}.png")

    from openpyxl import load_workbook

    workbook = tmp / "estate-with-mistakes.xlsx"
    write_template(workbook)
    book = load_workbook(workbook)
    rows = {VILLA_SHEET: [["C-1", "云杉区", "独栋", 320, "自住"], ["C-2", "云杉区", "双拼", 286,
                                                                 "出租"],
                          ["C-3", "云杉区", "独栋", "三百", "空置"]],
            PEOPLE_SHEET: [["C-1", "周明", "业主", "13812340001", "居民身份证",
                            "11010519491231002X"],
                           ["C-1", "吴芳", "家庭成员", "139472"],
                           ["C-2", "郑强", "业主", "13812340002"],
                           ["C-2", "Lucas Martin", "房东", "13812340003", "护照", "E12345678"],
                           ["C-9", "冯丽", "业主", "13812340004"]]}
    for name, values in rows.items():
        for r, row in enumerate(values, start=2):
            for c, value in enumerate(row, start=1):
                book[name].cell(row=r, column=c, value=value)
    book.save(workbook)
    dialog = ImportDialog(uow, window)
    dialog.show()
    dialog.set_file(workbook)
    loop = QEventLoop()
    if dialog.job is not None:
        dialog.job.finished.connect(loop.quit)
        loop.exec()
    settle()
    dialog.grab().save(str(out / f"estate-import-report{suffix}.png"))
    print("wrote", out / f"estate-import-report{suffix}.png")
    dialog.close()
    window.tabs.setCurrentIndex(0)
    desk.set_actor(shown_as)


def _first_run_progress(tmp, clock, app) -> None:  # type: ignore[no-untyped-def]
    """The first start building the demo in its thread, caught about a third of the way."""
    from PySide6.QtCore import QEventLoop

    from app.bootstrap import open_database
    from app.views.session.first_run import FirstRunDialog

    url = f"sqlite:///{tmp / 'first-run.sqlite3'}"
    empty = open_database(url, clock=clock)
    dialog = FirstRunDialog(empty.uow, url, demo_years=1.0)
    dialog.show()
    dialog.demo_button.click()
    job = dialog.job
    assert job is not None
    # Wait in an event loop, not a processEvents() spin: PySide6 6.12 on Python 3.11 drops
    # a reference to None on every call that returns nothing, and a spin soon kills None.
    loop = QEventLoop()
    job.progressed.connect(lambda *_a: dialog.demo_bar.value() >= 30 and loop.quit())
    job.finished.connect(loop.quit)
    loop.exec()
    dialog.grab().save(str(OUT / "first-run-progress.png"))
    print("wrote", OUT / "first-run-progress.png")
    dialog.cancel_demo()
    if dialog.job is not None:
        job.finished.connect(loop.quit)
        loop.exec()
    dialog.close()
    empty.engine.dispose()


def _first_slip(desk) -> str:  # type: ignore[no-untyped-def]
    """A recent charged order, so the slip shows fee lines and a total."""
    from app.services.work_order_queries import WorkOrderFilter, list_work_orders

    rows = list_work_orders(desk.uow, WorkOrderFilter()).rows
    return next((r.number for r in rows if r.charged), rows[0].number)


if __name__ == "__main__":
    sys.exit(main())
