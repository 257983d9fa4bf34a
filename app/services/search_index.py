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

A register whose columns are searched lists them in ``SEARCHED`` and in its migration
(the FTS5 table and its triggers; the GIN indexes).
"""

from __future__ import annotations

from sqlalchemy import Column, ColumnElement, false, func, literal_column, or_, select, table
from sqlalchemy.orm import InstrumentedAttribute, Session

#: Table → searched columns; migration 0009 built ``search_<table>`` / the GIN indexes.
SEARCHED: dict[str, tuple[str, ...]] = {
    "person": ("name", "name_pinyin", "name_initials", "phone"),
    "work_order": ("number",),
    "reception_entry": ("caller_name", "contact_phone"),
}
#: Columns that may hold Chinese (PostgreSQL indexes them through ``search_hex``).
CHINESE = {("person", "name"), ("reception_entry", "caller_name")}
#: The trigram index serves substrings of at least this many characters.
TRIGRAM = 3

Attribute = InstrumentedAttribute[str]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _phrase(text: str) -> str:
    """An FTS5 string: the text as one phrase, quotes doubled."""
    return '"' + text.replace('"', '""') + '"'


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _column(attribute: Attribute) -> Column[str]:
    column = attribute.property.columns[0]
    assert isinstance(column, Column)
    return column


def contains(session: Session, terms: list[tuple[Attribute, str]]) -> ColumnElement[bool]:
    """Rows of one table whose column holds its text anywhere (any of the terms). Texts
    shorter than the trigram minimum are left out; no term left matches nothing."""
    terms = [(attribute, text) for attribute, text in terms if len(text) >= TRIGRAM]
    if not terms:
        return false()
    columns = [_column(attribute) for attribute, _text in terms]
    name = columns[0].table.name  # type: ignore[attr-defined]
    assert all(c.table.name == name for c in columns)  # type: ignore[attr-defined]
    assert all(c.name in SEARCHED[name] for c in columns), "not in the search index"
    if _is_sqlite(session):
        fts = table(f"search_{name}", literal_column("rowid"))
        query = " OR ".join(f"{{{c.name}}} : {_phrase(text)}"
                            for c, (_a, text) in zip(columns, terms, strict=True))
        matched = select(literal_column("rowid")).select_from(fts).where(
            literal_column(f"search_{name}").op("MATCH")(query))
        key = next(iter(columns[0].table.primary_key.columns))  # type: ignore[attr-defined]
        return key.in_(matched.scalar_subquery())
    return or_(*(_pg_contains(name, c, text)
                 for c, (_a, text) in zip(columns, terms, strict=True)))


def _pg_contains(name: str, column: Column[str], text: str) -> ColumnElement[bool]:
    pattern = f"%{_escape_like(text)}%"
    if (name, column.name) in CHINESE:
        # The index sees the hex of the bytes; the ILIKE drops a match across two
        # characters' bytes (hex matched at an odd offset).
        return (func.search_hex(column).like("%" + func.search_hex(text) + "%")
                & column.ilike(pattern, escape="\\"))
    return column.ilike(pattern, escape="\\")


def starts(session: Session, attribute: Attribute, text: str) -> ColumnElement[bool]:
    """The column begins with ``text`` (the short-query fallback, index-served)."""
    column = _column(attribute)
    if not text:
        return false()
    if _is_sqlite(session):
        # Case as stored: pinyin and initials are lower case, and so is the query for them.
        after = text[:-1] + chr(ord(text[-1]) + 1) if ord(text[-1]) < 0x10FFFF else text
        return (column >= text) & (column < after)
    name = column.table.name  # type: ignore[attr-defined]
    pattern = f"{_escape_like(text)}%"
    if (name, column.name) in CHINESE:
        return (func.search_hex(column).like(func.search_hex(text) + "%")
                & column.ilike(pattern, escape="\\"))
    return column.ilike(pattern, escape="\\")


def ends_with(attribute: Attribute, digits: str) -> ColumnElement[bool]:
    """The recheck of a phone tail, after ``contains`` found the digits anywhere."""
    return _column(attribute).like(f"%{_escape_like(digits)}", escape="\\")
