"""One output layer for every command: table, JSON, JSON Lines, CSV and TSV.

Data goes to stdout, nothing else does. Text from the data is shown inertly: never parsed as
rich markup, and control characters (ANSI escapes, NULs) are made visible in tables and TSV.
"""

import csv
import json
import os
import re
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from filmreg.model.errors import UsageError
from filmreg.queries.lists import Listing

FORMATS = ("table", "json", "jsonl", "csv", "tsv")
# C0 and C1 controls, and the invisible bidirectional controls that reorder what follows.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def wants_colour(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def choose_format(fmt: str | None, as_json: bool, stream: TextIO) -> str:
    if as_json:
        if fmt not in (None, "json"):
            raise UsageError(f"--json conflicts with --format {fmt}")
        return "json"
    if fmt is None:
        return "table" if stream.isatty() else "tsv"
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r} (choose from: {', '.join(FORMATS)})")
    return fmt


def parse_fields(spec: str | None, available: Iterable[str]) -> list[str] | None:
    if spec is None:
        return None
    available = list(available)
    chosen = [name.strip() for name in spec.split(",") if name.strip()]
    if not chosen:
        raise UsageError("--fields needs at least one field name")
    for name in chosen:
        if name not in available:
            raise UsageError(f"unknown field {name!r} (choose from: {', '.join(available)})")
    return chosen


def visible(text: str) -> str:
    """`text` with control characters shown as escapes, safe to print on a terminal."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def neutralize(value: object) -> object:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_writer(stream: TextIO) -> Any:
    """The csv module's own dialect (RFC 4180: CRLF rows), which quotes every cell holding a
    delimiter, a quote, or a line break of either kind (a bare CR included)."""
    return csv.writer(stream)


def _cell(value: Any, flatten: Any = None) -> str:
    if value is None:
        return ""
    if flatten is not None:
        return flatten(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def dump_json(data: Any, stream: TextIO) -> None:
    """JSON on `stream`. An array is written one element per line, as sqlite-utils does: row by
    row, through the C encoder (indentation would take the pure-Python one, ten times slower);
    any other value is indented."""
    if isinstance(data, list):
        stream.write("[")
        for i, item in enumerate(data):
            stream.write((",\n " if i else "") + json.dumps(item, ensure_ascii=False))
        stream.write("]\n")
        return
    json.dump(data, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def render(
    listing: Listing,
    fmt: str,
    fields: list[str] | None,
    stream: TextIO | None = None,
    title: str | None = None,
) -> None:
    stream = stream or sys.stdout
    columns = fields or list(listing.table_fields if fmt == "table" else listing.fields)
    rows = [{name: row.get(name) for name in columns} for row in listing.rows]
    if fmt == "json":
        dump_json(rows, stream)
    elif fmt == "jsonl":
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv_writer(stream)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(
                [
                    neutralize(visible(_cell(row[name], listing.flatten.get(name))))
                    for name in columns
                ]
            )
    elif fmt == "tsv":
        stream.write("\t".join(columns) + "\n")
        for row in rows:
            cells = [visible(_cell(row[name], listing.flatten.get(name))) for name in columns]
            stream.write("\t".join(cells) + "\n")
    else:
        _render_table(listing, columns, rows, stream, title)


def _render_table(listing: Listing, columns: list[str], rows: list[dict], stream, title) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    colour = wants_colour(stream)
    console = Console(
        file=stream,
        force_terminal=colour,  # NO_COLOR, TERM=dumb: no escape codes at all, bold included
        no_color=not colour,
        highlight=False,
        markup=False,
        emoji=False,
        width=None if stream.isatty() else 200,
    )
    table = Table(title=title, show_lines=False, header_style="bold")
    for name in columns:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*(Text(visible(_cell(row[n], listing.flatten.get(n)))) for n in columns))
    console.print(table)
