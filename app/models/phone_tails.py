"""A phone's digits back to front, kept on the record so its tail is found by an index.

The desk finds a call or a work order by the last four or more digits of a phone (the part
a masked phone still shows), and a slip by the last digits of its number (``000123``).
The tail of a number is the start of its reversed digits, so
a plain B-tree index on the reversed digits serves a tail as a range read (``'1654' <= x <
'1655'`` for ``…4561``), on SQLite and PostgreSQL alike, and reads exactly the records that
match — where a trigram index finds the digits anywhere in the number, and a common run
of digits (``1380``) would be rechecked on thousands of records.

Pure rules plus the mapper events that keep the column on every ORM write (forms, the
Excel import, the demo); migration 0011 fills it for the records already there. The column
is ``__derived__``: not logged, not replayed (it says nothing the audited phone does not).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from sqlalchemy import event

#: As long as the phone columns it is kept from.
LENGTH = 30


def reversed_digits(phone: str) -> str:
    """``"0571-8888 1234"`` → ``"432188881750"``: ASCII digits only (full-width ones read
    as ASCII), dashes and spaces dropped, last digit first."""
    text = unicodedata.normalize("NFKC", phone or "")
    return "".join(ch for ch in text if "0" <= ch <= "9")[::-1][:LENGTH]


def keep_reversed(model: type[Any], phone: str, reversed_column: str) -> None:
    """Keep ``model.<reversed_column>`` as the reversed digits of ``model.<phone>`` on
    every insert and update."""

    def keep(_mapper: object, _connection: object, record: Any) -> None:
        value = reversed_digits(getattr(record, phone) or "")
        if getattr(record, reversed_column, None) != value:
            setattr(record, reversed_column, value)

    event.listen(model, "before_insert", keep)
    event.listen(model, "before_update", keep)
