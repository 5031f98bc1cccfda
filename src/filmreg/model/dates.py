"""Partial ISO 8601 dates: `2025`, `2025-12` or `2025-12-09`, and nothing else."""

import datetime as dt
import re
from typing import TypeGuard

_PARTIAL_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


def is_partial_date(value: object) -> TypeGuard[str]:
    if not isinstance(value, str) or not _PARTIAL_DATE.fullmatch(value):
        return False
    parts = [int(p) for p in value.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def date_floor(value: str) -> str:
    """The earliest full date a partial date may mean (`2025-12` -> `2025-12-01`)."""
    parts = value.split("-")
    return "-".join(parts + ["01"] * (3 - len(parts)))


def date_ceiling(value: str) -> str:
    """The latest full date a partial date may mean (`2025-12` -> `2025-12-31`)."""
    parts = value.split("-")
    if len(parts) == 1:
        return f"{parts[0]}-12-31"
    if len(parts) == 2:
        year, month = int(parts[0]), int(parts[1])
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        return (nxt - dt.timedelta(days=1)).isoformat()
    return value


def not_a_date(value: object) -> str:
    """The one wording of a bad date, for every message that reports one."""
    return f"{value!r} is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)"
