"""`filmreg export`: the registry as records (JSON, JSON Lines), flat CSV tables, or Popolo.

Records come out in a fixed order (type, then id) with every field present (null when
unknown), so an export is stable: export, import into an empty database, export again gives
the same bytes.
"""

import io
import json
import os
import sqlite3
import stat
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from filmreg.formats.tabular import csv_writer, neutralize
from filmreg.model import progress
from filmreg.model.errors import FilmregError
from filmreg.store.dump import records
from filmreg.store.tables import RECORD_TABLES

FORMATS = ("json", "jsonl", "csv", "popolo")
# Tables written by `--format csv`: the records' own tables, not the derived ones.
CSV_TABLES = RECORD_TABLES


def write_document(conn: sqlite3.Connection, fmt: str, stream: TextIO) -> None:
    """Write the registry as `json` or `jsonl` records, or as a `popolo` document."""
    from filmreg.formats.tabular import dump_json

    if fmt == "popolo":
        from filmreg.formats.popolo import as_popolo

        progress.begin("exporting", None)
        dump_json(as_popolo(conn), stream)
        return
    progress.begin("exporting records", _count(conn))
    if fmt == "jsonl":
        for record in records(conn):
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            progress.advance()
    else:
        dump_json([_counted(r) for r in records(conn)], stream)


def _counted(record: dict[str, Any]) -> dict[str, Any]:
    progress.advance()
    return record


def _count(conn: sqlite3.Connection) -> int:
    """How many records an export writes (for the progress bar)."""
    from filmreg.model.rules import ID_TABLES

    counts = [f"(SELECT count(*) FROM {table})" for table in ID_TABLES.values()]
    counts.append("(SELECT count(*) FROM country_aliases WHERE kind = 'curated')")
    total: int = conn.execute("SELECT " + " + ".join(counts)).fetchone()[0]
    return total


def _table_csv(conn: sqlite3.Connection, table: str) -> str:
    cur = conn.execute(
        f"SELECT * FROM {table} ORDER BY rowid"
        if table not in ("event_topics", "cooperation_topics")
        else f"SELECT * FROM {table} ORDER BY 1, 2"
    )
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow([d[0] for d in cur.description])
    for row in cur:
        writer.writerow([neutralize(v) for v in row])
    return out.getvalue()


def check_target(target: Path, database: Path) -> None:
    """Refuse an output path that is the database being read (or a link to it), and one in a
    directory that does not exist."""
    same = target.resolve() == database.resolve()
    if not same and target.exists():
        try:
            same = target.samefile(database)
        except OSError:
            same = False
    if same:
        raise FilmregError(
            f"cannot write {target}: it is the database being read; give another --output"
        )
    if not target.parent.is_dir():
        raise FilmregError(f"cannot write {target}: directory {target.parent} does not exist")


def write_file(target: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write `target` whole or not at all: into a file beside it, renamed over it when done.

    A device or a pipe (`/dev/stdout`, `/dev/full`) is written directly: it cannot be renamed
    over, and there is no old content to lose.
    """
    try:
        if target.exists() and not target.is_file() and not target.is_dir():
            with open(target, "wb") as out:
                write(out)
            return
        if target.is_dir():
            raise FilmregError(f"cannot write {target}: it is a directory; give a file name")
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                write(out)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, _mode_for(target))
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise FilmregError(f"cannot write {target}: {exc.strerror or exc}") from None


def _bytes_writer(data: bytes) -> Callable[[BinaryIO], None]:
    """A `write_file` callback that writes `data`."""

    def write(out: BinaryIO) -> None:
        out.write(data)

    return write


def _mode_for(target: Path) -> int:
    """The permissions a new file would get (or the replaced file's own)."""
    if target.exists():
        return stat.S_IMODE(target.stat().st_mode)
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_text_file(target: Path, write: Callable[[TextIO], None]) -> None:
    def as_text(out: BinaryIO) -> None:
        text = io.TextIOWrapper(out, encoding="utf-8", newline="")
        write(text)
        text.flush()
        text.detach()

    write_file(target, as_text)


def write_csv(conn: sqlite3.Connection, target: Path) -> list[str]:
    """Write one CSV per table into the directory `target`, or into a zip if it ends `.zip`."""
    progress.begin("exporting tables", len(CSV_TABLES))
    tables = {}
    for t in CSV_TABLES:
        tables[f"{t}.csv"] = _table_csv(conn, t)
        progress.advance()
    curated = conn.execute(
        "SELECT country, alias, lang, note FROM country_aliases WHERE kind = 'curated' "
        "ORDER BY country, alias"
    )
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["country", "alias", "lang", "note"])
    writer.writerows([[neutralize(v) for v in row] for row in curated])
    tables["country_aliases.csv"] = out.getvalue()
    if not target.parent.is_dir():
        raise FilmregError(f"cannot write {target}: directory {target.parent} does not exist")
    if target.suffix.lower() == ".zip":

        def zipped(stream: BinaryIO) -> None:
            with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, text in tables.items():
                    archive.writestr(name, text)

        write_file(target, zipped)
    else:
        if target.exists() and not target.is_dir():
            raise FilmregError(f"{target} is a file; give a directory or a .zip path for CSV")
        try:
            target.mkdir(exist_ok=True)
        except OSError as exc:
            raise FilmregError(f"cannot write {target}: {exc.strerror or exc}") from None
        for name, text in tables.items():
            data = text.encode("utf-8")
            write_file(target / name, _bytes_writer(data))
    return list(tables)
