"""Build `registry.db` from `seed/`, deterministically: the same seed gives the same database.

The build makes an empty registry (the schema and the ISO 3166 countries) in a temporary file
beside the target, merges the seed records into it exactly as `filmreg import` would, and
replaces the target only once everything is written and checked.
"""

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from filmreg.formats.seed import load_seed, seed_files
from filmreg.model.errors import BuildError
from filmreg.store.tables import DERIVED_TABLES, RECORD_TABLES

if TYPE_CHECKING:
    from filmreg.store.merge import Located


def seed_digest(seed_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in seed_files(seed_dir):
        name = path.relative_to(seed_dir).as_posix()
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


SUMMARY_TABLES = (*RECORD_TABLES, *DERIVED_TABLES)


def write_registry(target: Path, located: list["Located"], seed_sha256: str) -> dict[str, int]:
    """A new registry at `target` holding the records `located`; returns row counts by table.

    The file is made beside `target` and replaces it only once committed and compacted, so a
    failure or an interruption leaves `target` as it was.
    """
    import sqlite3

    from filmreg.store.merge import merge
    from filmreg.store.writable import create_empty, replace_database, temp_beside

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_beside(target)
    try:
        create_empty(tmp)
        conn = sqlite3.connect(tmp, isolation_level=None)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN IMMEDIATE")
        merge(conn, located, mode="build")
        conn.execute("INSERT INTO meta (key, value) VALUES ('seed_sha256', ?)", (seed_sha256,))
        # Migration timestamps would make two builds of one seed differ.
        conn.execute("UPDATE _sqlite_migrations SET applied_at = 'at build'")
        conn.execute("COMMIT")
        counts = {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in SUMMARY_TABLES
        }
        conn.execute("VACUUM")
        conn.close()
        tmp.chmod(0o644)
        replace_database(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return counts


def build(seed_dir: Path, target: Path) -> dict[str, int]:
    """Validate `seed_dir` and write the registry to `target`; returns row counts by table."""
    import sqlite3

    from filmreg.model.rules import RecordError

    located = load_seed(seed_dir)
    try:
        return write_registry(target, located, seed_digest(seed_dir))
    except RecordError as exc:
        raise BuildError(str(exc)) from None
    except sqlite3.IntegrityError as exc:
        raise BuildError(f"the seed breaks a database constraint: {exc}") from None
