"""Column types shared by the models.

Money is kept as a whole number of 分 (hundredths of a yuan) in a BIGINT on both databases.
A ``Numeric`` column is exact on PostgreSQL but not on SQLite: SQLite has no decimal type,
SQLAlchemy binds a ``Decimal`` to it as a float, and the column's NUMERIC affinity stores
0.1 + 0.2 as 0.30000000000000004. A string-bound decimal would be exact in the file but
SQL arithmetic (``SUM``) on it is again done in floats. An integer is exact in storage and
in every SQL sum on both databases, so it is the one representation that is truly exact
everywhere. The Python side still sees ``Decimal`` with two places.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

#: The largest whole number a BIGINT holds (both databases).
BIGINT_MAX = 2**63 - 1


class FixedPoint(TypeDecorator[Decimal]):
    """A decimal with a fixed number of places, stored as an integer of its smallest unit.

    A value that does not fit the places exactly is refused rather than rounded: rounding
    here would change money silently. The validators (``app.validation``) refuse such
    input with a message before it gets this far."""

    impl = BigInteger
    cache_ok = True

    def __init__(self, places: int = 2) -> None:
        super().__init__()
        self.places = places
        self._unit = Decimal(1).scaleb(-places)  # 0.01 for two places

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("a FixedPoint value is a Decimal or an int, never a float")
        number = Decimal(value)
        units = number.scaleb(self.places)
        if not number.is_finite() or units != units.to_integral_value():
            raise ValueError(f"{value!r} does not fit {self.places} decimal places")
        whole = int(units)
        if not -BIGINT_MAX <= whole <= BIGINT_MAX:
            raise ValueError(f"{value!r} is too large to store")
        return whole

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(int(value)).scaleb(-self.places).quantize(self._unit)


class Money(FixedPoint):
    """An amount in yuan, exact to the 分."""

    cache_ok = True

    def __init__(self) -> None:
        super().__init__(2)
