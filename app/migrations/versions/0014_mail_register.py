"""mail register: items, pick-ups, notifications, notices, consent and collectors

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 16:30:00

The tracking number is searched anywhere in it (SQLite: an FTS5 trigram table kept by
triggers, as 0009 does; PostgreSQL: a pg_trgm GIN index) and by its last digits
(``number_reversed``, a plain B-tree, as 0011 does). New tables: nothing to fill.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("mail_notice_item", "mail_item", "mail_pickup", "mail_notice", "mail_consent",
          "mail_collector", "mail_notification")


def upgrade() -> None:
    op.create_table('mail_notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('villa_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('method', sa.Enum('phone', 'sms', 'wechat', 'in_person', 'mailbox', name='mail_notify_method', native_enum=False, length=24), nullable=False),
    sa.Column('outcome', sa.Enum('reached', 'no_answer', 'message_left', 'wrong_number', 'delivered', name='mail_notify_outcome', native_enum=False, length=24), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['by_id'], ['staff.id'], name=op.f('fk_mail_notification_by_id_staff')),
    sa.ForeignKeyConstraint(['villa_id'], ['villa.id'], name=op.f('fk_mail_notification_villa_id_villa')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_notification'))
    )
    op.create_index(op.f('ix_mail_notification_by_id'), 'mail_notification', ['by_id'], unique=False)
    op.create_index('ix_mail_notification_villa_at', 'mail_notification', ['villa_id', 'at'], unique=False)
    op.create_table('mail_collector',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('relation', sa.String(length=30), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('id_doc_type', sa.Enum('resident_id', 'passport', 'hk_macao', 'taiwan', 'other', name='id_doc_type', native_enum=False, length=24), nullable=True),
    sa.Column('id_doc_number', sa.String(length=40), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('retire_reason', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_mail_collector_household_id_household')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_collector'))
    )
    op.create_index(op.f('ix_mail_collector_household_id'), 'mail_collector', ['household_id'], unique=False)
    op.create_table('mail_consent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('consents', sa.Boolean(), nullable=False),
    sa.Column('noted_at', sa.DateTime(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_mail_consent_household_id_household')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_consent')),
    sa.UniqueConstraint('household_id', name=op.f('uq_mail_consent_household_id'))
    )
    op.create_table('mail_notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('villa_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['numbered_document.id'], name=op.f('fk_mail_notice_document_id_numbered_document')),
    sa.ForeignKeyConstraint(['issued_by_id'], ['staff.id'], name=op.f('fk_mail_notice_issued_by_id_staff')),
    sa.ForeignKeyConstraint(['villa_id'], ['villa.id'], name=op.f('fk_mail_notice_villa_id_villa')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_notice')),
    sa.UniqueConstraint('document_id', name=op.f('uq_mail_notice_document_id')),
    sa.UniqueConstraint('number', name=op.f('uq_mail_notice_number'))
    )
    op.create_index(op.f('ix_mail_notice_issued_by_id'), 'mail_notice', ['issued_by_id'], unique=False)
    op.create_index('ix_mail_notice_villa_issued', 'mail_notice', ['villa_id', 'issued_at'], unique=False)
    op.create_table('mail_pickup',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('villa_id', sa.Integer(), nullable=False),
    sa.Column('picked_up_at', sa.DateTime(), nullable=False),
    sa.Column('collector_kind', sa.Enum('owner', 'family', 'collector', 'other', name='mail_collector_kind', native_enum=False, length=24), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('collector_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('relation', sa.String(length=30), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('id_doc_type', sa.Enum('resident_id', 'passport', 'hk_macao', 'taiwan', 'other', name='id_doc_type', native_enum=False, length=24), nullable=True),
    sa.Column('id_doc_number', sa.String(length=40), nullable=False),
    sa.Column('signature_id', sa.Integer(), nullable=True),
    sa.Column('signed_on_paper', sa.Boolean(), nullable=False),
    sa.Column('handed_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['collector_id'], ['mail_collector.id'], name=op.f('fk_mail_pickup_collector_id_mail_collector')),
    sa.ForeignKeyConstraint(['handed_by_id'], ['staff.id'], name=op.f('fk_mail_pickup_handed_by_id_staff')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_mail_pickup_person_id_person')),
    sa.ForeignKeyConstraint(['signature_id'], ['attachment.id'], name=op.f('fk_mail_pickup_signature_id_attachment')),
    sa.ForeignKeyConstraint(['villa_id'], ['villa.id'], name=op.f('fk_mail_pickup_villa_id_villa')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_pickup'))
    )
    op.create_index(op.f('ix_mail_pickup_collector_id'), 'mail_pickup', ['collector_id'], unique=False)
    op.create_index(op.f('ix_mail_pickup_handed_by_id'), 'mail_pickup', ['handed_by_id'], unique=False)
    op.create_index(op.f('ix_mail_pickup_person_id'), 'mail_pickup', ['person_id'], unique=False)
    op.create_index(op.f('ix_mail_pickup_picked_up_at'), 'mail_pickup', ['picked_up_at'], unique=False)
    op.create_index(op.f('ix_mail_pickup_signature_id'), 'mail_pickup', ['signature_id'], unique=False)
    op.create_index(op.f('ix_mail_pickup_villa_id'), 'mail_pickup', ['villa_id'], unique=False)
    op.create_table('mail_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('villa_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('number_reversed', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.Enum('ems', 'registered', 'airmail', 'express', 'parcel_slip', 'remittance_slip', 'courier', name='mail_kind', native_enum=False, length=24), nullable=False),
    sa.Column('carrier', sa.String(length=24), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('addressee', sa.String(length=60), nullable=False),
    sa.Column('shelf', sa.String(length=20), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('remarks', sa.Text(), nullable=False),
    sa.Column('registered_by_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('waiting', 'picked_up', 'returned', name='mail_state', native_enum=False, length=24), nullable=False),
    sa.Column('notice_level', sa.Integer(), nullable=False),
    sa.Column('pickup_id', sa.Integer(), nullable=True),
    sa.Column('returned_at', sa.DateTime(), nullable=True),
    sa.Column('return_reason', sa.Text(), nullable=False),
    sa.Column('returned_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['pickup_id'], ['mail_pickup.id'], name=op.f('fk_mail_item_pickup_id_mail_pickup')),
    sa.ForeignKeyConstraint(['registered_by_id'], ['staff.id'], name=op.f('fk_mail_item_registered_by_id_staff')),
    sa.ForeignKeyConstraint(['returned_by_id'], ['staff.id'], name=op.f('fk_mail_item_returned_by_id_staff')),
    sa.ForeignKeyConstraint(['villa_id'], ['villa.id'], name=op.f('fk_mail_item_villa_id_villa')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_item'))
    )
    op.create_index('ix_mail_item_number', 'mail_item', ['number', 'state'], unique=False)
    op.create_index(op.f('ix_mail_item_number_reversed'), 'mail_item', ['number_reversed'], unique=False)
    op.create_index(op.f('ix_mail_item_pickup_id'), 'mail_item', ['pickup_id'], unique=False)
    op.create_index(op.f('ix_mail_item_registered_by_id'), 'mail_item', ['registered_by_id'], unique=False)
    op.create_index(op.f('ix_mail_item_returned_by_id'), 'mail_item', ['returned_by_id'], unique=False)
    op.create_index('ix_mail_item_sort_kind', 'mail_item', ['kind', 'id'], unique=False)
    op.create_index('ix_mail_item_sort_received_at', 'mail_item', ['received_at', 'id'], unique=False)
    op.create_index('ix_mail_item_sort_shelf', 'mail_item', ['shelf', 'id'], unique=False)
    op.create_index('ix_mail_item_sort_state', 'mail_item', ['state', 'id'], unique=False)
    op.create_index('ix_mail_item_state_received', 'mail_item', ['state', 'received_at', 'id'], unique=False)
    op.create_index('ix_mail_item_villa_received', 'mail_item', ['villa_id', 'received_at', 'id'], unique=False)
    op.create_table('mail_notice_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['mail_item.id'], name=op.f('fk_mail_notice_item_item_id_mail_item')),
    sa.ForeignKeyConstraint(['notice_id'], ['mail_notice.id'], name=op.f('fk_mail_notice_item_notice_id_mail_notice')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_notice_item'))
    )
    op.create_index(op.f('ix_mail_notice_item_item_id'), 'mail_notice_item', ['item_id'], unique=False)
    op.create_index(op.f('ix_mail_notice_item_notice_id'), 'mail_notice_item', ['notice_id'], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE search_mail_item USING fts5(number, "
                   "tokenize='trigram')")
        op.execute("CREATE TRIGGER search_mail_item_insert AFTER INSERT ON mail_item BEGIN "
                   "INSERT INTO search_mail_item (rowid, number) VALUES (new.id, new.number); "
                   "END")
        op.execute("CREATE TRIGGER search_mail_item_update AFTER UPDATE OF number ON "
                   "mail_item BEGIN UPDATE search_mail_item SET number = new.number "
                   "WHERE rowid = new.id; END")
        op.execute("CREATE TRIGGER search_mail_item_delete AFTER DELETE ON mail_item BEGIN "
                   "DELETE FROM search_mail_item WHERE rowid = old.id; END")
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX search_mail_item_number ON mail_item "
                   "USING gin (number gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for suffix in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS search_mail_item_{suffix}")
        op.execute("DROP TABLE IF EXISTS search_mail_item")
    else:
        op.execute("DROP INDEX IF EXISTS search_mail_item_number")
    for table in TABLES:
        op.drop_table(table)
