"""Read and check the curated TOML files in `seed/`.

Every check that a reviewer would otherwise do by eye happens here, so that a bad record stops
the build with a message naming the file and the record: an unknown country or reference, a
fact without a source, a malformed date, a value outside a controlled list.
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filmreg.dates import is_partial_date
from filmreg.errors import BuildError
from filmreg.vocabulary import (
    CAPACITIES,
    COOPERATION_KINDS,
    EVENT_KINDS,
    NAME_KINDS,
    ORGANIZATION_KINDS,
    PARTY_ROLES,
    ROLE_STATUSES,
    ROLES,
    SOURCE_KINDS,
)

SEED_FILES = (
    "sources.toml",
    "countries.toml",
    "topics.toml",
    "organizations.toml",
    "people.toml",
    "events.toml",
    "cooperations.toml",
)

Record = dict[str, Any]


@dataclass
class Seed:
    """The seed as plain records, keyed by table, after validation."""

    sources: list[Record] = field(default_factory=list)
    aliases: list[Record] = field(default_factory=list)
    topics: list[Record] = field(default_factory=list)
    organizations: list[Record] = field(default_factory=list)
    people: list[Record] = field(default_factory=list)
    events: list[Record] = field(default_factory=list)
    cooperations: list[Record] = field(default_factory=list)


class _Checker:
    """Checks one record; every message names the file and the record."""

    def __init__(self, file: str, table: str, index: int, record: Any):
        self.file, self.record = file, record
        ident = record.get("id") if isinstance(record, dict) else None
        self.where = f"{file}: {table} #{index + 1}" + (f" ({ident})" if ident else "")
        if not isinstance(record, dict):
            self.fail("expected a table of fields")

    def fail(self, message: str) -> None:
        raise BuildError(f"{self.where}: {message}")

    def allowed(self, *names: str, record: Record | None = None) -> None:
        unknown = sorted(set(record if record is not None else self.record) - set(names))
        if unknown:
            self.fail(f"unknown field {unknown[0]!r} (allowed: {', '.join(names)})")

    def text(self, name: str, required: bool = False, record: Record | None = None) -> None:
        value = (record if record is not None else self.record).get(name)
        if value is None:
            if required:
                self.fail(f"missing required field {name!r}")
            return
        if not isinstance(value, str) or not value.strip():
            self.fail(f"field {name!r} must be non-empty text, got {value!r}")

    def choice(self, name: str, choices: set[str], record: Record | None = None) -> None:
        value = (record if record is not None else self.record).get(name)
        if value not in choices:
            self.fail(f"{name} {value!r} is not one of: {', '.join(sorted(choices))}")

    def date(self, name: str, record: Record | None = None) -> None:
        value = (record if record is not None else self.record).get(name)
        if value is not None and not is_partial_date(value):
            self.fail(f"{name} {value!r} is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)")

    def ref(self, name: str, known: set[str], what: str, record: Record | None = None) -> None:
        value = (record if record is not None else self.record).get(name)
        if value is not None and value not in known:
            self.fail(f"{name} {value!r} is not a known {what}")

    def items(self, name: str) -> list[Record]:
        value = self.record.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(f"field {name!r} must be a list of tables")
        return value


class _Validator:
    def __init__(self, countries: set[str]):
        self.countries = countries
        self.ids: dict[str, set[str]] = {}

    def known(self, table: str) -> set[str]:
        return self.ids.setdefault(table, set())

    def claim_id(self, check: _Checker, table: str) -> str:
        check.text("id", required=True)
        ident = check.record["id"]
        if ident in self.known(table):
            check.fail(f"duplicate id {ident!r}")
        self.known(table).add(ident)
        return ident

    def evidence(self, check: _Checker, required: bool = True, fields: set[str] = frozenset()):
        items = check.items("evidence")
        if required and not items:
            check.fail("no evidence: every fact needs at least one source")
        for item in items:
            check.allowed("source", "locator", "fields", record=item)
            self.cited(check, item)
            for name in item.get("fields", []):
                if name not in fields:
                    check.fail(f"evidence names field {name!r}, which this record does not have")

    def cited(self, check: _Checker, item: Record) -> None:
        if "source" not in item:
            check.fail("no source: every fact needs one")
        check.ref("source", self.known("sources"), "source", record=item)
        check.text("locator", required=True, record=item)

    def names(self, check: _Checker, sourced: bool = True) -> None:
        for item in check.items("names"):
            check.allowed("name", "lang", "kind", "script", "source", "locator", record=item)
            check.text("name", required=True, record=item)
            check.text("lang", required=True, record=item)
            check.choice("kind", NAME_KINDS, record=item)
            if sourced:
                self.cited(check, item)


def _load(seed_dir: Path, file: str) -> dict[str, Any]:
    path = seed_dir / file
    if not path.exists():
        raise BuildError(f"{path}: seed file is missing")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise BuildError(f"{file}: not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise BuildError(f"{file}: not UTF-8 text") from None


def _records(data: dict[str, Any], file: str, key: str) -> list[Any]:
    unknown = sorted(set(data) - {key})
    if unknown:
        raise BuildError(f"{file}: unknown table {unknown[0]!r} (expected [[{key}]])")
    records = data.get(key, [])
    if not isinstance(records, list):
        raise BuildError(f"{file}: {key} must be an array of tables ([[{key}]])")
    return records


def load_seed(seed_dir: Path, countries: set[str]) -> Seed:
    """Load every seed file and validate it against itself and the known `countries`."""
    if not seed_dir.is_dir():
        raise BuildError(f"{seed_dir}: no seed directory there")
    seed = Seed()
    v = _Validator(countries)
    files = {file: _load(seed_dir, file) for file in SEED_FILES}

    for i, rec in enumerate(_records(files["sources.toml"], "sources.toml", "source")):
        c = _Checker("sources.toml", "source", i, rec)
        c.allowed(
            "id",
            "label",
            "title",
            "publisher",
            "published",
            "url",
            "language",
            "kind",
            "local_copy",
            "note",
        )
        v.claim_id(c, "sources")
        c.text("label", required=True)
        c.choice("kind", SOURCE_KINDS)
        c.date("published")
        seed.sources.append(rec)

    for i, rec in enumerate(_records(files["countries.toml"], "countries.toml", "alias")):
        c = _Checker("countries.toml", "alias", i, rec)
        c.allowed("country", "alias", "lang", "note")
        c.text("alias", required=True)
        c.ref("country", countries, "ISO 3166-1 alpha-2 country code")
        c.text("country", required=True)
        seed.aliases.append(rec)

    for i, rec in enumerate(_records(files["topics.toml"], "topics.toml", "topic")):
        c = _Checker("topics.toml", "topic", i, rec)
        c.allowed("id", "name", "description", "names")
        v.claim_id(c, "topics")
        c.text("name", required=True)
        v.names(c, sourced=False)
        seed.topics.append(rec)

    orgs = _records(files["organizations.toml"], "organizations.toml", "organization")
    org_fields = (
        "id",
        "name",
        "kind",
        "country",
        "parent",
        "acronym",
        "website",
        "founded",
        "legal_form",
        "note",
        "names",
        "evidence",
    )
    for i, rec in enumerate(orgs):  # ids first: parents may come later in the file
        v.claim_id(_Checker("organizations.toml", "organization", i, rec), "organizations")
    for i, rec in enumerate(orgs):
        c = _Checker("organizations.toml", "organization", i, rec)
        c.allowed(*org_fields)
        c.text("name", required=True)
        c.choice("kind", ORGANIZATION_KINDS)
        c.ref("country", countries, "ISO 3166-1 alpha-2 country code")
        c.ref("parent", v.known("organizations"), "organization")
        if rec.get("parent") == rec["id"]:
            c.fail("an organization cannot be its own parent")
        c.date("founded")
        v.names(c)
        v.evidence(c, fields=set(org_fields))
        seed.organizations.append(rec)

    role_fields = (
        "id",
        "organization",
        "role",
        "title",
        "title_lang",
        "title_en",
        "start_date",
        "end_date",
        "attested_on",
        "status",
        "source",
        "locator",
        "note",
        "evidence",
    )
    people = _records(files["people.toml"], "people.toml", "person")
    for i, rec in enumerate(people):
        c = _Checker("people.toml", "person", i, rec)
        c.allowed("id", "name", "note", "names", "evidence", "role")
        v.claim_id(c, "people")
        c.text("name", required=True)
        v.names(c)
        v.evidence(c)
        for role in c.items("role"):
            rc = _Checker("people.toml", f"person {rec['id']} role", 0, role)
            rc.allowed(*role_fields)
            v.claim_id(rc, "roles")
            rc.ref("organization", v.known("organizations"), "organization")
            rc.text("organization", required=True)
            rc.choice("role", ROLES)
            rc.text("title", required=True)
            rc.choice("status", ROLE_STATUSES)
            for name in ("start_date", "end_date", "attested_on"):
                rc.date(name)
            if role.get("status") == "current" and role.get("end_date"):
                rc.fail("status 'current' contradicts end_date")
            v.cited(rc, role)
            v.evidence(rc, required=False, fields=set(role_fields))
        seed.people.append(rec)

    events = _records(files["events.toml"], "events.toml", "event")
    event_fields = (
        "id",
        "name",
        "kind",
        "parent",
        "start_date",
        "end_date",
        "venue",
        "city",
        "country",
        "organizer",
        "note",
        "names",
        "evidence",
        "topics",
        "participations",
    )
    for i, rec in enumerate(events):
        v.claim_id(_Checker("events.toml", "event", i, rec), "events")
    for i, rec in enumerate(events):
        c = _Checker("events.toml", "event", i, rec)
        c.allowed(*event_fields)
        c.text("name", required=True)
        c.choice("kind", EVENT_KINDS)
        c.ref("parent", v.known("events"), "event")
        c.ref("country", countries, "ISO 3166-1 alpha-2 country code")
        c.ref("organizer", v.known("organizations"), "organization")
        c.date("start_date")
        c.date("end_date")
        v.names(c)
        v.evidence(c, fields=set(event_fields))
        for item in c.items("topics"):
            c.allowed("topic", "source", "locator", record=item)
            c.ref("topic", v.known("topics"), "topic", record=item)
            c.text("topic", required=True, record=item)
            v.cited(c, item)
        for item in c.items("participations"):
            c.allowed(
                "person", "capacity", "organization", "date", "source", "locator", record=item
            )
            c.text("person", required=True, record=item)
            c.ref("person", v.known("people"), "person", record=item)
            c.choice("capacity", CAPACITIES, record=item)
            c.ref("organization", v.known("organizations"), "organization", record=item)
            c.date("date", record=item)
            v.cited(c, item)
        seed.events.append(rec)

    coops = _records(files["cooperations.toml"], "cooperations.toml", "cooperation")
    coop_fields = (
        "id",
        "kind",
        "title",
        "date",
        "in_force",
        "end_date",
        "place",
        "event",
        "note",
        "parties",
        "topics",
        "evidence",
    )
    for i, rec in enumerate(coops):
        c = _Checker("cooperations.toml", "cooperation", i, rec)
        c.allowed(*coop_fields)
        v.claim_id(c, "cooperations")
        c.choice("kind", COOPERATION_KINDS)
        c.text("title", required=True)
        for name in ("date", "in_force", "end_date"):
            c.date(name)
        c.ref("event", v.known("events"), "event")
        parties = c.items("parties")
        if len({p.get("country") for p in parties}) < 2 and len(parties) < 2:
            c.fail("a cooperation needs at least two parties")
        for party in parties:
            c.allowed("country", "organization", "person", "role", record=party)
            c.text("country", required=True, record=party)
            c.ref("country", countries, "ISO 3166-1 alpha-2 country code", record=party)
            c.ref("organization", v.known("organizations"), "organization", record=party)
            c.ref("person", v.known("people"), "person", record=party)
            c.choice("role", PARTY_ROLES, record=party)
        topics = rec.get("topics", [])
        if not isinstance(topics, list):
            c.fail("topics must be a list of topic ids")
        for topic in topics:
            if topic not in v.known("topics"):
                c.fail(f"topic {topic!r} is not a known topic")
        v.evidence(c, fields=set(coop_fields))
        seed.cooperations.append(rec)
    return seed
