"""The one set of field validators. Each returns ``None`` or a translated message.

Views show the message next to the field; services raise ``ValidationFailed`` with a map
of field → message, so a wrong field never throws away what else was typed.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

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


# -- mail items and ID documents at pick-up (mail register, release passes) ---------------------

#: UPU S10 item identifier: service indicator (2 letters), serial number (8 digits), check
#: digit, ISO country code (2 letters), e.g. RR473124829GB, EA123456785CN.
_S10 = re.compile(r"[A-Z]{2}[0-9]{8}[0-9][A-Z]{2}")
_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
#: A tracking number as scanners and couriers print them: letters, digits, a dash at most.
_TRACKING = re.compile(r"[A-Z0-9][A-Z0-9-]*")
TRACKING_MAX = 40
_ID_NUMBER = re.compile(r"[1-8][0-9]{16}[0-9X]")  # GB 11643: region codes start 1–8
_ID_EARLIEST_BIRTH = dt.date(1900, 1, 1)


def normalise_tracking_number(value: str) -> str:
    """What a scanner or a hand typed, as the register stores it: fullwidth characters from a
    Chinese input method made ASCII (NFKC), upper case, spaces (also inner ones, typed in
    groups as printed on the label) removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)).upper()


def s10_check_digit(serial: str) -> int:
    """The S10 check digit of an 8-digit serial number: weights 8 6 4 2 3 5 9 7,
    11 − (sum mod 11), where 10 gives 0 and 11 gives 5."""
    check = 11 - sum(int(d) * w for d, w in zip(serial, _S10_WEIGHTS, strict=True)) % 11
    return {10: 0, 11: 5}.get(check, check)


def is_s10_shaped(value: str) -> bool:
    """Whether a (normalised) number has the S10 shape, so that its check digit applies."""
    return bool(_S10.fullmatch(value))


def upu_s10(value: object) -> str | None:
    """A UPU S10 item identifier (international mail, EMS) with a right check digit."""
    if not isinstance(value, str):
        return _("This field takes text.")
    number = normalise_tracking_number(value)
    if not is_s10_shaped(number):
        return _("A postal item number has two letters, nine digits and two letters, like "
                 "RR473124829GB.")
    # The expected digit is not named: a misread serial would be "fixed" by typing it.
    if s10_check_digit(number[2:10]) != int(number[10]):
        return _("The check digit of {number} is wrong — please scan again or type it "
                 "carefully.").format(number=number)
    return None


def tracking_number(value: object) -> str | None:
    """A mail item's number (required): any courier's letters and digits; a number shaped
    like a UPU S10 identifier must have its check digit right. Courier formats only suggest
    a carrier (app/services/couriers.py) and never refuse a number."""
    if not isinstance(value, str):
        return _("This field takes text.")
    number = normalise_tracking_number(value)
    if not number:
        return _("This field is required.")
    if len(number) > TRACKING_MAX:
        return _("At most {n} characters.").format(n=TRACKING_MAX)
    if not (number.isascii() and _TRACKING.fullmatch(number)):
        return _("A tracking number has letters and digits only, as on the label.")
    return upu_s10(number) if is_s10_shaped(number) else None


def normalise_id_number(value: str) -> str:
    """A mainland ID number as stored: NFKC (fullwidth digits), upper-case X, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)).upper()


def mainland_id_number(value: object, today: dt.date | None = None) -> str | None:
    """A mainland resident identity card number (GB 11643-1999): a region code starting
    1–8, the date of birth (a real date after 1900, not after ``today``), a sequence number
    and the check character (ISO 7064 MOD 11-2, 0–9 or X, a lower-case x accepted).
    ``today`` comes from the service's clock; without one, the desk's clock."""
    if not isinstance(value, str):
        return _("This field takes text.")
    number = normalise_id_number(value)
    if not (number.isascii() and _ID_NUMBER.fullmatch(number)):
        return _("A resident ID number has 18 characters: 17 digits and a last digit or X, "
                 "starting with a region code 1 to 8.")
    if today is None:
        from app.clock import SystemClock  # the one clock; the module stays free of I/O

        today = SystemClock().now().date()
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        born = None
    if born is None or not _ID_EARLIEST_BIRTH < born <= today:
        return _("The date of birth in this ID number ({digits}) is not a possible date; "
                 "please check it.").format(digits=number[6:14])
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != number[17]:
        return _("The check digit of this ID number is wrong — please check the card and "
                 "type it carefully.")
    return None


@dataclass(frozen=True)
class MainlandId:
    """A spec's limit for a mainland ID number field; ``today`` from the service's clock
    (a birth date after it is refused). Empty passes where the field is optional."""

    today: dt.date | None = None
    optional: bool = False

    def __call__(self, value: object) -> str | None:
        if self.optional and (value is None or (isinstance(value, str) and not value.strip())):
            return None
        return mainland_id_number(value, self.today)


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


# -- limits: one declaration per field -------------------------------------------------------
#
# Each input-taking service declares its fields once as a ``Spec`` (field → limit) and calls
# ``check(spec, draft)``: it gets field → message for every field that breaks its limit, the
# same messages the views show next to the fields. A limit accepts only values of its type
# (a float where a decimal is due, an aware datetime, a string where an enum member is due
# are refused with a message, never passed on to crash in SQL or in a printout).

#: Dates the desk handles, unless a field says otherwise: a year 0001 or 9999 is a slip of
#: the keyboard or a picker's limit, and breaks date arithmetic and printing.
EARLIEST_DATE, LATEST_DATE = dt.date(2000, 1, 1), dt.date(2099, 12, 31)
#: Record ids are INTEGER columns: 32 bits on PostgreSQL (a larger number there is a
#: DataError, and SQLite's driver cannot bind one of 2^63 or more), so no record can have a
#: larger one.
ID_MAX = 2**31 - 1
#: A month of a register, as a year and a month number.
#: A search box: a caller's name, a phone tail, a villa number — never pages of text.
SEARCH_MAX = 100
#: Money: a fee-standard price, one line's amount and one order's total. Stored as BIGINT
#: 分 (app/models/types.py), which holds far more; the bound is what a dispatch slip's
#: amount column prints in full ("¥9,999,999.99") and what a villa's service could cost.
PRICE_MAX = Decimal("999999.99")
AMOUNT_MAX = Decimal("9999999.99")
#: How many of a fee item one order charges (two decimals: 1.5 hours, 2.25 m²).
QUANTITY_MAX = Decimal("9999")
#: Line breaks and tabs belong in multi-line texts only; other control characters nowhere.
_MULTILINE_CONTROLS = frozenset("\n\t\r")


def _is_surrogate(ch: str) -> bool:
    return "\ud800" <= ch <= "\udfff"


def _bad_characters(value: str, multiline: bool) -> str | None:
    if any(_is_surrogate(ch) for ch in value):
        return _("This text holds a broken character (an unpaired surrogate); type it again.")
    for ch in value:
        if unicodedata.category(ch) == "Cc" and not (multiline and ch in _MULTILINE_CONTROLS):
            if multiline:
                return _("This text holds a control character that cannot be stored.")
            return _("This field takes one line, without line breaks or control characters.")
    return None


@dataclass(frozen=True)
class Text:
    """A text field; its length is counted after leading and trailing spaces are removed,
    which is also what is stored."""

    max_len: int
    required: bool = False
    multiline: bool = False
    optional: bool = False  # None allowed (e.g. "unchanged")

    def __call__(self, value: object) -> str | None:
        if value is None and self.optional:
            return None
        if not isinstance(value, str):
            return _("This field takes text.")
        characters = _bad_characters(value, self.multiline)
        if characters:
            return characters
        text = value.strip()
        if self.required and not text:
            return _("This field is required.")
        if len(text) > self.max_len:
            return _("At most {n} characters.").format(n=self.max_len)
        return None


@dataclass(frozen=True)
class Number:
    """A whole number or an exact decimal with at most ``places`` decimals, in a range.

    Floats are refused: 0.1 + 0.2 is not 0.3, and money is counted in exact 分."""

    minimum: Decimal | int
    maximum: Decimal | int
    places: int = 0
    optional: bool = False

    def __call__(self, value: object) -> str | None:
        if value is None and self.optional:
            return None
        whole = isinstance(value, int) and not isinstance(value, bool)
        if not (whole or isinstance(value, Decimal)):
            return _("Give a number.")
        number = Decimal(value)  # type: ignore[arg-type]
        if not number.is_finite() or not self.minimum <= number <= self.maximum:
            return _("Give a number from {low} to {high}.").format(
                low=self.minimum, high=self.maximum)
        # In range, so the quantize below cannot overflow the decimal context.
        if number != number.quantize(Decimal(1).scaleb(-self.places)):
            if self.places == 0:
                return _("Give a whole number.")
            return _("At most {places} decimals.").format(places=self.places)
        return None


@dataclass(frozen=True)
class RecordId:
    """A reference to a record by its id (a villa, a category, a roster member …)."""

    optional: bool = False

    def __call__(self, value: object) -> str | None:
        if value is None and self.optional:
            return None
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= ID_MAX:
            return None
        return _("No such record.")


@dataclass(frozen=True)
class Choice:
    """One member of an enum; its value as a string is accepted too (the column stores
    it so)."""

    enum_cls: type[enum.Enum]
    optional: bool = False

    def __call__(self, value: object) -> str | None:
        if value is None and self.optional:
            return None
        if isinstance(value, self.enum_cls):
            return None
        if isinstance(value, str) and value in {m.value for m in self.enum_cls}:
            return None
        return _("Choose one of the listed values.")


@dataclass(frozen=True)
class Choices:
    """Any number of members of an enum (a filter's ticked states)."""

    enum_cls: type[enum.Enum]

    def __call__(self, value: object) -> str | None:
        if not isinstance(value, set | frozenset | tuple | list):
            return _("Choose one of the listed values.")
        for item in value:
            message = Choice(self.enum_cls)(item)
            if message:
                return message
        return None


@dataclass(frozen=True)
class Flag:
    def __call__(self, value: object) -> str | None:
        return None if isinstance(value, bool) else _("Choose yes or no.")


@dataclass(frozen=True)
class When:
    """A time of day on a date: the site's local wall-clock time, naive.

    An aware datetime is refused rather than converted: the desk stores naive local time
    (docs/architecture.md, "Times"), every screen hands in naive values, and an aware one
    comes only from code that would otherwise have its zone silently dropped (8 hours off
    for UTC); refusing makes that code say what it means."""

    earliest: dt.date = EARLIEST_DATE
    latest: dt.date = LATEST_DATE
    optional: bool = False

    def __call__(self, value: object) -> str | None:
        if value is None and self.optional:
            return None
        if not isinstance(value, dt.datetime):
            return _("Give a date and time.")
        if value.tzinfo is not None:
            return _("Give the site's local time, without a time zone.")
        return _date_range(value.date(), self.earliest, self.latest)


@dataclass(frozen=True)
class Day:
    """A calendar date (not a datetime)."""

    earliest: dt.date = EARLIEST_DATE
    latest: dt.date = LATEST_DATE
    optional: bool = False

    def __call__(self, value: object) -> str | None:
        if value is None and self.optional:
            return None
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            return _("Give a date.")
        return _date_range(value, self.earliest, self.latest)


def _date_range(day: dt.date, earliest: dt.date, latest: dt.date) -> str | None:
    if earliest <= day <= latest:
        return None
    return _("Give a date from {earliest} to {latest}.").format(
        earliest=earliest.isoformat(), latest=latest.isoformat())


Limit = (Text | Number | RecordId | Choice | Choices | Flag | When | Day
         | Callable[[object], str | None])
#: field name (attribute of the input, or key of a mapping) → its limit.
Spec = Mapping[str, Limit]


def _value(values: object, field: str) -> object:
    if isinstance(values, Mapping):
        return values.get(field)
    return getattr(values, field)


def check(spec: Spec, values: object, keys: Mapping[str, str] | None = None) -> dict[str, str]:
    """Field → message for every field of ``values`` (a dataclass or a mapping) that breaks
    its limit in ``spec``. ``keys`` renames a field for the message map, where a view shows
    it under another name (``villa_id`` → ``villa``)."""
    errors: dict[str, str] = {}
    for field, limit in spec.items():
        message = limit(_value(values, field))
        if message:
            errors[(keys or {}).get(field, field)] = message
    return errors


#: A month of a register: a year the desk handles and a month number.
MONTH_SPEC: Spec = {"year": Number(EARLIEST_DATE.year, LATEST_DATE.year), "month": Number(1, 12)}


def search_text(value: object) -> str | None:
    """A search box's text: any text up to ``SEARCH_MAX`` characters."""
    return Text(SEARCH_MAX, multiline=True)(value)  # a scanner ends the number with Enter


def enforce(spec: Spec, values: object, keys: Mapping[str, str] | None = None) -> None:
    """``check``, raising ``ValidationFailed`` (field → message) when any field is wrong:
    what a service calls first, before any value reaches SQL."""
    errors = check(spec, values, keys)
    if errors:
        from app.services.errors import ValidationFailed  # the services' error, no I/O

        raise ValidationFailed(errors)


def enforce_ids(**ids: object) -> None:
    """Refuse ids no record can have (0, negative, beyond ``ID_MAX``, not a whole number)."""
    enforce({name: RecordId() for name in ids}, ids)


#: A reason given for voiding, pausing, … : printed in the number register and on slips.
REASON = Text(500, multiline=True)


def call_guard(fn: Callable[..., object]) -> Callable[[tuple[object, ...], dict[str, object]],
                                                        None]:
    """For a service action ``fn(uow, …)``: a check of the arguments whose type alone says
    what is allowed, run before its body (``permissions.needs``), so that every action is
    covered by construction: record ids (``…_id: int``) in 1..2^31-1, enum members (or
    their values), booleans, and dates and naive times in the desk's years. ``None`` passes
    where the parameter takes it. Texts and numbers have limits only their service knows
    (its spec). The spec is read from the type hints at the first call."""
    import inspect
    import types
    import typing

    spec: dict[str, Limit] = {}
    names: list[str] = []
    ready = False

    def limit_for(name: str, hint: object) -> Limit | None:
        args = typing.get_args(hint)
        optional = (typing.get_origin(hint) in (typing.Union, types.UnionType)
                    and type(None) in args)
        kinds = [a for a in args if a is not type(None)] if optional else [hint]
        if len(kinds) != 1:
            return None
        kind = kinds[0]
        if kind is bool:
            return None if optional else Flag()
        if kind is int and name.endswith("_id"):
            return RecordId(optional=optional)
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            return Choice(kind, optional=optional)
        if kind is dt.datetime:
            return When(optional=optional)
        if kind is dt.date:
            return Day(optional=optional)
        return None

    def prepare() -> None:
        nonlocal ready
        params = list(inspect.signature(fn).parameters.values())[1:]  # after the uow
        names.extend(p.name for p in params)
        try:
            hints = typing.get_type_hints(inspect.unwrap(fn))
        except NameError:  # a hint only imported for type checking: ids by name alone
            hints = {p.name: int | None for p in params if p.name.endswith("_id")
                     and str(p.annotation) in ("int", "int | None")}
        for param in params:
            limit = limit_for(param.name, hints.get(param.name))
            if limit is not None:
                spec[param.name] = limit
        ready = True

    def guard(args: tuple[object, ...], kwargs: dict[str, object]) -> None:
        if not ready:
            prepare()
        if spec:
            given = dict(zip(names, args, strict=False)) | kwargs
            enforce({name: spec[name] for name in spec if name in given}, given)

    return guard


def readable(spec: Spec, values: object) -> bool:
    """Whether every field of ``values`` has the type its limit takes (text where text is
    due, a date where a date is due …), so that further checks can read it even if it
    breaks its limit (too long, a control character)."""
    kinds: dict[type, tuple[type, ...]] = {
        Text: (str,), Number: (int, Decimal), RecordId: (int,), Flag: (bool,),
        When: (dt.datetime,), Day: (dt.date,),
    }
    for field, limit in spec.items():
        value = _value(values, field)
        if value is None and getattr(limit, "optional", False):
            continue
        if isinstance(limit, Choice):
            if limit(value) is not None:
                return False
        elif type(limit) in kinds and not isinstance(value, kinds[type(limit)]):
            return False
    return True
