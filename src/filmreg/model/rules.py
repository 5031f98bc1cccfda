"""The rules every record obeys, whether it comes from `seed/` or from `filmreg import`.

A record is a plain dict in the registry's own format (see `schemas/record.schema.json`):
one source, country alias, topic, organization, person (with roles), event (with topics and
participations) or cooperation (with parties). Every failure names where the record came from
(`file: line 3 (person 'x')`), the field, and what was expected.
"""

import unicodedata
from typing import Any, NoReturn

from filmreg.model.dates import date_ceiling, date_floor, is_partial_date, not_a_date
from filmreg.model.errors import FilmregError
from filmreg.model.vocabulary import (
    CAPACITIES,
    COOPERATION_KINDS,
    COOPERATION_STATUSES,
    EVENT_KINDS,
    NAME_KINDS,
    ORGANIZATION_KINDS,
    PARTY_ROLES,
    QUOTE_MAX,
    ROLE_STATUSES,
    ROLES,
    SOURCE_KINDS,
    UNSOURCED_NAME_KINDS,
)

Record = dict[str, Any]

# Each record type's fields, in the order `filmreg export` writes them.
FIELDS: dict[str, tuple[str, ...]] = {
    "source": (
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
    ),
    "country_alias": ("country", "alias", "lang", "note"),
    "topic": ("id", "name", "description", "names"),
    "organization": (
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
    ),
    "person": ("id", "name", "note", "names", "evidence", "roles"),
    "event": (
        "id",
        "name",
        "kind",
        "parent",
        "start_date",
        "end_date",
        "attested_on",
        "venue",
        "city",
        "country",
        "organizer",
        "note",
        "names",
        "evidence",
        "topics",
        "participations",
    ),
    "cooperation": (
        "id",
        "kind",
        "title",
        "date",
        "in_force",
        "end_date",
        "attested_on",
        "place",
        "status",
        "event",
        "note",
        "parties",
        "topics",
        "evidence",
    ),
    "membership": (
        "id",
        "body",
        "country",
        "organization",
        "start_date",
        "end_date",
        "attested_on",
        "note",
        "evidence",
    ),
}
ROLE_FIELDS = (
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
    "quote",
    "note",
    "evidence",
)
NAME_FIELDS = ("name", "lang", "kind", "script", "source", "locator", "quote")
EVIDENCE_FIELDS = ("source", "locator", "quote", "fields")
EVENT_TOPIC_FIELDS = ("topic", "source", "locator", "quote")
PARTICIPATION_FIELDS = (
    "person",
    "capacity",
    "organization",
    "date",
    "source",
    "locator",
    "quote",
)
PARTY_FIELDS = ("country", "organization", "person", "role")
# Types in dependency order: a record may refer to records of the types before it.
TYPES = tuple(FIELDS)
# Which table holds the ids a type's records claim (country aliases have no id of their own).
ID_TABLES = {
    "source": "sources",
    "topic": "topics",
    "organization": "organizations",
    "person": "people",
    "event": "events",
    "cooperation": "cooperations",
    "membership": "memberships",
}


class RecordError(FilmregError):
    """A record breaks a rule; the message says where, which field, and what was expected."""


def record_key(kind: str, record: Record) -> str:
    """What identifies a record of `kind`: its id, or country and alias for an alias."""
    if kind == "country_alias":
        return f"{record.get('country')}/{record.get('alias')}"
    return str(record.get("id"))


class Checker:
    """Checks one record; every message starts with where the record came from."""

    def __init__(self, where: str, record: Any):
        self.where, self.record = where, record
        if not isinstance(record, dict):
            self.fail(f"expected an object of fields, got {type(record).__name__}")

    def fail(self, message: str) -> NoReturn:
        raise RecordError(f"{self.where}: {message}")

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

    def choice(self, name: str, choices: frozenset[str], record: Record | None = None) -> None:
        value = (record if record is not None else self.record).get(name)
        if not isinstance(value, str) or value not in choices:
            self.fail(f"field {name!r}: {value!r} is not one of: {', '.join(sorted(choices))}")

    def date(self, name: str, record: Record | None = None) -> None:
        value = (record if record is not None else self.record).get(name)
        if value is not None and not is_partial_date(value):
            self.fail(f"field {name!r}: {not_a_date(value)}")

    def order(self, first: str, last: str, record: Record | None = None) -> None:
        """`last` may not end before `first` begins (partial dates: their widest reading)."""
        rec = record if record is not None else self.record
        start, end = rec.get(first), rec.get(last)
        if (
            is_partial_date(start)
            and is_partial_date(end)
            and date_ceiling(end) < date_floor(start)
        ):
            self.fail(f"field {last!r}: {end!r} is before field {first!r}: {start!r}")

    def ref(self, name: str, known: set[str], what: str, record: Record | None = None) -> None:
        value = (record if record is not None else self.record).get(name)
        if value is not None and (not isinstance(value, str) or value not in known):
            self.fail(f"field {name!r}: {value!r} is not a known {what}")

    def items(self, name: str, record: Record | None = None) -> list[Record]:
        value = (record if record is not None else self.record).get(name)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(f"field {name!r} must be a list of objects")
        return value


class Validator:
    """Checks records against each other and against what the database already holds.

    `known` maps a table to the ids that records may refer to; `claim` adds a record's id to
    it (so references may point forward within one file) and refuses an id seen twice.
    """

    def __init__(self, countries: set[str], known: dict[str, set[str]] | None = None):
        self.countries = countries
        self.known = {table: set(ids) for table, ids in (known or {}).items()}
        self.claimed: dict[str, set[str]] = {}

    def ids(self, table: str) -> set[str]:
        return self.known.setdefault(table, set())

    def claim(self, check: Checker, table: str, record: Record | None = None) -> None:
        record = record if record is not None else check.record
        check.text("id", required=True, record=record)
        ident = record["id"]
        if any(unicodedata.category(ch) == "Cc" for ch in ident):
            check.fail(f"field 'id': {ident!r} contains a control character")
        claimed = self.claimed.setdefault(table, set())
        if ident in claimed:
            check.fail(f"duplicate id {ident!r}")
        claimed.add(ident)
        self.ids(table).add(ident)

    def claim_record(self, check: Checker, kind: str) -> None:
        """Register the ids a record brings, before any record is checked."""
        if kind in ID_TABLES:
            self.claim(check, ID_TABLES[kind])
        if kind == "person":
            for role in check.items("roles"):
                self.claim(Checker(f"{check.where}: role", role), "roles")

    def check(self, check: Checker, kind: str) -> None:
        check.allowed(*FIELDS[kind])
        getattr(self, f"_check_{kind}")(check, check.record)

    def evidence(
        self, check: Checker, record: Record, required: bool, fields: tuple[str, ...]
    ) -> None:
        items = check.items("evidence", record)
        if required and not items:
            check.fail("no evidence: every fact needs at least one source")
        for item in items:
            check.allowed(*EVIDENCE_FIELDS, record=item)
            self.cited(check, item)
            named = item.get("fields")
            named = [] if named is None else named
            if not isinstance(named, list) or not all(isinstance(n, str) for n in named):
                check.fail("field 'fields' of an evidence item must be a list of field names")
            for name in named:
                if name not in fields:
                    check.fail(f"evidence names field {name!r}, which this record does not have")

    def cited(self, check: Checker, item: Record) -> None:
        if item.get("source") is None:
            check.fail("no source: every fact needs one (field 'source')")
        check.text("source", record=item)
        check.ref("source", self.ids("sources"), "source id", record=item)
        check.text("locator", required=True, record=item)
        quote = item.get("quote")
        if quote is None:
            check.fail(
                "no quote: every fact needs the fragment of its source that states it "
                "(field 'quote')"
            )
        check.text("quote", record=item)
        if len(quote) > QUOTE_MAX:
            check.fail(
                f"field 'quote' has {len(quote)} characters; quote the shortest fragment that "
                f"states the fact (at most {QUOTE_MAX})"
            )

    def names(self, check: Checker, record: Record, sourced: bool = True) -> None:
        for item in check.items("names", record):
            check.allowed(*NAME_FIELDS, record=item)
            check.text("name", required=True, record=item)
            check.text("lang", required=True, record=item)
            check.text("script", record=item)
            check.choice("kind", NAME_KINDS, record=item)
            ours = item["kind"] in UNSOURCED_NAME_KINDS and item.get("source") is None
            if (sourced and not ours) or item.get("source") is not None:
                self.cited(check, item)
            elif item.get("locator") is not None or item.get("quote") is not None:
                check.fail("a name's 'locator' and 'quote' need a 'source'")

    def country(self, check: Checker, name: str, record: Record, required: bool = False) -> None:
        check.text(name, required=required, record=record)
        check.ref(name, self.countries, "ISO 3166-1 alpha-2 country code", record=record)

    def _check_source(self, c: Checker, rec: Record) -> None:
        for name in ("label", "title", "publisher", "url", "language", "local_copy", "note"):
            c.text(name, required=name in ("label", "url", "language"))
        if not rec["url"].startswith(("https://", "http://")):
            c.fail(f"field 'url': {rec['url']!r} is not the http(s) address of a public document")
        copy = rec.get("local_copy")
        if copy is not None and (copy.startswith(("/", "..")) or "/../" in copy):
            c.fail(f"field 'local_copy': {copy!r} must be a path inside the repository")
        c.choice("kind", SOURCE_KINDS)
        c.date("published")

    def _check_country_alias(self, c: Checker, rec: Record) -> None:
        c.text("alias", required=True)
        c.text("lang")
        c.text("note")
        self.country(c, "country", rec, required=True)

    def _check_topic(self, c: Checker, rec: Record) -> None:
        c.text("name", required=True)
        c.text("description")
        self.names(c, rec, sourced=False)

    def _check_organization(self, c: Checker, rec: Record) -> None:
        for name in ("name", "acronym", "website", "legal_form", "note"):
            c.text(name, required=name == "name")
        c.choice("kind", ORGANIZATION_KINDS)
        self.country(c, "country", rec)
        c.ref("parent", self.ids("organizations"), "organization id")
        if rec.get("parent") == rec["id"]:
            c.fail("field 'parent': an organization cannot be its own parent")
        c.date("founded")
        self.names(c, rec)
        self.evidence(c, rec, required=True, fields=FIELDS["organization"])

    def _check_person(self, c: Checker, rec: Record) -> None:
        c.text("name", required=True)
        c.text("note")
        self.names(c, rec)
        self.evidence(c, rec, required=True, fields=FIELDS["person"])
        for role in c.items("roles"):
            rc = Checker(f"{c.where}: role {role.get('id')!r}", role)
            rc.allowed(*ROLE_FIELDS)
            rc.text("organization", required=True)
            rc.ref("organization", self.ids("organizations"), "organization id")
            rc.choice("role", ROLES)
            rc.text("title", required=True)
            for name in ("title_lang", "title_en", "note"):
                rc.text(name)
            if role.get("status") is not None:
                rc.choice("status", ROLE_STATUSES)
            for name in ("start_date", "end_date", "attested_on"):
                rc.date(name)
            rc.order("start_date", "end_date")
            if role.get("status") == "current" and role.get("end_date"):
                rc.fail("field 'status': 'current' contradicts end_date")
            self.cited(rc, role)
            self.evidence(rc, role, required=False, fields=ROLE_FIELDS)
            quotes = [role["quote"], *(e["quote"] for e in rc.items("evidence"))]
            forms = [rec["name"], *(n["name"] for n in c.items("names"))]
            if not any(names_in(quotes, form) for form in forms):
                rc.fail(
                    f"no quote names the holder: none of {quotes!r} contains "
                    f"{rec['name']!r} or another of the person's names"
                )

    def _check_event(self, c: Checker, rec: Record) -> None:
        for name in ("name", "venue", "city", "note"):
            c.text(name, required=name == "name")
        c.choice("kind", EVENT_KINDS)
        c.ref("parent", self.ids("events"), "event id")
        if rec.get("parent") == rec["id"]:
            c.fail("field 'parent': an event cannot be its own parent")
        self.country(c, "country", rec)
        c.ref("organizer", self.ids("organizations"), "organization id")
        for name in ("start_date", "end_date", "attested_on"):
            c.date(name)
        c.order("start_date", "end_date")
        self.names(c, rec)
        self.evidence(c, rec, required=True, fields=FIELDS["event"])
        topics = set()
        for item in c.items("topics"):
            c.allowed(*EVENT_TOPIC_FIELDS, record=item)
            c.text("topic", required=True, record=item)
            c.ref("topic", self.ids("topics"), "topic id", record=item)
            self.cited(c, item)
            if item["topic"] in topics:
                c.fail(f"field 'topics': {item['topic']!r} is listed twice")
            topics.add(item["topic"])
        seen = set()
        for item in c.items("participations"):
            c.allowed(*PARTICIPATION_FIELDS, record=item)
            c.text("person", required=True, record=item)
            c.ref("person", self.ids("people"), "person id", record=item)
            c.choice("capacity", CAPACITIES, record=item)
            c.ref("organization", self.ids("organizations"), "organization id", record=item)
            c.date("date", record=item)
            self.cited(c, item)
            key = (item["person"], item["capacity"])
            if key in seen:
                c.fail(f"participation of {key[0]!r} as {key[1]!r} is listed twice")
            seen.add(key)

    def _check_cooperation(self, c: Checker, rec: Record) -> None:
        c.choice("kind", COOPERATION_KINDS)
        for name in ("title", "place", "note"):
            c.text(name, required=name == "title")
        for name in ("date", "in_force", "end_date", "attested_on"):
            c.date(name)
        c.order("date", "in_force")
        c.order("date", "end_date")
        c.order("in_force", "end_date")
        c.ref("event", self.ids("events"), "event id")
        if rec.get("status") is not None:
            c.choice("status", COOPERATION_STATUSES)
        parties = c.items("parties")
        if len(parties) < 2:
            c.fail("field 'parties': a cooperation needs at least two parties")
        for party in parties:
            c.allowed(*PARTY_FIELDS, record=party)
            self.country(c, "country", party, required=True)
            c.ref("organization", self.ids("organizations"), "organization id", record=party)
            c.ref("person", self.ids("people"), "person id", record=party)
            c.choice("role", PARTY_ROLES, record=party)
        topics = rec.get("topics")
        topics = [] if topics is None else topics
        if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
            c.fail("field 'topics' must be a list of topic ids")
        for topic in topics:
            if topic not in self.ids("topics"):
                c.fail(f"field 'topics': {topic!r} is not a known topic id")
        if len(set(topics)) < len(topics):
            c.fail("field 'topics': a topic is listed twice")
        self.evidence(c, rec, required=True, fields=FIELDS["cooperation"])

    def _check_membership(self, c: Checker, rec: Record) -> None:
        c.text("body", required=True)
        c.ref("body", self.ids("organizations"), "organization id")
        self.country(c, "country", rec)
        c.ref("organization", self.ids("organizations"), "organization id")
        if rec.get("country") is None and rec.get("organization") is None:
            c.fail("a membership needs a member: field 'country' or 'organization'")
        if rec.get("organization") == rec["body"]:
            c.fail("field 'organization': a body cannot be a member of itself")
        for name in ("start_date", "end_date", "attested_on"):
            c.date(name)
        c.order("start_date", "end_date")
        c.text("note")
        self.evidence(c, rec, required=True, fields=FIELDS["membership"])


def names_in(quotes: list[str], name: str) -> bool:
    """Whether one of `quotes` contains `name`, in any script and any grammatical case.

    Both sides are folded as search folds names (`Рашада Азизова` contains `Rashad Azizov`):
    each word of the name must stand in the quote, or begin a quote word that differs from it
    only in its last three letters (Russian and Turkic case endings). Text without word breaks
    (Chinese, Japanese) is compared as written.
    """
    from filmreg.model.textkeys import loose_tokens

    wanted = loose_tokens(name)
    for quote in quotes:
        if name.casefold() in quote.casefold():
            return True
        words = loose_tokens(quote)
        if wanted and all(any(_inflected(w, q) for q in words) for w in wanted):
            return True
    return False


def _inflected(word: str, token: str) -> bool:
    if token == word:
        return True
    stem = max(3, len(word) - 2)
    return len(word) >= 3 and token[:stem] == word[:stem] and len(token) - len(word) <= 3


def validate(
    records: list[tuple[str, str, Record]],
    countries: set[str],
    known: dict[str, set[str]] | None = None,
) -> None:
    """Check `(where, type, record)` triples as one batch; raise RecordError at the first fault."""
    validator = Validator(countries, known)
    checks = []
    for where, kind, record in records:
        if kind not in FIELDS:
            raise RecordError(f"{where}: unknown record type {kind!r} (one of: {', '.join(TYPES)})")
        label = f" ({kind} {record_key(kind, record)!r})" if isinstance(record, dict) else ""
        check = Checker(f"{where}{label}", record)
        validator.claim_record(check, kind)
        checks.append((check, kind))
    seen_aliases: set[str] = set()
    for check, kind in checks:
        validator.check(check, kind)
        if kind == "country_alias":
            key = record_key(kind, check.record)
            if key in seen_aliases:
                check.fail("duplicate country alias")
            seen_aliases.add(key)
