"""Keyset ("seek") paging: one way every register's list reads a page. No Qt.

A list never asks for "rows 40,000 to 40,200" (OFFSET makes the database walk past every
row before them, so each page is slower than the last). It asks for "the 200 rows after
this one" in an indexed order: ``WHERE (key, id) < (:key, :id) ORDER BY key DESC, id DESC
LIMIT 201``, which is an index range read at any depth, on SQLite and PostgreSQL alike.

Each register declares its sortable columns once (``Register``): a ``SortKey`` names an
indexed column of the register's own table (the index is ``(column, id)``, so ties are
broken by the id in the same index), and how a cursor value for it is checked. A column
that no index serves (a name read through a join, a deadline computed in Python) is not
declared, and the list refuses to sort by it. The extra row of ``limit + 1`` tells
whether there is more.

A ``Cursor`` is the last row's sort value and id; the view hands it back for the next page.
It is checked like any other service input (``Register.check``) before it reaches SQL.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, literal, tuple_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from app import validation
from app.i18n import _
from app.services.errors import ValidationFailed

Row = TypeVar("Row")

#: Rows per page of a register's list.
PAGE_SIZE = 200
#: The most a caller may ask for at once.
PAGE_MAX = 10 * PAGE_SIZE


class Direction(enum.StrEnum):
    ASC = "asc"
    DESC = "desc"


@dataclass(frozen=True)
class Sort:
    """Which declared key a list is ordered by, and which way."""

    key: str
    direction: Direction = Direction.DESC


@dataclass(frozen=True)
class Cursor:
    """Where the previous page ended: its last row's sort value and id."""

    value: object
    id: int


@dataclass(frozen=True)
class Page(Generic[Row]):
    rows: tuple[Row, ...]
    has_more: bool
    #: Hand this back for the next page (None when there is none).
    next: Cursor | None = None


@dataclass(frozen=True)
class SortKey:
    """A sortable column: indexed together with the id (or unique on its own)."""

    column: InstrumentedAttribute[Any]
    #: Checks a cursor value handed back for this key.
    limit: validation.Limit
    #: The column alone identifies a row (a slip number): no tie-breaker needed.
    unique: bool = False

    @property
    def attribute(self) -> str:
        return self.column.key


@dataclass(frozen=True)
class Register:
    """One register's list: its id column and the keys it may be sorted by."""

    id: InstrumentedAttribute[int]
    keys: Mapping[str, SortKey]
    default: Sort

    def sortable(self, key: str) -> bool:
        return key in self.keys

    def check(self, sort: Sort, after: Cursor | None, limit: int) -> None:
        """Refuse a sort or cursor this register does not offer, as field messages."""
        if not isinstance(sort, Sort) or not self.sortable(sort.key):
            raise ValidationFailed({"sort": _("This list cannot be sorted that way.")})
        validation.enforce({"direction": validation.Choice(Direction)}, sort,
                           {"direction": "sort"})
        validation.enforce({"limit": validation.Number(1, PAGE_MAX)}, {"limit": limit})
        if after is None:
            return
        if not isinstance(after, Cursor):
            raise ValidationFailed({"after": _("No such record.")})
        validation.enforce({"value": self.keys[sort.key].limit, "id": validation.RecordId()},
                           after, {"value": "after", "id": "after"})

    def ordered(self, query: Select[Any], sort: Sort,
                after: Cursor | None) -> Select[Any]:
        """``query`` in the sort's order, starting after the cursor."""
        key = self.keys[sort.key]
        descending = sort.direction == Direction.DESC
        columns: list[Any] = [key.column] if key.unique else [key.column, self.id]
        if after is not None:
            value = literal(after.value, type_=key.column.type)
            if key.unique:
                query = query.where(key.column < value if descending else key.column > value)
            else:
                # A row value: both databases read it as one range of the (key, id) index.
                mine = tuple_(key.column, self.id)
                theirs = tuple_(value, literal(after.id, type_=self.id.type))
                query = query.where(mine < theirs if descending else mine > theirs)
        return query.order_by(*(c.desc() if descending else c.asc() for c in columns))

    def page(self, rows: Sequence[Any], sort: Sort, limit: int,
             entity: Callable[[Any], Any], convert: Callable[[Any], Row]) -> Page[Row]:
        """The page from ``limit + 1`` fetched results: converted rows, whether there is
        more, and the cursor after the last one. ``entity`` picks the register's record
        out of a result (whose attributes hold the sort value and id)."""
        kept = rows[:limit]
        following = None
        if len(rows) > limit and kept:
            last = entity(kept[-1])
            following = self.cursor_of(last, sort)
        return Page(tuple(convert(r) for r in kept), len(rows) > limit, following)

    def cursor_of(self, record: Any, sort: Sort) -> Cursor:
        return Cursor(getattr(record, self.keys[sort.key].attribute),
                      getattr(record, self.id.key))

    # -- lists that are filtered in Python (a small set, e.g. the open orders) ----------
    def page_in_python(self, records: Sequence[Any], sort: Sort, after: Cursor | None,
                       limit: int, record_of: Callable[[Any], Any],
                       convert: Callable[[Any], Row]) -> Page[Row]:
        """The same paging over rows already in memory, in exactly the SQL order."""
        key = self.keys[sort.key]

        def position(item: Any) -> tuple[Any, int]:
            record = record_of(item)
            return (_comparable(getattr(record, key.attribute)), getattr(record, self.id.key))

        descending = sort.direction == Direction.DESC
        ordered = sorted(records, key=position, reverse=descending)
        if after is not None:
            mark = (_comparable(after.value), after.id)
            ordered = [r for r in ordered
                       if (position(r) < mark if descending else position(r) > mark)]
        chosen = ordered[:limit + 1]
        kept = chosen[:limit]
        following = (self.cursor_of(record_of(kept[-1]), sort)
                     if len(chosen) > limit and kept else None)
        return Page(tuple(convert(r) for r in kept), len(chosen) > limit, following)


def _comparable(value: Any) -> Any:
    # Enum columns are stored (and so ordered by SQL) by their value.
    return value.value if isinstance(value, enum.Enum) else value


class unindexed(FunctionElement[Any]):
    """A filter column the planner should not read by its index (SQLite: ``+column``).

    A register sorted by one column and filtered by a wide range of another (every call of
    ten years, by class) is read fastest along the sort's index, dropping rows outside
    the range as it goes; SQLite would rather read the range's index and sort every row
    in it. The unary plus is SQLite's documented way to rule an index out for one term;
    PostgreSQL weighs both plans itself and gets the column unchanged."""

    inherit_cache = True

    def __init__(self, column: ColumnElement[Any]) -> None:
        super().__init__(column)
        self.type = column.type


@compiles(unindexed)
def _unindexed(element: unindexed, compiler: SQLCompiler, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(unindexed, "sqlite")
def _unindexed_sqlite(element: unindexed, compiler: SQLCompiler, **kw: Any) -> str:
    return "+" + str(compiler.process(element.clauses, **kw))
