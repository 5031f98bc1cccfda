"""Reading an import file into records: JSON (an array), JSON Lines, or flat CSV.

JSON and JSON Lines hold records in the registry's own format, each with a `type` (the shape
`filmreg export` writes). CSV holds flat rows: people with one role each (`person_id` column)
or organizations (`organization_id` column); `flat_records` merges them into full records.
Every record carries where it came from (`file: line 3`), for error messages.
"""

import copy
import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from filmreg.model.errors import FilmregError, UsageError
from filmreg.model.rules import FIELDS, ROLE_FIELDS, Record, RecordError
from filmreg.store.curation import Batch, LogEntry

FORMATS = ("json", "jsonl", "csv")
# The columns a role row may have, from the record rules (organization … status).
ROLE_COLUMNS = ROLE_FIELDS[ROLE_FIELDS.index("organization") : ROLE_FIELDS.index("status") + 1]
PEOPLE_CSV = (
    "person_id",
    "name",
    "note",
    "role_id",
    *ROLE_COLUMNS,
    "source",
    "locator",
    "quote",
)
ORGANIZATION_COLUMNS = tuple(
    f for f in FIELDS["organization"] if f not in ("id", "names", "evidence")
)
ORGANIZATIONS_CSV = ("organization_id", *ORGANIZATION_COLUMNS, "source", "locator", "quote")


class FlatRow:
    """One CSV row: where it came from, and its non-empty cells."""

    def __init__(self, where: str, cells: dict[str, str]):
        self.where = where
        self.cells = {k: v for k, v in cells.items() if v is not None and v.strip() != ""}


def read_text(path: str) -> tuple[str, str]:
    """The file's text and the name to show in messages (`<stdin>` for `-`)."""
    import sys

    if path == "-":
        data = sys.stdin.buffer.read()
        name = "<stdin>"
    else:
        name = path
        try:
            with open(path, "rb") as stream:  # a pipe or /dev/null reads like a file
                data = stream.read()
        except FileNotFoundError:
            raise FilmregError(f"{path}: no such file") from None
        except IsADirectoryError:
            raise FilmregError(f"{path} is a directory; give a file to import") from None
        except OSError as exc:
            raise FilmregError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    try:
        return data.decode("utf-8-sig"), name
    except UnicodeDecodeError as exc:
        raise FilmregError(f"{name}: not UTF-8 text (byte {exc.start})") from None


def detect_format(name: str, text: str, fmt: str | None) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise UsageError(f"unknown import format {fmt!r} (choose from: {', '.join(FORMATS)})")
        return fmt
    suffix = Path(name).suffix.lower()
    if suffix in (".json", ".jsonl", ".csv"):
        return suffix[1:]
    if suffix == ".ndjson":
        return "jsonl"
    start = text.lstrip()[:1]
    if start == "{":  # one record (perhaps over several lines) or JSON Lines
        try:
            json.loads(text)
            return "json"
        except (ValueError, RecursionError):  # parse_jsonl then says what is wrong
            return "jsonl"
    return "json" if start == "[" else "csv"


def _typed(where: str, item: Any) -> tuple[str, str, Record]:
    if not isinstance(item, dict):
        raise RecordError(f"{where}: expected a JSON object, got {type(item).__name__}")
    record = dict(item)
    kind = record.pop("type", None)
    record.pop("_draft", None)  # what `filmreg extract` notes for the reader: not a field
    if not isinstance(kind, str):
        raise RecordError(f"{where}: missing field 'type' (the record type, e.g. \"person\")")
    # A role without a status gets the one the store derives from the dates (filmreg.model.tenure).
    return where, kind, record


def _loads(where: str, text: str) -> Any:
    """Parse JSON; any failure, however deep or long the input, is a one-line RecordError."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        line = f"line {exc.lineno}: " if ": line " not in where else ""
        raise RecordError(f"{where}: {line}not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise RecordError(f"{where}: not valid JSON: arrays or objects nested too deeply") from None
    except ValueError as exc:  # e.g. a number of more digits than Python converts
        detail = str(exc).split(";")[0]
        raise RecordError(f"{where}: a number cannot be read ({detail})") from None
    _check_unicode(where, data)
    return data


def _check_unicode(where: str, data: Any) -> None:
    """Refuse text with lone surrogates (`"\\ud800"`): valid JSON, but not Unicode text."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            texts = [item]
        elif isinstance(item, dict):
            texts = list(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            texts = []
            stack.extend(item)
        else:
            continue
        for text in texts:
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as exc:
                bad = text[exc.start : exc.end].encode("unicode_escape").decode("ascii")
                raise RecordError(
                    f"{where}: text with a lone surrogate ({bad}) is not valid Unicode"
                ) from None


def parse_json(name: str, text: str) -> list[tuple[str, str, Record]]:
    data = _loads(name, text)
    if isinstance(data, dict):  # a single record
        data = [data]
    if not isinstance(data, list):
        raise RecordError(f"{name}: expected a JSON array of records (or one record)")
    return [_typed(f"{name}: record {i + 1}", item) for i, item in enumerate(data)]


def parse_jsonl(name: str, text: str) -> list[tuple[str, str, Record]]:
    located = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        item = _loads(f"{name}: line {number}", line)
        located.append(_typed(f"{name}: line {number}", item))
    return located


def parse_csv(name: str, text: str) -> tuple[str, list[FlatRow]]:
    """The CSV's kind (`people` or `organizations`) and its rows."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    if "person_id" in header:
        kind, allowed = "people", PEOPLE_CSV
    elif "organization_id" in header:
        kind, allowed = "organizations", ORGANIZATIONS_CSV
    else:
        raise RecordError(
            f"{name}: line 1: a CSV needs a person_id column (people with roles) or an "
            "organization_id column (organizations)"
        )
    twice = sorted({h for h in header if header.count(h) > 1})
    if twice:
        raise RecordError(f"{name}: line 1: column {twice[0]!r} appears twice")
    unknown = [h for h in header if h not in allowed]
    if unknown:
        raise RecordError(
            f"{name}: line 1: unknown column {unknown[0]!r} (allowed: {', '.join(allowed)})"
        )
    rows = []
    try:
        for row in reader:
            if None in row:
                raise RecordError(f"{name}: line {reader.line_num}: more cells than columns")
            rows.append(FlatRow(f"{name}: line {reader.line_num}", row))
    except csv.Error as exc:
        raise RecordError(f"{name}: line {reader.line_num}: {exc}") from None
    return kind, rows


def _cite(record: Record, cells: dict[str, str]) -> None:
    """Add the row's source to the record's evidence, unless it is already there."""
    cited = ("source", "locator", "quote")
    item = {name: cells.get(name) for name in cited} | {"fields": None}
    evidence = record.setdefault("evidence", [])
    if not any(all(e.get(n) == item[n] for n in cited) for e in evidence):
        evidence.append(item)


def flat_records(
    kind: str, rows: list[FlatRow], existing: dict[str, Record]
) -> list[tuple[str, str, Record]]:
    """Full records for CSV rows: each row updates the stored record (from `existing`) or a new
    one. Empty cells leave stored values alone; a role is added or replaced by its id."""
    records: dict[str, tuple[str, Record]] = {}
    for row in rows:
        c = row.cells
        key = c.get("person_id" if kind == "people" else "organization_id")
        if not key:
            raise RecordError(
                f"{row.where}: missing {'person_id' if kind == 'people' else 'organization_id'}"
            )
        where, record = records.get(key) or (
            row.where,
            copy.deepcopy(existing.get(key) or {"id": key}),
        )
        if kind == "people":
            for field in ("name", "note"):
                if field in c:
                    record[field] = c[field]
            _cite(record, c)
            if any(column in c for column in ROLE_COLUMNS):
                role: Record = {n: c.get(n) for n in ROLE_COLUMNS} | {
                    "id": c.get("role_id") or f"{key}/{c.get('organization')}/{c.get('role')}",
                    "source": c.get("source"),
                    "locator": c.get("locator"),
                    "quote": c.get("quote"),
                }
                roles = record.setdefault("roles", [])
                at = next((i for i, r in enumerate(roles) if r["id"] == role["id"]), None)
                old = roles[at] if at is not None else {}
                role = {k: (v if v is not None else old.get(k)) for k, v in role.items()}
                role["evidence"] = old.get("evidence") or []
                if at is None:
                    roles.append(role)
                else:
                    roles[at] = role
        else:
            for field in ORGANIZATION_COLUMNS:
                if field in c:
                    record[field] = c[field]
            _cite(record, c)
        records[key] = (where, record)
    type_name = "person" if kind == "people" else "organization"
    return [(where, type_name, record) for where, record in records.values()]


def file_batch(file: str, fmt: str | None = None) -> tuple[Batch, LogEntry]:
    """What importing `file` (a path, or `-` for stdin) merges, given the open database: JSON,
    JSON Lines or CSV, detected from the name or the content unless `fmt` says; and the edit
    log entry naming the file and its digest."""
    import hashlib

    text, name = read_text(file)
    log = LogEntry("import", name, hashlib.sha256(text.encode("utf-8")).hexdigest())
    return _text_batch(name, text, fmt), log


def _text_batch(name: str, text: str, fmt: str | None) -> Batch:
    from filmreg.store.dump import Dumper

    kind = detect_format(name, text, fmt)
    if not text.strip():  # /dev/null, an empty pipe: nothing to merge
        return lambda conn: []
    if kind == "csv":
        flat_kind, rows = parse_csv(name, text)
        type_name = "person" if flat_kind == "people" else "organization"
        key = "person_id" if flat_kind == "people" else "organization_id"
        ids = sorted({r.cells[key] for r in rows if key in r.cells})
        return lambda conn: flat_records(flat_kind, rows, Dumper(conn).records(type_name, ids))
    located = (parse_json if kind == "json" else parse_jsonl)(name, text)
    return lambda conn: located


def records_batch(records: Iterable[Any], name: str = "records") -> Batch:
    """What importing `records` (dicts in the import format, each with its `type`) merges."""
    located = [_typed(f"{name}: record {i + 1}", item) for i, item in enumerate(records)]
    return lambda conn: located
