"""The estate register from the command line: template, import, export."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.services import estate
from app.services.uow import UnitOfWork
from tests.services.test_estate_excel import GOOD_PEOPLE, GOOD_VILLAS, fill


def _url(uow: UnitOfWork) -> str:
    return str(uow.sessions.kw["bind"].url)


def test_an_installer_fills_the_template_imports_it_and_exports_it(
        uow: UnitOfWork, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url, template = _url(uow), tmp_path / "模板.xlsx"
    assert main(["--database", url, "estate-template", "-o", str(template)]) == 0
    assert load_workbook(template).sheetnames == ["说明", "别墅", "人员"]
    filled = fill(template, tmp_path / "翡翠湾.xlsx", GOOD_VILLAS, GOOD_PEOPLE)
    capsys.readouterr()

    assert main(["--database", url, "import-estate", "--check", str(filled)]) == 0
    assert "文件无误" in capsys.readouterr().out
    assert estate.list_villas(uow) == []
    assert main(["--database", url, "import-estate", str(filled)]) == 0
    out = capsys.readouterr().out
    assert "3" in out and "5" in out and "已导入" in out
    assert [v.number for v in estate.list_villas(uow)] == ["A-2", "A-12", "B-7"]

    exported = tmp_path / "导出.xlsx"
    assert main(["--database", url, "export", "estate", "-o", str(exported)]) == 0
    people = load_workbook(exported)["人员"]
    # The CLI is the site's administrator: full numbers.
    assert people.cell(row=3, column=4).value == "13812345678"
    assert people.cell(row=3, column=6).value == "11010519491231002X"

    # -o never silently replaces a file.
    capsys.readouterr()
    assert main(["--database", url, "export", "estate", "-o", str(exported)]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["--database", url, "estate-template", "-o", str(exported)]) == 2
    assert main(["--database", url, "export", "estate", "-o", str(exported), "--force"]) == 0


def test_a_file_with_bad_rows_exits_non_zero_and_changes_nothing(
        uow: UnitOfWork, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url, template = _url(uow), tmp_path / "模板.xlsx"
    main(["--database", url, "estate-template", "-o", str(template)])
    people = [*GOOD_PEOPLE, ["C-9", "钱七", "业主", "", "", "", "", "", None, None, "", ""]]
    bad = fill(template, tmp_path / "bad.xlsx", GOOD_VILLAS, people)
    capsys.readouterr()

    assert main(["--database", url, "import-estate", str(bad)]) == 1

    out = capsys.readouterr().out
    assert "未导入" in out and "工作表“人员”第 7 行“别墅编号”列" in out and "C-9" in out
    assert estate.list_villas(uow, include_retired=True) == []


def test_what_is_not_a_workbook_gets_a_sentence_not_a_traceback(
        uow: UnitOfWork, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "owners.xlsx"
    text.write_text("A-12,张伟", encoding="utf-8")
    assert main(["--database", _url(uow), "import-estate", str(text)]) == 2
    err = capsys.readouterr().err
    assert "owners.xlsx" in err and "Traceback" not in err
    assert main(["--database", _url(uow), "import-estate", str(tmp_path / "none.xlsx")]) == 2
