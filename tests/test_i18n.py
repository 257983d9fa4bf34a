"""Every string the desk sees has its Chinese; placeholders survive translation."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from babel.messages.pofile import read_po

from app import i18n
from app.paths import locale_dir

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _catalog():  # type: ignore[no-untyped-def]
    with open(locale_dir() / "zh_CN" / "LC_MESSAGES" / "villa_desk.po", "rb") as fh:
        return read_po(fh, locale="zh_CN")


def test_no_string_in_the_zh_cn_catalog_is_untranslated() -> None:
    from scripts.i18n import is_translated

    untranslated = [m.id for m in _catalog() if m.id and not is_translated(m.string)]
    assert untranslated == []


def test_catalog_is_current_with_the_source() -> None:
    from scripts.i18n import extract

    in_source = {m.id for m in extract() if m.id}
    in_catalog = {m.id for m in _catalog() if m.id}
    assert in_source - in_catalog == set()


def test_translations_keep_their_placeholders() -> None:
    broken = []
    for m in _catalog():
        if not m.id or not m.string:
            continue
        source = m.id if isinstance(m.id, str) else m.id[0]
        targets = [m.string] if isinstance(m.string, str) else list(m.string)
        if any(set(PLACEHOLDER.findall(source)) != set(PLACEHOLDER.findall(t))
               for t in targets):
            broken.append(source)
    assert broken == []


def test_english_on_request_and_chinese_by_default() -> None:
    assert i18n._("Sign in") == "登录"
    i18n.set_locale("en")
    assert i18n._("Sign in") == "Sign in"
    assert i18n.fmt_money(Decimal("1234.5")) == "CN¥1,234.50"
    i18n.set_locale("zh_CN")
    assert i18n.fmt_money(Decimal("1234.5")) == "¥1,234.50"
    assert i18n.fmt_datetime(dt.datetime(2026, 11, 24, 9, 5)) == "2026-11-24 09:05"
