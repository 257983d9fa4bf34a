"""主窗口: title with the site's name, the tabs, global villa search, status bar."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QWidget,
)

from app.i18n import _
from app.models.calendar import WorkCalendar
from app.paths import log_file
from app.services.permissions import Permission
from app.services.site import SiteInfo
from app.views.desk import Desk
from app.views.households.household_dialog import HouseholdDialog
from app.views.main_window.status_bar import DeskStatusBar
from app.views.messages import Messages
from app.views.rules.rules_dialog import RulesDialog
from app.views.search.box import SearchBox
from app.views.search.routes import open_record
from app.views.session.idle import IdleWatcher
from app.views.session.login_dialog import LockReason, LoginDialog
from app.views.session.staff_dialog import PasswordDialog, StaffDialog
from app.views.tab import DeskTab
from app.views.widgets.change_watcher import ChangeWatcher
from app.views.widgets.drafts import DraftsNotice, keepers_in


class MainWindow(QMainWindow):
    locked = Signal()
    unlocked = Signal()

    def __init__(self, desk: Desk, site: SiteInfo, calendar: WorkCalendar,
                 tabs: list[DeskTab]) -> None:
        super().__init__()
        self.desk = desk
        self.site = site
        self.setObjectName("main_window")
        self.setWindowTitle(_("{site} — Villa Desk").format(site=site.name))
        self.resize(1366, 698)  # 1366×768 less taskbar and title bar; the size is then kept
        self.setMinimumSize(1024, 640)

        self.tabs = QTabWidget(objectName="main_tabs")
        self.tabs.setDocumentMode(True)
        self._tab_list = tabs
        for tab in tabs:
            self.tabs.addTab(tab, tab.title())
            tab.wants_focus.connect(lambda t=tab: self.tabs.setCurrentWidget(t))
            action = tab.main_action()
            if action is not None:
                self.addAction(action)
                action.triggered.connect(lambda _c=False, t=tab: self.tabs.setCurrentWidget(t))
        for index in range(min(len(tabs), 9)):
            switch = QAction(_("Go to the {tab} tab").format(tab=tabs[index].title()), self)
            switch.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            switch.triggered.connect(lambda _c=False, i=index: self.tabs.setCurrentIndex(i))
            self.addAction(switch)

        self.lock_page = QLabel(_("Locked. Sign in to continue."), objectName="lock_page")
        self.lock_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lock_page.setStyleSheet("font-size: 20px; color: #666;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self.lock_page)
        self.setCentralWidget(self.stack)

        self._build_toolbar()
        self._build_menus()
        status = DeskStatusBar(desk, calendar, self)
        status.enter_holidays.connect(self.open_holidays)
        status.open_data_safety.connect(self.open_data_safety)
        status.open_overdue.connect(self.show_overdue)
        self.setStatusBar(status)
        self.drafts_notice = DraftsNotice(desk, self)
        # Other desks' commits refresh the lists too; news waits while the screen is locked.
        self.change_watcher = ChangeWatcher(desk, self)
        self.locked.connect(self.change_watcher.hold)
        self.unlocked.connect(self.change_watcher.release)
        self.change_watcher.start()
        watcher = self.change_watcher
        self.destroyed.connect(lambda *_a: watcher.stop())  # a window never closed, too

        from app.views.help.shortcuts import show_shortcuts_in_tooltips

        show_shortcuts_in_tooltips(self)
        self.idle = IdleWatcher(desk.config.idle_lock_minutes, self)
        self.idle.idle.connect(lambda: self.lock(LockReason.IDLE))
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)

    def _build_toolbar(self) -> None:
        bar = QToolBar(_("Search"), objectName="search_toolbar")
        bar.setMovable(False)
        bar.addWidget(QLabel(_("Search:") + " "))
        # The one search (app/views/search): villas, people, work orders, calls.
        self.search = SearchBox(self.desk, host=self)
        self.search.setMinimumWidth(320)
        self.search.setMaximumWidth(460)
        self.search.setToolTip(_("Villa number, name or its pinyin, the last digits of a "
                                 "phone, or a slip number (Ctrl+F, Ctrl+K)"))
        self.search.open_requested.connect(lambda opens: open_record(self.tabs, opens))
        bar.addWidget(self.search)
        focus = QAction(_("Search"), self)
        focus.setShortcuts([QKeySequence.StandardKey.Find, QKeySequence("Ctrl+K")])
        focus.triggered.connect(self._focus_search)
        self.addAction(focus)
        bar.addSeparator()
        for tab in self._tab_list:
            action = tab.main_action()
            if action is not None:
                bar.addAction(action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

    def _build_menus(self) -> None:
        account = self.menuBar().addMenu(_("&Account"))
        switch = account.addAction(_("Switch user (shift change)"))
        switch.setShortcut(QKeySequence("Ctrl+Shift+U"))
        switch.triggered.connect(lambda: self.lock(LockReason.SHIFT))
        lock = account.addAction(_("Lock screen"))
        lock.setShortcut(QKeySequence("Ctrl+L"))
        lock.triggered.connect(lambda: self.lock(LockReason.USER))
        password = account.addAction(_("Change my password…"))
        password.triggered.connect(lambda: PasswordDialog(self.desk, parent=self).open())
        self.staff_action = account.addAction(_("Staff accounts…"))
        self.staff_action.triggered.connect(self.open_staff)
        self.rules_action = account.addAction(_("Site rules (deadlines, holidays, short numbers)…"))
        self.rules_action.triggered.connect(self.open_rules)
        self.data_action = account.addAction(_("Backups and audit check…"))
        self.data_action.setObjectName("data_safety_action")
        self.data_action.triggered.connect(self.open_data_safety)
        self.desk.actor_changed.connect(lambda _a: self._show_manager_actions())
        self._show_manager_actions()
        account.addSeparator()
        quit_action = account.addAction(_("Quit"))
        # Not StandardKey.Quit: some platforms bind nothing to it; the desk says Ctrl+Q.
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        help_menu = self.menuBar().addMenu(_("&Help"))
        keys = help_menu.addAction(_("Keyboard shortcuts"))
        keys.setObjectName("help_shortcuts")
        keys.setShortcut(QKeySequence.StandardKey.HelpContents)
        keys.triggered.connect(self.open_shortcuts)
        where = help_menu.addAction(_("Where is the log file?"))
        where.triggered.connect(
            lambda: Messages.info(self, _("The log file is at:\n{path}").format(path=log_file())))
        about = help_menu.addAction(_("About Villa Desk"))
        about.setObjectName("help_about")
        about.triggered.connect(self.open_about)

    def open_shortcuts(self) -> QDialog:
        from app.views.help.shortcuts import ShortcutsDialog

        dialog = ShortcutsDialog(self)
        dialog.open()
        return dialog

    def open_about(self) -> QDialog:
        from app.views.help.about import AboutDialog

        dialog = AboutDialog(self.desk.config, self)
        dialog.open()
        return dialog

    def _show_manager_actions(self) -> None:
        self.staff_action.setVisible(self.desk.can(Permission.MANAGE_STAFF))
        self.rules_action.setVisible(self.desk.can(Permission.MANAGE_RULES))
        self.data_action.setVisible(self.desk.can(Permission.MANAGE_DATA))

    def open_rules(self) -> RulesDialog | None:
        if not self.desk.can(Permission.MANAGE_RULES):
            return None
        dialog = RulesDialog(self.desk, self)
        dialog.open()
        return dialog

    def open_data_safety(self) -> QDialog | None:
        if not self.desk.can(Permission.MANAGE_DATA):
            return None
        from app.views.data_safety.page import DataSafetyDialog

        dialog = DataSafetyDialog(self.desk, self)
        status = self.statusBar()
        if isinstance(status, DeskStatusBar):
            dialog.changed.connect(status.show_data_safety)
        # A restore waits for the next start: close the program (drafts are asked about).
        dialog.restart_asked.connect(self.close)
        dialog.open()
        return dialog

    def open_holidays(self, year: int) -> RulesDialog | None:
        dialog = self.open_rules()
        if dialog is not None:
            dialog.show_holidays(year)
        return dialog

    def open_staff(self) -> StaffDialog | None:
        if not self.desk.can(Permission.MANAGE_STAFF):
            return None
        dialog = StaffDialog(self.desk, self)
        dialog.open()
        return dialog

    def _focus_search(self) -> None:
        self.search.focus()

    def open_household(self, villa_id: int) -> HouseholdDialog:
        dialog = HouseholdDialog(self.desk, villa_id, self)
        dialog.show_villa.connect(self._show_villa_in_tab)
        dialog.open()
        return dialog

    def _show_villa_in_tab(self, villa_id: int) -> None:
        tab = self.tabs.currentWidget()
        if isinstance(tab, DeskTab):
            tab.open_villa(villa_id)

    def show_overdue(self, kind: str) -> None:
        """The status bar's late count was clicked: the tab that lists them shows them."""
        for tab in self._tab_list:
            if tab.overdue_kind == kind:
                tab.show_overdue()
                return

    def current_tab(self) -> QWidget:
        return self.tabs.currentWidget()

    def lock(self, reason: LockReason = LockReason.USER) -> None:
        """Hide the records and ask for a password; another 工号 switches user."""
        if self.stack.currentWidget() is self.lock_page:
            return
        self.idle.pause()
        self.stack.setCurrentWidget(self.lock_page)
        self._hide_open_dialogs()
        self.locked.emit()
        self._open_lock_dialog(reason)

    def _hide_open_dialogs(self) -> None:
        """A locked desk shows no records: open forms (a work order being typed, a household
        file) are hidden until the screen is unlocked. A form closed meanwhile (a shift
        change puts typing away as a draft) is not shown again."""
        self._hidden_while_locked: list[QDialog] = []
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.hide()
                self._hidden_while_locked.append(widget)
                widget.finished.connect(
                    lambda _r, w=widget: w in self._hidden_while_locked
                    and self._hidden_while_locked.remove(w))

    def _show_hidden_dialogs(self) -> None:
        for widget in getattr(self, "_hidden_while_locked", []):
            if shiboken6.isValid(widget):
                widget.show()
        self._hidden_while_locked = []

    def _open_lock_dialog(self, reason: LockReason) -> None:
        dialog = LoginDialog(self.desk.uow, self.site.name, self, locked_actor=self.desk.actor,
                             lock_reason=reason, idle_minutes=self.desk.config.idle_lock_minutes)
        dialog.accepted.connect(lambda: self._unlock(dialog))
        dialog.quit_asked.connect(lambda: self._quit_from_lock(reason))
        dialog.open()
        self._lock_dialog = dialog

    def _quit_from_lock(self, reason: LockReason) -> None:
        # If closing is refused (e.g. a draft could not be kept), the screen stays locked.
        if not self.close():
            self._open_lock_dialog(reason)

    def _unlock(self, dialog: LoginDialog) -> None:
        if dialog.actor is not None and dialog.actor != self.desk.actor:
            self.desk.set_actor(dialog.actor)
        self.stack.setCurrentWidget(self.tabs)
        self._show_hidden_dialogs()
        self.idle.restart()
        self.unlocked.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.keep_typing_before_quitting():
            event.ignore()
            return
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        self.change_watcher.stop()
        super().closeEvent(event)

    def keep_typing_before_quitting(self) -> bool:
        """Quitting with a half-typed form asks first; what is typed stays as a draft."""
        typed = [keeper for keeper in keepers_in(self) if keeper.has_typed()]
        if not typed:
            return True
        what = _(", ").join(dict.fromkeys(keeper.what for keeper in typed))
        text = _("Not saved yet: {what}.\n\nIt is kept as your draft and offered back to you "
                 "when you next sign in.").format(what=what)
        if Messages.choose(self, text, [_("Keep as draft and quit"), _("Cancel")],
                           escape=1) != 0:
            return False
        if not all([keeper.keep() for keeper in typed]):
            Messages.warn(self, _("The draft could not be saved, so the program stays open. "
                                  "Save or copy what you typed, then quit."))
            return False
        return True
