"""The estate workbook as a file: the 说明 sheet, the two data sheets with their headings,
text-formatted number columns and pick lists, and saving it without leaving half a file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from app.i18n import _
from app.services.errors import ValidationFailed
from app.services.estate_sheets import (
    HELP_SHEET,
    ID_DOC_WORDS,
    OCCUPANCY_WORDS,
    PEOPLE_COLUMNS,
    PEOPLE_SHEET,
    ROLE_WORDS,
    VILLA_COLUMNS,
    VILLA_SHEET,
    Column,
)

#: Rows of the data sheets that get the text format and pick lists (a site has hundreds).
PREPARED_ROWS = 2000
_INTRO = (
    "本文件用于把别墅、住户和人员一次性导入 Villa Desk。",
    "请在“别墅”和“人员”两个工作表中从第 2 行起逐行填写；第 1 行是列名，不要改动。"
    "列的顺序可以调整，多出来的列不会导入。",
    "导入前会逐行检查：只要有一行不合格，整个文件都不会导入，并列出每一个不合格的行、列和原因；"
    "改正后再导入即可。",
    "同一文件可以重复导入：别墅按编号、人员按别墅和证件号码（没有证件号码时按别墅、姓名和身份）"
    "对应，已有的只更新有变化的内容，不会重复。",
    "人员写入所在别墅的当前住户；别墅还没有住户时，导入会为它新建一户。",
    "下表“必填”一栏标 * 的列必须填写（工作表中列名为黄色）。手机和证件号码列已设为文本格式；"
    "从别处粘贴时请用“只粘贴值”。",
)


def _fill(color: str) -> Any:
    from openpyxl.styles import PatternFill

    return PatternFill("solid", start_color=color, end_color=color)


def _data_sheet(book: Any, title: str, columns: tuple[Column, ...]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet = book.create_sheet(title)
    sheet.append([c.heading for c in columns])
    for index, column in enumerate(columns, 1):
        letter = get_column_letter(index)
        head = sheet.cell(row=1, column=index)
        head.font = Font(bold=True)
        head.fill = _fill("FFE699" if column.required else "DDEBF7")
        sheet.column_dimensions[letter].width = column.width
        if column.text:
            for row in range(2, PREPARED_ROWS + 2):
                sheet.cell(row=row, column=index).number_format = "@"
        words = {"occupancy": OCCUPANCY_WORDS, "role": ROLE_WORDS,
                 "id_doc_type": ID_DOC_WORDS}.get(column.field)
        if words:
            # A pick list helps, but other spellings the import knows are allowed too.
            pick = DataValidation(type="list", allow_blank=True, showErrorMessage=False,
                                  formula1='"{}"'.format(",".join(n[0] for n in words.values())))
            pick.add(f"{letter}2:{letter}{PREPARED_ROWS + 1}")
            sheet.add_data_validation(pick)
    sheet.freeze_panes = "A2"


def _help_sheet(book: Any) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = book.active
    sheet.title = HELP_SHEET
    for line in _INTRO:
        sheet.append([line])
    sheet.append([])
    sheet.append(["工作表", "列名", "必填", "说明", "示例"])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for title, columns in ((VILLA_SHEET, VILLA_COLUMNS), (PEOPLE_SHEET, PEOPLE_COLUMNS)):
        for column in columns:
            sheet.append([title, column.heading, "*" if column.required else "", column.help,
                          column.example])
            sheet.cell(row=sheet.max_row, column=4).alignment = Alignment(wrap_text=True)
    for letter, width in zip("ABCDE", (10, 14, 6, 70, 22), strict=True):
        sheet.column_dimensions[letter].width = width


def new_workbook() -> Any:
    from openpyxl import Workbook

    book = Workbook()
    _help_sheet(book)
    _data_sheet(book, VILLA_SHEET, VILLA_COLUMNS)
    _data_sheet(book, PEOPLE_SHEET, PEOPLE_COLUMNS)
    return book


def save_workbook(book: Any, path: Path) -> None:
    """Write next to ``path`` and move into place, so a failure leaves no broken file."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        book.save(temp)
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise ValidationFailed({"file": _("Cannot write {path}: {error}").format(
            path=path, error=exc.strerror or exc)}) from None
