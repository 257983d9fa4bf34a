"""A new site fills the program's Excel template from its own lists and imports it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from app.models.households import HouseholdRole, IdDocType, Occupancy
from app.services import estate
from app.services.errors import PermissionDenied, ValidationFailed
from app.services.estate_excel import (
    RowProblem,
    check_file,
    export_estate,
    import_estate,
    write_template,
)
from app.services.uow import UnitOfWork

VILLA_HEADINGS = ["别墅编号", "区域", "类型", "面积", "状态", "备注"]
PEOPLE_HEADINGS = ["别墅编号", "姓名", "身份", "手机", "证件类型", "证件号码", "关系", "备用电话",
                   "租期开始", "租期结束", "紧急联系人", "紧急联系电话"]


def fill(template: Path, target: Path, villas: list[list[Any]],
         people: list[list[Any]]) -> Path:
    """What the site's clerk does: open the template, type rows under the headings."""
    book = load_workbook(template)
    for title, rows in (("别墅", villas), ("人员", people)):
        sheet = book[title]
        headings = [c.value for c in sheet[1]]
        for r, row in enumerate(rows, 2):
            for c, value in enumerate(row, 1):
                if c <= len(headings):
                    sheet.cell(row=r, column=c, value=value)
    book.save(target)
    return target


GOOD_VILLAS = [
    ["A-12", "湖畔区", "独栋", 320.5, "自住", ""],
    ["a2", "湖畔区", "双拼", "280㎡", "", "东侧"],
    ["B-7", "林溪区", "联排", None, "出租", ""],
]
GOOD_PEOPLE = [
    # The phone typed as a number (Excel keeps 13812345678.0); the ID typed as text.
    ["A-12", "张伟", "业主", 13812345678.0, "居民身份证", "11010519491231002X", "", "",
     None, None, "张强", "13900001111"],
    ["A-12", "李娜", "家庭成员", "13987654321", "", "", "配偶", "", None, None, "", ""],
    ["A-2", "王建国", "业主", "13600001111", "", "", "", "0571-88886666", None, None, "", ""],
    ["B-7", "赵敏", "业主", "15800002222", "", "", "", "", None, None, "", ""],
    ["B-7", "Tom Smith", "租户", "18600003333", "护照", "E12345678", "", "",
     dt.datetime(2026, 1, 1), "2027-12-31", "", ""],
]


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "模板.xlsx"
    write_template(path)
    return path


def test_the_template_explains_each_column_in_chinese(template: Path) -> None:
    book = load_workbook(template)
    assert book.sheetnames == ["说明", "别墅", "人员"]
    assert [c.value for c in book["别墅"][1]] == VILLA_HEADINGS
    assert [c.value for c in book["人员"][1]] == PEOPLE_HEADINGS
    explained = {(row[0], row[1]) for row in book["说明"].iter_rows(values_only=True)}
    for heading in PEOPLE_HEADINGS:
        assert ("人员", heading) in explained
    assert ("别墅", "面积") in explained


def test_a_good_file_is_imported_in_one_go_with_progress(
        supervisor: UnitOfWork, template: Path, tmp_path: Path) -> None:
    path = fill(template, tmp_path / "estate.xlsx", GOOD_VILLAS, GOOD_PEOPLE)
    assert check_file(supervisor, path).people_added == 5
    assert estate.list_villas(supervisor) == []  # checking wrote nothing
    steps: list[tuple[str, int, int]] = []

    report = import_estate(supervisor, path, lambda *step: steps.append(step))

    assert report.ok
    assert (report.villas_added, report.people_added, report.unchanged) == (3, 5, 0)
    assert steps[-1][1:] == (8, 8)
    rows = estate.list_villas(supervisor)
    assert [(r.number, r.villa_type, r.area, r.occupancy, r.owners) for r in rows] == [
        ("A-2", "双拼", Decimal("280.00"), Occupancy.OCCUPIED, "王建国"),
        ("A-12", "独栋", Decimal("320.50"), Occupancy.OCCUPIED, "张伟"),
        ("B-7", "联排", None, Occupancy.RENTED, "赵敏"),
    ]
    zhang, li = estate.households_of(supervisor, rows[1].id)[0].people
    assert (zhang.phone, zhang.id_doc_type, zhang.id_doc_number, zhang.emergency_name) == (
        "13812345678", IdDocType.RESIDENT_ID, "11010519491231002X", "张强")
    assert (li.role, li.relation) == (HouseholdRole.FAMILY, "配偶")
    tom = estate.households_of(supervisor, rows[2].id)[0].people[-1]
    assert (tom.role, tom.lease_start, tom.lease_end) == (
        HouseholdRole.TENANT, dt.date(2026, 1, 1), dt.date(2027, 12, 31))


def test_a_file_with_bad_rows_is_refused_whole_with_every_bad_row_named(
        supervisor: UnitOfWork, template: Path, tmp_path: Path) -> None:
    villas = [*GOOD_VILLAS, ["12号", "", "", "三百", "卖了", ""], ["A-12", "", "", None, "", ""]]
    people = [
        *GOOD_PEOPLE,
        ["A-12", "", "业主", "139472", "", "", "", "", None, None, "", ""],
        ["C-9", "钱七", "业主", "", "", "", "", "", None, None, "", ""],
        ["A-2", "孙八", "房东", "", "身份证", "110105194912310021", "", "", None, None, "", ""],
        ["A-2", "周九", "家庭成员", "", "", 110105194912310020, "", "", "2026-02-30", None,
         "", ""],
    ]
    path = fill(template, tmp_path / "bad.xlsx", villas, people)

    report = import_estate(supervisor, path)

    assert not report.ok
    found = {(p.sheet, p.row, p.column) for p in report.problems}
    assert found == {
        ("别墅", 5, "别墅编号"), ("别墅", 5, "面积"), ("别墅", 5, "状态"),  # 12号, 三百, 卖了
        ("别墅", 6, "别墅编号"),  # A-12 a second time
        ("人员", 7, "姓名"), ("人员", 7, "手机"),
        ("人员", 8, "别墅编号"),  # C-9 is nowhere
        ("人员", 9, "身份"), ("人员", 9, "证件号码"),  # 房东; the check digit is wrong
        ("人员", 10, "证件号码"), ("人员", 10, "租期开始"),  # a number lost digits; 2月30日
    }
    by_place = {(p.sheet, p.row, p.column): p.reason for p in report.problems}
    assert "C-9" in by_place[("人员", 8, "别墅编号")]
    assert "第 2 行" in by_place[("别墅", 6, "别墅编号")]
    assert report.problems == check_file(supervisor, path).problems
    assert estate.list_villas(supervisor, include_retired=True) == []  # nothing imported


def test_importing_the_same_file_again_duplicates_no_one_and_updates_a_changed_phone(
        supervisor: UnitOfWork, template: Path, tmp_path: Path) -> None:
    path = fill(template, tmp_path / "estate.xlsx", GOOD_VILLAS, GOOD_PEOPLE)
    import_estate(supervisor, path)

    again = import_estate(supervisor, path)
    assert (again.villas_added, again.people_added, again.people_updated, again.unchanged) == (
        0, 0, 0, 8)

    people = [list(row) for row in GOOD_PEOPLE]
    people[0][3] = "13811112222"  # 张伟 changed his mobile; found by his ID number
    people[3][3] = 15800009999.0  # 赵敏 changed hers; found by villa, name and role
    changed = import_estate(supervisor, fill(template, tmp_path / "v2.xlsx", GOOD_VILLAS,
                                             people))
    assert (changed.people_added, changed.people_updated, changed.unchanged) == (0, 2, 6)
    villa_ids = {r.number: r.id for r in estate.list_villas(supervisor)}
    a12 = estate.households_of(supervisor, villa_ids["A-12"])
    assert len(a12) == 1 and [p.name for p in a12[0].people] == ["张伟", "李娜"]
    assert a12[0].people[0].phone == "13811112222"
    assert estate.households_of(supervisor, villa_ids["B-7"])[0].people[0].phone \
        == "15800009999"


def test_headings_are_found_by_name_in_any_order_and_extra_columns_are_ignored(
        supervisor: UnitOfWork, villas: dict[str, int], tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "人员"
    sheet.append(["序号", "身份", "姓名", "别墅编号", "手机"])
    sheet.append([1, "家庭成员", "张小伟", "A12", "13700007777"])
    book.save(tmp_path / "own-list.xlsx")

    report = import_estate(supervisor, tmp_path / "own-list.xlsx")

    assert (report.ok, report.people_added) == (True, 1)
    people = estate.households_of(supervisor, villas["A-12"])[0].people
    assert "张小伟" in [p.name for p in people]


def test_the_export_masks_for_the_receptionist_and_can_be_imported_again(
        supervisor: UnitOfWork, receptionist: UnitOfWork, template: Path,
        tmp_path: Path) -> None:
    import_estate(supervisor, fill(template, tmp_path / "in.xlsx", GOOD_VILLAS, GOOD_PEOPLE))

    assert export_estate(receptionist, tmp_path / "masked.xlsx") == 8
    masked = load_workbook(tmp_path / "masked.xlsx")["人员"]
    assert [c.value for c in masked[2]][:6] == [
        "A-2", "王建国", "业主", "136****1111", None, None]
    assert masked.cell(row=3, column=6).value == "110***********002X"
    # A masked copy cannot overwrite real numbers: its rows are refused.
    assert not check_file(supervisor, tmp_path / "masked.xlsx").ok

    export_estate(supervisor, tmp_path / "full.xlsx")
    full = load_workbook(tmp_path / "full.xlsx")
    assert full["人员"].cell(row=3, column=4).value == "13812345678"
    again = import_estate(supervisor, tmp_path / "full.xlsx")
    assert (again.ok, again.unchanged, again.people_added, again.villas_updated) == (
        True, 8, 0, 0)


def test_what_is_not_a_workbook_is_refused_and_a_receptionist_may_not_import(
        supervisor: UnitOfWork, receptionist: UnitOfWork, template: Path,
        tmp_path: Path) -> None:
    text = tmp_path / "villas.xlsx"
    text.write_text("A-12,张伟\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        import_estate(supervisor, text)
    assert set(failed.value.errors) == {"file"}
    with pytest.raises(ValidationFailed):
        check_file(supervisor, tmp_path / "missing.xlsx")
    with pytest.raises(PermissionDenied):
        import_estate(receptionist, template)


def test_cancelling_midway_leaves_nothing_behind(supervisor: UnitOfWork, template: Path,
                                                 tmp_path: Path) -> None:
    path = fill(template, tmp_path / "estate.xlsx", GOOD_VILLAS, GOOD_PEOPLE)

    def cancel(_step: str, done: int, _total: int) -> None:
        if done == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_estate(supervisor, path, cancel)
    assert estate.list_villas(supervisor) == []


def test_a_missing_required_column_is_reported_on_the_heading_row(
        supervisor: UnitOfWork, tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "人员"
    book.active.append(["别墅编号", "名字", "身份"])
    book.save(tmp_path / "x.xlsx")
    assert import_estate(supervisor, tmp_path / "x.xlsx").problems == (
        RowProblem("人员", 1, "姓名", "缺少此列；请从模板中复制。"),)


def test_the_examples_in_the_help_sheet_are_good_rows(supervisor: UnitOfWork, template: Path,
                                                      tmp_path: Path) -> None:
    from app.services.estate_sheets import PEOPLE_COLUMNS, VILLA_COLUMNS

    people = [c.example for c in PEOPLE_COLUMNS]
    people[2] = "租户"  # the lease example columns are a tenant's
    path = fill(template, tmp_path / "examples.xlsx", [[c.example for c in VILLA_COLUMNS]],
                [people])
    report = import_estate(supervisor, path)
    assert report.problems == ()
    assert (report.villas_added, report.people_added) == (1, 1)
