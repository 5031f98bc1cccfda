"""One output layer for every command: table, JSON, JSON Lines, CSV and TSV.

Data goes to stdout, nothing else does. Text from the data is shown inertly: never parsed as
rich markup, and control characters (ANSI escapes, NULs) are made visible in tables and TSV.
"""

import json
import os
import re
import sys
from collections.abc import Callable
from typing import Any, TextIO

from filmreg.cli.render.views import VIEWS, View
from filmreg.formats.tabular import csv_writer, dump_json, neutralize
from filmreg.model.table import Table

FORMATS = ("table", "json", "jsonl", "csv", "tsv")
# C0 and C1 controls, and the invisible bidirectional controls that reorder what follows.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def wants_colour(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def visible(text: str) -> str:
    """`text` with control characters shown as escapes, safe to print on a terminal."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _cell(value: Any, flatten: Callable[[Any], str] | None = None) -> str:
    if value is None:
        return ""
    if flatten is not None:
        return flatten(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def render(
    table: Table,
    fmt: str,
    fields: list[str] | None,
    stream: TextIO | None = None,
    title: str | None = None,
) -> None:
    stream = stream or sys.stdout
    view = VIEWS[table.subject]
    columns = fields or list(view.table_fields if fmt == "table" else table.fields)
    rows = [{name: row.get(name) for name in columns} for row in table.rows]
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
                [neutralize(visible(_cell(row[name], view.flatten.get(name)))) for name in columns]
            )
    elif fmt == "tsv":
        stream.write("\t".join(columns) + "\n")
        for row in rows:
            cells = [visible(_cell(row[name], view.flatten.get(name))) for name in columns]
            stream.write("\t".join(cells) + "\n")
    else:
        _render_table(view, columns, rows, stream, title)


def empty_hint(table: Table, **context: Any) -> str | None:
    """What to tell a person on a terminal when `table` has no rows (None when it has some)."""
    return None if table.rows else VIEWS[table.subject].empty_hint.format(**context)


def _render_table(
    view: View, columns: list[str], rows: list[dict[str, Any]], stream: TextIO, title: str | None
) -> None:
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
        table.add_row(*(Text(visible(_cell(row[n], view.flatten.get(n)))) for n in columns))
    console.print(table)
