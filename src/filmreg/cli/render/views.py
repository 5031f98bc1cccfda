"""How each list and the search results are shown in a table or TSV: which columns, how a
list-valued cell reads, and what to say when nothing matches. Queries return plain rows; the
presentation lives here.

A table on a terminal shows `columns`: a few cells made for reading (no ids, which `show`
does not need; names get the width; one role or head per line). `--fields` and the machine
formats show the stored fields as they are."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Row = dict[str, Any]
NO_HEAD = "no source names one"


@dataclass(frozen=True)
class Column:
    header: str
    cell: Callable[[Row], str]
    wide: bool = False  # takes the width that is left (names, titles)
    no_wrap: bool = False  # short codes that must not break


@dataclass(frozen=True)
class View:
    table_fields: tuple[str, ...]
    flatten: dict[str, Callable[[Any], str]] = field(default_factory=dict)
    empty_hint: str = ""  # may name {query}
    columns: tuple[Column, ...] = ()


def _role_label(role: Row) -> str:
    title = role.get("title_en") or role["title"]
    where = role.get("organization_en") or role.get("organization") or role["organization_id"]
    return f"{title}, {where} ({role.get('held_as_of') or role['status']})"


def _heads(row: Row) -> str:
    return "\n".join(h["name"] for h in row.get("current_heads") or []) or NO_HEAD


def _country_head(row: Row) -> str:
    if row.get("head_known"):
        return "known"
    return NO_HEAD if row.get("film_bodies") else "no body known"


def _lines(key: str) -> Callable[[Row], str]:
    return lambda row: "\n".join(row.get(key) or [])


def _text(key: str) -> Callable[[Row], str]:
    return lambda row: "" if row.get(key) is None else str(row[key])


VIEWS: dict[str, View] = {
    "organizations": View(
        table_fields=("id", "name", "kind", "country", "current_heads"),
        flatten={
            "current_heads": lambda heads: "; ".join(
                h["name"] + (f" ({h['held_as_of']})" if h.get("held_as_of") else "") for h in heads
            )
        },
        empty_hint="no organizations match",
        columns=(
            Column("body", lambda r: r.get("name_en") or r["name"], wide=True),
            Column("kind", _text("kind"), no_wrap=True),
            Column("country", _text("country"), no_wrap=True),
            Column("head now", _heads),
        ),
    ),
    "people": View(
        table_fields=("id", "name", "other_names", "countries", "roles"),
        flatten={
            "other_names": "; ".join,
            "countries": "; ".join,
            "roles": lambda roles: "; ".join(_role_label(r) for r in roles),
        },
        empty_hint="no people match",
        columns=(
            Column("name", _text("name")),
            Column("countries", lambda r: " ".join(r.get("countries") or []), no_wrap=True),
            Column(
                "roles",
                lambda r: "\n".join(_role_label(x) for x in r.get("roles") or []),
                wide=True,
            ),
        ),
    ),
    "events": View(
        table_fields=("id", "name", "kind", "start_date", "city", "country", "participants"),
        flatten={"topics": "; ".join},
        empty_hint="no events match",
        columns=(
            Column("event", _text("name"), wide=True),
            Column("kind", _text("kind")),
            Column("date", lambda r: r.get("start_date") or r.get("attested_on") or "", True),
            Column("place", lambda r: ", ".join(x for x in (r["city"], r["country"]) if x)),
            Column("people", _text("participants"), no_wrap=True),
        ),
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
        columns=(
            Column("code", _text("code"), no_wrap=True),
            Column("country", _text("name"), wide=True),
            Column("bodies", _text("film_bodies"), no_wrap=True),
            Column("head", _country_head),
            Column("newest", _text("head_newest_source"), no_wrap=True),
            Column("treaties", _text("treaties"), no_wrap=True),
            Column("member", _text("memberships"), no_wrap=True),
        ),
    ),
    "cooperations": View(
        table_fields=("kind", "title", "date", "in_force", "status", "countries"),
        flatten={
            "countries": "; ".join,
            "parties": lambda ps: "; ".join(p["organization"] or p["country"] for p in ps),
        },
        empty_hint="no cooperation matches",
        columns=(
            Column("title", _text("title"), wide=True),
            Column("kind", _text("kind")),
            Column("date", _text("date"), no_wrap=True),
            Column("countries", lambda r: " ".join(r.get("countries") or []), no_wrap=True),
        ),
    ),
    "search": View(
        table_fields=("type", "id", "name", "matched", "match", "score", "countries"),
        flatten={"countries": "; ".join},
        empty_hint="nothing matches {query!r}; try fewer words or another spelling",
        columns=(
            Column("name", _text("name"), wide=True),
            Column("type", _text("type"), no_wrap=True),
            Column("matched", lambda r: "" if r["matched"] == r["name"] else r["matched"] or ""),
            Column("countries", lambda r: " ".join(r.get("countries") or []), no_wrap=True),
        ),
    ),
}
