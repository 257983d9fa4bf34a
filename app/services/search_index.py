"""How a search condition reaches the index of migration 0009, on SQLite and PostgreSQL.

Two kinds of condition, the same rows on both databases:

- ``contains`` — the text anywhere in one of the columns (three characters or more, the
  trigram minimum). SQLite: ``MATCH`` on the table's FTS5 trigram table (``search_<table>``,
  kept by triggers). PostgreSQL: ``ILIKE '%…%'`` served by the columns' ``pg_trgm`` GIN
  indexes (a column that may hold Chinese through ``search_hex()``, see the migration).
- ``starts`` — the fallback for one or two characters: the column begins with the text.
  SQLite: a range on the column's B-tree index (``name >= '张' AND name < '弡'``; SQLite's
  LIKE would not use a plain index). PostgreSQL: ``ILIKE '…%'``, which pg_trgm serves from
  the same GIN index (an anchored pattern gives the padded trigrams ``"  z"``, ``" zs"``).

- ``tail`` — the last digits of a phone: the start of the reversed digits the record keeps
  (``contact_phone_reversed``, migration 0011), a range on its B-tree index on both.

A kind that shows the newest records first asks ``contains`` for only the ``newest`` few:
SQLite's FTS5 hands its matches out newest first and stops there, so a text in every
record (``2026`` of every slip number) costs no more than a rare one.

Each helper returns a ``Match``: the condition, written with named parameters, and their
values. The SQL of a condition depends only on its shape (the database, the table, the
columns), never on the typed text, so a kind builds each statement once per shape
(``statement``) and runs it with the values: a search is a few small statements run, not
built, compiled and cached again on every key the desk types.

A register whose columns are searched lists them in ``SEARCHED`` and in its migration
(the FTS5 table and its triggers; the GIN indexes).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Integer,
    and_,
    bindparam,
    false,
    func,
    literal_column,
    or_,
    select,
    table,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

#: Table → searched columns; migration 0009 built ``search_<table>`` / the GIN indexes.
SEARCHED: dict[str, tuple[str, ...]] = {
    "person": ("name", "name_pinyin", "name_initials", "phone"),
    "work_order": ("number",),
    "reception_entry": ("caller_name", "contact_phone"),
    "complaint": ("number", "complainant"),
    "mail_item": ("number",),
    "release_pass": ("number",),
}
#: Columns that may hold Chinese (PostgreSQL indexes them through ``search_hex``).
CHINESE = {("person", "name"), ("reception_entry", "caller_name"),
           ("complaint", "complainant")}
#: The trigram index serves substrings of at least this many characters.
TRIGRAM = 3

Attribute = InstrumentedAttribute[str]
Shape = tuple[Any, ...]


@dataclass(frozen=True)
class Match:
    """A search condition: its SQL (named parameters only) and their values."""

    #: What the SQL depends on: equal shapes, equal SQL.
    shape: Shape
    condition: ColumnElement[bool]
    values: Mapping[str, object] = field(default_factory=dict)

    def __and__(self, other: Match) -> Match:
        return _combine("and", self, other)

    def __or__(self, other: Match) -> Match:
        return _combine("or", self, other)


NOTHING = Match(("nothing",), false())
_BUILT: dict[Shape, Any] = {}
#: Shapes are few (a handful per kind and database); this only guards against a leak.
_BUILT_MAX = 512


def statement(shape: Shape, build: Callable[[], Any]) -> Any:
    """The statement (or condition) of this shape, built on first use and kept."""
    built = _BUILT.get(shape)
    if built is None:
        if len(_BUILT) >= _BUILT_MAX:
            _BUILT.clear()
        built = _BUILT[shape] = build()
    return built


def _combine(how: str, *matches: Match) -> Match:
    if how == "and" and any(m is NOTHING for m in matches):
        return NOTHING
    matches = tuple(m for m in matches if m is not NOTHING) if how == "or" else matches
    if not matches:
        return NOTHING
    if len(matches) == 1:
        return matches[0]
    shape = (how, *(m.shape for m in matches))
    join = and_ if how == "and" else or_
    condition = statement(shape, lambda: join(*(m.condition for m in matches)))
    values: dict[str, object] = {}
    for m in matches:
        values.update(m.values)
    return Match(shape, condition, values)


def either(*matches: Match) -> Match:
    """Any of the conditions (none: nothing)."""
    return _combine("or", *matches)


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _phrase(text: str) -> str:
    """An FTS5 string: the text as one phrase, quotes doubled."""
    return '"' + text.replace('"', '""') + '"'


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _column(attribute: Attribute) -> Column[str]:
    column = attribute.property.columns[0]
    assert isinstance(column, Column)
    return column


def _name(column: Column[str], role: str) -> str:
    return f"{column.table.name}_{column.name}_{role}"  # type: ignore[attr-defined]


def contains(session: Session, terms: list[tuple[Attribute, str]],
             newest: int | None = None) -> Match:
    """Rows of one table whose column holds its text anywhere (any of the terms). Texts
    shorter than the trigram minimum are left out; no term left matches nothing.

    ``newest``: only the ``newest`` matching rows by id are needed (the caller orders by
    id descending with that limit and ANDs no other condition to it), so the index may stop
    there."""
    terms = [(attribute, text) for attribute, text in terms if len(text) >= TRIGRAM]
    if not terms:
        return NOTHING
    columns = tuple(_column(attribute) for attribute, _text in terms)
    texts = [text for _attribute, text in terms]
    name = columns[0].table.name  # type: ignore[attr-defined]
    assert all(c.table.name == name for c in columns)  # type: ignore[attr-defined]
    assert all(c.name in SEARCHED[name] for c in columns), "not in the search index"
    dialect = _dialect(session)
    shape = ("contains", dialect, name, tuple(c.name for c in columns), newest is not None)
    if dialect == "sqlite":
        query = " OR ".join(f"{{{c.name}}} : {_phrase(text)}"
                            for c, text in zip(columns, texts, strict=True))
        values: dict[str, object] = {f"{name}_match": query}
        if newest is not None:
            values[f"{name}_newest"] = newest
        return Match(shape, statement(shape, lambda: _sqlite_contains(
            name, columns, newest is not None)), values)
    values = {}
    for column, text in zip(columns, texts, strict=True):
        values[_name(column, "contains")] = f"%{escape_like(text)}%"
        if (name, column.name) in CHINESE:
            values[_name(column, "hex")] = text
    return Match(shape, statement(shape, lambda: or_(*(
        _pg_like(name, column, "contains") for column in columns))), values)


def _sqlite_contains(name: str, columns: tuple[Column[str], ...],
                     newest: bool) -> ColumnElement[bool]:
    fts = table(f"search_{name}", literal_column("rowid"))
    matched = select(literal_column("rowid")).select_from(fts).where(
        literal_column(f"search_{name}").op("MATCH")(bindparam(f"{name}_match")))
    if newest:
        matched = matched.order_by(literal_column("rowid").desc()).limit(
            bindparam(f"{name}_newest", type_=Integer))
    key = next(iter(columns[0].table.primary_key.columns))  # type: ignore[attr-defined]
    return key.in_(matched.scalar_subquery())


def _pg_like(name: str, column: Column[str], role: str) -> ColumnElement[bool]:
    """``ILIKE`` a pattern, served by the column's pg_trgm index (``contains``: ``%t%``,
    ``starts``: ``t%``)."""
    pattern = bindparam(_name(column, role))
    if (name, column.name) in CHINESE:
        # The index sees the hex of the bytes; the ILIKE drops a match across two
        # characters' bytes (hex matched at an odd offset).
        hexed = func.search_hex(bindparam(_name(column, "hex")))
        hex_pattern = ("%" + hexed + "%") if role == "contains" else (hexed + "%")
        return (func.search_hex(column).like(hex_pattern)
                & column.ilike(pattern, escape="\\"))
    return column.ilike(pattern, escape="\\")


def starts(session: Session, attribute: Attribute, text: str) -> Match:
    """The column begins with ``text`` (the short-query fallback, and a record number from
    its start; index-served)."""
    column = _column(attribute)
    if not text:
        return NOTHING
    dialect = _dialect(session)
    shape = ("starts", dialect, column.table.name, column.name)  # type: ignore[attr-defined]
    if dialect == "sqlite":
        # Case as stored: pinyin and initials are lower case, and so is the query for them.
        after = text[:-1] + chr(ord(text[-1]) + 1) if ord(text[-1]) < 0x10FFFF else text
        low, high = _name(column, "from"), _name(column, "before")
        return Match(shape, statement(shape, lambda: (column >= bindparam(low))
                                      & (column < bindparam(high))),
                     {low: text, high: after})
    name = column.table.name  # type: ignore[attr-defined]
    values = {_name(column, "starts"): f"{escape_like(text)}%"}
    if (name, column.name) in CHINESE:
        values[_name(column, "hex")] = text
    return Match(shape, statement(shape, lambda: _pg_like(name, column, "starts")), values)


def tail(reversed_digits: Attribute, digits: str) -> Match:
    """The phone ends with ``digits``: its reversed digits (kept on the record, see
    app/models/phone_tails.py) start with them reversed. A range on the column's B-tree
    index, on SQLite and PostgreSQL alike (digit strings sort the same in every
    collation)."""
    if not digits.isascii() or not digits.isdigit():
        return NOTHING
    start = digits[::-1]
    column = _column(reversed_digits)
    low, high = _name(column, "from"), _name(column, "before")
    # The first digit string after every one starting so: "1659" → "166"; a collation may
    # ignore punctuation, so the bound is digits too ("165:" could sort before "16591").
    # All nines have no such bound: every digit string from them on starts with them.
    stem = start.rstrip("9")
    shape = ("tail", column.table.name, column.name, bool(stem))  # type: ignore[attr-defined]
    if not stem:
        return Match(shape, statement(shape, lambda: column >= bindparam(low)), {low: start})
    return Match(shape, statement(shape, lambda: (column >= bindparam(low))
                                  & (column < bindparam(high))),
                 {low: start, high: stem[:-1] + str(int(stem[-1]) + 1)})


def ends_with(attribute: Attribute, digits: str) -> Match:
    """The recheck of a phone tail, after ``contains`` found the digits anywhere."""
    column = _column(attribute)
    key = _name(column, "ends")
    shape = ("ends", column.table.name, column.name)  # type: ignore[attr-defined]
    return Match(shape, statement(shape, lambda: column.like(bindparam(key), escape="\\")),
                 {key: f"%{escape_like(digits)}"})
