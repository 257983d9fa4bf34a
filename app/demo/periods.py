"""Splitting a demo period into months: one transaction per month keeps memory flat."""

from __future__ import annotations

import datetime as dt


def months(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """(first, last) day of each calendar month overlapping ``start``..``end``."""
    spans = []
    first = start
    while first <= end:
        following = (first.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        spans.append((first, min(end, following - dt.timedelta(days=1))))
        first = following
    return spans
