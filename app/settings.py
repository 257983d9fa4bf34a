"""Site-wide settings, each declared once with its type, default and translated title.

Values live in the ``site_setting`` table as JSON, so every desk of the site sees the same
rules. Per-desk things (printer, language, database) are in ``app.config`` instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

from app.i18n import N_
from app.models.site import SiteSetting

T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    default: T
    title: str  # untranslated; shown through _()


def read_setting(session: Session, setting: Setting[T]) -> T:
    row = session.get(SiteSetting, setting.key)
    if row is None:
        return setting.default
    value: T = json.loads(row.value)
    return value


def write_setting(session: Session, setting: Setting[T], value: T) -> None:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    row = session.get(SiteSetting, setting.key)
    if row is None:
        session.add(SiteSetting(key=setting.key, value=text))
    else:
        row.value = text


NUMBER_FORMATS: Setting[dict[str, Any]] = Setting(
    "numbering.formats", {}, N_("Number prefix and width per document kind")
)
SLIP_COPY_LABELS: Setting[list[str]] = Setting(
    "dispatch_slip.copy_labels",
    ["第一联 业主联", "第二联 财务联", "第三联 客服联", "第四联 工程联"],
    N_("Copy labels of the dispatch slip"),
)
#: Positions in SLIP_COPY_LABELS of the copies printed with the phone masked: owner,
#: finance and customer service. The engineering copy goes to the technician, who must
#: call ahead, so it keeps the phone whole. (套打 prints one impression through every
#: carbon part: the phone is whole there only when no copy is listed.)
SLIP_MASKED_COPIES: Setting[list[int]] = Setting(
    "dispatch_slip.masked_copies", [0, 1, 2],
    N_("Dispatch slip copies printed with the phone masked"),
)
#: The release pass's three copies: the desk's stub, the owner's, the gate's.
RELEASE_PASS_COPY_LABELS: Setting[list[str]] = Setting(
    "release_pass.copy_labels", ["第一联 存根联", "第二联 业主联", "第三联 门岗联"],
    N_("Copy labels of the release pass"),
)
LOGIN_FREE_ATTEMPTS: Setting[int] = Setting(
    "login.free_attempts", 3, N_("Wrong passwords allowed before waiting")
)
SHORT_NUMBERS: Setting[list[str]] = Setting(
    "phone.short_numbers", [], N_("Internal short numbers (extensions) accepted as phones")
)
#: A complaint about the same villa and category within this many days is a repeat
#: (重复投诉), flagged and suggested as serious [002 第十条.2: repeated in a short time].
COMPLAINT_REPEAT_DAYS: Setting[int] = Setting(
    "complaints.repeat_days", 30, N_("Days within which the same complaint is a repeat")
)

ALL_SETTINGS: tuple[Setting[Any], ...] = (
    NUMBER_FORMATS,
    SLIP_COPY_LABELS,
    SLIP_MASKED_COPIES,
    RELEASE_PASS_COPY_LABELS,
    LOGIN_FREE_ATTEMPTS,
    SHORT_NUMBERS,
    COMPLAINT_REPEAT_DAYS,
)
