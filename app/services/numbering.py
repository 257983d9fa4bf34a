"""The one numbering service (编号): gapless numbers per document kind and year.

A number is allocated inside the caller's transaction, together with the record it
belongs to: if the record is not saved, the counter is not advanced either, so there are
no gaps. The series row is locked (``FOR UPDATE`` on PostgreSQL; SQLite transactions here
start with ``BEGIN IMMEDIATE``) so concurrent desks queue instead of colliding.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.numbering import (
    DEFAULT_FORMATS,
    DocumentKind,
    DocumentState,
    NumberedDocument,
    NumberSeries,
    PrintLog,
)
from app.services import audit
from app.services.actor import Actor
from app.services.errors import Conflict, NotFound, ServiceError
from app.settings import NUMBER_FORMATS, read_setting


def format_number(prefix: str, year: int, seq: int, width: int) -> str:
    return f"{prefix}{year}-{seq:0{width}d}"


def _series(session: Session, kind: DocumentKind, year: int) -> NumberSeries:
    query = (
        select(NumberSeries)
        .where(NumberSeries.kind == kind, NumberSeries.year == year)
        .with_for_update()
    )
    series = session.scalars(query).one_or_none()
    if series is not None:
        return series
    formats = read_setting(session, NUMBER_FORMATS)
    prefix, width = formats.get(kind.value, DEFAULT_FORMATS[kind])
    try:
        # A savepoint so that losing a race to create the year's series (PostgreSQL) only
        # undoes this insert, not the caller's work.
        with session.begin_nested():
            series = NumberSeries(kind=kind, year=year, prefix=prefix, width=int(width),
                                  next_value=1)
            session.add(series)
    except IntegrityError:
        series = session.scalars(query).one()
    return series


def allocate(
    session: Session,
    kind: DocumentKind,
    *,
    record_type: str,
    actor: Actor,
    now: dt.datetime,
    year: int | None = None,
) -> NumberedDocument:
    """Take the next number of the series and register it; the caller links the record."""
    document = _next(_series(session, kind, year or now.year), record_type, actor, now)
    session.add(document)
    session.flush()
    return document


def allocate_many(
    session: Session,
    kind: DocumentKind,
    *,
    record_type: str,
    requests: Sequence[tuple[Actor, dt.datetime]],
) -> list[NumberedDocument]:
    """Numbers for several records at once, in the order given (each in its time's year).

    The same numbers ``allocate`` would hand out one by one, with one series read per year
    and one flush: for writing history in bulk (the demo), where a flush per number is
    most of the cost.
    """
    documents = []
    series: NumberSeries | None = None
    for actor, now in requests:
        if series is None or series.year != now.year:
            series = _series(session, kind, now.year)
        documents.append(_next(series, record_type, actor, now))
    session.add_all(documents)
    session.flush()
    return documents


def _next(series: NumberSeries, record_type: str, actor: Actor,
          now: dt.datetime) -> NumberedDocument:
    seq = series.next_value
    series.next_value = seq + 1
    return NumberedDocument(
        kind=series.kind,
        year=series.year,
        seq=seq,
        number=format_number(series.prefix, series.year, seq, series.width),
        record_type=record_type,
        state=DocumentState.ISSUED,
        created_at=now,
        created_by_id=actor.staff_id,
        print_count=0,
        void_reason="",
    )


def get_document(session: Session, number: str) -> NumberedDocument:
    document = session.scalars(
        select(NumberedDocument).where(NumberedDocument.number == number.strip().upper())
    ).one_or_none()
    if document is None:
        raise NotFound(_("No document numbered {number}.").format(number=number))
    return document


def void(
    session: Session, document: NumberedDocument, *, actor: Actor, reason: str, now: dt.datetime
) -> None:
    """Void keeps the number in the sequence; it records who, when and why."""
    if not reason.strip():
        raise ServiceError(_("Give a reason for voiding."))
    if document.state == DocumentState.VOID:
        raise Conflict(_("{number} is already void.").format(number=document.number))
    document.state = DocumentState.VOID
    document.voided_at = now
    document.voided_by_id = actor.staff_id
    document.void_reason = reason.strip()


def record_print(
    session: Session,
    document: NumberedDocument,
    *,
    actor: Actor,
    now: dt.datetime,
    mode: str = "plain",
    printer: str = "",
) -> int:
    """Count a print; returns how many times it was printed before (0 = original)."""
    prior = document.print_count
    document.print_count = prior + 1
    session.add(PrintLog(document_id=document.id, printed_at=now, printed_by_id=actor.staff_id,
                         ordinal=prior + 1, mode=mode, printer=printer))
    audit.record_event(session, "print" if prior == 0 else "reprint",
                       NumberedDocument.__tablename__, str(document.id), document.number)
    return prior


@dataclass(frozen=True)
class RegisterLine:
    """One line of the monthly register: a number and what became of it."""

    number: str
    seq: int
    state: str  # "issued", "void" or "missing"
    created_at: dt.datetime | None
    record_type: str
    record_id: int | None
    print_count: int
    void_reason: str


def monthly_register(
    session: Session, kind: DocumentKind, year: int, month: int
) -> list[RegisterLine]:
    """Every number issued in the month, in order, with any hole shown as "missing"."""
    start = dt.datetime(year, month, 1)
    end = dt.datetime(year + (month == 12), month % 12 + 1, 1)
    docs = session.scalars(
        select(NumberedDocument)
        .where(NumberedDocument.kind == kind, NumberedDocument.year == year,
               NumberedDocument.created_at >= start, NumberedDocument.created_at < end)
        .order_by(NumberedDocument.seq)
    ).all()
    # Start from the last number of earlier months, so a hole at the month's start shows.
    previous = session.scalar(
        select(func.max(NumberedDocument.seq)).where(
            NumberedDocument.kind == kind, NumberedDocument.year == year,
            NumberedDocument.created_at < start)
    ) or 0
    lines: list[RegisterLine] = []
    for doc in docs:
        head, tail = doc.number.rsplit("-", 1)
        for missing in range(previous + 1, doc.seq):
            lines.append(RegisterLine(f"{head}-{missing:0{len(tail)}d}", missing,
                                      "missing", None, "", None, 0, ""))
        lines.append(RegisterLine(doc.number, doc.seq, doc.state.value, doc.created_at,
                                  doc.record_type, doc.record_id, doc.print_count,
                                  doc.void_reason))
        previous = doc.seq
    return lines
