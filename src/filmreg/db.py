"""Opening the registry for reading, with errors a user can act on."""

import sqlite3
from pathlib import Path

from filmreg.errors import FilmregError
from filmreg.paths import DatabaseLocation

SCHEMA_VERSION = "1"


def connect(location: DatabaseLocation) -> sqlite3.Connection:
    """Open the registry read-only; a missing, foreign or corrupt file is a FilmregError."""
    path = location.path
    if not path.exists():
        raise FilmregError(f"no database at {path} (from the {location.reason})")
    if path.is_dir():
        raise FilmregError(f"{path} is a directory, not a database (from the {location.reason})")
    uri = f"{Path(path).resolve().as_uri()}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
        conn.row_factory = sqlite3.Row
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.DatabaseError:
        raise FilmregError(
            f"{path} is not a filmreg database (corrupt or another format)"
        ) from None
    if row is None or row[0] != SCHEMA_VERSION:
        found = row[0] if row else "none"
        raise FilmregError(
            f"{path} has schema version {found}; this filmreg reads version {SCHEMA_VERSION}"
        )
    return conn


def placeholders(values: list) -> str:
    """`?,?,?` for an SQL `IN (...)` over `values`."""
    return ",".join("?" * len(values))
