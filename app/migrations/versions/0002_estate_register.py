"""estate register (villas, households, people, roster)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 09:40:00
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Columns added to tables that may already hold rows get a server default so existing rows
# are valid; the models fill them on insert.
_VILLA_COLUMNS = (
    sa.Column("villa_type", sa.String(length=30), nullable=False, server_default=""),
    sa.Column("area", sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column("retired_on", sa.Date(), nullable=True),
    sa.Column("retire_reason", sa.Text(), nullable=False, server_default=""),
)
_PERSON_COLUMNS = (
    sa.Column("emergency_name", sa.String(length=60), nullable=False, server_default=""),
    sa.Column("emergency_phone", sa.String(length=30), nullable=False, server_default=""),
    sa.Column("retire_reason", sa.Text(), nullable=False, server_default=""),
)


def upgrade() -> None:
    op.create_table(
        "roster_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column(
            "department",
            sa.Enum("engineering", "cleaning", "security", "contractor", name="department",
                    native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roster_member")),
    )
    # Plain ADD COLUMN (no batch copy of the tables): SQLite cannot drop and re-create
    # work_order while its lines and callbacks point at it with foreign keys on, and a
    # nullable column with an inline REFERENCES is an ALTER both databases accept.
    for column in _VILLA_COLUMNS:
        op.add_column("villa", column)
    for column in _PERSON_COLUMNS:
        op.add_column("person", column)
    fk_name = op.f("fk_work_order_assignee_id_roster_member")
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE work_order ADD COLUMN assignee_id INTEGER "
                   f"CONSTRAINT {fk_name} REFERENCES roster_member (id)")
    else:
        op.add_column("work_order", sa.Column("assignee_id", sa.Integer(), nullable=True))
        op.create_foreign_key(fk_name, "work_order", "roster_member", ["assignee_id"], ["id"])
    op.create_index(op.f("ix_work_order_assignee_id"), "work_order", ["assignee_id"],
                    unique=False)


@contextmanager
def _foreign_keys_off_on_sqlite() -> Iterator[None]:
    """SQLite copies a table to drop a column, and with foreign keys on it refuses to drop
    a table that other rows point at (villa, work_order). The switch only works outside a
    transaction, so these steps run between two (downgrades are run by hand, on a backup)."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        yield
        return
    bind.exec_driver_sql("COMMIT")
    bind.exec_driver_sql("PRAGMA foreign_keys = OFF")
    bind.exec_driver_sql("BEGIN")
    yield
    problems = bind.exec_driver_sql("PRAGMA foreign_key_check").all()
    assert not problems, f"foreign keys broken by the downgrade: {problems}"
    bind.exec_driver_sql("COMMIT")
    bind.exec_driver_sql("PRAGMA foreign_keys = ON")
    bind.exec_driver_sql("BEGIN")


def downgrade() -> None:
    with _foreign_keys_off_on_sqlite():
        with op.batch_alter_table("work_order", schema=None) as batch_op:
            batch_op.drop_index(batch_op.f("ix_work_order_assignee_id"))
            if op.get_bind().dialect.name != "sqlite":  # SQLite's copy leaves it out anyway
                batch_op.drop_constraint(op.f("fk_work_order_assignee_id_roster_member"),
                                         type_="foreignkey")
            batch_op.drop_column("assignee_id")
        with op.batch_alter_table("person", schema=None) as batch_op:
            for column in reversed(_PERSON_COLUMNS):
                batch_op.drop_column(column.name)
        with op.batch_alter_table("villa", schema=None) as batch_op:
            for column in reversed(_VILLA_COLUMNS):
                batch_op.drop_column(column.name)
    op.drop_table("roster_member")
