"""The estate workbook's layout: sheet names, column headings, the words a site types in
the cells, and turning a cell (text, number or Excel date) into what the register keeps.

The sheet and column names are the file format (Chinese, as sites keep their lists) and are
never translated; the reasons given for a bad cell are in the user's language.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from app.i18n import _
from app.models.households import HouseholdRole, IdDocType, Occupancy

VILLA_SHEET = "别墅"
PEOPLE_SHEET = "人员"
HELP_SHEET = "说明"


@dataclass(frozen=True)
class Column:
    heading: str
    field: str  # the VillaInput / PersonInput field it fills ("" for the villa of a person)
    required: bool
    help: str  # Chinese, for the 说明 sheet (the template is a Chinese document)
    example: str
    text: bool = False  # kept as text in Excel, so 138… and ID numbers do not become numbers
    width: int = 14


VILLA_COLUMNS = (
    Column("别墅编号", "number", True, "区域字母加编号，如 A-12（也可写 a12、A12）。"
           "同一编号只导入一次，再次导入时更新其余各列。", "A-12", text=True, width=10),
    Column("区域", "zone", False, "所在区域名称，最多 40 字。", "湖畔区"),
    Column("类型", "villa_type", False, "户型，自由填写，如 独栋、双拼、联排、叠拼。", "独栋",
           width=10),
    Column("面积", "area", False, "建筑面积（平方米），数字，最多两位小数；可带“㎡”。", "320.5",
           width=10),
    Column("状态", "occupancy", False, "自住、出租、空置、未售、装修中 之一；空白时新别墅记为自住，"
           "已有别墅不变。", "自住", width=10),
    Column("备注", "note", False, "其他说明，最多 1000 字。", "", width=24),
)

PEOPLE_COLUMNS = (
    Column("别墅编号", "", True, "此人所在别墅；必须已在系统中，或写在“别墅”工作表里。", "A-12",
           text=True, width=10),
    Column("姓名", "name", True, "姓名，最多 60 字。", "张伟", width=10),
    Column("身份", "role", True, "业主、家庭成员、租户 之一。", "业主", width=10),
    Column("手机", "phone", False, "11 位手机号，或区号加座机号；可以是数字格式。", "13812345678",
           text=True),
    Column("证件类型", "id_doc_type", False, "居民身份证、护照、港澳通行证、台胞证、其他 之一；"
           "填了证件号码而未填类型时，18 位号码按居民身份证处理。", "居民身份证", width=12),
    Column("证件号码", "id_doc_number", False, "居民身份证按国标 GB 11643 校验末位；请把本列设为"
           "文本格式，以免 Excel 把号码改成科学计数。同一别墅中证件号码相同的人只导入一次。",
           "330106198001010013", text=True, width=22),
    Column("关系", "relation", False, "与业主的关系，如 配偶、子女、父母。", "配偶", width=10),
    Column("备用电话", "phone2", False, "第二个电话。", "", text=True),
    Column("租期开始", "lease_start", False, "仅租户填写；日期，如 2026-01-31。", "2026-01-01",
           width=12),
    Column("租期结束", "lease_end", False, "仅租户填写；不早于租期开始。", "2027-12-31", width=12),
    Column("紧急联系人", "emergency_name", False, "紧急情况下联系的人。", "张强", width=10),
    Column("紧急联系电话", "emergency_phone", False, "紧急联系人的电话。", "13900001111",
           text=True),
)

#: The words of the file (Chinese first: what export writes), plus what sites also type.
OCCUPANCY_WORDS = {
    Occupancy.OCCUPIED: ("自住", "已入住", "入住", "occupied"),
    Occupancy.RENTED: ("出租", "rented"),
    Occupancy.VACANT: ("空置", "空房", "vacant"),
    Occupancy.UNSOLD: ("未售", "未入伙", "unsold"),
    Occupancy.RENOVATING: ("装修中", "装修", "renovating"),
}
ROLE_WORDS = {
    HouseholdRole.OWNER: ("业主", "户主", "owner"),
    HouseholdRole.FAMILY: ("家庭成员", "家属", "成员", "family"),
    HouseholdRole.TENANT: ("租户", "租客", "tenant"),
}
ID_DOC_WORDS = {
    IdDocType.RESIDENT_ID: ("居民身份证", "身份证", "resident_id"),
    IdDocType.PASSPORT: ("护照", "passport"),
    IdDocType.HK_MACAO_PERMIT: ("港澳通行证", "港澳居民来往内地通行证", "回乡证", "hk_macao"),
    IdDocType.TAIWAN_PERMIT: ("台胞证", "台湾居民来往大陆通行证", "taiwan"),
    IdDocType.OTHER: ("其他", "other"),
}
_RESIDENT_ID = re.compile(r"^\d{17}[\dXx]$")
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


E = TypeVar("E")


class BadCell(ValueError):
    """A cell that cannot be read; ``str()`` is the reason, already translated."""


def lookup(words: dict[E, tuple[str, ...]], value: str) -> E | None:
    wanted = value.strip().lower()
    for member, names in words.items():
        if wanted in (n.lower() for n in names):
            return member
    return None


def word_for(words: dict[E, tuple[str, ...]], member: E) -> str:
    return words[member][0]


def choices(words: dict[Any, tuple[str, ...]]) -> str:
    return "、".join(names[0] for names in words.values())


def text_of(value: Any) -> str:
    """A cell as text: 13812345678.0 typed as a number is 13812345678."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def number_text_of(value: Any) -> str:
    """A phone or document number. Excel keeps 15 significant digits of a number, so an
    18-digit ID typed as a number has already lost its last digits: say so."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = text_of(value)
        if len(digits.lstrip("-")) > 15 or (isinstance(value, float) and not value.is_integer()):
            raise BadCell(_("Excel stored this as a number and lost digits; format the column "
                            "as text and type it again."))
        return digits
    return text_of(value)


def date_of(value: Any) -> dt.date | None:
    """An Excel date, an Excel day number, or text such as 2026-01-31 / 2026/1/31."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        if 1 <= value < 2958466:  # Excel's days from 1900 up to 9999-12-31
            converted = from_excel(value)
            return converted.date() if isinstance(converted, dt.datetime) else None
        raise BadCell(_("Not a date: write it like 2026-01-31."))
    match = _DATE_TEXT.match(str(value).strip())
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise BadCell(_("Not a date: write it like 2026-01-31."))


def area_text_of(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format(Decimal(str(value)).normalize(), "f")
    return text_of(value)


def looks_like_resident_id(number: str) -> bool:
    return bool(_RESIDENT_ID.match(number.strip()))
