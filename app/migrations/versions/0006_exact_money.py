"""money stored exactly

Fee prices, line prices, quantities and amounts were NUMERIC, which SQLite stores as a float
(0.1 + 0.2 became 0.30000000000000004). They become BIGINT counts of hundredths (分 for
money), exact on both databases (see app/models/types.py). Each column is replaced in
place: a new column is added, filled with the old value times 100 rounded to a whole
number (exact: the old values had two places, a float's error is far below a half 分),
the old column is dropped and the new one takes its name. SQLite (3.35+) and PostgreSQL
both do this without copying the table, which SQLite could not do while other rows point
at it with foreign keys on.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 10:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: table → (column, its old NUMERIC precision, scale)
COLUMNS = {
    "fee_item": (("price", 10, 2),),
    "work_order_line": (("unit_price", 10, 2), ("quantity", 10, 2), ("amount", 12, 2)),
}


def _replace(table: str, column: str, new_type: sa.types.TypeEngine, convert: str) -> None:
    """Swap ``column`` for one of ``new_type`` holding ``convert`` (SQL over the old one)."""
    temporary = f"{column}_new"
    op.add_column(table, sa.Column(temporary, new_type, nullable=False, server_default="0"))
    op.execute(f"UPDATE {table} SET {temporary} = {convert.format(column=column)}")
    op.drop_column(table, column)
    op.execute(f"ALTER TABLE {table} RENAME COLUMN {temporary} TO {column}")
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column(table, column, server_default=None)


def upgrade() -> None:
    for table, columns in COLUMNS.items():
        for column, _precision, _scale in columns:
            _replace(table, column, sa.BigInteger(),
                     "CAST(ROUND({column} * 100) AS BIGINT)")


def downgrade() -> None:
    for table, columns in COLUMNS.items():
        for column, precision, scale in columns:
            _replace(table, column, sa.Numeric(precision=precision, scale=scale),
                     "{column} / 100.0")
