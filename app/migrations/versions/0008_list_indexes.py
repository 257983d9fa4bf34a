"""list indexes: every foreign key, filter and sort column of the registers' lists

The lists page by keyset (``app/services/paging.py``): each sortable column gets an index
on (column, id), so a page anywhere in the register, in either direction, is an index
range read on SQLite and PostgreSQL alike. The single-column indexes these replace were
their prefixes. Every foreign key gets an index (``work_order.entry_id`` had none, so each
reception refresh scanned the work-order table), and the open promises are found by an
index on ``answered_at``.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 12:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: (index, table, columns) added
ADDED = (
    ("ix_work_order_sort_received_at", "work_order", ["received_at", "id"]),
    ("ix_work_order_sort_state", "work_order", ["state", "id"]),
    ("ix_work_order_sort_department", "work_order", ["department", "id"]),
    ("ix_work_order_sort_assignee", "work_order", ["assignee", "id"]),
    ("ix_work_order_sort_total", "work_order", ["total", "id"]),
    ("ix_work_order_entry_id", "work_order", ["entry_id"]),
    ("ix_work_order_category_id", "work_order", ["category_id"]),
    ("ix_work_order_line_fee_item_id", "work_order_line", ["fee_item_id"]),
    ("ix_work_order_callback_by_id", "work_order_callback", ["by_id"]),
    ("ix_work_order_callback_attempt_by_id", "work_order_callback_attempt", ["by_id"]),
    # The class and voided flag too: the class counts of a range read only the index.
    ("ix_reception_entry_sort_occurred_at", "reception_entry",
     ["occurred_at", "id", "entry_class", "voided"]),
    ("ix_reception_entry_sort_entry_class", "reception_entry", ["entry_class", "id"]),
    ("ix_reception_entry_sort_channel", "reception_entry", ["channel", "id"]),
    ("ix_reception_entry_sort_caller_name", "reception_entry", ["caller_name", "id"]),
    ("ix_inquiry_promise_answered_at", "inquiry_promise", ["answered_at"]),
    ("ix_inquiry_promise_answered_by_id", "inquiry_promise", ["answered_by_id"]),
    ("ix_answer_book_entry_updated_by_id", "answer_book_entry", ["updated_by_id"]),
    ("ix_daily_review_signed_by_id", "daily_review", ["signed_by_id"]),
    ("ix_numbered_document_created_by_id", "numbered_document", ["created_by_id"]),
    ("ix_numbered_document_voided_by_id", "numbered_document", ["voided_by_id"]),
    ("ix_print_log_printed_by_id", "print_log", ["printed_by_id"]),
    ("ix_audit_entry_entity_record", "audit_entry", ["entity", "entity_id"]),
)
#: (index, table, columns) replaced by a wider one above that starts with the same column
REPLACED = (
    ("ix_work_order_received_at", "work_order", ["received_at"]),
    ("ix_work_order_state", "work_order", ["state"]),
    ("ix_reception_entry_occurred_at", "reception_entry", ["occurred_at"]),
    ("ix_audit_entry_entity", "audit_entry", ["entity"]),
)


def upgrade() -> None:
    for name, table, columns in ADDED:
        op.create_index(name, table, columns, unique=False)
    for name, table, _columns in REPLACED:
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for name, table, columns in REPLACED:
        op.create_index(name, table, columns, unique=False)
    for name, table, _columns in ADDED:
        op.drop_index(name, table_name=table)
