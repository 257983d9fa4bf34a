"""Hostile values for property tests: what a careless caller, a broken clipboard or an
attacker hands a service — arbitrary Unicode with lone surrogates and control characters,
huge and negative numbers, NaN and infinities, years 1 and 9999, aware datetimes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from app.services.errors import ServiceError, ValidationFailed

#: Any code point, surrogates and control characters included.
_any_char = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
hostile_text = st.one_of(
    st.text(max_size=30),
    st.text(_any_char, max_size=80),
    st.sampled_from(["", " ", "\ud800", "a\udfffb", "\x00", "正常\n第二行", "\t", "\u3000",
                     "x" * 61, "漏" * 2001, "y" * 50_000, "‮reversed", "😀" * 20]),
)
huge_int = st.one_of(st.integers(), st.sampled_from([0, -1, 1, 2**31, 2**63 - 1, 2**63,
                                                     -(2**63), 10**30]))
hostile_decimal = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from([Decimal("1e30"), Decimal(27 * "9"), Decimal("0.1") + Decimal("0.2"),
                     Decimal("-0.01"), Decimal("9999.999"), Decimal("NaN"), Decimal("sNaN")]),
    st.floats(allow_nan=True, allow_infinity=True),
)
hostile_datetime = st.one_of(
    st.datetimes(),
    st.datetimes(timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=8))])),
    st.sampled_from([dt.datetime(1, 1, 1), dt.datetime(9999, 12, 31, 23, 59),
                     dt.datetime(2026, 11, 24, 9, 30)]),
)
hostile_date = st.one_of(st.dates(), st.sampled_from([dt.date(1, 1, 1), dt.date(9999, 12, 31),
                                                      dt.date(2026, 11, 24)]))
anything = st.one_of(hostile_text, huge_int, hostile_decimal, hostile_datetime, hostile_date,
                     st.none(), st.booleans(), st.binary(max_size=10))


def release(result: Any) -> None:
    """Close what an action handed out (the change feed's own connection): tests that call
    every action must not leave connections for the garbage collector."""
    close = getattr(result, "close", None)
    if callable(close):
        close()


def outcome(call: Any) -> Any:
    """What a service call came to: its result, or ``None`` when it refused with a message
    the desk can show. Any other exception fails the test."""
    try:
        return call()
    except ValidationFailed as exc:
        assert exc.errors and all(isinstance(m, str) and m.strip() for m in exc.errors.values())
    except ServiceError as exc:
        assert str(exc).strip()
    return None
