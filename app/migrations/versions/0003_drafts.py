"""per-user drafts of typed forms

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 09:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(length=80), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"],
                                name=op.f("fk_draft_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft")),
        sa.UniqueConstraint("staff_id", "form", name=op.f("uq_draft_staff_id")),
    )
    op.create_index(op.f("ix_draft_staff_id"), "draft", ["staff_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_draft_staff_id"), table_name="draft")
    op.drop_table("draft")
