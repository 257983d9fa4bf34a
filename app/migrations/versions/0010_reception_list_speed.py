"""reception list speed: per-day class counts, indexes for filtered and sorted lists

- ``reception_day_count``: the records (not voided) of each day and class, kept by the
  model (``app/models/reception_counts.py``) in the flush that writes the records; filled
  here from the records already there. The class counts of a plain date range sum these
  rows instead of counting every record of the range.
- The sort indexes (column, id) gain the time: sorted by a column over a wide range, the
  list walks that index and skips records outside the range by the index alone.
- A villa's, a staff member's or a class's records in time order (the list filtered by one
  of them); they replace the plain foreign-key indexes they start with.
- The villa list and the roster page by keyset too: (column, id) for each sortable column.
  A villa gains ``number_order`` (A-2 before A-12, kept by the model from the number;
  derived, so not logged), filled here for the villas already there.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 13:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: index → (table, columns before, columns after); None: the index is new / dropped
CHANGED: dict[str, tuple[str, list[str] | None, list[str] | None]] = {
    "ix_reception_entry_sort_entry_class": (
        "reception_entry", ["entry_class", "id"], ["entry_class", "id", "occurred_at"]),
    "ix_reception_entry_sort_channel": (
        "reception_entry", ["channel", "id"], ["channel", "id", "occurred_at"]),
    "ix_reception_entry_sort_caller_name": (
        "reception_entry", ["caller_name", "id"], ["caller_name", "id", "occurred_at"]),
    "ix_reception_entry_villa_id": ("reception_entry", ["villa_id"], None),
    "ix_reception_entry_villa_occurred_at": (
        "reception_entry", None, ["villa_id", "occurred_at", "id"]),
    "ix_reception_entry_taken_by_id": ("reception_entry", ["taken_by_id"], None),
    "ix_reception_entry_taken_by_occurred_at": (
        "reception_entry", None, ["taken_by_id", "occurred_at", "id", "entry_class", "voided"]),
    "ix_reception_entry_class_occurred_at": (
        "reception_entry", None, ["entry_class", "occurred_at", "id"]),
    "ix_villa_sort_number_order": ("villa", None, ["number_order", "id"]),
    "ix_villa_sort_zone": ("villa", None, ["zone", "id"]),
    "ix_villa_sort_villa_type": ("villa", None, ["villa_type", "id"]),
    "ix_villa_sort_occupancy": ("villa", None, ["occupancy", "id"]),
    "ix_roster_member_sort_name": ("roster_member", None, ["name", "id"]),
    "ix_roster_member_sort_department": ("roster_member", None, ["department", "id"]),
    "ix_roster_member_sort_active": ("roster_member", None, ["active", "id"]),
}


def _number_order(number: str) -> str:
    """``app.models.households.number_order`` as it is today (a migration keeps its own
    copy: the model's may change later)."""
    zone, _sep, digits = number.partition("-")
    padded = f"{int(digits):020d}" if digits.isdigit() and len(digits) <= 20 else "0" * 20
    return f"{zone} {padded} {number}"


def _fill_number_order() -> None:
    bind = op.get_bind()
    villa = sa.table("villa", sa.column("id", sa.Integer), sa.column("number", sa.String),
                     sa.column("number_order", sa.String))
    rows = bind.execute(sa.select(villa.c.id, villa.c.number)).all()
    for villa_id, number in rows:
        bind.execute(villa.update().where(villa.c.id == villa_id)
                     .values(number_order=_number_order(number)))


def upgrade() -> None:
    op.create_table(
        "reception_day_count",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("entry_class", sa.Enum("repair", "inquiry", "complaint", "help",
                                         name="entry_class", native_enum=False, length=24),
                  nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "entry_class", name=op.f("pk_reception_day_count")),
    )
    day = ("date(occurred_at)" if op.get_bind().dialect.name == "sqlite"
           else "CAST(occurred_at AS DATE)")
    op.execute(
        f"INSERT INTO reception_day_count (day, entry_class, count) "
        f"SELECT {day}, entry_class, count(*) FROM reception_entry "
        f"WHERE voided = false GROUP BY {day}, entry_class")
    # A plain ADD COLUMN (as 0004, 0009): SQLite cannot copy villa while others point at it.
    op.add_column("villa", sa.Column("number_order", sa.String(64), nullable=False,
                                     server_default=""))
    _fill_number_order()
    for name, (table, before, after) in CHANGED.items():
        if before is not None:
            op.drop_index(name, table_name=table)
        if after is not None:
            op.create_index(name, table, after, unique=False)


def downgrade() -> None:
    for name, (table, before, after) in CHANGED.items():
        if after is not None:
            op.drop_index(name, table_name=table)
        if before is not None:
            op.create_index(name, table, before, unique=False)
    op.drop_table("reception_day_count")
    op.drop_column("villa", "number_order")
