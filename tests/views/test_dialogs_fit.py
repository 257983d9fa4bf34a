"""Every window and dialog of the program fits a 1366×768 screen with a taskbar.

The smallest desk screen leaves 728 px for a window, title bar included. This opens each
top-level window the program has, with real data, at its own default size (without the
application's size keeper, which would hide a bad default) and checks it and the least its
layout needs. It finds the dialogs by itself: a new ``QDialog`` under ``app.views`` that is
neither opened here (``OPENERS``) nor listed as never shown alone (``NOT_ON_THEIR_OWN``)
fails ``test_every_window_of_the_program_is_checked`` until someone adds it.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSize
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QWidget
from pytestqt.qtbot import QtBot

import app.views
from app.bootstrap import open_database
from app.clock import FakeClock
from app.config import LocalConfig
from app.models.calendar import WorkCalendar
from app.models.work_orders import Department
from app.services import households, site, work_orders
from app.services.uow import UnitOfWork
from app.services.work_categories import list_categories
from app.services.work_order_queries import WorkOrderDetail, work_order_detail
from app.services.work_orders import WorkOrderDraft
from app.views.desk import Desk
from app.views.widgets.geometry import MAX_CLIENT, WindowSizes, fits, install_window_sizes
from tests.conftest import actor

Window = QDialog | QMainWindow


@dataclass
class Desk0:
    """What the openers need: a manager's desk on a site with villas and a work order."""

    uow: UnitOfWork
    desk: Desk
    villas: dict[str, int]
    tmp_path: Path
    clock: FakeClock

    def order(self) -> WorkOrderDetail:
        work_orders.ensure_defaults(self.uow)
        category = next(c.id for c in list_categories(self.desk.uow) if c.name == "给排水")
        order = work_orders.open_work_order(self.desk.uow, WorkOrderDraft(
            content="厨房水槽下水管漏水", department=Department.ENGINEERING,
            category_id=category, villa_id=self.villas["A-12"], location="厨房",
            contact_name="张伟", contact_phone="13812345678"))
        return work_order_detail(self.desk.uow, order.id)


Opener = Callable[[Desk0], Window]
#: "module.Class" → how to open it as the desk would.
OPENERS: dict[str, Opener] = {}
#: "module.Class" → why it is never a window by itself.
NOT_ON_THEIR_OWN = {
    "app.views.work_orders.actions.ActionDialog": "base of the work-order step dialogs",
    "app.views.work_orders.actions._ReasonDialog": "base of pause and void",
    "app.views.complaints.dialogs._StepDialog": "base of the complaint step dialogs",
}


def opens(name: str) -> Callable[[Opener], Opener]:
    def register(opener: Opener) -> Opener:
        OPENERS[name] = opener
        return opener
    return register


@opens("app.views.session.first_run.FirstRunDialog")
def _first_run(d: Desk0) -> Window:
    from app.views.session.first_run import FirstRunDialog

    url = f"sqlite:///{d.tmp_path / 'empty.sqlite3'}"
    empty = open_database(url, clock=d.clock)
    empty.engine.dispose()
    return FirstRunDialog(empty.uow, url)


@opens("app.views.session.login_dialog.LoginDialog")
def _login(d: Desk0) -> Window:
    from app.demo.build import build_demo
    from app.views.session.login_dialog import LoginDialog

    # The tallest sign-in: a demo database lists its accounts above the form.
    demo = open_database(f"sqlite:///{d.tmp_path / 'demo.sqlite3'}", clock=d.clock)
    build_demo(demo.uow, villas=4, years=0.02)
    dialog = LoginDialog(demo.uow, "翡翠湾别墅会所")
    demo.engine.dispose()
    return dialog


@opens("app.views.main_window.window.MainWindow")
def _main_window(d: Desk0) -> Window:
    from app.views.main_window.tabs import build_tabs
    from app.views.main_window.window import MainWindow

    return MainWindow(d.desk, site.get_site(d.uow), WorkCalendar(), build_tabs(d.desk))


@opens("app.views.print_preview.PrintPreviewDialog")
def _print_preview(d: Desk0) -> Window:
    from app.printing.forms.dispatch_slip import render_dispatch_slip
    from app.views.print_preview import PrintPreviewDialog
    from tests.printing.conftest import make_slip

    return PrintPreviewDialog(render_dispatch_slip(make_slip()), "派工单", "dispatch-slip",
                              d.desk.config)


@opens("app.views.help.shortcuts.ShortcutsDialog")
def _shortcuts(d: Desk0) -> Window:
    from app.views.help.shortcuts import ShortcutsDialog

    return ShortcutsDialog(_main_window(d))


@opens("app.views.help.about.AboutDialog")
def _about(d: Desk0) -> Window:
    from app.views.help.about import AboutDialog

    return AboutDialog(d.desk.config)


@opens("app.views.closing.ClosingWindow")
def _closing(_d: Desk0) -> Window:
    from app.views.closing import ClosingWindow

    return ClosingWindow()


def _complaint(d: Desk0) -> object:
    from app.models.complaints import Category, Channel, Severity
    from app.services import complaints
    from app.services.complaint_queries import complaint_detail

    made = complaints.open_complaint(d.desk.uow, complaints.ComplaintDraft(
        channel=Channel.PHONE, category=Category.NOISE, villa_id=d.villas["A-12"],
        content="隔壁装修夜间施工噪音，晚上九点后仍在电钻，多次沟通无果" * 3,
        demands="晚上八点后停止施工", complainant="张伟", phone="13812345678",
        severity=Severity.SERIOUS))
    return complaint_detail(d.desk.uow, made.id)


@opens("app.views.complaints.editor.ComplaintEditor")
def _complaint_editor(d: Desk0) -> Window:
    from app.views.complaints.editor import ComplaintEditor

    return ComplaintEditor(d.desk, _complaint(d))  # type: ignore[arg-type]


@opens("app.views.complaints.dialogs.ClassifyDialog")
def _complaint_classify(d: Desk0) -> Window:
    from app.views.complaints.dialogs import ClassifyDialog

    return ClassifyDialog(d.desk, _complaint(d))  # type: ignore[arg-type]


@opens("app.views.complaints.dialogs.HandlingDialog")
def _complaint_handling(d: Desk0) -> Window:
    from app.views.complaints.dialogs import HandlingDialog

    return HandlingDialog(d.desk, _complaint(d))  # type: ignore[arg-type]


@opens("app.views.complaints.dialogs.CallbackDialog")
def _complaint_callback(d: Desk0) -> Window:
    from app.views.complaints.dialogs import CallbackDialog

    return CallbackDialog(d.desk, _complaint(d))  # type: ignore[arg-type]


@opens("app.views.complaints.dialogs.VoidDialog")
def _complaint_void(d: Desk0) -> Window:
    from app.views.complaints.dialogs import VoidDialog

    return VoidDialog(d.desk, _complaint(d))  # type: ignore[arg-type]


@opens("app.views.complaints.reports_dialog.ComplaintReportsDialog")
def _complaint_reports(d: Desk0) -> Window:
    from app.views.complaints.reports_dialog import ComplaintReportsDialog

    _complaint(d)
    return ComplaintReportsDialog(d.desk)


@opens("app.views.complaints.due_panel.DuePanelDialog")
def _complaint_due(d: Desk0) -> Window:
    from app.views.complaints.due_panel import DuePanelDialog

    _complaint(d)
    return DuePanelDialog(d.desk)


def _simple(name: str, make: Callable[[Desk0], Window]) -> None:
    OPENERS[name] = make


def _desk_dialog(module: str, cls: str) -> None:
    def make(d: Desk0) -> Window:
        return getattr(importlib.import_module(module), cls)(d.desk)
    _simple(f"{module}.{cls}", make)


for _module, _cls in (
        ("app.views.session.staff_dialog", "StaffDialog"),
        ("app.views.session.staff_dialog", "NewStaffDialog"),
        ("app.views.session.staff_dialog", "PasswordDialog"),
        ("app.views.rules.rules_dialog", "RulesDialog"),
        ("app.views.reception.answer_book", "AnswerBookDialog"),
        ("app.views.reception.promises_view", "PromisesDialog"),
        ("app.views.reception.review", "ReviewDialog"),
        ("app.views.work_orders.fee_standard_dialog", "FeeStandardDialog"),
        ("app.views.work_orders.register_dialog", "RegisterDialog"),
        ("app.views.work_orders.editor", "WorkOrderEditor"),
        ("app.views.estate.villa_dialog", "VillaDialog"),
        ("app.views.estate.roster_page", "RosterMemberDialog"),
        ("app.views.data_safety.page", "DataSafetyDialog"),
):
    _desk_dialog(_module, _cls)

for _cls in ("DispatchDialog", "PauseDialog", "VoidDialog", "CompleteDialog"):
    _simple(f"app.views.work_orders.actions.{_cls}",
            lambda d, c=_cls: getattr(importlib.import_module(
                "app.views.work_orders.actions"), c)(d.desk, d.order()))


@opens("app.views.work_orders.callback_dialog.CallbackDialog")
def _callback(d: Desk0) -> Window:
    from app.views.work_orders.callback_dialog import CallbackDialog

    return CallbackDialog(d.desk, d.order())


@opens("app.views.widgets.stale_dialog.StaleDialog")
def _stale(d: Desk0) -> Window:
    from app.services.errors import StaleRecord
    from app.views.widgets.stale_dialog import StaleDialog

    changes = tuple(f"刘主管 于 10:4{i} 将维修人员从 李强 改为 王师傅" for i in range(8))
    return StaleDialog(StaleRecord("派工单 PG2026-000001 在您打开之后已被其他工作台修改，"
                                   "您的修改没有保存。", changes, 3), True)


@opens("app.views.reception.answer_edit.AnswerEditDialog")
def _answer_edit(d: Desk0) -> Window:
    from app.views.reception.answer_edit import AnswerEditDialog

    return AnswerEditDialog(d.desk, None)


@opens("app.views.households.household_dialog.HouseholdDialog")
def _household(d: Desk0) -> Window:
    from app.views.households.household_dialog import HouseholdDialog

    return HouseholdDialog(d.desk, d.villas["B-7"])


@opens("app.views.estate.person_dialog.PersonDialog")
def _person(d: Desk0) -> Window:
    from app.views.estate.person_dialog import PersonDialog

    household = households.household_file(d.desk.uow, d.villas["B-7"]).household_id
    assert household is not None
    return PersonDialog(d.desk, household)


@opens("app.views.estate.import_dialog.ImportDialog")
def _import(d: Desk0) -> Window:
    from app.views.estate.import_dialog import ImportDialog

    return ImportDialog(d.desk.uow)


@opens("app.views.estate.prompts.ReasonDialog")
def _reason(d: Desk0) -> Window:
    from app.views.estate.prompts import ReasonDialog

    return ReasonDialog("停用别墅", "A-12 将停用，记录保留。", lambda _reason: None)


@opens("app.views.widgets.second_staff_dialog.SecondStaffDialog")
def _second_staff(d: Desk0) -> Window:
    from app.views.widgets.second_staff_dialog import SecondStaffDialog

    return SecondStaffDialog(d.desk, "电话回访：A-07 业主对处理结果满意（投诉 TS2026-000001）")


def _release_pass(d: Desk0) -> object:
    from app.models.households import IdDocType
    from app.models.release_passes import ApplicantKind, PassReason
    from app.services.release_passes import (
        Consent,
        PassDraft,
        PassItemInput,
        Signature,
        issue_pass,
    )

    now = d.clock.now()
    return issue_pass(d.desk.uow, PassDraft(
        villa_id=d.villas["A-12"], applicant_kind=ApplicantKind.OWNER, applicant_name="张伟",
        id_doc_type=IdDocType.PASSPORT, id_doc_number="E12345678", phone="13812345678",
        plate="浙A12345", valid_from=now, valid_until=now + dt.timedelta(hours=4),
        reason=PassReason.REPLACEMENT, items=(PassItemInput("三人沙发", 1, "米色布艺"),
                                              PassItemInput("纸箱", 2))),
        Consent(), Signature(on_paper=True))


@opens("app.views.release_passes.application_form.PassForm")
def _pass_form(d: Desk0) -> Window:
    from app.views.release_passes.application_form import PassForm

    form = PassForm(d.desk)
    form.applicant_kind.setCurrentIndex(form.applicant_kind.findData("tenant"))
    return form


@opens("app.views.release_passes.dialogs.GateReturnDialog")
def _gate_return(d: Desk0) -> Window:
    from app.views.release_passes.dialogs import GateReturnDialog

    return GateReturnDialog(d.desk, _release_pass(d))  # type: ignore[arg-type]


@opens("app.views.release_passes.dialogs.VoidPassDialog")
def _void_pass(d: Desk0) -> Window:
    from app.views.release_passes.dialogs import VoidPassDialog

    return VoidPassDialog(d.desk, _release_pass(d))  # type: ignore[arg-type]


@opens("app.views.release_passes.dialogs.HoldDialog")
def _holds(d: Desk0) -> Window:
    from app.views.release_passes.dialogs import HoldDialog

    return HoldDialog(d.desk, d.villas["A-12"], "A-12")


@opens("app.views.release_passes.registers_dialog.RegistersDialog")
def _pass_registers(d: Desk0) -> Window:
    from app.views.release_passes.registers_dialog import RegistersDialog

    return RegistersDialog(d.desk)


@opens("app.views.estate.prompts.DateDialog")
def _date(d: Desk0) -> Window:
    from app.views.estate.prompts import DateDialog

    return DateDialog("迁出", "B-7 住户迁出，历史记录保留。", "迁出日期", "moved_out_on",
                      dt.date(2026, 11, 24), lambda _day: None, False)


def _mail_item(d: Desk0) -> int:
    from app.models.mail import MailKind
    from app.services import mail

    return mail.register_item(d.desk.uow, mail.MailDraft(
        d.villas["A-12"], "SF1234567890123", MailKind.COURIER, shelf="A3")).id


@opens("app.views.mail.pickup_dialog.PickupDialog")
def _mail_pickup(d: Desk0) -> Window:
    from app.views.mail.pickup_dialog import PickupDialog

    _mail_item(d)
    dialog = PickupDialog(d.desk, d.villas["A-12"], "A-12")
    dialog.choose_someone_else()  # the document fields shown: the tallest it gets
    return dialog


@opens("app.views.mail.collectors_dialog.CollectorsDialog")
def _mail_collectors(d: Desk0) -> Window:
    from app.views.mail.collectors_dialog import CollectorsDialog

    return CollectorsDialog(d.desk, d.villas["A-12"])


@opens("app.views.mail.waiting.NotifyDialog")
def _mail_notify(d: Desk0) -> Window:
    from app.views.mail.waiting import NotifyDialog

    return NotifyDialog(d.desk, d.villas["A-12"], "A-12")


@opens("app.views.mail.waiting.ReturnDialog")
def _mail_return(d: Desk0) -> Window:
    from app.views.mail.waiting import ReturnDialog

    return ReturnDialog(d.desk, _mail_item(d), 1, "SF1234567890123")


def program_windows() -> set[str]:
    """Every QDialog / QMainWindow class defined under app.views."""
    for info in pkgutil.walk_packages(app.views.__path__, "app.views."):
        importlib.import_module(info.name)

    def below(cls: type) -> Iterator[type]:
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)

    return {f"{c.__module__}.{c.__qualname__}"
            for base in (QDialog, QMainWindow) for c in below(base)
            if c.__module__.startswith("app.views.")}


def test_every_window_of_the_program_is_checked() -> None:
    found = program_windows()
    forgotten = found - set(OPENERS) - set(NOT_ON_THEIR_OWN)
    assert not forgotten, (
        f"Open these in OPENERS (or say why in NOT_ON_THEIR_OWN): {sorted(forgotten)}")
    assert len(found) >= 25  # the discovery really found the program's windows


@pytest.fixture
def desk0(uow: UnitOfWork, villas: dict[str, int], tmp_path: Path, clock: FakeClock) -> Desk0:
    desk = Desk(uow, LocalConfig.load(tmp_path / "config.json"), actor=actor(uow, "001"))
    return Desk0(uow, desk, villas, tmp_path, clock)


def _describe(window: QWidget) -> str:
    return (f"{type(window).__name__}: size {window.width()}×{window.height()}, needs at "
            f"least {window.minimumSizeHint().width()}×{window.minimumSizeHint().height()}; "
            f"the limit is {MAX_CLIENT.width()}×{MAX_CLIENT.height()} (728 with a title bar)")


@pytest.mark.parametrize("name", sorted(OPENERS))
def test_each_window_fits_a_1366x768_screen_with_a_taskbar(
        qtbot: QtBot, desk0: Desk0, name: str) -> None:
    module = name.rsplit(".", 1)[0]
    try:
        importlib.import_module(module)
    except ModuleNotFoundError:
        pytest.skip(f"{module} is not part of this tree")
    window = OPENERS[name](desk0)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert fits(window), _describe(window)
    if isinstance(window, QDialog):
        window.reject()


def test_print_preview_buttons_are_on_screen(qtbot: QtBot, desk0: Desk0) -> None:
    """The old preview was 900 px tall: 打印, 保存PDF and 关闭 fell below a 768 px screen."""
    preview = OPENERS["app.views.print_preview.PrintPreviewDialog"](desk0)
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitExposed(preview)
    for button in (preview.print_button, preview.save_button,  # type: ignore[attr-defined]
                   preview.close_button):  # type: ignore[attr-defined]
        bottom = button.mapTo(preview, QPoint(0, button.height())).y()
        assert bottom <= MAX_CLIENT.height(), button.text()


@pytest.fixture
def sizes(qapp: QApplication, tmp_path: Path) -> Iterator[WindowSizes]:
    keeper = install_window_sizes(qapp, tmp_path / "sizes.json")
    yield keeper
    qapp.removeEventFilter(keeper)
    keeper.deleteLater()


def test_a_dialog_comes_back_at_the_size_it_was_left(
        qtbot: QtBot, desk0: Desk0, sizes: WindowSizes, tmp_path: Path) -> None:
    from app.views.reception.review import ReviewDialog

    first = ReviewDialog(desk0.desk)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.resize(640, 380)
    first.close()
    stored = LocalConfig.load(tmp_path / "sizes.json").get("window_sizes")
    assert stored["ReviewDialog"] == {"size": [640, 380]}

    again = ReviewDialog(desk0.desk)
    qtbot.addWidget(again)
    again.show()
    assert again.size() == QSize(640, 380)


def test_a_size_left_on_a_bigger_screen_is_fitted_to_this_one(
        qtbot: QtBot, desk0: Desk0, sizes: WindowSizes, tmp_path: Path) -> None:
    from app.views.reception.review import ReviewDialog

    LocalConfig.load(tmp_path / "sizes.json").set(
        "window_sizes", {"ReviewDialog": {"size": [1900, 1100]}})
    dialog = ReviewDialog(desk0.desk)
    qtbot.addWidget(dialog)
    dialog.show()
    screen = dialog.screen().availableGeometry()
    assert dialog.width() <= screen.width() and dialog.height() <= screen.height() - 30


def test_the_desks_own_settings_survive_a_window_size_being_saved(
        qtbot: QtBot, desk0: Desk0, tmp_path: Path) -> None:
    """Two copies of the config file are open (the desk's, the size keeper's)."""
    path = tmp_path / "shared.json"
    desk_copy = LocalConfig.load(path)
    LocalConfig.load(path).set("window_sizes", {"ReviewDialog": {"size": [640, 380]}})
    desk_copy.set_print_preference("dispatch-slip", printer="前台")
    again = LocalConfig.load(path)
    assert again.get("window_sizes") == {"ReviewDialog": {"size": [640, 380]}}
    assert again.print_preference("dispatch-slip") == {"printer": "前台"}


def test_the_main_window_comes_back_maximized(qtbot: QtBot, desk0: Desk0, sizes: WindowSizes,
                                              tmp_path: Path) -> None:
    first = _main_window(desk0)
    qtbot.addWidget(first)
    first.show()
    first.showMaximized()
    qtbot.waitUntil(first.isMaximized)
    first.close()
    stored = LocalConfig.load(tmp_path / "sizes.json").get("window_sizes")["MainWindow"]
    assert stored["maximized"] is True

    again = _main_window(desk0)
    qtbot.addWidget(again)
    again.show()
    assert again.isMaximized()
    again.close()
