"""the one search's index: pinyin on people, SQLite FTS5 trigram tables, PostgreSQL pg_trgm

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 12:40:00

People gain ``name_pinyin``/``name_initials`` (filled here for the people already there,
then kept by the model on every write). The index itself lives outside the models, every
part of it named ``search_…`` (tests/schema.py leaves those names out of the drift check):

- SQLite: one FTS5 table per searched table with the trigram tokenizer, holding a copy of
  the searched columns, kept current by triggers (so every write path, ORM or not, keeps
  it: the Excel import, the demo, a restore of an older file migrated here).
- PostgreSQL: ``pg_trgm`` GIN indexes on the searched columns. pg_trgm reads only letters
  and digits of the database's character type, and a database created with
  ``--locale=C`` sees no letters in Chinese; so a column that may hold Chinese is indexed
  through ``search_hex()`` (its lower-cased UTF-8 bytes as hex), whose trigrams are ASCII
  whatever the locale. ``CREATE EXTENSION pg_trgm`` needs the right to create in the
  database: pg_trgm is a trusted extension (PostgreSQL 13+), so the database's owner may
  install it without being a superuser; otherwise a superuser runs it once beforehand and
  the ``IF NOT EXISTS`` here does nothing.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Table → its searched columns (app/services/search_index.py holds the same list).
SEARCHED = {
    "person": ("name", "name_pinyin", "name_initials", "phone"),
    "work_order": ("number",),
    "reception_entry": ("caller_name", "contact_phone"),
}
#: Columns that may hold Chinese: on PostgreSQL indexed through search_hex().
CHINESE = {("person", "name"), ("reception_entry", "caller_name")}


def upgrade() -> None:
    # A plain ADD COLUMN (as 0004): SQLite cannot copy person while others point at it.
    op.add_column("person", sa.Column("name_pinyin", sa.String(400), nullable=False,
                                      server_default=""))
    op.add_column("person", sa.Column("name_initials", sa.String(60), nullable=False,
                                      server_default=""))
    _fill_pinyin()
    op.create_index(op.f("ix_person_name_pinyin"), "person", ["name_pinyin"], unique=False)
    op.create_index(op.f("ix_person_name_initials"), "person", ["name_initials"],
                    unique=False)
    if op.get_bind().dialect.name == "sqlite":
        for table, columns in SEARCHED.items():
            _sqlite_index(table, columns)
    else:
        _postgresql_index()


def _fill_pinyin() -> None:
    """The people already registered: no audit entry is written (the columns are derived
    from the name, which the log has; app/models/base.py ``__derived__``)."""
    from app.models.name_pinyin import initials_of, pinyin_of

    bind = op.get_bind()
    person = sa.table("person", sa.column("id", sa.Integer), sa.column("name", sa.String),
                      sa.column("name_pinyin", sa.String), sa.column("name_initials", sa.String))
    rows = bind.execute(sa.select(person.c.id, person.c.name)).all()
    for person_id, name in rows:
        bind.execute(person.update().where(person.c.id == person_id).values(
            name_pinyin=pinyin_of(name or ""), name_initials=initials_of(name or "")))


def _sqlite_index(table: str, columns: tuple[str, ...]) -> None:
    fts = f"search_{table}"
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    op.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, tokenize='trigram')")
    op.execute(f"INSERT INTO {fts} (rowid, {names}) SELECT id, {names} FROM {table}")
    op.execute(f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN "
               f"INSERT INTO {fts} (rowid, {names}) VALUES (new.id, {new}); END")
    op.execute(f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {names} ON {table} BEGIN "
               f"UPDATE {fts} SET ({names}) = ({new}) WHERE rowid = new.id; END")
    # Records are retired, not deleted; should one go (a test, a repair), its entry goes too.
    op.execute(f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN "
               f"DELETE FROM {fts} WHERE rowid = old.id; END")


def _postgresql_index() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE OR REPLACE FUNCTION search_hex(value text) RETURNS text "
               "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS "
               "$$ SELECT encode(convert_to(lower(value), 'UTF8'), 'hex') $$")
    for table, columns in SEARCHED.items():
        for column in columns:
            indexed = f"search_hex({column})" if (table, column) in CHINESE else column
            op.execute(f"CREATE INDEX search_{table}_{column} ON {table} "
                       f"USING gin ({indexed} gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in SEARCHED:
            for suffix in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS search_{table}_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS search_{table}")
    else:
        for table, columns in SEARCHED.items():
            for column in columns:
                op.execute(f"DROP INDEX IF EXISTS search_{table}_{column}")
        op.execute("DROP FUNCTION IF EXISTS search_hex(text)")
        # The extension stays: another database object may use it by now.
    op.drop_index(op.f("ix_person_name_initials"), table_name="person")
    op.drop_index(op.f("ix_person_name_pinyin"), table_name="person")
    op.drop_column("person", "name_initials")
    op.drop_column("person", "name_pinyin")
