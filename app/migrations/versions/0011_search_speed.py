"""search speed: phone and slip-number tails by an index on the reversed digits

Calls (``reception_entry``) and work orders gain ``contact_phone_reversed``, and work
orders ``number_reversed``: the digits back to front (``app/models/phone_tails.py``), kept
by the model on every write, filled here for the records already there, each with a plain
B-tree index. The last digits of a phone or of a slip number are the start of the reversed
digits, so the search reads exactly the records that end so (an index range), instead of
every record holding the digits anywhere (a phone rechecked one by one; a slip's "000"
shared by thousands of numbers). Derived: no audit entry is written (``__derived__``), so
a database migrated with records in it passes the audit check.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 13:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: (table, the column kept, the column it is kept from)
REVERSED = (
    ("reception_entry", "contact_phone_reversed", "contact_phone"),
    ("work_order", "contact_phone_reversed", "contact_phone"),
    ("work_order", "number_reversed", "number"),
)
BATCH = 5000


def upgrade() -> None:
    for table, column, source in REVERSED:
        # A plain ADD COLUMN (as 0004, 0009): SQLite cannot copy a table others point at.
        op.add_column(table, sa.Column(column, sa.String(30), nullable=False,
                                       server_default=""))
        _fill(table, column, source)
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def _fill(table: str, column: str, source: str) -> None:
    """The records already there, by the model's own rule (one function, so a record
    migrated here and one written later hold the same key)."""
    from app.models.phone_tails import reversed_digits

    bind = op.get_bind()
    rows = sa.table(table, sa.column("id", sa.Integer), sa.column(source, sa.String),
                    sa.column(column, sa.String))
    update = (rows.update().where(rows.c.id == sa.bindparam("record_id"))
              .values({column: sa.bindparam("reversed")}))
    last = 0
    while True:
        batch = bind.execute(sa.select(rows.c.id, rows.c[source])
                             .where(rows.c.id > last, rows.c[source] != "")
                             .order_by(rows.c.id).limit(BATCH)).all()
        if not batch:
            return
        bind.execute(update, [{"record_id": record_id, "reversed": reversed_digits(value)}
                              for record_id, value in batch])
        last = batch[-1][0]


def downgrade() -> None:
    for table, column, _source in reversed(REVERSED):
        op.drop_index(op.f(f"ix_{table}_{column}"), table_name=table)
        op.drop_column(table, column)
