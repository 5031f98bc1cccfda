"""The Python API: everything the command line does, as calls that return plain dicts.

from filmreg.api import Registry
registry = Registry()                      # the bundled registry, or FILMREG_DB
registry.people(country="Uzbekistan", role="advisor")
"""

import sqlite3
from functools import cached_property
from pathlib import Path
from typing import Any

from filmreg import listing
from filmreg.countries import resolve_country
from filmreg.db import connect
from filmreg.errors import UsageError
from filmreg.paths import DatabaseLocation, resolve_database
from filmreg.vocabulary import EVENT_KINDS, ORGANIZATION_KINDS, ROLES

LIST_SUBJECTS = ("agencies", "organizations", "people", "events", "countries")


class Registry:
    """A read-only view of one registry database."""

    def __init__(self, db: str | Path | None = None):
        self.location: DatabaseLocation = resolve_database(db)

    @cached_property
    def conn(self) -> sqlite3.Connection:
        return connect(self.location)

    def country_code(self, text: str | None) -> str | None:
        """The alpha-2 code of any country alias (`Turkey`, `TUR`, `792`, `Турция`)."""
        return resolve_country(self.conn, text) if text else None

    def listing(
        self,
        subject: str = "agencies",
        *,
        country: str | None = None,
        kind: str | None = None,
        role: str | None = None,
        limit: int | None = None,
    ) -> listing.Listing:
        listing.check_limit(limit)
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
        }.get(subject)
        if kind is not None and kinds is None:
            raise UsageError("--kind applies to `list agencies` and `list events`")
        if kind is not None and kind not in kinds:
            raise UsageError(f"unknown kind {kind!r} (choose from: {', '.join(sorted(kinds))})")
        code = self.country_code(country)
        if subject in ("agencies", "organizations"):
            return listing.list_organizations(self.conn, code, kind, limit)
        if subject == "people":
            return listing.list_people(self.conn, code, role, limit)
        if subject == "events":
            return listing.list_events(self.conn, code, kind, limit)
        return listing.list_countries(self.conn, code, limit)

    def organizations(self, **filters: Any) -> list[dict[str, Any]]:
        return self.listing("organizations", **filters).rows

    def people(self, **filters: Any) -> list[dict[str, Any]]:
        return self.listing("people", **filters).rows

    def events(self, **filters: Any) -> list[dict[str, Any]]:
        return self.listing("events", **filters).rows

    def countries(self, **filters: Any) -> list[dict[str, Any]]:
        return self.listing("countries", **filters).rows
