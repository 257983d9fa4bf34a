"""release passes: the pass, its items, and holds on a household

``release_pass`` (物品放行条, numbered FX) with its ``release_pass_item`` lines, and
``household_hold`` (a finance or other matter that stops a pass until cleared or
overridden). New tables only; nothing existing changes.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 16:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "household_hold",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("villa_id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum("finance", "other", name="hold_kind", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=False),
        sa.Column("cleared_at", sa.DateTime(), nullable=True),
        sa.Column("cleared_by_id", sa.Integer(), nullable=True),
        sa.Column("clear_reason", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cleared_by_id"], ["staff.id"], name=op.f("fk_household_hold_cleared_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
            name=op.f("fk_household_hold_household_id_household"),
        ),
        sa.ForeignKeyConstraint(
            ["set_by_id"], ["staff.id"], name=op.f("fk_household_hold_set_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["villa_id"], ["villa.id"], name=op.f("fk_household_hold_villa_id_villa")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_hold")),
    )
    op.create_index(
        op.f("ix_household_hold_cleared_by_id"), "household_hold", ["cleared_by_id"], unique=False
    )
    op.create_index(
        op.f("ix_household_hold_household_id"), "household_hold", ["household_id"], unique=False
    )
    op.create_index(
        op.f("ix_household_hold_set_by_id"), "household_hold", ["set_by_id"], unique=False
    )
    op.create_index(
        op.f("ix_household_hold_villa_id"), "household_hold", ["villa_id"], unique=False
    )
    op.create_index(
        "ix_household_hold_villa_open", "household_hold", ["villa_id", "cleared_at"], unique=False
    )
    op.create_table(
        "release_pass",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=30), nullable=False),
        sa.Column("number_reversed", sa.String(length=30), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("villa_id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=True),
        sa.Column(
            "applicant_kind",
            sa.Enum(
                "owner",
                "family",
                "tenant",
                "agent",
                "mover",
                name="applicant_kind",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("applicant_name", sa.String(length=60), nullable=False),
        sa.Column(
            "id_doc_type",
            sa.Enum(
                "resident_id",
                "passport",
                "hk_macao",
                "taiwan",
                "other",
                name="id_doc_type",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("id_doc_number", sa.String(length=40), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("plate", sa.String(length=20), nullable=False),
        sa.Column("valid_from", sa.DateTime(), nullable=False),
        sa.Column("valid_until", sa.DateTime(), nullable=False),
        sa.Column(
            "reason",
            sa.Enum(
                "moving_out",
                "replacement",
                "repair",
                "other",
                name="pass_reason",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("reason_note", sa.Text(), nullable=False),
        sa.Column(
            "consent",
            sa.Enum(
                "not_needed", "written", "phone", name="consent_kind", native_enum=False, length=24
            ),
            nullable=False,
        ),
        sa.Column("consent_note", sa.Text(), nullable=False),
        sa.Column("consent_confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("hold_override_by_id", sa.Integer(), nullable=True),
        sa.Column("hold_override_reason", sa.Text(), nullable=False),
        sa.Column("signature_sha256", sa.String(length=64), nullable=False),
        sa.Column("signed_on_paper", sa.Boolean(), nullable=False),
        sa.Column(
            "state",
            sa.Enum("issued", "used", "void", name="pass_state", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.Column("guard_name", sa.String(length=60), nullable=False),
        sa.Column("returned_by_id", sa.Integer(), nullable=True),
        sa.Column("items_matched", sa.Boolean(), nullable=True),
        sa.Column("gate_note", sa.Text(), nullable=False),
        sa.Column("late_override_by_id", sa.Integer(), nullable=True),
        sa.Column("late_override_reason", sa.Text(), nullable=False),
        sa.Column("void_reason", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consent_confirmed_by_id"],
            ["staff.id"],
            name=op.f("fk_release_pass_consent_confirmed_by_id_staff"),
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["numbered_document.id"],
            name=op.f("fk_release_pass_document_id_numbered_document"),
        ),
        sa.ForeignKeyConstraint(
            ["hold_override_by_id"],
            ["staff.id"],
            name=op.f("fk_release_pass_hold_override_by_id_staff"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["household.id"], name=op.f("fk_release_pass_household_id_household")
        ),
        sa.ForeignKeyConstraint(
            ["issued_by_id"], ["staff.id"], name=op.f("fk_release_pass_issued_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["late_override_by_id"],
            ["staff.id"],
            name=op.f("fk_release_pass_late_override_by_id_staff"),
        ),
        sa.ForeignKeyConstraint(
            ["returned_by_id"], ["staff.id"], name=op.f("fk_release_pass_returned_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["villa_id"], ["villa.id"], name=op.f("fk_release_pass_villa_id_villa")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_release_pass")),
        sa.UniqueConstraint("document_id", name=op.f("uq_release_pass_document_id")),
        sa.UniqueConstraint("number", name=op.f("uq_release_pass_number")),
    )
    op.create_index(
        op.f("ix_release_pass_consent_confirmed_by_id"),
        "release_pass",
        ["consent_confirmed_by_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_release_pass_hold_override_by_id"),
        "release_pass",
        ["hold_override_by_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_release_pass_household_id"), "release_pass", ["household_id"], unique=False
    )
    op.create_index(
        op.f("ix_release_pass_issued_by_id"), "release_pass", ["issued_by_id"], unique=False
    )
    op.create_index(
        op.f("ix_release_pass_late_override_by_id"),
        "release_pass",
        ["late_override_by_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_release_pass_number_reversed"), "release_pass", ["number_reversed"], unique=False
    )
    op.create_index(
        op.f("ix_release_pass_returned_by_id"), "release_pass", ["returned_by_id"], unique=False
    )
    op.create_index(
        "ix_release_pass_sort_issued_at", "release_pass", ["issued_at", "id"], unique=False
    )
    op.create_index("ix_release_pass_sort_used_at", "release_pass", ["used_at", "id"], unique=False)
    op.create_index(
        "ix_release_pass_sort_valid_until", "release_pass", ["valid_until", "id"], unique=False
    )
    op.create_index(
        "ix_release_pass_state_valid_until",
        "release_pass",
        ["state", "valid_until", "id"],
        unique=False,
    )
    op.create_index(op.f("ix_release_pass_villa_id"), "release_pass", ["villa_id"], unique=False)
    op.create_table(
        "release_pass_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("release_pass_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("remarks", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_pass_id"],
            ["release_pass.id"],
            name=op.f("fk_release_pass_item_release_pass_id_release_pass"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_release_pass_item")),
    )
    op.create_index(
        op.f("ix_release_pass_item_release_pass_id"),
        "release_pass_item",
        ["release_pass_id"],
        unique=False,
    )


    # The search finds a pass by any part of its number (app/services/search_index.py).
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE search_release_pass USING fts5(number, "
                   "tokenize='trigram')")
        op.execute("CREATE TRIGGER search_release_pass_insert AFTER INSERT ON release_pass "
                   "BEGIN INSERT INTO search_release_pass (rowid, number) "
                   "VALUES (new.id, new.number); END")
        op.execute("CREATE TRIGGER search_release_pass_update AFTER UPDATE OF number ON "
                   "release_pass BEGIN UPDATE search_release_pass SET number = new.number "
                   "WHERE rowid = new.id; END")
        op.execute("CREATE TRIGGER search_release_pass_delete AFTER DELETE ON release_pass "
                   "BEGIN DELETE FROM search_release_pass WHERE rowid = old.id; END")
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX search_release_pass_number ON release_pass "
                   "USING gin (number gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for suffix in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS search_release_pass_{suffix}")
        op.execute("DROP TABLE IF EXISTS search_release_pass")
    else:
        op.execute("DROP INDEX IF EXISTS search_release_pass_number")
    op.drop_index(op.f("ix_release_pass_item_release_pass_id"), table_name="release_pass_item")
    op.drop_table("release_pass_item")
    for index in (
        "ix_release_pass_consent_confirmed_by_id",
        "ix_release_pass_hold_override_by_id",
        "ix_release_pass_household_id",
        "ix_release_pass_issued_by_id",
        "ix_release_pass_late_override_by_id",
        "ix_release_pass_number_reversed",
        "ix_release_pass_returned_by_id",
        "ix_release_pass_villa_id",
    ):
        op.drop_index(op.f(index), table_name="release_pass")
    for index in (
        "ix_release_pass_sort_issued_at",
        "ix_release_pass_sort_used_at",
        "ix_release_pass_sort_valid_until",
        "ix_release_pass_state_valid_until",
    ):
        op.drop_index(index, table_name="release_pass")
    op.drop_table("release_pass")
    for index in (
        "ix_household_hold_cleared_by_id",
        "ix_household_hold_household_id",
        "ix_household_hold_set_by_id",
        "ix_household_hold_villa_id",
    ):
        op.drop_index(op.f(index), table_name="household_hold")
    op.drop_index("ix_household_hold_villa_open", table_name="household_hold")
    op.drop_table("household_hold")
