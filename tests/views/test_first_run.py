"""The very first start: a new user loads the demo, watches it build, signs in.

These drive the real wizard with the real background thread and a real SQLite file: the
old wizard passed its tests while the real program hung for ever on this path.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.bootstrap import Opened, open_database
from app.clock import FakeClock
from app.config import LocalConfig
from app.demo import build
from app.demo.resort import DEMO_PASSWORD
from app.models.base import Base
from app.services import site
from app.services.uow import UnitOfWork
from app.views import application
from app.views.main_window.window import MainWindow
from app.views.session import first_run
from app.views.session.first_run import (
    CHOICE_PAGE,
    DEMO_PAGE,
    READY_PAGE,
    FirstRunDialog,
)
from app.views.session.login_dialog import LoginDialog
from app.views.widgets.background import running_jobs
from tests.views.dialogs import answer

BUILD_MS = 120_000


class SmallDemo(FirstRunDialog):
    """The wizard as shipped, with a demo small enough for a test (12 villas, ~3 months)."""

    def __init__(self, uow: UnitOfWork, database_url: str, parent: Any = None) -> None:
        super().__init__(uow, database_url, parent, demo_years=0.2, demo_villas=12)


@pytest.fixture
def fresh(home: Path, clock: FakeClock) -> Iterator[tuple[Opened, LocalConfig]]:
    """A brand-new data folder, opened the way the program opens it."""
    config = LocalConfig.load()
    opened = open_database(config.database_url, clock=clock, config=config)
    yield opened, config
    opened.engine.dispose()


def rows_in_every_table(uow: UnitOfWork) -> dict[str, int]:
    with uow.read() as session:
        return {table.name: session.scalar(select(func.count()).select_from(table)) or 0
                for table in Base.metadata.sorted_tables}


class Watched:
    """What the person at the desk sees on the progress page, each time it changes."""

    def __init__(self, dialog: FirstRunDialog) -> None:
        self.seen: list[tuple[str, int]] = []
        self.dialog = dialog

    def attach(self) -> None:
        assert self.dialog.job is not None
        self.dialog.job.progressed.connect(lambda *_a: self.seen.append(
            (self.dialog.demo_status.text(), self.dialog.demo_bar.value())))


def test_first_start_with_the_demo_shows_progress_and_accounts_then_signs_in(
        qtbot: QtBot, fresh: tuple[Opened, LocalConfig],
        monkeypatch: pytest.MonkeyPatch) -> None:
    opened, config = fresh
    monkeypatch.setattr(first_run, "FirstRunDialog", SmallDemo)
    watched: list[Watched] = []
    accounts_shown: list[str] = []

    def new_user(dialog: SmallDemo) -> None:
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.demo_button.click()
        assert dialog.pages.currentIndex() == DEMO_PAGE
        assert dialog.demo_bar.maximum() == 100  # a percentage, not an endless busy bar
        watched.append(Watched(dialog))
        watched[0].attach()
        qtbot.waitUntil(lambda: dialog.pages.currentIndex() == READY_PAGE, timeout=BUILD_MS)
        accounts_shown.append(dialog.demo_accounts.text())
        dialog.findChild(type(dialog.demo_button), "demo_continue").click()

    def receptionist_signs_in(dialog: LoginDialog) -> None:
        qtbot.addWidget(dialog)
        assert dialog.demo_hint.isVisibleTo(dialog)
        qtbot.keyClicks(dialog.agent_no, "008")
        qtbot.keyClicks(dialog.password, DEMO_PASSWORD)
        dialog.try_login()

    answer(monkeypatch, SmallDemo, new_user)
    answer(monkeypatch, LoginDialog, receptionist_signs_in)

    window = application.start_desk(opened, config)

    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert window.desk.actor.name == "王丽"
    assert site.get_site(opened.uow).name == build.DEMO_SITE.name
    text = accounts_shown[0]
    for agent_no, name in (("001", "陈建国"), ("008", "王丽"), ("011", "孙晓燕")):
        assert agent_no in text and name in text
    assert DEMO_PASSWORD in text
    seen = watched[0].seen
    percentages = [value for _text, value in seen]
    assert percentages == sorted(percentages) and percentages[-1] >= 90
    assert any("2026-10" in step for step, _v in seen)  # it says which month it writes
    assert running_jobs() == 0


@pytest.fixture
def wizard(qtbot: QtBot, fresh: tuple[Opened, LocalConfig]) -> SmallDemo:
    opened, config = fresh
    dialog = SmallDemo(opened.uow, config.database_url)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.fixture
def held_after_villas(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """The demo pauses after its villas are written, until the test lets it go on."""
    villas_written, go_on = threading.Event(), threading.Event()
    real = build.build_resort

    def build_resort(*args: Any, **kwargs: Any) -> Any:
        summary = real(*args, **kwargs)
        villas_written.set()
        go_on.wait(timeout=30)
        return summary

    monkeypatch.setattr(build, "build_resort", build_resort)
    return villas_written, go_on


def test_cancelling_the_demo_keeps_nothing_and_the_wizard_can_start_again(
        qtbot: QtBot, wizard: SmallDemo, fresh: tuple[Opened, LocalConfig],
        held_after_villas: tuple[threading.Event, threading.Event]) -> None:
    opened, _config = fresh
    villas_written, go_on = held_after_villas
    wizard.demo_button.click()
    qtbot.waitUntil(villas_written.is_set, timeout=BUILD_MS)
    wizard.demo_cancel.click()
    assert not wizard.demo_cancel.isEnabled()
    go_on.set()
    qtbot.waitUntil(lambda: wizard.job is None, timeout=BUILD_MS)

    assert wizard.pages.currentIndex() == CHOICE_PAGE
    assert wizard.choice_note.isVisibleTo(wizard)
    assert not site.is_set_up(opened.uow)
    filled = {name: n for name, n in rows_in_every_table(opened.uow).items() if n}
    assert filled == {}

    wizard.demo_button.click()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == READY_PAGE, timeout=BUILD_MS)
    assert site.is_set_up(opened.uow)
    assert "王丽" in wizard.demo_accounts.text()


def test_closing_the_wizard_mid_demo_stops_the_build_before_it_closes(
        qtbot: QtBot, wizard: SmallDemo, fresh: tuple[Opened, LocalConfig],
        held_after_villas: tuple[threading.Event, threading.Event]) -> None:
    opened, _config = fresh
    villas_written, go_on = held_after_villas
    wizard.demo_button.click()
    qtbot.waitUntil(villas_written.is_set, timeout=BUILD_MS)
    wizard.close()  # the window's ✕ while the demo is being written
    assert wizard.isVisible()  # it waits for the thread instead of leaving it running
    with qtbot.waitSignal(wizard.rejected, timeout=BUILD_MS):
        go_on.set()
    assert running_jobs() == 0
    assert not site.is_set_up(opened.uow)
    assert wizard.result() == QDialog.DialogCode.Rejected


def test_a_demo_database_tells_its_accounts_at_sign_in_after_a_restart(
        qtbot: QtBot, fresh: tuple[Opened, LocalConfig]) -> None:
    opened, _config = fresh
    build.build_demo(opened.uow, villas=8, years=0.05)
    dialog = LoginDialog(opened.uow, build.DEMO_SITE.name)
    qtbot.addWidget(dialog)
    assert dialog.demo_hint.isVisibleTo(dialog)
    assert "008" in dialog.demo_hint.text() and DEMO_PASSWORD in dialog.demo_hint.text()


def test_a_real_site_gives_no_demo_hint(qtbot: QtBot, uow: UnitOfWork) -> None:
    dialog = LoginDialog(uow, "翡翠湾别墅会所")
    qtbot.addWidget(dialog)
    assert not dialog.demo_hint.isVisibleTo(dialog)
