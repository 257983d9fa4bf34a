"""The one translation facade: ``_``, ``N_``, ``ngettext`` and Babel formatting.

Source strings are English; catalogs live in ``i18n/<locale>/LC_MESSAGES/villa_desk.mo``.
Simplified Chinese is the default language.
"""

from __future__ import annotations

import datetime as dt
import gettext
from decimal import Decimal

from babel import Locale
from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_currency, format_decimal

from app.paths import locale_dir

DOMAIN = "villa_desk"
DEFAULT_LOCALE = "zh_CN"
SUPPORTED_LOCALES = ("zh_CN", "en")

_translations: gettext.NullTranslations = gettext.NullTranslations()
_locale: str = DEFAULT_LOCALE
#: The Babel locale, parsed once: given a name, every Babel call parses it again, and
#: parsing compares it with every locale Babel knows (0.2 ms a number; a list of a few
#: hundred rows spent seconds on it).
_babel: Locale = Locale.parse(DEFAULT_LOCALE)


def set_locale(name: str) -> None:
    """Activate a language for everything translated from now on."""
    global _translations, _locale, _babel
    if name not in SUPPORTED_LOCALES:
        name = DEFAULT_LOCALE
    _locale = name
    _babel = Locale.parse(name)
    if name == "en":
        _translations = gettext.NullTranslations()
    else:
        _translations = gettext.translation(
            DOMAIN, localedir=str(locale_dir()), languages=[name], fallback=True
        )


def current_locale() -> str:
    return _locale


def _(message: str) -> str:
    return _translations.gettext(message)


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def babel_locale() -> Locale:
    return _babel


def fmt_date(value: dt.date) -> str:
    return format_date(value, format="medium", locale=_babel)


def fmt_weekday(value: dt.date) -> str:
    """Short day of the week: 周二, Tue."""
    return format_date(value, format="EEE", locale=_babel)


def fmt_datetime(value: dt.datetime) -> str:
    """Date and minute, the precision the desk writes on paper."""
    pattern = "yyyy-MM-dd HH:mm" if _locale.startswith("zh") else "MMM d, yyyy HH:mm"
    return format_datetime(value, pattern, locale=_babel)


def fmt_time(value: dt.time | dt.datetime) -> str:
    return format_time(value, "HH:mm", locale=_babel)


def fmt_money(amount: Decimal | int | float) -> str:
    return format_currency(Decimal(amount), "CNY", locale=_babel)


def fmt_number(value: Decimal | int | float) -> str:
    return format_decimal(value, locale=_babel)


set_locale(DEFAULT_LOCALE)
