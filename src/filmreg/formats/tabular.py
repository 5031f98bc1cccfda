"""Writing rows as JSON and CSV safely: the pieces every export and every listing share."""

import csv
import json
from collections.abc import Iterable
from typing import Any, Protocol, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: object) -> object:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class CsvWriter(Protocol):
    """What `csv.writer` returns, as far as filmreg uses it."""

    def writerow(self, row: Iterable[Any], /) -> Any: ...

    def writerows(self, rows: Iterable[Iterable[Any]], /) -> None: ...


def csv_writer(stream: TextIO) -> CsvWriter:
    """The csv module's own dialect (RFC 4180: CRLF rows), which quotes every cell holding a
    delimiter, a quote, or a line break of either kind (a bare CR included)."""
    return csv.writer(stream)


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
