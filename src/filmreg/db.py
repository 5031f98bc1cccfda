"""Opening the registry for reading, with errors a user can act on."""

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from filmreg.errors import FilmregError
from filmreg.paths import DatabaseLocation

BUSY_TIMEOUT_S = 60.0  # how long a command waits behind another filmreg that is writing
SCHEMA_VERSION = "2"  # kept equal to filmreg.migrations.SCHEMA_VERSION (a test checks)
READABLE_VERSIONS = ("1", "2")


def read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write to `path` (SQLite's `mode=ro`)."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)


def is_busy(exc: BaseException) -> bool:
    """Whether an SQLite error means another connection holds the lock (not damage)."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def busy_error(path: Path) -> FilmregError:
    return FilmregError(
        f"{path} is busy: another filmreg is writing to it (waited {BUSY_TIMEOUT_S:g} s); "
        "try again when it is done"
    )


def _open(path: Path) -> sqlite3.Connection:
    # A journal left by a killed writer must be rolled back before anyone reads, which
    # needs a writable connection; otherwise read-only, so a read can never change the file.
    journal = path.with_name(path.name + "-journal")
    if journal.exists() and journal.stat().st_size and os.access(path, os.W_OK):
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA query_only = ON")
        return conn
    return read_only(path)


def connect(location: DatabaseLocation) -> sqlite3.Connection:
    """Open the registry for reading; a missing, foreign or corrupt file is a FilmregError.

    An older schema is upgraded first (after a backup copy) when the file is writable.
    """
    path = location.path
    if not path.exists():
        raise FilmregError(f"no database at {path} (from the {location.reason})")
    if path.is_dir():
        raise FilmregError(f"{path} is a directory, not a database (from the {location.reason})")
    try:
        conn = _open(path)
        conn.row_factory = sqlite3.Row
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.DatabaseError:
        raise FilmregError(
            f"{path} is not a filmreg database (corrupt or another format)"
        ) from None
    found = row[0] if row else "none"
    if found != SCHEMA_VERSION and found in READABLE_VERSIONS and not location.is_bundled:
        conn.close()
        _upgrade_in_place(location)
        return connect(location)
    if found != SCHEMA_VERSION:
        raise FilmregError(
            f"{path} has schema version {found}; this filmreg reads version {SCHEMA_VERSION}"
        )
    return conn


def _upgrade_in_place(location: DatabaseLocation) -> None:
    import sys

    from filmreg.store import open_for_write

    notices: list[str] = []
    from filmreg.store import is_read_only

    if is_read_only(location.path):
        raise FilmregError(
            f"{location.path} has an older schema and is read-only, so it cannot be upgraded"
        )
    with open_for_write(location, notices):
        pass
    for notice in notices:
        sys.stderr.write(f"filmreg: {notice}\n")


CHUNK = 500  # values per SQL `IN (...)` list, well under SQLite's variable limit


def chunks(values: list) -> Iterator[list]:
    """`values` in slices small enough for one `IN (...)` list each."""
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def placeholders(values: list) -> str:
    """`?,?,?` for an SQL `IN (...)` over `values`."""
    return ",".join("?" * len(values))
