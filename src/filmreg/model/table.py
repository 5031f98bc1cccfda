"""What a list or a search returns: rows of plain dicts, and the order of their fields."""

from dataclasses import dataclass
from typing import Any

Row = dict[str, Any]


@dataclass(frozen=True)
class Table:
    """`subject` names the view (`organizations`, `people`, `search`, …) so that a renderer can
    find how to show it; the rows themselves carry no display hints."""

    subject: str
    rows: list[Row]
    fields: tuple[str, ...]
