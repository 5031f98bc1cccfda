"""The Python API: everything the command line does, as calls that return plain dicts.

    from filmreg.api import Registry

    with Registry() as registry:               # your own database, else the bundled one
        registry.people(country="Uzbekistan", role="advisor")
    with Registry("copy.db") as registry:      # a path, or an open sqlite3.Connection
        registry.import_file("new-heads.jsonl", dry_run=True).as_dict()

Reads never write; each write is one transaction, all or nothing.
"""

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from filmreg.model.errors import FilmregError, OptionError, UsageError
from filmreg.model.table import Table
from filmreg.model.vocabulary import COOPERATION_KINDS, EVENT_KINDS, ORGANIZATION_KINDS, ROLES
from filmreg.queries import lists as listings
from filmreg.store.database import connect
from filmreg.store.paths import DatabaseLocation, resolve_database

if TYPE_CHECKING:
    from filmreg.store.curation import Batch, LogEntry

LIST_SUBJECTS = ("agencies", "organizations", "people", "events", "cooperations", "countries")
# A name lookup (`show NAME`) accepts a prefix or a near miss only for this many letters or more.
MIN_LOOSE_LOOKUP = 3


@dataclass
class Change:
    """What a write did (or, in a dry run, would do): by record, as `(type, id)` pairs."""

    database: Path | None  # None when the registry was given as an open connection
    dry_run: bool
    added: list[tuple[str, str]] = field(default_factory=list)
    changed: list[tuple[str, str]] = field(default_factory=list)
    unchanged: list[tuple[str, str]] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)  # sync: your edits kept
    notices: list[str] = field(default_factory=list)  # what else happened, in words

    def as_dict(self) -> dict[str, Any]:
        """The JSON outcome of `filmreg import --json` (README: JSON fields)."""
        lists = {
            name: [{"type": t, "id": k} for t, k in getattr(self, name)]
            for name in ("added", "changed", "unchanged", "kept")
        }
        database = str(self.database) if self.database else None
        return {"database": database, "dry_run": self.dry_run, **lists}


class Registry:
    """One registry database, read and written.

    `db` is a path, an open `sqlite3.Connection` (in autocommit mode, `isolation_level=None`),
    or None: then reads use `FILMREG_DB`, your own database or the bundled registry, and writes
    go to `FILMREG_DB` or your own database (made from the bundled one on the first write).
    """

    def __init__(self, db: "str | Path | sqlite3.Connection | None" = None):
        self._given: sqlite3.Connection | None
        self._db: str | Path | None
        if isinstance(db, sqlite3.Connection):
            self._given, self._db = db, None
        else:
            self._given, self._db = None, db
        self.location: DatabaseLocation | None = (
            None if self._given is not None else resolve_database(self._db)
        )

    @cached_property
    def conn(self) -> sqlite3.Connection:
        if self._given is not None:
            return self._given
        assert self.location is not None
        return connect(self.location)

    def close(self) -> None:
        """Close the connection this registry opened (a connection it was given stays open)."""
        if self._given is None and "conn" in self.__dict__:
            self.__dict__.pop("conn").close()

    def __enter__(self) -> "Registry":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writes ---------------------------------------------------------------------------

    def _change(
        self,
        batch: "Batch",
        dry_run: bool = False,
        mode: str = "import",
        log: "LogEntry | None" = None,
    ) -> Change:
        from filmreg.store.curation import change, change_connection

        if self._given is not None:
            outcome = change_connection(self._given, batch, dry_run, mode, log=log)
            database, notices = None, list(outcome.notes)
        else:
            outcome, location, notices = change(
                self._db, batch, dry_run=dry_run, mode=mode, log=log
            )
            database = location.path
            self.close()  # the next read sees what was written (or the file just made)
            self.location = resolve_database(self._db)
        done = Change(database, dry_run, notices=notices)
        for name in ("added", "changed", "unchanged", "kept"):
            getattr(done, name).extend(getattr(outcome, name))
        return done

    def import_file(
        self, file: str | Path, *, fmt: str | None = None, dry_run: bool = False
    ) -> Change:
        """Merge the records of `file` (JSON, JSON Lines or CSV; `-` for stdin), all or none."""
        from filmreg.formats.import_file import file_batch

        batch, log = file_batch(str(file), fmt)
        return self._change(batch, dry_run, log=log)

    def import_records(self, records: Iterable[Any], *, dry_run: bool = False) -> Change:
        """Merge `records` (dicts in the import format, each with its `type`), all or none."""
        from filmreg.formats.import_file import records_batch

        return self._change(records_batch(records), dry_run)

    def add_role(
        self,
        person: str,
        organization: str,
        *,
        role: str,
        title: str,
        source: str,
        locator: str,
        quote: str,
        start: str | None = None,
        attested: str | None = None,
        title_lang: str | None = None,
        title_en: str | None = None,
        name: str | None = None,
        role_id: str | None = None,
    ) -> Change:
        """A person took a post (made with `name` if new), citing `source` at `locator`, where
        `quote` states it."""
        from filmreg.store.curation import LogEntry, add_role_batch

        _check_date("start", start)
        _check_date("attested", attested)
        record = {
            "id": role_id or f"{person}/{organization}/{role}",
            "organization": organization,
            "role": role,
            "title": title,
            "title_lang": title_lang,
            "title_en": title_en,
            "start_date": start,
            "end_date": None,
            "attested_on": attested,
            "status": None,
            "note": None,
        }
        cited = {"source": source, "locator": locator, "quote": quote}
        log = LogEntry("add role", detail=f"{record['id']} (source {source})")
        return self._change(add_role_batch(person, name, record, cited), log=log)

    def end_role(self, role_id: str, *, date: str, source: str, locator: str, quote: str) -> Change:
        """A mandate ended on `date`, as `quote` in `source` at `locator` states."""
        from filmreg.store.curation import LogEntry, end_role_batch

        _check_date("date", date)
        cited = {"source": source, "locator": locator, "quote": quote}
        log = LogEntry("end role", detail=f"{role_id} on {date} (source {source})")
        return self._change(end_role_batch(role_id, date, cited), log=log)

    def sync(self, *, dry_run: bool = False) -> Change:
        """Take the bundled registry's new and updated records; keep the ones you edited."""
        from filmreg.store.curation import LogEntry, bundled_records, file_sha256
        from filmreg.store.paths import bundled_database

        bundled = bundled_database()
        log = LogEntry("db sync", str(bundled), file_sha256(bundled))
        return self._change(bundled_records, dry_run, mode="sync", log=log)

    def reset(self) -> Path | None:
        """Your own database back to the bundled registry; None when you have none."""
        from filmreg.store.curation import reset_logged
        from filmreg.store.paths import user_database
        from filmreg.store.writable import is_read_only

        path = user_database()
        if not path.exists():
            return None
        if is_read_only(path):
            raise FilmregError(f"{path} is read-only; nothing was changed")
        self.close()
        reset_logged(path)
        return path

    def upgrade(self) -> Change:
        """Bring an older database to the current schema in place (a copy is saved beside it)."""
        from filmreg.store.paths import resolve_writable
        from filmreg.store.writable import open_for_write

        location = resolve_writable(self._db)
        notices: list[str] = []
        with open_for_write(location, notices):
            pass
        self.close()
        return Change(location.path, False, notices=notices)

    def export(
        self, fmt: str = "json", output: Path | None = None, stream: Any = None
    ) -> list[str]:
        """The whole registry as `json`, `jsonl` or `popolo` on `stream` or into `output`, or as
        `csv` tables into `output` (a directory or a .zip); returns what was written."""
        from filmreg.formats import export as exporter

        if fmt not in exporter.FORMATS:
            choices = ", ".join(exporter.FORMATS)
            raise UsageError(f"unknown format {fmt!r} (choose from: {choices})")
        if output is not None and self.location is not None:
            exporter.check_target(output, self.location.path)
        if fmt == "csv":
            if output is None:
                raise OptionError(
                    "format csv writes several tables: give {output} (a directory or a .zip)",
                    "output",
                )
            return exporter.write_csv(self.conn, output)
        if output is None:
            exporter.write_document(self.conn, fmt, stream)
            return []
        exporter.write_text_file(output, lambda out: exporter.write_document(self.conn, fmt, out))
        return [str(output)]

    # -- reads ----------------------------------------------------------------------------

    @overload
    def country_code(self, text: str, option: str = "country") -> str: ...
    @overload
    def country_code(self, text: None, option: str = "country") -> None: ...
    @overload
    def country_code(self, text: str | None, option: str = "country") -> str | None: ...
    def country_code(self, text: str | None, option: str = "country") -> str | None:
        """The alpha-2 code of any country alias (`Turkey`, `TUR`, `792`, `Турция`)."""
        if text is None:
            return None
        if not text.strip():
            raise OptionError("{" + option + "} needs a country name or code", option)
        from filmreg.store.countries import resolve_country

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
        as_of: str | None = None,
    ) -> Table:
        listings.check_limit(limit)
        day = as_of_day(as_of)
        if day is not None and subject == "countries":
            raise OptionError(
                "{as_of} applies to `list agencies|people|events|cooperations`", "as_of"
            )
        if subject not in LIST_SUBJECTS:
            raise UsageError(f"unknown list {subject!r} (choose from: {', '.join(LIST_SUBJECTS)})")
        if role is not None and subject != "people":
            raise OptionError("{role} applies to `list people`", "role")
        if role is not None and role not in ROLES:
            raise UsageError(f"unknown role {role!r} (choose from: {', '.join(sorted(ROLES))})")
        kinds = {
            "agencies": ORGANIZATION_KINDS,
            "organizations": ORGANIZATION_KINDS,
            "events": EVENT_KINDS,
            "cooperations": COOPERATION_KINDS,
        }.get(subject)
        if kind is not None and kinds is None:
            raise OptionError(
                "{kind} applies to `list agencies`, `list events` and `list cooperations`", "kind"
            )
        if partner is not None and subject != "cooperations":
            raise OptionError("{partner} applies to `list cooperations`", "partner")
        if missing is not None and subject != "countries":
            raise OptionError("{missing} applies to `list countries`", "missing")
        if missing is not None and missing not in listings.COVERAGE_GAPS:
            gaps = ", ".join(listings.COVERAGE_GAPS)
            raise OptionError(
                "unknown gap {value!r} for {missing} (choose from: {gaps})",
                "missing",
                value=missing,
                gaps=gaps,
            )
        if kind is not None and kinds is not None and kind not in kinds:
            raise UsageError(f"unknown kind {kind!r} (choose from: {', '.join(sorted(kinds))})")
        code = self.country_code(country)
        if subject in ("agencies", "organizations"):
            return listings.list_organizations(self.conn, code, kind, limit, day)
        if subject == "people":
            return listings.list_people(self.conn, code, role, limit, day)
        if subject == "events":
            return listings.list_events(self.conn, code, kind, limit, day)
        if subject == "cooperations":
            partner_code = self.country_code(partner)
            if partner_code is not None and partner_code == code:
                raise OptionError(
                    "{partner} must be another country than {country}", "partner", "country"
                )
            return listings.list_cooperations(self.conn, code, partner_code, kind, limit, day)
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
        as_of: str | None = None,
    ) -> Table:
        from filmreg.search.ranked import search

        checked_text(query, "the search query")
        listings.check_limit(limit)
        if role is not None and role not in ROLES:
            raise UsageError(f"unknown role {role!r} (choose from: {', '.join(sorted(ROLES))})")
        code = self.country_code(country)
        day = as_of_day(as_of)
        if day is None:
            return search(
                self.conn, query, types=types, country=code, role=role, limit=limit, raw=raw
            )
        found = search(self.conn, query, types=types, country=code, role=role, limit=None, raw=raw)
        from filmreg.queries.asof import hits_as_of

        rows = hits_as_of(self.conn, found.rows, day, role)
        return Table(
            found.subject,
            rows[:limit] if limit is not None else rows,
            (*found.fields, "held_as_of"),
        )

    def search(self, query: str, **options: Any) -> list[dict[str, Any]]:
        """Ranked matches for `query` in any script: [{type, id, name, matched, match, ...}]."""
        return self.search_listing(query, **options).rows

    def show(self, target: str, as_of: str | None = None) -> dict[str, Any]:
        """The full record that `target` names: an id, a country, or an unambiguous name; with
        `as_of`, as things stood on that date."""
        from filmreg.queries import show as records
        from filmreg.store.countries import alias_key, resolve_country

        checked_text(target, "the record to show")
        as_of_day(as_of)  # a bad date is a usage error before any lookup
        found = records.find_by_id(self.conn, target)
        if found is None and alias_key(target):
            try:
                found = ("country", resolve_country(self.conn, target))
            except UsageError:
                found = None
        if found is None:
            found = self._best_match(target)
        return records.record(self.conn, *found, as_of=as_of_day(as_of))

    def history(self, target: str) -> dict[str, Any]:
        """The timeline of a body (heads, deputies, advisors, and the gaps in its leadership) or
        of a person (posts, appearances, signatures), each line with its dates and sources."""
        from filmreg.queries import history
        from filmreg.queries import show as records

        checked_text(target, "the body or person")
        found = records.find_by_id(self.conn, target)
        if found is None:
            found = self._best_match(target, types=["person", "organization"])
        kind, ident = found
        if kind == "organization":
            return history.organization_history(self.conn, ident)
        if kind == "person":
            return history.person_history(self.conn, ident)
        raise UsageError(f"{target!r} is a {kind}: history shows a body or a person")

    def _best_match(self, target: str, types: list[str] | None = None) -> tuple[str, str]:
        from filmreg.model.textkeys import loose_key

        hits = self.search(target, limit=5, types=types)
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
        as_of: str | None = None,
    ) -> dict[str, Any]:
        """What `country` does with whom, on what, and the sources (see README: report)."""
        from filmreg.queries.report import country_report

        _check_dates(since, until)
        day = as_of_day(as_of)
        code = self.country_code(country)
        partner_code = self.country_code(partner, "partner")
        if partner_code is not None and partner_code == code:
            raise OptionError(
                "{partner} {value} is the country of the report itself", "partner", value=partner
            )
        return country_report(self.conn, code, since, until, partner_code, day)

    def changes(
        self, since: str, *, country: str | None = None, kind: str | None = None
    ) -> list[dict[str, Any]]:
        """The registry's facts dated on or after `since`, newest first, each with its sources."""
        from filmreg.queries.changes import CHANGE_KINDS, changes

        if since is None or not since.strip():
            raise OptionError("{since} needs a date (YYYY, YYYY-MM or YYYY-MM-DD)", "since")
        _check_dates(since, None)
        if kind is not None and kind not in CHANGE_KINDS:
            raise UsageError(f"unknown kind {kind!r} (choose from: {', '.join(CHANGE_KINDS)})")
        return changes(self.conn, since, self.country_code(country), kind)

    def check(self, today: str | None = None) -> list[dict[str, Any]]:
        """What looks wrong in the registry (see `filmreg check`), errors first."""
        import datetime as dt

        from filmreg.model.dates import date_ceiling
        from filmreg.queries.check import check

        _check_date("today", today)
        day = date_ceiling(today) if today else dt.date.today().isoformat()
        return check(self.conn, day)

    def edit_log(self) -> list[dict[str, Any]]:
        """This database's log of its own edits (see `filmreg db log`), oldest first."""
        from filmreg.store.curation import edit_log

        return edit_log(self.conn)

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

    def extract(
        self,
        data: bytes,
        *,
        url: str | None = None,
        published: str | None = None,
        lang: str | None = None,
    ) -> list[dict[str, Any]]:
        """Draft import records (each marked `_draft`) from a news report's bytes (text or
        HTML, ru or en), linked to this registry; nothing is written."""
        from filmreg.formats.extract import extract
        from filmreg.formats.extract.reading import LANGS

        if lang is not None and lang not in LANGS:
            raise OptionError(
                "{lang}: unknown language {given} (choose from: {choices})",
                "lang",
                given=repr(lang),
                choices=", ".join(LANGS),
            )
        _check_date("published", published)
        return extract(self.conn, data, url=url, published=published, lang=lang)

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


def as_of_day(value: str | None, option: str = "as_of") -> str | None:
    """The full date an `as_of` value stands for (see `model.tenure.as_of_day`)."""
    from filmreg.model.tenure import as_of_day as last_day

    if value is None:
        return None
    _check_date(option, value)
    return last_day(value)


def _check_date(parameter: str, value: str | None) -> None:
    from filmreg.model.dates import is_partial_date, not_a_date

    if value is not None and not is_partial_date(value):
        raise OptionError("{" + parameter + "} {problem}", parameter, problem=not_a_date(value))


def _check_dates(since: str | None, until: str | None) -> None:
    for parameter, value in (("since", since), ("until", until)):
        _check_date(parameter, value)
    from filmreg.model.dates import date_ceiling, date_floor

    if since is not None and until is not None and date_floor(since) > date_ceiling(until):
        raise OptionError(
            "{since} {start} is after {until} {end}: the period is empty",
            "since",
            "until",
            start=since,
            end=until,
        )
