"""The one set of field validators. Each returns ``None`` or a translated message.

Views show the message next to the field; services raise ``ValidationFailed`` with a map
of field → message, so a wrong field never throws away what else was typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from app.i18n import _

Validator = Callable[[str], str | None]

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
_VILLA = re.compile(r"^[A-Z]{1,2}-\d{1,4}$")
_AGENT_NO = re.compile(r"[0-9]{3}")  # ASCII only: \d would admit ٠٤٣
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


#: A site's short number (an extension) has this many digits.
SHORT_NUMBER_MIN, SHORT_NUMBER_MAX = 3, 6


def normalize_phone(value: str) -> str:
    return re.sub(r"[\s()（）]", "", value).replace("—", "-").replace("+86", "")


def phone(value: str, short_numbers: frozenset[str] = frozenset()) -> str | None:
    """A mobile, a landline, or one of the site's own short numbers (内部短号).

    Short numbers are a list the site keeps (the clubhouse extensions), not any 3–6
    digits: a mobile cut off while typing ("139472") must not pass as one. The caller
    passes the list in (``app.services.short_numbers``), so this module stays free of I/O.
    """
    v = normalize_phone(value)
    if not v:
        return None
    if _MOBILE.match(v) or _LANDLINE.match(v) or v in short_numbers:
        return None
    if "*" in v:  # a masked number shown on screen, not one the desk can call back
        return _("Type the number in full: a masked number cannot be called back.")
    if v.isdigit() and v.startswith("1"):
        return _("A mobile number has 11 digits, like 13812345678.")
    if v.isdigit() and len(v) <= SHORT_NUMBER_MAX:
        return _("{number} is not one of the site's short numbers: use 11 digits for a "
                 "mobile, or area code and number.").format(number=v)
    return _("Not a phone number: use 11 digits for a mobile, or area code and number.")


def short_number(value: str) -> str | None:
    """One entry of the site's short-number list, as the manager types it. It may not
    start with 1: a number starting with 1 that is not 11 digits is a cut-off mobile."""
    v = normalize_phone(value)
    if not (v.isascii() and v.isdigit() and SHORT_NUMBER_MIN <= len(v) <= SHORT_NUMBER_MAX
            and not v.startswith("1")):
        return _("{number}: a short number has 3 to 6 digits and does not start with 1, "
                 "like 8001.").format(number=v)
    return None


def required(value: str) -> str | None:
    return None if value.strip() else _("This field is required.")


def normalize_villa(value: str) -> str:
    v = value.strip().upper().replace("－", "-").replace(" ", "")
    match = re.match(r"^([A-Z]{1,2})-?(\d{1,4})$", v)
    return f"{match.group(1)}-{int(match.group(2))}" if match else v


def villa_number(value: str) -> str | None:
    if _VILLA.match(normalize_villa(value)):
        return None
    return _("A villa number is a zone letter and a number, like A-12.")


def normalize_agent_no(value: str) -> str:
    """Fullwidth digits typed with a Chinese input method (０４３) become ASCII (043)."""
    return unicodedata.normalize("NFKC", value).strip()


def agent_no(value: str) -> str | None:
    if _AGENT_NO.fullmatch(normalize_agent_no(value)):
        return None
    return _("An agent number (工号) has three digits, like 008.")


def resident_id(value: str) -> str | None:
    """Mainland resident ID card: 18 characters with a checksum (GB 11643)."""
    v = value.strip().upper()
    if not re.match(r"^\d{17}[\dX]$", v):
        return _("An ID card number has 18 characters (the last may be X).")
    total = sum(int(d) * w for d, w in zip(v[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != v[17]:
        return _("This ID card number's check digit is wrong; please check it.")
    return None


def password(value: str) -> str | None:
    if len(value) < 6:
        return _("A password needs at least 6 characters.")
    return None


def collect(checks: dict[str, tuple[Validator, str]]) -> dict[str, str]:
    """Run several validators; field → message for the ones that failed."""
    errors: dict[str, str] = {}
    for field, (validator, value) in checks.items():
        message = validator(value)
        if message:
            errors[field] = message
    return errors
