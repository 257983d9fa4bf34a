"""Replay: every audited record must be what its audit entries say it is.

The hash chain proves the log was not altered; it cannot see a record edited directly in
the database file (with no entry at all) or a record deleted behind the log's back. So the
check folds each record's entries (its ``create`` values, then every ``update``/``void``
field by field, until a ``delete``) and compares the result with the row as it is now.
Records are read a batch at a time, so a ten-year database is checked in bounded memory.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Date, cast, func, inspect, select
from sqlalchemy.orm import Mapper, Session

from app.i18n import _
from app.models.audit import AuditEntry
from app.models.base import Base
from app.models.households import Villa, number_order
from app.models.reception import EntryClass, ReceptionEntry
from app.models.reception_counts import ReceptionDayCount
from app.models.work_orders import WorkOrder, WorkOrderLine
from app.services.audit import _REDACT, _identity, _plain

BATCH = 500
MAX_PROBLEMS = 50

#: Set while the program is closing: a replay of a ten-year database stops between two
#: batches instead of holding the exit up (the day's check runs again at the next start).
CLOSING = threading.Event()


class ReplayStopped(Exception):
    """The replay was stopped because the program is closing; it found nothing yet."""


@dataclass(frozen=True)
class ReplayProblem:
    entity: str
    entity_id: str
    kind: str  # "no_create" | "differs" | "gone"
    field: str = ""
    logged: str | None = None
    actual: str | None = None

    def describe(self) -> str:
        if self.kind == "no_create":
            return _("Record {entity} #{id} exists but the audit log never recorded its "
                     "creation: it was added directly to the database file.").format(
                         entity=self.entity, id=self.entity_id)
        if self.kind == "gone":
            return _("Record {entity} #{id} is in the audit log but no longer in the "
                     "database: it was deleted directly from the database file.").format(
                         entity=self.entity, id=self.entity_id)
        return _("Record {entity} #{id}: {field} is “{actual}” but the audit log says "
                 "“{logged}”: it was changed directly in the database file.").format(
                     entity=self.entity, id=self.entity_id, field=self.field,
                     actual=self.actual if self.actual is not None else "—",
                     logged=self.logged if self.logged is not None else "—")


def _as_text(plain: Any) -> str | None:
    """The text form the audit listener writes for an update's old/new value."""
    if plain is None:
        return None
    return plain if isinstance(plain, str) else json.dumps(plain, ensure_ascii=False)


def _same(logged: str | None, actual: Any) -> bool:
    text = _as_text(_plain(actual))
    if logged == text:
        return True
    if isinstance(actual, Decimal | float | int) and not isinstance(actual, bool) and logged:
        # 60 and 60.00 are the same money: the log keeps what was assigned, the database
        # what its column's scale makes of it.
        try:
            return Decimal(logged) == Decimal(str(actual))
        except InvalidOperation:
            return False
    return False


def audited_mappers() -> list[Mapper[Any]]:
    return sorted((m for m in Base.registry.mappers
                   if getattr(m.class_, "__audited__", False)),
                  key=lambda m: m.class_.__tablename__)


def _fold(entries: list[AuditEntry]) -> tuple[bool, dict[str, str | None] | None]:
    """Whether the log saw the record created, and its fields as the entries leave them
    (None once a ``delete`` came last)."""
    created = False
    state: dict[str, str | None] | None = None
    for entry in entries:
        if entry.action == "create" and entry.new is not None:
            created = True
            state = {k: _as_text(v) for k, v in json.loads(entry.new).items()}
        elif entry.action == "delete":
            state = None
        elif entry.field and state is not None:
            state[entry.field] = entry.new
    return created, state


def _batches(session: Session, mapper: Mapper[Any]) -> Iterator[list[Any]]:
    """Rows in primary-key order, a batch at a time (keyset paging on the key)."""
    (key,) = mapper.primary_key  # every audited table has a single-column key
    last: Any = None
    while True:
        query = select(mapper.class_).order_by(key).limit(BATCH)
        if last is not None:
            query = query.where(key > last)
        batch = list(session.scalars(query))
        if not batch:
            return
        last = getattr(batch[-1], mapper.get_property_by_column(key).key)
        yield batch


def _order_totals(session: Session, orders: list[Any]) -> dict[Any, dict[str, Any]]:
    """What each order's stored ``total`` must be: the sum of its (replayed) lines."""
    ids = [order.id for order in orders]
    sums = dict(session.execute(
        select(WorkOrderLine.work_order_id, func.sum(WorkOrderLine.amount))
        .where(WorkOrderLine.work_order_id.in_(ids)).group_by(WorkOrderLine.work_order_id)
    ).all())
    return {order.id: {"total": Decimal(sums.get(order.id) or 0)} for order in orders}


#: Derived columns (``Base.__derived__``) are not in the log; each is recomputed from the
#: rows it is derived from, which are themselves replayed, so an edit is still found.
def _villa_number_order(_session: Session, villas: list[Any]) -> dict[Any, dict[str, Any]]:
    """A villa's sort form follows from its (replayed) number."""
    return {villa.id: {"number_order": number_order(villa.number)} for villa in villas}


RECOMPUTE = {WorkOrder.__tablename__: _order_totals,
             Villa.__tablename__: _villa_number_order}


def _day_counts(session: Session) -> list[ReplayProblem]:
    """Each stored day count against a count of the (replayed) records of that day."""
    table = ReceptionDayCount.__tablename__
    day = (func.date(ReceptionEntry.occurred_at) if session.get_bind().dialect.name == "sqlite"
           else cast(ReceptionEntry.occurred_at, Date))
    counted = {(str(d), str(c)): int(n) for d, c, n in session.execute(
        select(day, ReceptionEntry.entry_class, func.count())
        .where(ReceptionEntry.voided.is_(False)).group_by(day, ReceptionEntry.entry_class))}
    stored = {(d.isoformat(), EntryClass(c).value): int(n) for d, c, n in session.execute(
        select(ReceptionDayCount.day, ReceptionDayCount.entry_class, ReceptionDayCount.count))}
    problems = []
    for key in sorted(set(counted) | set(stored)):
        if counted.get(key, 0) != stored.get(key, 0):
            problems.append(ReplayProblem(table, "/".join(key), "differs", "count",
                                          str(counted.get(key, 0)), str(stored.get(key, 0))))
    return problems


#: Tables wholly derived from audited records (summaries): not logged at all, each
#: compared with what its records say, after those records are replayed.
RECOMPUTE_TABLES = {ReceptionDayCount.__tablename__: _day_counts}


def replay_records(session: Session, limit: int = MAX_PROBLEMS) -> list[ReplayProblem]:
    problems: list[ReplayProblem] = []
    for mapper in audited_mappers():
        table = mapper.class_.__tablename__
        derived = getattr(mapper.class_, "__derived__", frozenset())
        columns = [c.key for c in mapper.column_attrs
                   if c.key not in _REDACT and c.key not in derived]
        recompute = RECOMPUTE.get(table)
        seen: set[str] = set()
        for batch in _batches(session, mapper):
            if CLOSING.is_set():
                raise ReplayStopped()
            ids = [_identity(obj) for obj in batch]
            seen.update(ids)
            entries: dict[str, list[AuditEntry]] = {}
            for entry in session.scalars(
                    select(AuditEntry).where(AuditEntry.entity == table,
                                             AuditEntry.entity_id.in_(ids))
                    .order_by(AuditEntry.id)):
                entries.setdefault(entry.entity_id, []).append(entry)
            expected = recompute(session, batch) if recompute and derived else {}
            for obj, ident in zip(batch, ids, strict=True):
                created, logged = _fold(entries.get(ident, []))
                if not created or logged is None:
                    problems.append(ReplayProblem(table, ident, "no_create"))
                else:
                    inspected = inspect(obj)
                    for key in columns:
                        actual = inspected.attrs[key].value
                        if key in logged and not _same(logged[key], actual):
                            problems.append(ReplayProblem(table, ident, "differs", key,
                                                          logged[key], _as_text(
                                                              _plain(actual))))
                            break
                    else:
                        for key, value in expected.get(inspected.identity[0], {}).items():
                            actual = inspected.attrs[key].value
                            if not _same(_as_text(_plain(value)), actual):
                                problems.append(ReplayProblem(
                                    table, ident, "differs", key, _as_text(_plain(value)),
                                    _as_text(_plain(actual))))
                                break
                if len(problems) >= limit:
                    return problems
            session.expunge_all()
        created = set(session.scalars(
            select(AuditEntry.entity_id).where(AuditEntry.entity == table,
                                               AuditEntry.action == "create").distinct()))
        for ident in sorted(created - seen):
            history = list(session.scalars(
                select(AuditEntry).where(AuditEntry.entity == table,
                                         AuditEntry.entity_id == ident)
                .order_by(AuditEntry.id)))
            if _fold(history)[1] is not None:
                problems.append(ReplayProblem(table, ident, "gone"))
                if len(problems) >= limit:
                    return problems
    for recount in RECOMPUTE_TABLES.values():
        if CLOSING.is_set():
            raise ReplayStopped()
        problems += recount(session)[:limit - len(problems)]
        if len(problems) >= limit:
            return problems
    return problems
