"""stored list columns: a work order's total

The work-order list showed each order's money total by adding up every fee line of the
register on every page. The total is now a column of the order, kept current by the
models in the same flush as its lines (``app/models/work_orders._keep_totals``). Existing
orders get it filled in here from their lines. It is a derived column
(``WorkOrder.__derived__``): not written to the audit log, and the audit check
recomputes it from the replayed lines, so this backfill needs no log entries.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 12:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # In 分 (app/models/types.Money), like the lines' amounts it adds up.
    op.add_column("work_order", sa.Column("total", sa.BigInteger(), nullable=False,
                                          server_default="0"))
    op.execute("UPDATE work_order SET total = COALESCE((SELECT SUM(work_order_line.amount) "
               "FROM work_order_line WHERE work_order_line.work_order_id = work_order.id), 0)")
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("work_order", "total", server_default=None)


def downgrade() -> None:
    # Dropped in place (SQLite 3.35+ and PostgreSQL): copying the table is not possible
    # while the lines point at it with foreign keys on.
    op.drop_column("work_order", "total")
