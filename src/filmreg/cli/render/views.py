"""How each list and the search results are shown in a table or TSV: which columns, how a
list-valued cell reads, and what to say when nothing matches. Queries return plain rows; the
presentation lives here."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Row = dict[str, Any]


@dataclass(frozen=True)
class View:
    table_fields: tuple[str, ...]
    flatten: dict[str, Callable[[Any], str]] = field(default_factory=dict)
    empty_hint: str = ""  # may name {query}


def _role_label(role: Row) -> str:
    title = role.get("title_en") or role["title"]
    where = role.get("organization") or role["organization_id"]
    return f"{title}, {where} ({role.get('held_as_of') or role['status']})"


VIEWS: dict[str, View] = {
    "organizations": View(
        table_fields=("id", "name", "kind", "country", "current_heads"),
        flatten={
            "current_heads": lambda heads: "; ".join(
                h["name"] + (f" ({h['held_as_of']})" if h.get("held_as_of") else "") for h in heads
            )
        },
        empty_hint="no organizations match",
    ),
    "people": View(
        table_fields=("id", "name", "other_names", "countries", "roles"),
        flatten={
            "other_names": "; ".join,
            "countries": "; ".join,
            "roles": lambda roles: "; ".join(_role_label(r) for r in roles),
        },
        empty_hint="no people match",
    ),
    "events": View(
        table_fields=("id", "name", "kind", "start_date", "city", "country", "participants"),
        flatten={"topics": "; ".join},
        empty_hint="no events match",
    ),
    "countries": View(
        table_fields=(
            "code",
            "name",
            "film_bodies",
            "head_known",
            "head_newest_source",
            "treaties",
            "memberships",
            "people",
            "cooperations",
        ),
        empty_hint="no countries with data match",
    ),
    "cooperations": View(
        table_fields=("kind", "title", "date", "in_force", "status", "countries"),
        flatten={
            "countries": "; ".join,
            "parties": lambda ps: "; ".join(p["organization"] or p["country"] for p in ps),
        },
        empty_hint="no cooperation matches",
    ),
    "search": View(
        table_fields=("type", "id", "name", "matched", "match", "score", "countries"),
        flatten={"countries": "; ".join},
        empty_hint="nothing matches {query!r}; try fewer words or another spelling",
    ),
}
