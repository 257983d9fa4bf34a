"""The maintenance commands a manager or an installer runs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from app.services.uow import UnitOfWork


def _url(uow: UnitOfWork) -> str:
    return str(uow.sessions.kw["bind"].url)


def test_verify_audit_reports_intact_then_the_altered_entry(
        manager: UnitOfWork, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database", _url(manager), "verify-audit"]) == 0
    assert "操作日志完整" in capsys.readouterr().out
    with sqlite3.connect(str(manager.sessions.kw["bind"].url.database)) as raw:
        raw.execute("UPDATE audit_entry SET actor_no = '999' WHERE id = 2")
    assert main(["--database", _url(manager), "verify-audit"]) == 1
    assert "第 2 条被篡改" in capsys.readouterr().out


def test_backup_and_migrate(uow: UnitOfWork, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "copy.sqlite3"
    assert main(["--database", _url(uow), "backup", "-o", str(target)]) == 0
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT name FROM site").fetchone() == ("翡翠湾别墅会所",)
    capsys.readouterr()
    assert main(["--database", _url(uow), "migrate"]) == 0
    from app.db import head_revision

    assert f"数据库当前版本：{head_revision(uow.sessions.kw['bind'])}" in capsys.readouterr().out


def test_demo_refuses_a_database_that_has_a_site(uow: UnitOfWork,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database", _url(uow), "demo", "--villas", "8", "--years", "0.02"]) == 2
    assert "演示数据只能写入空数据库" in capsys.readouterr().err


def test_pdf_renders_an_existing_slip_and_the_months_register(
        receptionist: UnitOfWork, villas: dict[str, int], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    import subprocess

    from app.models.work_orders import Department
    from app.services import work_orders
    from app.services.work_categories import list_categories

    work_orders.ensure_defaults(receptionist)
    water = next(c.id for c in list_categories(receptionist) if c.name == "给排水")
    order = work_orders.open_work_order(receptionist, work_orders.WorkOrderDraft(
        content="主卫洗手盆水龙头漏水", department=Department.ENGINEERING, category_id=water,
        villa_id=villas["A-12"], contact_name="张伟", contact_phone="13812345678"))
    url = _url(receptionist)
    slip, again = tmp_path / "slip.pdf", tmp_path / "again.pdf"
    for out in (slip, again):
        assert main(["--database", url, "pdf", "dispatch-slip", order.number.lower(),
                     "-o", str(out), "--deterministic"]) == 0
    assert slip.read_bytes() == again.read_bytes()  # deterministic: same bytes
    text = subprocess.run(["pdftotext", str(slip), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert order.number in text and "第三联 客服联" in text
    overprint = tmp_path / "overprint.pdf"
    assert main(["--database", url, "pdf", "dispatch-slip", order.number, "-o",
                 str(overprint), "--mode", "overprint"]) == 0
    assert order.number in subprocess.run(["pdftotext", str(overprint), "-"],
                                          capture_output=True, text=True, check=True).stdout
    register = tmp_path / "register.pdf"
    assert main(["--database", url, "pdf", "number-register", "2026-11", "-o",
                 str(register)]) == 0
    assert order.number in subprocess.run(["pdftotext", str(register), "-"],
                                          capture_output=True, text=True, check=True).stdout
    capsys.readouterr()
    assert main(["--database", url, "pdf", "dispatch-slip", "PG2026-999999", "-o",
                 str(tmp_path / "none.pdf")]) == 2
    assert "PG2026-999999" in capsys.readouterr().err


def test_demo_builds_a_small_resort_with_history(home: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{home / 'demo.sqlite3'}"
    assert main(["--database", url, "--create", "demo", "--villas", "12", "--years", "0.1"]) == 0
    out = capsys.readouterr().out
    assert "演示数据已生成：12 栋别墅" in out
    assert main(["--database", url, "verify-audit"]) == 0


def test_the_pdf_commands_help_names_every_form_it_renders() -> None:
    from app.cli import PDF_FORMS
    from app.services.printouts import FORMS

    assert sorted(PDF_FORMS) == sorted(FORMS)
