"""Changing the registry: imports, `db sync`, and the `add role` / `end role` edits.

Each change is one `BEGIN IMMEDIATE` transaction through `writer.merge`: validated as a whole,
written as a whole, or not at all.
"""

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filmreg.model.errors import FilmregError, OptionError, UsageError
from filmreg.model.rules import Record, RecordError
from filmreg.store.database import read_only
from filmreg.store.merge import Located, Outcome, merge
from filmreg.store.paths import DatabaseLocation, bundled_database, resolve_writable

Batch = Callable[[sqlite3.Connection], list[Located]]


@dataclass(frozen=True)
class LogEntry:
    """What an edit says of itself in `edit_log`: the action, the file it read and its digest,
    and a detail (a role id); the counts come from the merge."""

    action: str
    file: str | None = None
    sha256: str | None = None
    detail: str | None = None


def _now() -> str:
    import datetime as dt

    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def write_log(
    conn: sqlite3.Connection,
    entry: LogEntry,
    added: int | None,
    changed: int | None,
    removed: int | None,
) -> None:
    """One `edit_log` row, in the caller's open transaction."""
    conn.execute(
        """INSERT INTO edit_log (at, action, file, sha256, added, changed, removed, detail)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        (_now(), entry.action, entry.file, entry.sha256, added, changed, removed, entry.detail),
    )


def file_sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def change(
    db: str | Path | None,
    batch: Batch,
    dry_run: bool = False,
    mode: str = "import",
    log: LogEntry | None = None,
) -> tuple[Outcome, DatabaseLocation, list[str]]:
    """Merge the records `batch` makes (given the open database) into the write target, and
    write `log` to its `edit_log` in the same transaction."""
    notices: list[str] = []
    location = resolve_writable(db)
    if not dry_run:
        _tidy(location, notices)
    if dry_run and location.path.exists():
        return _dry_run(location, batch, mode), location, notices
    if not location.path.exists():
        if dry_run:
            return _dry_run_before_creation(location, batch, mode), location, notices
        outcome = _first_write(location, notices, batch, mode, log)
        if outcome is not None:
            return outcome, location, notices
        # Another writer created the file meanwhile: merge into theirs.
    return _change(location, notices, batch, dry_run, mode, log), location, notices


def _tidy(location: DatabaseLocation, notices: list[str]) -> None:
    """Remove what writers killed in this directory left behind (a first write's half-made
    database and journals)."""
    from filmreg.store.writable import remove_stale_temporaries

    if location.path.parent.is_dir():
        removed = remove_stale_temporaries(location.path.parent)
        if removed:
            notices.append(
                f"removed {removed} temporary file{'s' if removed > 1 else ''} that an "
                f"interrupted write left in {location.path.parent}"
            )


def _first_write(
    location: DatabaseLocation, notices: list[str], batch: Batch, mode: str, log: LogEntry | None
) -> Outcome | None:
    """Make the new database beside its final name, merge into it, then give it that name.

    A failure leaves nothing behind, and a racing first writer never loses its file: if the
    name is taken when ours is done, ours is dropped and None says to merge again.
    """
    from filmreg.store.writable import new_database_file, place_new

    tmp = new_database_file(location)
    try:
        outcome = _change(DatabaseLocation(tmp, location.reason), [], batch, False, mode, log)
        if not place_new(tmp, location.path):
            return None
    finally:
        tmp.unlink(missing_ok=True)
    if location.is_user_database:
        notices.append(f"created your own database at {location.path} from the bundled registry")
    else:
        notices.append(f"created a new registry at {location.path}")
    return outcome


def _dry_run_before_creation(location: DatabaseLocation, batch: Batch, mode: str) -> Outcome:
    """A dry run creates nothing: compare with the bundled registry that the first write
    would copy, or with an empty registry made in a temporary directory."""
    import tempfile

    from filmreg.store.writable import create_empty

    with tempfile.TemporaryDirectory(prefix="filmreg-dry-run-") as scratch:
        if location.is_user_database:
            path = bundled_database()
        else:
            if not location.path.parent.is_dir():
                raise FilmregError(
                    f"cannot create {location.path}: directory {location.path.parent} "
                    f"does not exist (from {location.described})"
                )
            path = Path(scratch) / "empty.db"
            create_empty(path)
        conn = read_only(path)
        try:
            return merge(conn, batch(conn), dry_run=True, mode=mode)
        finally:
            conn.close()


def _dry_run(location: DatabaseLocation, batch: Batch, mode: str) -> Outcome:
    """Compare with the database as it is, read-only: a dry run never writes a byte (an older
    schema is read through an upgraded copy in memory)."""
    from filmreg.store.database import connect
    from filmreg.store.writable import check_write_target

    check_write_target(location)
    conn = connect(location)
    conn.row_factory = None
    try:
        return merge(conn, batch(conn), dry_run=True, mode=mode)
    finally:
        conn.close()


def _change(
    location: DatabaseLocation,
    notices: list[str],
    batch: Batch,
    dry_run: bool,
    mode: str,
    log: "LogEntry | None" = None,
) -> Outcome:
    from filmreg.store.writable import open_for_write

    with open_for_write(location, notices) as database:
        outcome = change_connection(database.conn, batch, dry_run, mode, str(location.path), log)
    notices.extend(outcome.notes)
    return outcome


def change_connection(
    conn: sqlite3.Connection,
    batch: Batch,
    dry_run: bool = False,
    mode: str = "import",
    name: str = "the database",
    log: "LogEntry | None" = None,
) -> Outcome:
    """Merge `batch` into the registry open on `conn` (in autocommit mode), in one
    `BEGIN IMMEDIATE` transaction: all of it, or (on any error, or a dry run) none of it;
    `log` goes to the database's `edit_log` in the same transaction."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise FilmregError(
            f"{name} is busy ({exc}): another filmreg is writing; try again"
        ) from None
    try:
        outcome = merge(conn, batch(conn), dry_run=dry_run, mode=mode)
        if mode == "sync" and not dry_run:
            _remember_bundled(conn)
        if log is not None and not dry_run and (outcome.added or outcome.changed):
            # An edit that changes nothing leaves the file as it was, log included.
            write_log(conn, log, len(outcome.added), len(outcome.changed), 0)
        conn.execute("ROLLBACK" if dry_run else "COMMIT")
    except sqlite3.IntegrityError as exc:
        conn.execute("ROLLBACK")
        raise RecordError(f"a record breaks a database constraint: {exc}") from None
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return outcome


def _remember_bundled(conn: sqlite3.Connection) -> None:
    digest = _seed_digest(bundled_database())
    if digest:
        conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('seed_sha256', ?)", (digest,)
        )


def _seed_digest(path: Path) -> str | None:
    """The digest of the seed data a registry was built from or last synced with."""
    conn = read_only(path)
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'seed_sha256'").fetchone()
    finally:
        conn.close()
    return row[0] if row else None


def bundled_is_newer(path: Path) -> bool:
    """Whether the bundled registry was built from other seed data than `path` last took in."""
    try:
        return _seed_digest(path) != _seed_digest(bundled_database())
    except sqlite3.DatabaseError:
        return False


def bundled_records(conn: sqlite3.Connection) -> list[Located]:
    """Every record of the bundled registry, for `db sync`."""
    from filmreg.store.dump import records

    bundled = read_only(bundled_database())
    try:
        out = []
        for i, record in enumerate(records(bundled)):
            kind = record.pop("type")
            out.append((f"bundled registry: record {i + 1}", kind, record))
        return out
    finally:
        bundled.close()


def _person_of_role(conn: sqlite3.Connection, role_id: str) -> str:
    row = conn.execute("SELECT person_id FROM roles WHERE id = ?", (role_id,)).fetchone()
    if row is None:
        raise UsageError(f"no role with id {role_id!r} (see `filmreg show PERSON`)")
    person: str = row[0]
    return person


def add_role_batch(person: str, name: str | None, role: Record, cited: Record) -> Batch:
    """A person took a post: the role joins the person's record (made if `name` is given)."""
    from filmreg.store.dump import Dumper

    def batch(conn: sqlite3.Connection) -> list[Located]:
        record = Dumper(conn).records("person", [person]).get(person)
        if record is None:
            if not name:
                raise OptionError(
                    "no person with id {person!r}; give {name} to add them with this role",
                    "name",
                    person=person,
                )
            record = {"id": person, "name": name, "names": [], "evidence": [], "roles": []}
        if any(r["id"] == role["id"] for r in record["roles"]):
            raise UsageError(f"{person!r} already has a role with id {role['id']!r}")
        if not any(all(e.get(k) == v for k, v in cited.items()) for e in record["evidence"]):
            record["evidence"].append({**cited, "fields": None})
        record["roles"].append({**role, **cited, "evidence": []})
        return [("add role", "person", record)]

    return batch


def end_role_batch(role_id: str, end_date: str, cited: Record) -> Batch:
    """A mandate ended: the role gets its end date, status `ended`, and the source for both."""
    from filmreg.model.dates import date_floor
    from filmreg.store.dump import Dumper

    def batch(conn: sqlite3.Connection) -> list[Located]:
        person = _person_of_role(conn, role_id)
        record = Dumper(conn).records("person", [person])[person]
        role = next(r for r in record["roles"] if r["id"] == role_id)
        if role["status"] == "ended" and role["end_date"] == end_date:
            return [("end role", "person", record)]  # already recorded: nothing changes
        if role["status"] == "ended":
            raise UsageError(
                f"role {role_id!r} already ended on {role['end_date'] or 'an unknown date'}"
            )
        start = role.get("start_date")
        if start and date_floor(end_date) < date_floor(start):
            raise UsageError(f"end date {end_date} is before the role's start date {start}")
        role.update(end_date=end_date, status="ended")
        role["evidence"].append({**cited, "fields": ["end_date", "status"]})
        return [("end role", "person", record)]

    return batch


LOG_COLUMNS = ("at", "action", "file", "sha256", "added", "changed", "removed", "detail")


def reset_logged(path: Path) -> None:
    """`db reset`: the file becomes a copy of the bundled registry again; its edit log is
    carried over, and the reset itself is the log's last entry."""
    from filmreg.store.writable import open_for_write, reset

    kept: list[tuple[Any, ...]] = []
    try:
        conn = read_only(path)
        try:
            if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'edit_log'").fetchone():
                kept = conn.execute(
                    f"SELECT {', '.join(LOG_COLUMNS)} FROM edit_log ORDER BY id"
                ).fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        kept = []  # a damaged file: nothing of it to carry over
    reset(path)
    bundled = bundled_database()
    with open_for_write(DatabaseLocation(path, "your own database"), []) as database:
        conn = database.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany(
                f"INSERT INTO edit_log ({', '.join(LOG_COLUMNS)}) VALUES ({', '.join('?' * 8)})",
                kept,
            )
            write_log(
                conn, LogEntry("db reset", str(bundled), file_sha256(bundled)), None, None, None
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def edit_log(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The database's edit log, oldest first (empty for a database that was never edited)."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'edit_log'").fetchone():
        return []
    rows = conn.execute(f"SELECT id, {', '.join(LOG_COLUMNS)} FROM edit_log ORDER BY id")
    return [dict(zip(("id", *LOG_COLUMNS), row, strict=True)) for row in rows]
