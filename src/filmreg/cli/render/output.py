"""One output layer for every command: table, JSON, JSON Lines, CSV and TSV.

Data goes to stdout, nothing else does. Text from the data is shown inertly: never parsed as
rich markup, and control characters (ANSI escapes, NULs) are made visible in tables and TSV.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from filmreg.formats.tabular import dump_json
from filmreg.model.table import Table

if TYPE_CHECKING:
    import rich.console
    import rich.table

    from filmreg.cli.render.views import View

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
    if fmt in ("json", "jsonl"):  # the stored fields as they are: no view needed
        columns = fields or list(table.fields)
        rows = [{name: row.get(name) for name in columns} for row in table.rows]
        if fmt == "json":
            dump_json(rows, stream)
        else:
            for row in rows:
                stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    from filmreg.cli.render.views import VIEWS

    view = VIEWS[table.subject]
    if fmt == "table" and fields is None and view.columns:
        _render_columns(view, table.rows, stream, title)
        return
    columns = fields or list(view.table_fields if fmt == "table" else table.fields)
    rows = [{name: row.get(name) for name in columns} for row in table.rows]
    if fmt == "csv":
        from filmreg.formats.tabular import csv_writer, neutralize

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
    if table.rows:
        return None
    from filmreg.cli.render.views import VIEWS

    return VIEWS[table.subject].empty_hint.format(**context)


def terminal_width(stream: TextIO) -> int | None:
    """None (rich measures the terminal) on a terminal; else $COLUMNS, or 200 when unset."""
    if stream.isatty():
        return None
    try:
        return max(40, int(os.environ.get("COLUMNS", "")))
    except ValueError:
        return 200


def _console(stream: TextIO) -> rich.console.Console:
    from rich.console import Console

    colour = wants_colour(stream)
    return Console(
        file=stream,
        force_terminal=colour,  # NO_COLOR, TERM=dumb: no escape codes at all, bold included
        no_color=not colour,
        highlight=False,
        markup=False,
        emoji=False,
        width=terminal_width(stream),
    )


def _rich_table(title: str | None) -> rich.table.Table:
    from rich import box
    from rich.table import Table

    return Table(title=title, box=box.SIMPLE_HEAD, header_style="bold", show_edge=False)


def _render_columns(
    view: View, rows: list[dict[str, Any]], stream: TextIO, title: str | None
) -> None:
    """The reading view: a few columns made for a person, one head or role per line."""
    from rich.text import Text

    table = _rich_table(title)
    for col in view.columns:
        table.add_column(
            col.header,
            ratio=1 if col.wide else None,
            no_wrap=col.no_wrap,
            overflow="fold",
            min_width=12 if col.wide else None,
        )
    for row in rows:
        table.add_row(*(Text(visible_lines(col.cell(row))) for col in view.columns))
    _console(stream).print(table)


def visible_lines(text: str) -> str:
    """`visible`, keeping the line breaks a cell is made of."""
    return "\n".join(visible(line) for line in text.split("\n"))


def _render_table(
    view: View, columns: list[str], rows: list[dict[str, Any]], stream: TextIO, title: str | None
) -> None:
    from rich.text import Text

    table = _rich_table(title)
    for name in columns:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*(Text(visible(_cell(row[n], view.flatten.get(n)))) for n in columns))
    _console(stream).print(table)
