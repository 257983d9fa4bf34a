"""Starting the desktop program: fonts, translations, error hook, set-up, sign-in."""

from __future__ import annotations

import datetime as dt
import gc
import logging
import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog

from app import i18n
from app.bootstrap import Opened, open_database
from app.config import LocalConfig
from app.i18n import _
from app.logging_setup import setup_logging
from app.paths import resources_dir
from app.services import site as site_service
from app.views.bench_hook import bench_actor, report_when_shown
from app.views.messages import Messages
from app.views.warm_up import warm_up_later
from app.views.widgets import quiet_gc
from app.views.widgets.geometry import WindowSizes, install_window_sizes

log = logging.getLogger(__name__)


def install_excepthook() -> None:
    """Unexpected errors are logged in full and shown as a short apology, never a traceback."""

    def hook(kind: type[BaseException], value: BaseException,
             tb: TracebackType | None) -> None:
        log.error("Unhandled error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        if QApplication.instance() is not None:
            from app.views.feedback import apology

            try:
                Messages.warn(None, apology())
            except Exception:  # the apology itself must never take the program down
                log.exception("Could not show the apology")

    sys.excepthook = hook


def load_fonts(app: QApplication) -> None:
    """Register the bundled CJK font so Chinese renders even without system fonts."""
    font_file = resources_dir() / "fonts" / "wqy-microhei.ttc"
    if font_file.exists():
        font_id = QFontDatabase.addApplicationFont(str(font_file))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            font = QFont(families[0], 10)
            app.setFont(font)


def install_translators(app: QApplication, locale: str) -> list[QTranslator]:
    """Our gettext catalog plus Qt's own, so stock dialogs (buttons, file dialogs) match."""
    i18n.set_locale(locale)
    QLocale.setDefault(QLocale(locale))
    translators: list[QTranslator] = []
    if locale != "en":
        path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        translator = QTranslator(app)
        if translator.load(f"qtbase_{locale}", path):
            app.installTranslator(translator)
            translators.append(translator)
    return translators


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv or sys.argv)
    app.setApplicationName("Villa Desk")
    app.setOrganizationName("Villa Desk")
    if app.findChild(WindowSizes) is None:
        install_window_sizes(app)  # every window fits the screen and keeps its size
    return app


def run_gui(argv: list[str] | None = None) -> int:
    log_path = setup_logging()
    config = LocalConfig.load()
    app = create_application(argv)
    install_excepthook()
    load_fonts(app)
    install_translators(app, config.locale)
    restore_if_asked(config)
    if not database_may_open(config):
        return 1
    try:
        opened = open_database(config=config)
    except Exception:
        log.exception("Could not open the database %s", config.database_url)
        Messages.warn(None, _("The database could not be opened. Details are in the log "
                              "file:\n{path}").format(path=log_path))
        return 1
    daily: list[threading.Thread] = []
    try:
        window = start_desk(opened, config)
        if window is None:
            return 0
        window.show()
        quiet_gc.freeze_when_shown(window)  # full collections skip what start built
        # The day's backup and check start once the window is up: on the day's first start
        # they copy and read the whole file, and the window should not wait behind them.
        QTimer.singleShot(0, window, lambda: daily.append(_start_daily_backup(opened, config)))
        warm_up_later(window)  # the print font, read before the first preview needs it
        report_when_shown(window)  # make bench only (app/views/bench_hook.py)
        return app.exec()
    finally:
        tear_down()
        # The day's check stopped and the exit backup made off the GUI thread, with a window
        # saying so when it takes a while (app/views/closing.py).
        from app.views.closing import finish_while_showing

        finish_while_showing(lambda: (_stop_daily_check(daily),
                                      _backup_on_exit(opened, config)))
        tear_down()
        opened.engine.dispose()


def database_may_open(config: LocalConfig) -> bool:
    """Look at the file before opening it; offer the newest good backup if it is damaged.

    Only the header is read here (a full check of a ten-year file takes seconds); the
    day's first backup reads every page and refuses to back up a damaged file.
    """
    from app.backups import BackupError, backup_folders, restore
    from app.startup_check import check_database

    problem = check_database(config.database_url, full=False,
                             extra_backup_folder=config.backup_folder)
    if problem is None:
        return True
    log.error("Database not opened: %s", problem.message())
    if problem.newest_backup is None:
        Messages.warn(None, problem.message())
        return False
    if not Messages.confirm(None, problem.message() + "\n\n" + _(
            "Restore this backup now? The damaged file is kept beside it.")):
        return False
    try:
        restore(problem.newest_backup.path, problem.path, dt.datetime.now(),
                backup_folders(config.backup_folder))
    except BackupError as exc:
        Messages.warn(None, exc.message)
        return False
    return True


def restore_if_asked(config: LocalConfig) -> None:
    """Restore the backup a manager chose on the 备份与核查 page, before anything opens
    the database (a restore needs every connection closed, so it waits for a start).
    A backup refused by the check leaves the current file; the desk starts on it."""
    from app.backups import BackupError
    from app.services.data_safety import restore_on_start

    try:
        done = restore_on_start(config, dt.datetime.now())
    except BackupError as exc:
        log.error("The restore asked for was not done: %s", exc.message)
        Messages.warn(None, _("The backup was not restored: {reason}\n\nThe desk starts "
                              "with the database as it was.").format(reason=exc.message))
        return
    if done is not None:
        text = _("The database was restored from {backup}.").format(backup=done.backup)
        if done.aside is not None:
            text += "\n" + _("The previous database was kept as {path}").format(
                path=done.aside)
        Messages.info(None, text)


def _start_daily_backup(opened: Opened, config: LocalConfig) -> threading.Thread:
    """The day's first start backs the file up and runs the day's audit check, off the
    GUI thread: a ten-year database takes seconds to copy and check, and the desk must
    not wait for it. The check's result is kept for the manager's status bar and page."""
    from app.services.data_safety import daily_start_work

    worker = threading.Thread(target=daily_start_work, name="daily-backup",
                              args=(opened.uow, config.backup_folder))
    worker.start()
    return worker


def _stop_daily_check(workers: list[threading.Thread]) -> None:
    """Closing must not wait for the day's audit check of a large database: it stops
    between two batches (and runs again at the next start). The backup before it, if still
    running, is waited for."""
    from app.services.audit_replay import CLOSING

    CLOSING.set()
    try:
        for worker in workers:
            worker.join()
    finally:
        CLOSING.clear()


def _backup_on_exit(opened: Opened, config: LocalConfig) -> None:
    from app.backups import automatic_backup
    from app.db import sqlite_path

    automatic_backup(sqlite_path(opened.engine), config.backup_folder, "exit",
                     opened.uow.clock.now())


def tear_down() -> None:
    """Destroy every window while Qt is still up.

    Slots written as lambdas that capture a dialog keep it alive in a reference cycle;
    left to interpreter exit, PySide frees it after the QApplication and the process
    dies with a bus error. Deleting them here, then collecting the cycles, avoids that.
    """
    from app.views.widgets import change_watcher
    from app.views.widgets.background import stop_all

    stop_all()  # a thread still running when Qt goes away would abort the process
    change_watcher.stop_all()
    quiet_gc.thaw()
    for widget in QApplication.topLevelWidgets():
        widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def start_desk(opened: Opened, config: LocalConfig):  # type: ignore[no-untyped-def]
    """First-run set-up if needed, sign-in, then the main window (or None if cancelled)."""
    from app.services.calendar import work_calendar
    from app.views.desk import Desk
    from app.views.main_window.tabs import build_tabs
    from app.views.main_window.window import MainWindow
    from app.views.session.login_dialog import LoginDialog

    uow = opened.uow
    if not site_service.is_set_up(uow):
        from app.views.session.first_run import FirstRunDialog  # once in a desk's life

        wizard = FirstRunDialog(uow, config.database_url)
        if wizard.exec() != QDialog.DialogCode.Accepted:
            return None
    from app.services.work_orders import ensure_defaults

    ensure_defaults(uow)
    site = site_service.get_site(uow)
    actor = bench_actor(uow)  # make bench signs in without the dialog
    if actor is None:
        login = LoginDialog(uow, site.name)
        if login.exec() != QDialog.DialogCode.Accepted or login.actor is None:
            return None
        actor = login.actor
    desk = Desk(uow, config, actor=actor)
    return MainWindow(desk, site, work_calendar(uow), build_tabs(desk))
