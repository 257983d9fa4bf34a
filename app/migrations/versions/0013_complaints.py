"""complaints register: complaints, their steps (classifications, escalations, callbacks)
and the supervisor's monthly corrective actions

The complainant's name and the complaint's number are searched: on SQLite an FTS5 trigram
table ``search_complaint`` kept by triggers, on PostgreSQL pg_trgm indexes (as 0009 does).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 16:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEARCHED = ("number", "complainant")


def upgrade() -> None:
    op.create_table(
        "complaint_month_note",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("actions", sa.Text(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["staff.id"],
            name=op.f("fk_complaint_month_note_updated_by_id_staff"),
        ),
        sa.PrimaryKeyConstraint("month", name=op.f("pk_complaint_month_note")),
    )
    op.create_index(
        op.f("ix_complaint_month_note_updated_by_id"),
        "complaint_month_note",
        ["updated_by_id"],
        unique=False,
    )
    op.create_table(
        "complaint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=30), nullable=False),
        sa.Column("number_reversed", sa.String(length=30), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "phone",
                "visit",
                "letter",
                "email",
                "online",
                "department",
                "government",
                name="complaint_channel",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("complainant", sa.String(length=60), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("phone_reversed", sa.String(length=30), nullable=False),
        sa.Column("villa_id", sa.Integer(), nullable=True),
        sa.Column("location", sa.String(length=100), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "attitude",
                "repair",
                "cleaning",
                "landscaping",
                "security",
                "noise",
                "parking",
                "fees",
                "common_area",
                "neighbour",
                "building",
                "outside",
                "other",
                name="complaint_category",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("demands", sa.Text(), nullable=False),
        sa.Column("first_contact_id", sa.Integer(), nullable=False),
        sa.Column(
            "department",
            sa.Enum(
                "customer_service",
                "engineering",
                "cleaning",
                "security",
                "landscaping",
                "management",
                "developer",
                "outside",
                name="complaint_department",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("responsible_person", sa.String(length=60), nullable=False),
        sa.Column(
            "responsibility",
            sa.Enum(
                "property",
                "developer",
                "external",
                name="complaint_responsibility",
                native_enum=False,
                length=24,
            ),
            nullable=True,
        ),
        sa.Column("responsibility_by_id", sa.Integer(), nullable=True),
        sa.Column("responsibility_at", sa.DateTime(), nullable=True),
        sa.Column(
            "severity",
            sa.Enum(
                "general",
                "serious",
                "urgent",
                name="complaint_severity",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("severity_by_id", sa.Integer(), nullable=True),
        sa.Column("severity_at", sa.DateTime(), nullable=True),
        sa.Column(
            "validity",
            sa.Enum("valid", "invalid", name="complaint_validity", native_enum=False, length=24),
            nullable=True,
        ),
        sa.Column("validity_by_id", sa.Integer(), nullable=True),
        sa.Column("validity_at", sa.DateTime(), nullable=True),
        sa.Column("repeat_of_id", sa.Integer(), nullable=True),
        sa.Column(
            "state",
            sa.Enum(
                "open",
                "handled",
                "closed",
                "void",
                name="complaint_state",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "level",
            sa.Enum(
                "specialist",
                "supervisor",
                "project_manager",
                "general_manager",
                name="complaint_level",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("reported_at", sa.DateTime(), nullable=True),
        sa.Column("responded_at", sa.DateTime(), nullable=True),
        sa.Column("stepped_in_at", sa.DateTime(), nullable=True),
        sa.Column("contacted_at", sa.DateTime(), nullable=True),
        sa.Column("explained_at", sa.DateTime(), nullable=True),
        sa.Column("handled_at", sa.DateTime(), nullable=True),
        sa.Column("called_back_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("investigation", sa.Text(), nullable=False),
        sa.Column("cause", sa.Text(), nullable=False),
        sa.Column("measures", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("difficult", sa.Boolean(), nullable=False),
        sa.Column("reopen_count", sa.Integer(), nullable=False),
        sa.Column("void_reason", sa.Text(), nullable=False),
        sa.Column("taken_by_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["numbered_document.id"],
            name=op.f("fk_complaint_document_id_numbered_document"),
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["reception_entry.id"], name=op.f("fk_complaint_entry_id_reception_entry")
        ),
        sa.ForeignKeyConstraint(
            ["first_contact_id"], ["staff.id"], name=op.f("fk_complaint_first_contact_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["repeat_of_id"], ["complaint.id"], name=op.f("fk_complaint_repeat_of_id_complaint")
        ),
        sa.ForeignKeyConstraint(
            ["responsibility_by_id"],
            ["staff.id"],
            name=op.f("fk_complaint_responsibility_by_id_staff"),
        ),
        sa.ForeignKeyConstraint(
            ["severity_by_id"], ["staff.id"], name=op.f("fk_complaint_severity_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["taken_by_id"], ["staff.id"], name=op.f("fk_complaint_taken_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["validity_by_id"], ["staff.id"], name=op.f("fk_complaint_validity_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["villa_id"], ["villa.id"], name=op.f("fk_complaint_villa_id_villa")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint")),
        sa.UniqueConstraint("document_id", name=op.f("uq_complaint_document_id")),
        sa.UniqueConstraint("number", name=op.f("uq_complaint_number")),
    )
    op.create_index(op.f("ix_complaint_entry_id"), "complaint", ["entry_id"], unique=False)
    op.create_index("ix_complaint_complainant", "complaint", ["complainant"], unique=False)
    op.create_index(
        op.f("ix_complaint_first_contact_id"), "complaint", ["first_contact_id"], unique=False
    )
    op.create_index(
        op.f("ix_complaint_number_reversed"), "complaint", ["number_reversed"], unique=False
    )
    op.create_index(
        op.f("ix_complaint_phone_reversed"), "complaint", ["phone_reversed"], unique=False
    )
    op.create_index(op.f("ix_complaint_repeat_of_id"), "complaint", ["repeat_of_id"], unique=False)
    op.create_index(
        op.f("ix_complaint_responsibility_by_id"),
        "complaint",
        ["responsibility_by_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_complaint_severity_by_id"), "complaint", ["severity_by_id"], unique=False
    )
    op.create_index("ix_complaint_sort_category", "complaint", ["category", "id"], unique=False)
    op.create_index("ix_complaint_sort_level", "complaint", ["level", "id"], unique=False)
    op.create_index(
        "ix_complaint_sort_received_at", "complaint", ["received_at", "id"], unique=False
    )
    op.create_index("ix_complaint_sort_severity", "complaint", ["severity", "id"], unique=False)
    op.create_index("ix_complaint_sort_state", "complaint", ["state", "id"], unique=False)
    op.create_index(op.f("ix_complaint_taken_by_id"), "complaint", ["taken_by_id"], unique=False)
    op.create_index(
        op.f("ix_complaint_validity_by_id"), "complaint", ["validity_by_id"], unique=False
    )
    op.create_index(
        "ix_complaint_villa_category",
        "complaint",
        ["villa_id", "category", "received_at"],
        unique=False,
    )
    op.create_index(op.f("ix_complaint_villa_id"), "complaint", ["villa_id"], unique=False)
    op.create_table(
        "complaint_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "opened",
                "classified",
                "reported",
                "responded",
                "stepped_in",
                "contacted",
                "explained",
                "handled",
                "escalated",
                "callback",
                "reopened",
                "closed",
                "voided",
                name="complaint_step_kind",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("field", sa.String(length=30), nullable=False),
        sa.Column("old", sa.String(length=40), nullable=False),
        sa.Column("new", sa.String(length=40), nullable=False),
        sa.Column("level", sa.String(length=24), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("method", sa.String(length=24), nullable=False),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["by_id"], ["staff.id"], name=op.f("fk_complaint_step_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaint.id"],
            name=op.f("fk_complaint_step_complaint_id_complaint"),
        ),
        sa.ForeignKeyConstraint(
            ["confirmed_by_id"], ["staff.id"], name=op.f("fk_complaint_step_confirmed_by_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_step")),
    )
    op.create_index(op.f("ix_complaint_step_by_id"), "complaint_step", ["by_id"], unique=False)
    op.create_index(
        op.f("ix_complaint_step_complaint_id"), "complaint_step", ["complaint_id"], unique=False
    )
    op.create_index(
        op.f("ix_complaint_step_confirmed_by_id"),
        "complaint_step",
        ["confirmed_by_id"],
        unique=False,
    )

    if op.get_bind().dialect.name == "sqlite":
        names = ", ".join(SEARCHED)
        new = ", ".join(f"new.{c}" for c in SEARCHED)
        op.execute(f"CREATE VIRTUAL TABLE search_complaint USING fts5({names}, tokenize='trigram')")
        op.execute(
            "CREATE TRIGGER search_complaint_insert AFTER INSERT ON complaint BEGIN "
            f"INSERT INTO search_complaint (rowid, {names}) VALUES (new.id, {new}); END"
        )
        op.execute(
            f"CREATE TRIGGER search_complaint_update AFTER UPDATE OF {names} ON "
            f"complaint BEGIN UPDATE search_complaint SET ({names}) = ({new}) "
            "WHERE rowid = new.id; END"
        )
        op.execute(
            "CREATE TRIGGER search_complaint_delete AFTER DELETE ON complaint BEGIN "
            "DELETE FROM search_complaint WHERE rowid = old.id; END"
        )
    else:
        op.execute(
            "CREATE INDEX search_complaint_number ON complaint USING gin (number gin_trgm_ops)"
        )
        op.execute(
            "CREATE INDEX search_complaint_complainant ON complaint "
            "USING gin (search_hex(complainant) gin_trgm_ops)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for suffix in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS search_complaint_{suffix}")
        op.execute("DROP TABLE IF EXISTS search_complaint")
    else:
        for column in SEARCHED:
            op.execute(f"DROP INDEX IF EXISTS search_complaint_{column}")
    op.drop_index(op.f("ix_complaint_step_confirmed_by_id"), table_name="complaint_step")
    op.drop_index(op.f("ix_complaint_step_complaint_id"), table_name="complaint_step")
    op.drop_index(op.f("ix_complaint_step_by_id"), table_name="complaint_step")
    op.drop_table("complaint_step")
    op.drop_index(op.f("ix_complaint_villa_id"), table_name="complaint")
    op.drop_index("ix_complaint_villa_category", table_name="complaint")
    op.drop_index(op.f("ix_complaint_validity_by_id"), table_name="complaint")
    op.drop_index(op.f("ix_complaint_taken_by_id"), table_name="complaint")
    op.drop_index("ix_complaint_sort_state", table_name="complaint")
    op.drop_index("ix_complaint_sort_severity", table_name="complaint")
    op.drop_index("ix_complaint_sort_received_at", table_name="complaint")
    op.drop_index("ix_complaint_sort_level", table_name="complaint")
    op.drop_index("ix_complaint_sort_category", table_name="complaint")
    op.drop_index(op.f("ix_complaint_severity_by_id"), table_name="complaint")
    op.drop_index(op.f("ix_complaint_responsibility_by_id"), table_name="complaint")
    op.drop_index(op.f("ix_complaint_repeat_of_id"), table_name="complaint")
    op.drop_index(op.f("ix_complaint_phone_reversed"), table_name="complaint")
    op.drop_index(op.f("ix_complaint_number_reversed"), table_name="complaint")
    op.drop_index(op.f("ix_complaint_first_contact_id"), table_name="complaint")
    op.drop_index(op.f("ix_complaint_entry_id"), table_name="complaint")
    op.drop_index("ix_complaint_complainant", table_name="complaint")
    op.drop_table("complaint")
    op.drop_index(op.f("ix_complaint_month_note_updated_by_id"), table_name="complaint_month_note")
    op.drop_table("complaint_month_note")
