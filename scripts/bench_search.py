"""The one search against a naive ``LIKE '%q%'`` over the same tables, in the same run.

``measure(uow)`` draws ≥ 1,000 mixed queries from the database the way the desk types
them — names whole and in part, pinyin and initials, phone tails, villa numbers in their
formats, slip numbers whole, scanned, in part — and times ``search.search`` (the index of
migration 0009) and, for the same queries, one ``LIKE '%q%'`` per searched table (what a
search without the index must do: read every row).

Run alone: ``python -m scripts.bench_search`` (VILLA_DESK_HOME names the database).
"""

from __future__ import annotations

import random
import time
from typing import Any

from sqlalchemy import or_, select

from app.models.households import Person, Villa
from app.models.reception import ReceptionEntry
from app.models.work_orders import WorkOrder
from app.services import search
from app.services.uow import UnitOfWork
from scripts.bench_figures import Figure, at_most, p95

QUERIES = 1200
SEED = 8


def draw_queries(uow: UnitOfWork, count: int = QUERIES) -> list[str]:
    """Mixed queries from what the database holds (a fixed seed: the same every run)."""
    rng = random.Random(SEED)
    with uow.read() as session:
        people = session.execute(select(Person.name, Person.name_pinyin, Person.name_initials,
                                        Person.phone)).all()
        villas = list(session.scalars(select(Villa.number)))
        slips = list(session.scalars(select(WorkOrder.number).order_by(WorkOrder.id.desc())
                                     .limit(5000)))
    makers = []
    if people:
        makers += [
            lambda: rng.choice(people).name,
            lambda: rng.choice(people).name[:1],
            lambda: rng.choice(people).name[1:],
            lambda: rng.choice(people).name_pinyin,
            lambda: rng.choice(people).name_pinyin[:5],
            lambda: rng.choice(people).name_initials,
            lambda: (rng.choice(people).phone or "13800000000")[-4:],
            lambda: (rng.choice(people).phone or "13800000000")[-6:],
        ]
    if villas:
        makers += [lambda: rng.choice(villas),
                   lambda: rng.choice(villas).replace("-", "").lower(),
                   lambda: rng.choice(villas).partition("-")[2]]
    if slips:
        makers += [lambda: rng.choice(slips), lambda: rng.choice(slips).lower() + "\n",
                   lambda: rng.choice(slips)[-6:]]
    if not makers:
        return []
    return [q for q in (rng.choice(makers)() for _ in range(count)) if q.strip()]


def naive(uow: UnitOfWork, text: str, limit: int = 8) -> int:
    """The same tables read without an index: ``LIKE '%q%'`` on every searched column."""
    pattern = f"%{text.strip()}%"
    found = 0
    with uow.read() as session:
        for query in (
            select(Villa.id).where(Villa.number.like(pattern)),
            select(Person.id).where(or_(Person.name.like(pattern),
                                        Person.name_pinyin.like(pattern),
                                        Person.name_initials.like(pattern),
                                        Person.phone.like(pattern))),
            select(WorkOrder.id).where(WorkOrder.number.like(pattern)),
            select(ReceptionEntry.id).where(or_(ReceptionEntry.caller_name.like(pattern),
                                                ReceptionEntry.contact_phone.like(pattern))),
        ):
            found += len(session.scalars(query.order_by(None).limit(limit)).all())
    return found


def _timed(fn: Any, queries: list[str]) -> list[float]:
    fn(queries[0])  # warm-up: pypinyin, statement caches
    out = []
    for query in queries:
        start = time.perf_counter()
        fn(query)
        out.append((time.perf_counter() - start) * 1000)
    return out


def measure(uow: UnitOfWork) -> list[Figure]:
    queries = draw_queries(uow)
    if not queries:
        return []
    indexed = p95(_timed(lambda q: search.search(uow, q), queries))
    baseline = p95(_timed(lambda q: naive(uow, q), queries))
    speedup = baseline / indexed if indexed else 0.0
    return [
        at_most(f"search, p95 over {len(queries)} mixed queries", indexed, "ms", 20,
                baseline=baseline),
        Figure("search against a naive LIKE '%q%' (p95 ÷ p95)", round(speedup, 1), "×",
               baseline, "≥ 20×", speedup >= 20),
    ]


def main() -> None:
    from app.bootstrap import open_database
    from app.paths import database_file
    from app.services.actor import SYSTEM

    opened = open_database(f"sqlite:///{database_file()}")
    staff_uow = opened.uow.as_actor(SYSTEM)
    for figure in measure(staff_uow):
        print(f"{figure.name}: {figure.value} {figure.unit} (baseline {figure.baseline}, "
              f"target {figure.target}, met {figure.met})")
    opened.engine.dispose()


if __name__ == "__main__":
    main()
