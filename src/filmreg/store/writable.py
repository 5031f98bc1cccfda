"""Opening the registry for writing: the user's own copy, migrations, locks, backups.

Every change runs in one `BEGIN IMMEDIATE` transaction on a rollback journal, so a crash at
any point leaves the file as it was before or as it is after, and concurrent writers queue
behind SQLite's lock (waiting up to `filmreg.db.BUSY_TIMEOUT_S`) instead of interleaving.
"""

import os
import re
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from filmreg.model.errors import FilmregError
from filmreg.store import database as registry_db
from filmreg.store.database import (
    READABLE_VERSIONS,
    SCHEMA_VERSION,
    busy_error,
    is_busy,
    read_only,
    registry_errors,
)
from filmreg.store.paths import DatabaseLocation, bundled_database

if TYPE_CHECKING:
    from sqlite_utils import Database


def _open(path: Path) -> "Database":
    import sqlite_utils

    conn = sqlite3.connect(path, timeout=registry_db.BUSY_TIMEOUT_S, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    return sqlite_utils.Database(conn)


def _check_is_registry(db: "Database", path: Path) -> None:
    """A filmreg database of a schema this filmreg can write (after upgrading), and intact."""
    with registry_errors(path):
        if "meta" not in set(db.table_names()):
            raise FilmregError(f"{path} is not a filmreg database (it has no meta table)")
        row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    found = row[0] if row else "none"
    if found not in READABLE_VERSIONS:
        raise FilmregError(
            f"{path} has schema version {found}; this filmreg reads version {SCHEMA_VERSION} "
            "and writes nothing to it"
        )
    _check_intact(db, path)


def _check_intact(db: "Database", path: Path) -> None:
    """Refuse to write into a damaged file: SQLite's quick_check over every page."""
    try:
        problems = [row[0] for row in db.execute("PRAGMA quick_check(3)").fetchall()]
    except sqlite3.DatabaseError as exc:
        if is_busy(exc):
            raise busy_error(path) from None
        problems = [str(exc)]
    if problems != ["ok"]:
        first = problems[0].replace("\n", " ")
        raise FilmregError(
            f"{path} is damaged ({first}); nothing was changed: restore a copy"
            + (", or run `filmreg db reset`" if path == _user_path() else "")
        )


def _user_path() -> Path:
    from filmreg.store.paths import user_database

    return user_database()


# Temporary databases carry their writer's process id: `.registry-new-1234-k3j4h5g6.db`.
_TEMP_NAME = re.compile(r"\.registry-(?:new-)?(\d+)-[a-z0-9_]{8}\.db(?:-journal|-wal|-shm)?")
# Named before they carried one; kept until they are clearly old.
_OLD_TEMP_NAME = re.compile(r"\.registry-(?:new-)?[a-z0-9_]{8}\.db(?:-journal|-wal|-shm)?")
_OLD_TEMP_AGE_S = 3600


def temp_prefix(kind: str = "") -> str:
    """The start of a temporary database's name: this process's id, so that a later write can
    tell a dead writer's leftovers from a live writer's file."""
    return f".registry-{kind}{os.getpid()}-"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but belongs to someone else
        return True
    return True


def remove_stale_temporaries(directory: Path) -> int:
    """Delete the temporary databases (and their journals) that killed writers left in
    `directory`; returns how many files went."""
    import time

    removed = 0
    try:
        names = [p for p in directory.iterdir() if p.name.startswith(".registry-")]
    except OSError:
        return 0
    for path in names:
        match = _TEMP_NAME.fullmatch(path.name)
        if match:
            stale = not _alive(int(match.group(1)))
        elif _OLD_TEMP_NAME.fullmatch(path.name):
            try:
                stale = time.time() - path.stat().st_mtime > _OLD_TEMP_AGE_S
            except OSError:
                continue
        else:
            continue
        if stale:
            try:
                path.unlink()
                removed += 1
            except FileNotFoundError:
                pass
            except OSError:
                continue
    return removed


def temp_beside(target: Path, kind: str = "") -> Path:
    """A new empty file beside `target`, named so the next write knows whose it was: the one
    way a database is made before it takes its final name (`os.replace` or a link), so that
    a crash or `kill -9` never leaves a half-written file under that name."""
    fd, name = tempfile.mkstemp(prefix=temp_prefix(kind), suffix=".db", dir=target.parent)
    os.close(fd)
    return Path(name)


def copy_database(source: Path, target: Path) -> None:
    """Copy a registry through SQLite's backup API into `target`, replacing it atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_beside(target)
    try:
        src = read_only(source)
        dst = sqlite3.connect(tmp)
        with dst:
            src.backup(dst)
        src.close()
        dst.close()
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def create_empty(path: Path) -> None:
    """Make `path` (a new file no one else uses yet) a registry with the current schema and
    the ISO 3166 countries, and no records."""
    from filmreg.store.countries import country_rows
    from filmreg.store.search_index import mark_keys_current

    db = _open(path)
    try:
        upgrade(db, path, backup=False)
        countries, aliases = country_rows()
        with db.atomic():
            db.table("countries").insert_all(countries)
            db.table("country_aliases").insert_all(aliases)
            mark_keys_current(db.conn)  # an empty index agrees with any folding rules
    finally:
        db.close()


def upgrade(db: "Database", path: Path, backup: bool = True) -> Path | None:
    """Apply pending migrations; first copy an existing database aside. Returns the copy."""
    from filmreg.store.migrations import adopt_untracked, migrations

    if not migrations.pending(db):
        return None
    db.execute("BEGIN IMMEDIATE")  # one upgrader at a time; the others then find nothing to do
    try:
        adopt_untracked(db)
        saved = None
        if migrations.pending(db) and backup:
            version = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            saved = path.with_name(f"{path.name}.schema{version[0] if version else 0}.bak")
            copy_database(path, saved)
        migrations.apply(db)
        db.execute("COMMIT")
    except BaseException:
        db.conn.rollback()
        raise
    return saved


def upgrade_in_memory(conn: sqlite3.Connection) -> None:
    """Apply pending migrations to a private in-memory copy (no backup: the file is untouched)."""
    import sqlite_utils

    upgrade(sqlite_utils.Database(conn), Path(":memory:"), backup=False)


def is_read_only(path: Path) -> bool:
    """Unwritable, or marked read-only (no write bit), which even root respects here."""
    return not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222


def _writable_dir(path: Path, location: DatabaseLocation) -> None:
    if not path.parent.is_dir():
        raise FilmregError(
            f"cannot create {path}: directory {path.parent} does not exist "
            f"(from {location.described})"
        )


def check_write_target(location: DatabaseLocation) -> None:
    """Refuse a target no write (nor a dry run of one) may change: the bundled registry, a
    directory, a missing file."""
    path = location.path
    if location.is_bundled or path.resolve() == bundled_database().resolve():
        raise FilmregError(
            f"{path} is the bundled registry, which is never written; "
            "write to your own database (the default) or name one with --db"
        )
    if path.is_dir():
        raise FilmregError(f"{path} is a directory, not a database (from {location.described})")
    if not path.exists():
        raise FilmregError(f"no database at {path} (from {location.described})")


@contextmanager
def open_for_write(location: DatabaseLocation, notices: list[str]) -> Iterator["Database"]:
    """The existing database to change, upgraded first if older; `notices` says what was done."""
    path = location.path
    check_write_target(location)
    if is_read_only(path):
        raise FilmregError(f"{path} is read-only; nothing was changed")
    db = _open(path)
    try:
        _check_is_registry(db, path)
        saved = upgrade(db, path)
        if saved:
            notices.append(f"upgraded {path} to the current schema; the old file is at {saved}")
        yield db
    except sqlite3.DatabaseError as exc:
        if is_busy(exc):
            raise busy_error(path) from None
        raise FilmregError(f"{path}: {exc}; nothing was changed") from None
    finally:
        db.close()


def new_database_file(location: DatabaseLocation) -> Path:
    """A temporary file beside `location` holding what a first write starts from: a copy of
    the bundled registry for your own database, else an empty registry."""
    path = location.path
    try:
        if location.is_user_database:
            path.parent.mkdir(parents=True, exist_ok=True)
        else:
            _writable_dir(path, location)
        tmp = temp_beside(path, "new-")
    except OSError as exc:
        raise FilmregError(
            f"cannot create {path}: {exc.strerror or exc} (from {location.described})"
        ) from None
    try:
        if location.is_user_database:
            copy_database(bundled_database(), tmp)
        else:
            create_empty(tmp)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def place_new(tmp: Path, target: Path) -> bool:
    """Give the finished file `tmp` the name `target`, unless another writer got there first."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        return False
    except OSError:
        # No hard links on this file system (FAT, some FUSE and network mounts): rename instead.
        # Between the check and the rename a racing first writer could still slip in; the link
        # above closes that window wherever links exist.
        if target.exists():
            return False
        os.replace(tmp, target)
    return True


def overwrite_database(source: Path, target: Path) -> None:
    """Make the existing database `target` a copy of `source`, in place and under its lock.

    SQLite's online backup API writes the pages into `target` itself: it waits for a live
    writer to finish, and a hot journal left by a dead one is rolled back first. Swapping the
    file instead would leave that journal to be "rolled back" into the new file, and a live
    writer would commit into a file no longer there.
    """
    dst = sqlite3.connect(target, timeout=registry_db.BUSY_TIMEOUT_S, isolation_level=None)
    try:
        try:
            # Waits behind a live writer (up to the timeout) and rolls back a hot journal.
            dst.execute("BEGIN IMMEDIATE")
            dst.execute("ROLLBACK")
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                raise busy_error(target) from None
            raise
        except sqlite3.DatabaseError:  # not a database at all: nothing to keep or to wait for
            dst.close()
            _replace_foreign_file(source, target)
            return
        src = read_only(source)
        try:
            src.backup(dst)  # holds the target's write lock for the whole copy
        finally:
            src.close()
    finally:
        dst.close()


def _replace_foreign_file(source: Path, target: Path) -> None:
    """`target` is no SQLite database, so no one can be using it: swap it for a copy, and drop
    a journal beside it, which belongs to no database we could roll it back into."""
    for suffix in ("-journal", "-wal", "-shm"):
        target.with_name(target.name + suffix).unlink(missing_ok=True)
    copy_database(source, target)


def replace_database(new: Path, target: Path) -> None:
    """Give the finished file `new` the name `target` (a build's output), byte for byte.

    Under `target`'s write lock: a live writer finishes first, and a hot journal a dead one
    left is rolled back into the old file, never into the new one. (A build's output is a
    release artefact that filmreg never writes; `overwrite_database` is for files in use.)
    """
    if not target.exists():
        os.replace(new, target)
        return
    old = sqlite3.connect(target, timeout=registry_db.BUSY_TIMEOUT_S, isolation_level=None)
    try:
        try:
            old.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                raise busy_error(target) from None
            raise
        except sqlite3.DatabaseError:  # not a database: its journal belongs to nothing
            for suffix in ("-journal", "-wal", "-shm"):
                target.with_name(target.name + suffix).unlink(missing_ok=True)
        os.replace(new, target)
    finally:
        old.close()


def reset(path: Path) -> None:
    """Replace the user's database with a fresh copy of the bundled registry."""
    overwrite_database(bundled_database(), path)
