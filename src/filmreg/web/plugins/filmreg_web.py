"""Datasette plugin for `filmreg serve`: SQL functions that let canned queries take a country
in any form and rank partners as `filmreg report` does, links from ids to their pages, and
the full record (posts, names, every fact's source and quote) on person and organization
pages. Loaded by Datasette from the plugins directory, never by the command line."""

import json
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from datasette import hookimpl as datasette_hookimpl
from markupsafe import Markup, escape

if TYPE_CHECKING:
    from filmreg.api import Registry

# Columns of canned queries whose values are ids of rows with a page of their own.
ROW_LINKS = {
    "person_id": "people",
    "body_id": "organizations",
    "organization_id": "organizations",
    "partner_body_id": "organizations",
}


Hook = TypeVar("Hook", bound=Callable[..., Any])


def hookimpl(function: Hook) -> Hook:
    """Datasette's hook marker (pluggy's, untyped), keeping the hook's own annotations."""
    return cast(Hook, datasette_hookimpl(function))


_local = threading.local()


def _registry(path: str) -> "Registry":
    """A Registry per thread and database: a SQLite connection stays in its thread."""
    from filmreg.api import Registry

    cache: dict[str, Registry] = _local.__dict__.setdefault("registries", {})
    if path not in cache:
        cache[path] = Registry(path)
    return cache[path]


def _path(datasette: Any, database: str) -> str | None:
    db = datasette.databases.get(database)
    path: str | None = getattr(db, "path", None)
    return path


def _country(path: str, text: str | None) -> str | None:
    """The alpha-2 code of any name or code of a country (None when unknown or empty)."""
    if not text or not text.strip():
        return None
    from filmreg.model.errors import FilmregError

    try:
        return _registry(path).country_code(text)
    except FilmregError:
        return None


def _partners(path: str, code: str | None) -> str:
    """A country's partners as JSON rows, ranked exactly as `filmreg report` ranks them."""
    if not code:
        return "[]"
    report = _registry(path).report(code)
    rows = [
        {
            "rank": p["rank"],
            "country": p["country"],
            "partner": p["name"],
            "explicit_score": p["explicit_score"],
            "score": p["score"],
            "links": ", ".join(f"{k} ×{n}" for k, n in p["kinds"].items()),
            "last_date": p["last_date"],
        }
        for p in report["partners"]
    ]
    return json.dumps(rows, ensure_ascii=False)


@hookimpl
def prepare_connection(conn: Any, database: str, datasette: Any) -> None:
    path = _path(datasette, database)
    if not path:
        return
    from filmreg.model.textkeys import loose_key

    conn.create_function("filmreg_key", 1, lambda text: loose_key(text or ""))
    conn.create_function("filmreg_country", 1, lambda text: _country(path, text))
    conn.create_function("filmreg_partners", 1, lambda code: _partners(path, code))


@hookimpl
def render_cell(value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    target = ROW_LINKS.get(column)
    if target and isinstance(value, str) and value and table != target:
        from datasette.utils import tilde_encode

        href = f"{datasette.urls.table(database, target)}/{tilde_encode(value)}"
        return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')
    if column in ("source_url", "url") and isinstance(value, str) and value.startswith("http"):
        return Markup(f'<a href="{escape(value)}" rel="nofollow">{escape(value)}</a>')
    return None


@hookimpl
def extra_template_vars(
    template: Any, database: str, table: str | None, view_name: str, request: Any, datasette: Any
) -> dict[str, Any]:
    if view_name != "row" or table not in ("people", "organizations") or request is None:
        return {}
    path = _path(datasette, database)
    pks = request.url_vars.get("pks")
    if not path or not pks:
        return {}
    from datasette.utils import tilde_decode

    from filmreg.queries import show

    registry = _registry(path)
    ident = tilde_decode(pks)
    kind = "person" if table == "people" else "organization"
    record: dict[str, Any] = show.record(registry.conn, kind, ident)
    return {"filmreg_record": _prepared(record), "filmreg_database": database}


def _prepared(record: dict[str, Any]) -> dict[str, Any]:
    """The record with its posts split into those held now and the earlier ones."""
    posts = record.get("roles") or record.get("people") or []
    english = next(
        (
            n["name"]
            for n in record.get("names", [])
            if n.get("lang") == "en" and n.get("kind") not in ("acronym", "former")
        ),
        None,
    )
    heads = [p for p in record.get("people", []) if p["role"] == "head"]
    return {
        **record,
        "english_name": english if english != record["name"] else None,
        "current_posts": [p for p in posts if p.get("status") == "current"],
        "earlier_posts": [p for p in posts if p.get("status") != "current"],
        "current_heads": [p for p in heads if p.get("status") == "current"],
    }
