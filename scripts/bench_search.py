"""The one search against a naive ``LIKE '%q%'`` over the same tables, in the same run.

``measure(uow)`` draws ≥ 1,000 mixed queries from the database the way the desk types
them — names whole and in part, pinyin and initials, phone tails, villa numbers in their
formats, slip numbers whole, scanned, in part — and times ``search.search`` (the indexes of
migrations 0009 and 0011) and, for the same queries, ``naive``: the very same search with
every index-served condition replaced by a plain ``LIKE`` on the column (see ``naive``).

Run alone: ``python -m scripts.bench_search`` (VILLA_DESK_HOME names the database).
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from sqlalchemy import bindparam, or_, select

from app.models.households import Person, Villa
from app.models.work_orders import WorkOrder
from app.services import search, search_index
from app.services.uow import UnitOfWork
from scripts.bench_figures import Figure, at_most, p95

QUERIES = 1200
SEED = 8
#: Each query is timed as the best of this many runs (see ``timings``).
ROUNDS = 3


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


def _likes(how: str, attributes: list[search_index.Attribute],
           patterns: list[str]) -> search_index.Match:
    """``column LIKE :pattern`` on each column (any of them), written once per shape like
    the search's own conditions, so the baseline pays no more to build its SQL."""
    columns = tuple(f"{a.class_.__tablename__}.{a.key}" for a in attributes)
    names = [f"naive_{how}_{column.replace('.', '_')}" for column in columns]
    shape = ("naive", how, columns)
    condition = search_index.statement(shape, lambda: or_(*(
        attribute.like(bindparam(name), escape="\\")
        for attribute, name in zip(attributes, names, strict=True))))
    return search_index.Match(shape, condition, dict(zip(names, patterns, strict=True)))


def _naive_contains(_session: Any, terms: list[tuple[search_index.Attribute, str]],
                    newest: int | None = None) -> search_index.Match:
    # The same trigram minimum as the index: the same rows found, only read differently.
    terms = [(a, text) for a, text in terms if len(text) >= search_index.TRIGRAM]
    if not terms:
        return search_index.NOTHING
    return _likes("contains", [a for a, _text in terms],
                  [f"%{search_index.escape_like(text)}%" for _a, text in terms])


def _naive_starts(_session: Any, attribute: search_index.Attribute,
                  text: str) -> search_index.Match:
    if not text:
        return search_index.NOTHING
    return _likes("starts", [attribute], [f"{search_index.escape_like(text)}%"])


def _naive_tail(reversed_digits: search_index.Attribute, digits: str) -> search_index.Match:
    """``contact_phone LIKE '%4561'``: the phone itself, not its kept reversed digits."""
    phone = getattr(reversed_digits.class_, reversed_digits.key.removesuffix("_reversed"))
    return _likes("tail", [phone], [f"%{search_index.escape_like(digits)}"])


@contextmanager
def _without_index() -> Iterator[None]:
    with (mock.patch.object(search_index, "contains", _naive_contains),
          mock.patch.object(search_index, "starts", _naive_starts),
          mock.patch.object(search_index, "tail", _naive_tail)):
        yield


def naive(uow: UnitOfWork, text: str, limit: int = 8) -> list[search.Group]:
    """The search without its index, doing the same job: ``search.search`` itself — the
    same kinds, the same reading of the text, the same columns, the same order (people by
    villa, work orders and calls newest first) and the same per-kind limit — with every
    condition the index serves written as a plain ``LIKE`` on the column instead:
    ``'%q%'`` for a text anywhere (FTS5 trigram / pg_trgm), ``'q%'`` for the start of a
    name or a record number (B-tree), ``'%4561'`` on the phone for a phone's tail (the
    reversed digits' B-tree). SQLite reads such a ``LIKE`` by scanning, newest first where
    the kind orders so, and stops as soon as it has the kind's limit: no slower than a
    sensible search without an index, no faster than one that finds the same records."""
    with _without_index():
        return search.search(uow, text, limit)


def _ms(fn: Any, query: str) -> float:
    start = time.perf_counter()
    fn(query)
    return (time.perf_counter() - start) * 1000


def timings(uow: UnitOfWork, queries: list[str]) -> list[tuple[str, float, float]]:
    """(query, search ms, naive ms) for each query: the best of ``ROUNDS`` runs of each,
    one query after the other, so both see the same machine at the same moment. A machine
    shared with other work preempts a 2 ms call as often as a 60 ms one, and a preempted
    short call looks many times slower: the best of a few runs is the query's own cost.
    The search's runs come first: the naive scans flush SQLite's page cache, which the
    desk's own typing never does."""
    searched = lambda q: search.search(uow, q)  # noqa: E731
    unindexed = lambda q: naive(uow, q)  # noqa: E731
    searched(queries[0])  # warm-up: pypinyin, the statements of each shape
    unindexed(queries[0])
    out = []
    for query in queries:
        indexed = min(_ms(searched, query) for _round in range(ROUNDS))
        baseline = min(_ms(unindexed, query) for _round in range(ROUNDS))
        out.append((query, indexed, baseline))
    return out


def measure(uow: UnitOfWork) -> list[Figure]:
    queries = draw_queries(uow)
    return figures(timings(uow, queries)) if queries else []


def figures(timed: list[tuple[str, float, float]]) -> list[Figure]:
    queries = [q for q, _t, _n in timed]
    indexed = p95([t for _q, t, _n in timed])
    baseline = p95([n for _q, _t, n in timed])
    speedup = baseline / indexed if indexed else 0.0
    return [
        at_most(f"search, p95 over {len(queries)} mixed queries", indexed, "ms", 20,
                baseline=baseline),
        Figure("search against a naive LIKE '%q%' (p95 ÷ p95)", round(speedup, 1), "×",
               baseline, "≥ 20×", speedup >= 20, baseline_unit="ms"),
    ]


def main() -> None:
    from app.bootstrap import open_database
    from app.demo.resort import DEMO_PASSWORD
    from app.paths import database_file
    from app.services.auth import login
    from scripts.bench import SUPERVISOR

    opened = open_database(f"sqlite:///{database_file()}")
    # Signed in, as make bench does: each search also re-reads the staff row.
    staff_uow = opened.uow.as_actor(login(opened.uow, SUPERVISOR, DEMO_PASSWORD))
    timed = timings(staff_uow, draw_queries(staff_uow))
    for figure in figures(timed):
        print(f"{figure.name}: {figure.value} {figure.unit} (baseline {figure.baseline} "
              f"{figure.baseline_unit or figure.unit}, target {figure.target}, "
              f"met {figure.met})")
    slowest = sorted(timed, key=lambda t: -t[1])[:5]
    print("slowest searches (ms, naive ms):",
          ", ".join(f"{q.strip()!r} {t:.2f} ({n:.1f})" for q, t, n in slowest))
    opened.engine.dispose()


if __name__ == "__main__":
    main()
