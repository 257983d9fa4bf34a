"""One search box for the whole desk (搜索): villas, people, work orders, calls, …

One registry of searchable kinds. Each register adds one small module that defines a
``SearchKind`` (its title, its place in the results, and ``find``) and calls ``register``;
its module name goes into ``KIND_MODULES``. ``search`` asks every kind and returns the
results grouped by kind, each hit saying what to open (``Opens``).

What the text means (``Query``): a villa number (``a12``, ``A12``, ``A-12``; ``12`` is villa
12 of every zone), a name by any part (``张``, ``三丰``), its pinyin or initials (``zs``,
``zhangsan``, ``zhang``), the last four or more digits of a phone (full-width digits too),
or a record number, typed or scanned (``PG2026-000123``), by its last digits (``000123``,
``123``) or a part (``2026-0001``). Every kind reads through an index (``search_index``):
three characters or more anywhere in a field (trigrams); one or two characters only at the
start of a name, its pinyin or initials, or a villa number; a tail of digits (a phone's, a
slip number's) at the start of the reversed digits kept on the record; a whole number by
its own unique index. Kinds that show the newest first let the index stop at the limit,
and each statement is built once per shape and then only run (``search_index.statement``).
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy.orm import Session

from app import validation
from app.services.actor import Actor
from app.services.permissions import SIGNED_IN, needs
from app.services.search_index import TRIGRAM
from app.services.uow import UnitOfWork

#: The modules that register a kind, in the order their groups are shown. A new register
#: (complaints, parcels by tracking number, release passes) adds its module here.
KIND_MODULES = (
    "app.services.search_estate",
    "app.services.search_work_orders",
    "app.services.search_reception",
    "app.services.search_mail",
    "app.services.search_complaints",
    "app.services.search_release_passes",
)
PHONE_TAIL_MIN = 4
LIMIT_MAX = 50


@dataclass(frozen=True)
class Opens:
    """What the desk opens for a hit: ``villa`` (its household file), ``work_order``,
    ``reception_entry`` … and the record's id (and number, where it has one)."""

    target: str
    record_id: int
    number: str = ""


@dataclass(frozen=True)
class Hit:
    kind: str
    record_id: int
    title: str
    subtitle: str  # phones as the viewer may see them (privacy.phone_for)
    opens: Opens
    retired: bool = False  # a former resident, a retired villa, a voided record


@dataclass(frozen=True)
class Group:
    kind: str
    title: str
    hits: tuple[Hit, ...]


@dataclass(frozen=True)
class Query:
    """The typed (or scanned) text, read once for every kind."""

    raw: str

    @cached_property
    def text(self) -> str:
        # NFKC: full-width digits and letters (１２３４, Ａ１２) are the ASCII ones.
        return " ".join(unicodedata.normalize("NFKC", self.raw).split())

    @property
    def short(self) -> bool:
        """Fewer characters than the trigram index serves: starts-with only."""
        return len(self.text) < TRIGRAM

    @cached_property
    def digits(self) -> str:
        """All digits once spaces and dashes are dropped (a phone tail), else ""."""
        compact = re.sub(r"[\s\-]", "", self.text)
        return compact if compact.isascii() and compact.isdigit() else ""

    @property
    def phone_tail(self) -> str:
        return self.digits if len(self.digits) >= PHONE_TAIL_MIN else ""

    @cached_property
    def pinyin(self) -> str:
        """Latin letters as pinyin (``Zhang San`` → ``zhangsan``), else ""."""
        compact = re.sub(r"[\s'’]", "", self.text).lower()
        return compact if compact.isascii() and compact.isalpha() else ""

    @cached_property
    def has_letters(self) -> bool:
        return any(ch.isalpha() for ch in self.text)


@dataclass(frozen=True)
class SearchKind:
    name: str
    title: Callable[[], str]  # translated group header
    find: Callable[[Session, Query, int, Actor], list[Hit]]


KINDS: dict[str, SearchKind] = {}


def register(kind: SearchKind) -> SearchKind:
    KINDS[kind.name] = kind
    return kind


def kinds() -> list[SearchKind]:
    for module in KIND_MODULES:
        importlib.import_module(module)
    order = {name: i for i, name in enumerate(KINDS)}
    return sorted(KINDS.values(), key=lambda k: order[k.name])


@needs(SIGNED_IN)
def search(uow: UnitOfWork, text: str, limit_per_kind: int = 8) -> list[Group]:
    """What the desk may mean by ``text``, grouped by kind (empty kinds left out)."""
    validation.enforce({"text": validation.search_text,
                        "limit_per_kind": validation.Number(1, LIMIT_MAX)},
                       {"text": text, "limit_per_kind": limit_per_kind})
    query = Query(text)
    if not query.text:
        return []
    groups = []
    with uow.read() as session:
        for kind in kinds():
            hits = kind.find(session, query, limit_per_kind, uow.actor)
            if hits:
                groups.append(Group(kind.name, kind.title(), tuple(hits[:limit_per_kind])))
    return groups
