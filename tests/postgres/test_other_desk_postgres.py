"""Two desks on the shared PostgreSQL database: the main window here shows what the other
PC records within two seconds, keeping the selection and what is being typed (the same
scenario as tests/views/test_other_desk.py, on the real server the fixture starts)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.bootstrap import Opened
from app.services.uow import UnitOfWork
from tests.views.test_other_desk import the_other_desk_records_while_this_one_types


def test_the_other_pcs_call_and_work_order_show_up_here_within_two_seconds(
        qtbot: QtBot, opened: Opened, receptionist: UnitOfWork, villas: dict[str, int],
        tmp_path: Path, uow: UnitOfWork) -> None:
    assert opened.engine.dialect.name == "postgresql"
    the_other_desk_records_while_this_one_types(qtbot, opened, receptionist, villas,
                                                tmp_path, uow)
