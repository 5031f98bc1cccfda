"""The Python API: everything the command line does, as calls that return plain dicts.

from filmreg.api import Registry
registry = Registry()                      # the bundled registry, or FILMREG_DB
registry.people(country="Uzbekistan", role="advisor")
"""

import sqlite3
from functools import cached_property
from pathlib import Path
from typing import Any

from filmreg.model.errors import FilmregError, UsageError
from filmreg.model.table import Table
from filmreg.model.vocabulary import COOPERATION_KINDS, EVENT_KINDS, ORGANIZATION_KINDS, ROLES
from filmreg.queries import lists as listings
from filmreg.store.countries import resolve_country
from filmreg.store.database import connect
from filmreg.store.paths import DatabaseLocation, resolve_database

LIST_SUBJECTS = ("agencies", "organizations", "people", "events", "cooperations", "countries")
# A name lookup (`show NAME`) accepts a prefix or a near miss only for this many letters or more.
MIN_LOOSE_LOOKUP = 3


class Registry:
    """A read-only view of one registry database."""

    def __init__(self, db: str | Path | None = None):
        self.location: DatabaseLocation = resolve_database(db)

    @cached_property
    def conn(self) -> sqlite3.Connection:
        return connect(self.location)

    def country_code(self, text: str | None, option: str = "--country") -> str | None:
        """The alpha-2 code of any country alias (`Turkey`, `TUR`, `792`, `Турция`)."""
        if text is None:
            return None
        if not text.strip():
            raise UsageError(f"{option} needs a country name or code")
        return resolve_country(self.conn, checked_text(text, option))

    def country_completions(self, incomplete: str) -> list[tuple[str, str]]:
        """(value, name) of the countries whose code or English name starts with `incomplete`
        (any case), those the registry has bodies for first. A value keeps the letters as
        typed, since a shell keeps only what starts with the typed word; names with spaces
        complete as their code (one shell word)."""
        typed = incomplete.casefold()
        found = []
        for code, name in self.conn.execute(
            """SELECT c.code, c.name FROM countries c
               ORDER BY NOT EXISTS (SELECT 1 FROM organizations o WHERE o.country = c.code),
                        c.code"""
        ):
            for candidate in (code, name) if " " not in name else (code,):
                if candidate.casefold().startswith(typed):
                    found.append((incomplete + candidate[len(incomplete) :], name))
                    break
        return found

    def listing(
        self,
        subject: str = "agencies",
        *,
        country: str | None = None,
        kind: str | None = None,
        role: str | None = None,
        limit: int | None = None,
        partner: str | None = None,
        missing: str | None = None,
    ) -> Table:
        listings.check_limit(limit)
        if subject not in LIST_SUBJECTS:
            raise UsageError(f"unknown list {subject!r} (choose from: {', '.join(LIST_SUBJECTS)})")
        if role is not None and subject != "people":
            raise UsageError("--role applies to `list people`")
        if role is not None and role not in ROLES:
            raise UsageError(f"unknown role {role!r} (choose from: {', '.join(sorted(ROLES))})")
        kinds = {
            "agencies": ORGANIZATION_KINDS,
            "organizations": ORGANIZATION_KINDS,
            "events": EVENT_KINDS,
            "cooperations": COOPERATION_KINDS,
        }.get(subject)
        if kind is not None and kinds is None:
            raise UsageError(
                "--kind applies to `list agencies`, `list events` and `list cooperations`"
            )
        if partner is not None and subject != "cooperations":
            raise UsageError("--partner applies to `list cooperations`")
        if missing is not None and subject != "countries":
            raise UsageError("--missing applies to `list countries`")
        if missing is not None and missing not in listings.COVERAGE_GAPS:
            gaps = ", ".join(listings.COVERAGE_GAPS)
            raise UsageError(f"unknown gap {missing!r} for --missing (choose from: {gaps})")
        if kind is not None and kind not in kinds:
            raise UsageError(f"unknown kind {kind!r} (choose from: {', '.join(sorted(kinds))})")
        code = self.country_code(country)
        if subject in ("agencies", "organizations"):
            return listings.list_organizations(self.conn, code, kind, limit)
        if subject == "people":
            return listings.list_people(self.conn, code, role, limit)
        if subject == "events":
            return listings.list_events(self.conn, code, kind, limit)
        if subject == "cooperations":
            partner_code = self.country_code(partner)
            if partner_code is not None and partner_code == code:
                raise UsageError("--partner must be another country than --country")
            return listings.list_cooperations(self.conn, code, partner_code, kind, limit)
        return listings.list_countries(self.conn, code, limit, missing)

    def search_listing(
        self,
        query: str,
        *,
        types: list[str] | None = None,
        country: str | None = None,
        role: str | None = None,
        limit: int | None = 20,
        raw: bool = False,
    ) -> Table:
        from filmreg.search.ranked import search

        checked_text(query, "the search query")
        listings.check_limit(limit)
        if role is not None and role not in ROLES:
            raise UsageError(f"unknown role {role!r} (choose from: {', '.join(sorted(ROLES))})")
        code = self.country_code(country)
        return search(self.conn, query, types=types, country=code, role=role, limit=limit, raw=raw)

    def search(self, query: str, **options: Any) -> list[dict[str, Any]]:
        """Ranked matches for `query` in any script: [{type, id, name, matched, match, ...}]."""
        return self.search_listing(query, **options).rows

    def show(self, target: str) -> dict[str, Any]:
        """The full record that `target` names: an id, a country, or an unambiguous name."""
        from filmreg.queries import show as records
        from filmreg.store.countries import alias_key

        checked_text(target, "the record to show")
        found = records.find_by_id(self.conn, target)
        if found is None and alias_key(target):
            try:
                found = ("country", resolve_country(self.conn, target))
            except UsageError:
                found = None
        if found is None:
            found = self._best_match(target)
        return records.record(self.conn, *found)

    def _best_match(self, target: str) -> tuple[str, str]:
        from filmreg.model.textkeys import loose_key

        hits = self.search(target, limit=5)
        key = loose_key(target)
        if len(key.replace(" ", "")) < MIN_LOOSE_LOOKUP:
            # One or two letters name nothing: only a whole name or acronym may match them
            # (`IT` may be an acronym; the `a` inside a long name is not a match).
            hits = [h for h in hits if loose_key(h["matched"]) == key]
        if not hits:
            raise FilmregError(f"no record matches {target!r}")
        top = hits[0]
        close = [h for h in hits if top["score"] - h["score"] < 0.1]
        if len(close) > 1:
            options = ", ".join(f"{h['id']} ({h['type']}: {h['name']})" for h in close)
            raise UsageError(f"{target!r} matches several records; name one by id: {options}")
        return top["type"], top["id"]

    def report(
        self,
        country: str,
        *,
        since: str | None = None,
        until: str | None = None,
        partner: str | None = None,
    ) -> dict[str, Any]:
        """What `country` does with whom, on what, and the sources (see README: report)."""
        from filmreg.queries.report import country_report

        _check_dates(since, until)
        code = self.country_code(country)
        partner_code = self.country_code(partner, "--partner")
        if partner_code is not None and partner_code == code:
            raise UsageError(f"--partner {partner} is the country of the report itself")
        return country_report(self.conn, code, since, until, partner_code)

    def network(
        self,
        *,
        country: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[dict[str, Any]]:
        """Every pair of countries with the number and kinds of links, strongest first."""
        from filmreg.queries.network import network_edges

        _check_dates(since, until)
        return network_edges(self.conn, since, until, self.country_code(country))

    def graph(self, fmt: str = "mermaid", *, country: str | None = None) -> str:
        """The network as Mermaid or DOT text."""
        from filmreg.formats import graph

        if fmt not in graph.GRAPH_FORMATS:
            choices = ", ".join(graph.GRAPH_FORMATS)
            raise UsageError(f"unknown graph format {fmt!r} (choose from: {choices})")
        edges = self.network(country=country)
        names = dict(self.conn.execute("SELECT code, name FROM countries").fetchall())
        return (graph.mermaid if fmt == "mermaid" else graph.dot)(edges, names)

    def organizations(self, **filters: Any) -> list[dict[str, Any]]:
        return self.listing("organizations", **filters).rows

    def people(self, **filters: Any) -> list[dict[str, Any]]:
        return self.listing("people", **filters).rows

    def events(self, **filters: Any) -> list[dict[str, Any]]:
        return self.listing("events", **filters).rows

    def countries(self, **filters: Any) -> list[dict[str, Any]]:
        return self.listing("countries", **filters).rows


def checked_text(text: str, what: str) -> str:
    """`text` if it is valid Unicode; an argument whose bytes are not UTF-8 arrives with lone
    surrogates, which no query can hold."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(f"{what} is not valid UTF-8 text") from None
    return text


def _check_dates(since: str | None, until: str | None) -> None:
    from filmreg.model.dates import date_ceiling, date_floor, is_partial_date

    for value in (since, until):
        if value is not None and not is_partial_date(value):
            raise UsageError(f"{value!r} is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)")
    if since is not None and until is not None and date_floor(since) > date_ceiling(until):
        raise UsageError(f"--since {since} is after --until {until}: the period is empty")
