"""work order and reception fixes (special requirements, callback attempts)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 09:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # 特殊要求 carried from the call to the slip. Existing orders get "" (the model fills
    # it on insert); a plain ADD COLUMN, as SQLite cannot copy work_order while its lines
    # point at it with foreign keys on.
    op.add_column("work_order", sa.Column("special_requirements", sa.Text(), nullable=False,
                                          server_default=""))
    op.create_table(
        "work_order_callback_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("work_order_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["by_id"], ["staff.id"],
                                name=op.f("fk_work_order_callback_attempt_by_id_staff")),
        sa.ForeignKeyConstraint(
            ["work_order_id"], ["work_order.id"],
            name=op.f("fk_work_order_callback_attempt_work_order_id_work_order")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_order_callback_attempt")),
    )
    op.create_index(op.f("ix_work_order_callback_attempt_work_order_id"),
                    "work_order_callback_attempt", ["work_order_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_work_order_callback_attempt_work_order_id"),
                  table_name="work_order_callback_attempt")
    op.drop_table("work_order_callback_attempt")
    # SQLite (3.35+) and PostgreSQL both drop a plain column in place, without copying
    # the table that other rows point at.
    op.drop_column("work_order", "special_requirements")
