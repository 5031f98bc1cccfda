"""Schema versions of the registry, applied in order with sqlite-utils' `Migrations`.

`m001_initial` is the first schema as released (`schema.sql`); each later migration moves a
database one step on. A database made before migrations were tracked (schema version 1 with
no `_sqlite_migrations` table) is recognised and counted as having `m001_initial`.
"""

import sqlite3
from importlib.resources import files
from typing import TYPE_CHECKING

from sqlite_utils.migrations import Migrations

if TYPE_CHECKING:
    from sqlite_utils import Database

SCHEMA_VERSION = "2"
migrations = Migrations("filmreg")

FTS_TABLE = """CREATE VIRTUAL TABLE "search_entries_fts" USING FTS5 (
    "text", "key",
    tokenize='unicode61 remove_diacritics 2',
    content="search_entries"
)"""


def _statements(script: str) -> list[str]:
    """Split an SQL script into statements, so that each runs inside the migration's transaction
    (`executescript` would commit first)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--") and not current.strip():
            continue
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements


@migrations()
def m001_initial(db: "Database") -> None:
    for statement in _statements(files("filmreg").joinpath("schema.sql").read_text("utf-8")):
        db.execute(statement)
    # For `search --raw`: FTS5 over the names as written and their loose keys.
    db.execute(FTS_TABLE)
    db.execute("INSERT INTO meta (key, value) VALUES ('schema_version', '1')")


@migrations()
def m002_curation(db: "Database") -> None:
    """Curated country aliases keep their note; `record_base` remembers, for each record taken
    from the bundled registry, the hash of that version, so `db sync` can tell local edits."""
    db.execute("ALTER TABLE country_aliases ADD COLUMN note TEXT")
    db.execute(
        """CREATE TABLE record_base (
            type TEXT NOT NULL,
            id TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            PRIMARY KEY (type, id)
        ) WITHOUT ROWID"""
    )
    db.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")


def adopt_untracked(db: "Database") -> None:
    """Count a version-1 database from before `_sqlite_migrations` existed as `m001_initial`."""
    if db[migrations.migrations_table].exists() or not db["meta"].exists():
        return
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row and row[0] == "1":
        with db.atomic():
            migrations.ensure_migrations_table(db)
            db[migrations.migrations_table].insert(
                {
                    "migration_set": migrations.name,
                    "name": "m001_initial",
                    "applied_at": "before migrations were tracked",
                }
            )
