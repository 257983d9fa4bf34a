"""record versions (optimistic locking)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 10:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


#: Every record a person edits (app/models/versions.py); a work order's lines move its version.
TABLES = ("site", "staff", "villa", "household", "person", "roster_member", "work_category",
          "fee_item", "work_order", "reception_entry", "answer_book_entry")


def upgrade() -> None:
    # Existing rows start at version 1. A plain ADD COLUMN with a default, as SQLite cannot
    # copy work_order or villa while other rows point at them with foreign keys on.
    for table in TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False,
                                       server_default="1"))


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_column(table, "version")
