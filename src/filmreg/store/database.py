"""Opening the registry for reading, with errors a user can act on."""

import os
import sqlite3
from collections.abc import Iterator, Sequence, Sized
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from filmreg.model.errors import FilmregError
from filmreg.store.paths import DatabaseLocation

BUSY_TIMEOUT_S = 60.0  # how long a command waits behind another filmreg that is writing
SCHEMA_VERSION = "4"  # kept equal to filmreg.migrations.SCHEMA_VERSION (a test checks)
READABLE_VERSIONS = ("1", "2", "3", "4")  # older ones are read through an upgrade


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


@contextmanager
def registry_errors(path: Path) -> Iterator[None]:
    """SQLite's errors while reading `path` as a registry, as a user meets them: another
    writer's lock is `busy`, anything else means the file is not a (readable) registry."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if is_busy(exc):
            raise busy_error(path) from None
        raise FilmregError(
            f"{path} is not a filmreg database (corrupt or another format)"
        ) from None


def _open(path: Path) -> sqlite3.Connection:
    # A journal left by a killed writer must be rolled back before anyone reads, which
    # needs a writable connection; otherwise read-only, so a read can never change the file.
    journal = path.with_name(path.name + "-journal")
    if journal.exists() and journal.stat().st_size and os.access(path, os.W_OK):
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
        conn.execute("PRAGMA query_only = ON")
        return conn
    return read_only(path)


def connect(location: DatabaseLocation) -> sqlite3.Connection:
    """Open the registry for reading; a missing, foreign, corrupt or busy file is a FilmregError.

    An older schema is read through an upgraded copy in memory: a read never writes the file
    (`filmreg db upgrade`, or the next write, upgrades it).
    """
    path = location.path
    if not path.exists():
        raise FilmregError(f"no database at {path} (from {location.described})")
    if path.is_dir():
        raise FilmregError(f"{path} is a directory, not a database (from {location.described})")
    if not os.access(path, os.R_OK):
        raise FilmregError(f"{path} is not readable: permission denied (from {location.described})")
    with registry_errors(path):
        conn = _open(path)
        conn.row_factory = sqlite3.Row
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    found = row[0] if row else "none"
    if found == SCHEMA_VERSION:
        return conn
    conn.close()
    if found in READABLE_VERSIONS:
        return _upgraded_copy(path, found)
    raise FilmregError(
        f"{path} has schema version {found}; this filmreg reads version {SCHEMA_VERSION}"
    )


def _upgraded_copy(path: Path, found: str) -> sqlite3.Connection:
    """A read-only connection to an in-memory copy of `path` brought to the current schema."""
    import sys

    from filmreg.store.writable import upgrade_in_memory

    source = read_only(path)
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        source.backup(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        if is_busy(exc):
            raise busy_error(path) from None
        raise FilmregError(f"{path}: cannot be read ({exc})") from None
    finally:
        source.close()
    upgrade_in_memory(conn)
    conn.execute("PRAGMA query_only = ON")
    conn.row_factory = sqlite3.Row
    sys.stderr.write(
        f"filmreg: note: {path} has schema version {found}; read through an upgraded copy "
        "in memory (`filmreg db upgrade` upgrades the file; the next write does too)\n"
    )
    return conn


T = TypeVar("T")

CHUNK = 500  # values per SQL `IN (...)` list, well under SQLite's variable limit


def chunks(values: list[T]) -> Iterator[list[T]]:
    """`values` in slices small enough for one `IN (...)` list each."""
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def json_values() -> str:
    """A subquery over the values of one JSON array parameter: `x IN ({json_values()})` with
    `json.dumps(values)` takes any number of values in one SQL variable."""
    return "SELECT value FROM json_each(?)"


def placeholders(values: Sized) -> str:
    """`?,?,?` for an SQL `IN (...)` over `values`."""
    return ",".join("?" * len(values))


def dict_rows(
    conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()
) -> list[dict[str, Any]]:
    """The rows of `sql` as plain dicts, whatever the connection's row factory."""
    cursor = conn.execute(sql, params)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor]
