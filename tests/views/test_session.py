"""Signing in at the start of a shift, wrong passwords, and the first-run set-up."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.services import site
from app.services.uow import UnitOfWork
from app.views.session.first_run import FirstRunDialog
from app.views.session.login_dialog import LoginDialog
from tests.conftest import PASSWORD


def test_receptionist_signs_in_with_agent_number(qtbot: QtBot, uow: UnitOfWork) -> None:
    dialog = LoginDialog(uow, "翡翠湾别墅会所")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.agent_no, "008")
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(dialog.accepted):
        dialog.try_login()
    assert dialog.actor is not None and dialog.actor.name == "王丽"


def test_wrong_password_is_said_next_to_the_form_and_agent_no_kept(qtbot: QtBot,
                                                                  uow: UnitOfWork) -> None:
    dialog = LoginDialog(uow, "翡翠湾别墅会所")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.agent_no, "008")
    qtbot.keyClicks(dialog.password, "wrong")
    dialog.try_login()
    assert dialog.result() == 0
    assert dialog.error.isVisible()
    assert "工号或密码错误" in dialog.error.text()
    assert dialog.agent_no.text() == "008"


def test_first_run_rejects_a_bad_phone_beside_the_field(qtbot: QtBot, opened) -> None:  # type: ignore[no-untyped-def]
    dialog = FirstRunDialog(opened.uow, "unused")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.pages.setCurrentIndex(1)
    dialog.site_name.setText("翡翠湾别墅会所")  # QTest types ASCII only
    qtbot.keyClicks(dialog.site_phone, "8888-abc")
    dialog.manager_name.setText("陈经理")
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClicks(dialog.password2, PASSWORD)
    dialog.create_site()
    assert "电话" in dialog.errors.message("site_phone")
    assert dialog.site_name.text() == "翡翠湾别墅会所"  # nothing typed is lost
    assert not site.is_set_up(opened.uow)

    dialog.site_phone.setText("0571-88886666")
    dialog.create_site()
    assert dialog.pages.currentWidget() is dialog.import_offer  # the Excel import is offered
    with qtbot.waitSignal(dialog.accepted):
        dialog.import_offer.later_button.click()
    assert site.is_set_up(opened.uow)
    assert site.get_site(opened.uow).name == "翡翠湾别墅会所"


@pytest.mark.parametrize("typed", ["001"])
def test_first_run_refuses_mismatched_passwords(qtbot: QtBot, opened, typed: str) -> None:  # type: ignore[no-untyped-def]
    dialog = FirstRunDialog(opened.uow, "unused")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.pages.setCurrentIndex(1)
    dialog.site_name.setText("会所")
    dialog.agent_no.setText(typed)
    dialog.manager_name.setText("陈经理")
    dialog.password.setText(PASSWORD)
    dialog.password2.setText(PASSWORD + "x")
    dialog.create_site()
    assert dialog.errors.message("password2")
    assert not site.is_set_up(opened.uow)


def test_esc_on_the_import_offer_goes_on_to_sign_in_instead_of_quitting(
        qtbot: QtBot, opened) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    dialog = FirstRunDialog(opened.uow, "unused")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.pages.setCurrentIndex(1)
    dialog.site_name.setText("翡翠湾别墅会所")
    dialog.manager_name.setText("陈经理")
    dialog.password.setText(PASSWORD)
    dialog.password2.setText(PASSWORD)
    dialog.create_site()
    assert dialog.pages.currentWidget() is dialog.import_offer
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
