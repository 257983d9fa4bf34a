"""attachments: files kept with a record, stored once per content hash

``attachment`` names the record (table and id), the file's name, type and size and the
SHA-256 of its bytes; ``attachment_content`` holds the bytes once per hash. Second-staff
confirmations need no table: the confirming staff id is stored on the record confirmed.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 16:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "attachment_content",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_attachment_content")),
    )
    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_type", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["sha256"], ["attachment_content.sha256"],
                                name=op.f("fk_attachment_sha256_attachment_content")),
        sa.ForeignKeyConstraint(["added_by_id"], ["staff.id"],
                                name=op.f("fk_attachment_added_by_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
    )
    op.create_index("ix_attachment_record", "attachment", ["record_type", "record_id", "id"])
    op.create_index(op.f("ix_attachment_sha256"), "attachment", ["sha256"])
    op.create_index(op.f("ix_attachment_added_by_id"), "attachment", ["added_by_id"])


def downgrade() -> None:
    op.drop_table("attachment")
    op.drop_table("attachment_content")
