"""Schema versions of the registry, applied in order with sqlite-utils' `Migrations`.

`m001_initial` is the first schema as released (`schema.sql`); each later migration moves a
database one step on. A database made before migrations were tracked (schema version 1 with
no `_sqlite_migrations` table) is recognised and counted as having `m001_initial`.
"""

import re
import sqlite3
from importlib.resources import files
from typing import TYPE_CHECKING

from sqlite_utils.migrations import Migrations

from filmreg.model.vocabulary import (
    COOPERATION_KINDS,
    ORGANIZATION_KINDS,
    RETIRED_SOURCE_KINDS,
    SOURCE_KINDS,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

SCHEMA_VERSION = "4"
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
    for statement in _statements(files("filmreg.store").joinpath("schema.sql").read_text("utf-8")):
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


def check_list(values: frozenset[str]) -> str:
    """A vocabulary as the SQL list of a `CHECK (column IN (...))` constraint."""
    return "(" + ", ".join(f"'{v}'" for v in sorted(values)) + ")"


# The CHECK constraints m003 sets: each column's list, generated from `vocabulary`.
CHECKED_COLUMNS = {
    ("sources", "kind"): SOURCE_KINDS | RETIRED_SOURCE_KINDS,
    ("organizations", "kind"): ORGANIZATION_KINDS,
    ("cooperations", "kind"): COOPERATION_KINDS,
    ("evidence", "subject_table"): frozenset(
        {
            "organizations",
            "people",
            "names",
            "roles",
            "events",
            "participations",
            "event_topics",
            "cooperations",
            "cooperation_parties",
            "memberships",
        }
    ),
}


def _set_check(db: "Database", table: str, column: str, values: frozenset[str]) -> None:
    """Replace the list of `column`'s `CHECK (column IN (...))` in `table`'s definition.

    SQLite stores a table's CHECK constraints only in its schema text, so changing the list
    leaves the stored rows as they are (sqlite.org/lang_altertable.html, "Making Other Kinds
    Of Table Schema Changes"). A migration narrows no list whose rows it has not checked.
    """
    sql = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table])
    text = sql.fetchone()[0]
    pattern = re.compile(rf"(\b{column}\b[^,]*?CHECK \({column} IN)\s*\([^)]*\)", re.S)
    new, count = pattern.subn(lambda m: f"{m.group(1)} {check_list(values)}", text)
    if count != 1:
        raise RuntimeError(f"m003: no single CHECK on {table}.{column} to widen")
    version = db.execute("PRAGMA schema_version").fetchone()[0]
    db.execute("PRAGMA writable_schema = ON")
    db.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", [new, table])
    db.execute(f"PRAGMA schema_version = {version + 1}")
    db.execute("PRAGMA writable_schema = OFF")


@migrations()
def m003_catalogue(db: "Database") -> None:
    """Quotes on evidence, derived role status, cooperation status, memberships of
    intergovernmental bodies, and the wider vocabularies of a world catalogue (film funds,
    commissions, classification bodies; discussions, co-development and co-distribution
    agreements)."""
    db.execute("ALTER TABLE evidence ADD COLUMN quote TEXT")
    date = "CHECK ({0} IS NULL OR {0} GLOB '[0-9][0-9][0-9][0-9]' OR {0} GLOB "
    date += (
        "'[0-9][0-9][0-9][0-9]-[01][0-9]' OR {0} GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]')"
    )
    # What a source shows only on its own date (a report's dateline), as for roles.
    for table in ("events", "cooperations"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN attested_on TEXT {date.format('attested_on')}")
    db.execute(
        "ALTER TABLE cooperations ADD COLUMN status TEXT "
        "CHECK (status IS NULL OR status IN ('ended', 'in_force', 'signed'))"
    )
    db.execute(
        f"""CREATE TABLE memberships (
            id TEXT PRIMARY KEY,
            body TEXT NOT NULL REFERENCES organizations(id),
            country TEXT REFERENCES countries(code),
            organization_id TEXT REFERENCES organizations(id),
            start_date TEXT {date.format("start_date")},
            end_date TEXT {date.format("end_date")},
            attested_on TEXT {date.format("attested_on")},
            note TEXT,
            CHECK (country IS NOT NULL OR organization_id IS NOT NULL)
        )"""
    )
    db.execute("CREATE INDEX memberships_body ON memberships(body)")
    db.execute("CREATE INDEX memberships_country ON memberships(country)")
    db.execute("CREATE INDEX memberships_organization ON memberships(organization_id)")
    # A role's status is derived (filmreg.model.tenure); what a source states is kept apart. Rows
    # written before m003 had their status set by hand, so it counts as stated.
    db.execute(
        "ALTER TABLE roles ADD COLUMN status_stated TEXT "
        "CHECK (status_stated IS NULL OR status_stated IN ('current', 'ended', 'unknown'))"
    )
    db.execute("ALTER TABLE roles ADD COLUMN ended_by TEXT")
    db.execute("UPDATE roles SET status_stated = status")
    for (table, column), values in CHECKED_COLUMNS.items():
        _set_check(db, table, column, values)
    db.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")


@migrations()
def m004_edit_log(db: "Database") -> None:
    """The log of a database's own edits: each import, `add role`, `end role`, `db sync` and
    `db reset`, written in the transaction of the change it records. A build writes none."""
    db.execute(
        """CREATE TABLE edit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            action TEXT NOT NULL,
            file TEXT,
            sha256 TEXT,
            added INTEGER,
            changed INTEGER,
            removed INTEGER,
            detail TEXT
        )"""
    )
    db.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")


def adopt_untracked(db: "Database") -> None:
    """Count a version-1 database from before `_sqlite_migrations` existed as `m001_initial`."""
    if db[migrations.migrations_table].exists() or not db["meta"].exists():
        return
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row and row[0] == "1":
        with db.atomic():
            migrations.ensure_migrations_table(db)
            db.table(migrations.migrations_table).insert(
                {
                    "migration_set": migrations.name,
                    "name": "m001_initial",
                    "applied_at": "before migrations were tracked",
                }
            )
