"""`filmreg export`: the registry as records (JSON, JSON Lines), flat CSV tables, or Popolo.

Records come out in a fixed order (type, then id) with every field present (null when
unknown), so an export is stable: export, import into an empty database, export again gives
the same bytes.
"""

import csv
import io
import json
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from filmreg.dump import Dumper
from filmreg.errors import FilmregError
from filmreg.validate import TYPES, Record

FORMATS = ("json", "jsonl", "csv", "popolo")
# Tables written by `--format csv`: the registry's own tables, not the derived search index.
CSV_TABLES = (
    "sources",
    "topics",
    "organizations",
    "people",
    "names",
    "roles",
    "events",
    "participations",
    "event_topics",
    "cooperations",
    "cooperation_parties",
    "cooperation_topics",
    "memberships",
    "evidence",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def records(conn: sqlite3.Connection) -> Iterator[Record]:
    """Every record, `type` first, in export order."""
    dumper = Dumper(conn)
    for kind in TYPES:
        found = dumper.records(kind)
        for key in sorted(found):
            yield {"type": kind, **found[key]}


def write_document(conn: sqlite3.Connection, fmt: str, stream: TextIO) -> None:
    """Write the registry as `json` or `jsonl` records, or as a `popolo` document."""
    from filmreg.output import dump_json

    if fmt == "jsonl":
        for record in records(conn):
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif fmt == "popolo":
        from filmreg.popolo import as_popolo

        dump_json(as_popolo(conn), stream)
    else:
        dump_json(list(records(conn)), stream)


def neutralize(value: object) -> object:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _table_csv(conn: sqlite3.Connection, table: str) -> str:
    cur = conn.execute(
        f"SELECT * FROM {table} ORDER BY rowid"
        if table not in ("event_topics", "cooperation_topics")
        else f"SELECT * FROM {table} ORDER BY 1, 2"
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([d[0] for d in cur.description])
    for row in cur:
        writer.writerow([neutralize(v) for v in row])
    return out.getvalue()


def write_csv(conn: sqlite3.Connection, target: Path) -> list[str]:
    """Write one CSV per table into the directory `target`, or into a zip if it ends `.zip`."""
    tables = {f"{t}.csv": _table_csv(conn, t) for t in CSV_TABLES}
    curated = conn.execute(
        "SELECT country, alias, lang, note FROM country_aliases WHERE kind = 'curated' "
        "ORDER BY country, alias"
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["country", "alias", "lang", "note"])
    writer.writerows([[neutralize(v) for v in row] for row in curated])
    tables["country_aliases.csv"] = out.getvalue()
    if target.suffix.lower() == ".zip":
        if not target.parent.is_dir():
            raise FilmregError(f"cannot write {target}: directory {target.parent} does not exist")
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in tables.items():
                archive.writestr(name, text)
    else:
        if target.exists() and not target.is_dir():
            raise FilmregError(f"{target} is a file; give a directory or a .zip path for CSV")
        if not target.parent.is_dir():
            raise FilmregError(f"cannot write {target}: directory {target.parent} does not exist")
        target.mkdir(exist_ok=True)
        for name, text in tables.items():
            (target / name).write_text(text, encoding="utf-8")
    return list(tables)
