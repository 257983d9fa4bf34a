"""A site's own lists typed into the program's template, as a real .xlsx file (openpyxl).

The estate: 36 villas (A-1 … A-18 湖畔区, B-1 … B-18 林溪区) and 80 people — an owner in each
villa, a family member in 30 of them and a tenant in 14. Every phone ends in its own four
digits, so the desk can find anyone by the tail of their number.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from app.services.estate_excel import write_template
from app.services.estate_sheets import PEOPLE_SHEET, VILLA_SHEET

SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬"

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(body17: str) -> str:
    """A resident ID number with its GB 11643 check digit."""
    total = sum(int(d) * w for d, w in zip(body17, _WEIGHTS, strict=True))
    return body17 + "10X98765432"[total % 11]


def villa_numbers() -> list[str]:
    return [f"{zone}-{n}" for zone in "AB" for n in range(1, 19)]


def estate_rows() -> tuple[list[list[Any]], list[list[Any]]]:
    """(villa rows, people rows) in the template's column order."""
    villas: list[list[Any]] = []
    people: list[list[Any]] = []
    for i, number in enumerate(villa_numbers()):
        zone = "湖畔区" if number.startswith("A") else "林溪区"
        rented = i % 36 < 14
        villas.append([number, zone, "独栋" if i % 2 else "双拼", 300 + i * 5,
                       "出租" if rented else "自住", ""])
        owner = SURNAMES[i] + GIVEN[i % len(GIVEN)]
        people.append([number, owner, "业主", owner_phone(i), "居民身份证",
                       resident_id(f"330106{1960 + i}0101{i:03d}"), "", "", None, None,
                       "", ""])
        if i < 30:
            people.append([number, SURNAMES[(i + 7) % len(SURNAMES)] + "小" + GIVEN[i % 9],
                           "家庭成员", f"1370000{2000 + i:04d}", "", "", "配偶", "", None,
                           None, "", ""])
        if rented:
            people.append([number, f"租户{i + 1}", "租户", f"1860000{3000 + i:04d}", "护照",
                           f"E{1000000 + i}", "", "", "2026-01-01", "2026-12-31",
                           owner, owner_phone(i)])
    return villas, people


def owner_phone(i: int) -> str:
    return f"1390000{1000 + i:04d}"


def write_estate(path: Path, villas: list[list[Any]], people: list[list[Any]]) -> Path:
    """The generated template, filled in row by row under its headings."""
    write_template(path)
    return fill_estate(path, villas, people)


def fill_estate(path: Path, villas: list[list[Any]], people: list[list[Any]]) -> Path:
    """Type the rows into a saved template (the way a site fills it in Excel)."""
    book = load_workbook(path)
    for sheet, rows in ((book[VILLA_SHEET], villas), (book[PEOPLE_SHEET], people)):
        for r, values in enumerate(rows, start=2):
            for c, value in enumerate(values, start=1):
                sheet.cell(row=r, column=c, value=value)
    book.save(path)
    return path


def people_row_of(people: list[list[Any]], name: str) -> int:
    """The Excel row number (headings are row 1) of a person."""
    return next(i for i, row in enumerate(people, start=2) if row[1] == name)
