"""Build `registry.db` from `seed/`, deterministically: the same seed gives the same database.

Writes go through sqlite-utils into a temporary file beside the target, which replaces the
target only once everything is written and checked, so a failed build never damages it.
"""

import gettext
import hashlib
import os
import tempfile
from importlib.resources import files
from pathlib import Path
from typing import Any

from filmreg.countries import alias_key
from filmreg.errors import BuildError
from filmreg.seed import SEED_FILES, Seed, load_seed
from filmreg.textkeys import deletions, detect_script, loose_key, loose_tokens, stem_tokens

SCHEMA_VERSION = "1"
# Localized country names taken from pycountry's translations (plus the English ones).
COUNTRY_NAME_LANGUAGES = (
    "ru",
    "tr",
    "az",
    "uz",
    "ka",
    "ur",
    "it",
    "de",
    "fr",
    "es",
    "ar",
    "fa",
    "kk",
    "ky",
    "tk",
    "tg",
    "uk",
    "zh_CN",
)


def _country_rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    import pycountry

    countries, aliases = [], []

    def alias(code: str, text: str | None, kind: str, lang: str | None = None) -> None:
        if text and alias_key(text):
            aliases.append(
                {"key": alias_key(text), "country": code, "alias": text, "lang": lang, "kind": kind}
            )

    translations = {
        lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        for lang in COUNTRY_NAME_LANGUAGES
    }
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        official = getattr(c, "official_name", None)
        countries.append(
            {
                "code": c.alpha_2,
                "alpha3": c.alpha_3,
                "numeric": c.numeric,
                "name": c.name,
                "official_name": official,
            }
        )
        alias(c.alpha_2, c.alpha_2, "alpha2")
        alias(c.alpha_2, c.alpha_3, "alpha3")
        alias(c.alpha_2, c.numeric, "numeric")
        alias(c.alpha_2, str(int(c.numeric)), "numeric")
        alias(c.alpha_2, c.name, "name", "en")
        alias(c.alpha_2, official, "official_name", "en")
        alias(c.alpha_2, getattr(c, "common_name", None), "common_name", "en")
        for lang, translation in translations.items():
            for english in {c.name, official} - {None}:
                localized = translation.gettext(english)
                if localized != english:
                    alias(c.alpha_2, localized, "localized", lang.split("_")[0])
    return countries, _dedupe(aliases, "key", "country", "alias")


def _dedupe(rows: list[dict[str, Any]], *key: str) -> list[dict[str, Any]]:
    seen, out = set(), []
    for row in rows:
        k = tuple(row[name] for name in key)
        if k not in seen:
            seen.add(k)
            out.append(row)
    return out


def seed_digest(seed_dir: Path) -> str:
    digest = hashlib.sha256()
    for name in SEED_FILES:
        digest.update(name.encode() + b"\0" + (seed_dir / name).read_bytes() + b"\0")
    return digest.hexdigest()


class _Rows:
    """Accumulates the rows of every table, then writes them in one go."""

    def __init__(self) -> None:
        self.tables: dict[str, list[dict[str, Any]]] = {}

    def add(self, table: str, row: dict[str, Any]) -> dict[str, Any]:
        self.tables.setdefault(table, []).append(row)
        return row

    def evidence(self, table: str, subject: str, items: list[dict[str, Any]]) -> None:
        for item in items:
            fields = item.get("fields") or [None]
            for name in fields:
                self.add(
                    "evidence",
                    {
                        "subject_table": table,
                        "subject_id": subject,
                        "field": name,
                        "source_id": item["source"],
                        "locator": item["locator"],
                    },
                )

    def names(self, owner_column: str, owner_id: str, names: list[dict[str, Any]]) -> None:
        for item in names:
            row = self.add(
                "names",
                {
                    "id": len(self.tables.get("names", [])) + 1,
                    "person_id": None,
                    "organization_id": None,
                    "event_id": None,
                    "topic_id": None,
                    owner_column: owner_id,
                    "name": item["name"],
                    "lang": item["lang"],
                    "script": item.get("script") or detect_script(item["name"]),
                    "kind": item["kind"],
                },
            )
            if "source" in item:
                self.evidence("names", str(row["id"]), [item])


def _pick(record: dict[str, Any], *names: str) -> dict[str, Any]:
    return {name: record.get(name) for name in names}


def seed_rows(seed: Seed) -> _Rows:
    rows = _Rows()
    for s in seed.sources:
        rows.add(
            "sources",
            _pick(
                s,
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
        )
    for t in seed.topics:
        rows.add("topics", _pick(t, "id", "name", "description"))
        rows.names("topic_id", t["id"], t.get("names", []))
    for o in seed.organizations:
        rows.add(
            "organizations",
            _pick(
                o,
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
            ),
        )
        rows.names("organization_id", o["id"], o.get("names", []))
        rows.evidence("organizations", o["id"], o["evidence"])
    for p in seed.people:
        rows.add("people", _pick(p, "id", "name", "note"))
        rows.names("person_id", p["id"], p.get("names", []))
        rows.evidence("people", p["id"], p["evidence"])
        for r in p.get("role", []):
            role = _pick(
                r,
                "id",
                "role",
                "title",
                "title_lang",
                "title_en",
                "start_date",
                "end_date",
                "attested_on",
                "status",
                "note",
            )
            role.update(person_id=p["id"], organization_id=r["organization"])
            rows.add("roles", role)
            rows.evidence("roles", r["id"], [r, *r.get("evidence", [])])
    for e in seed.events:
        rows.add(
            "events",
            _pick(
                e,
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
            ),
        )
        rows.names("event_id", e["id"], e.get("names", []))
        rows.evidence("events", e["id"], e["evidence"])
        for t in e.get("topics", []):
            rows.add("event_topics", {"event_id": e["id"], "topic_id": t["topic"]})
            rows.evidence("event_topics", f"{e['id']}/{t['topic']}", [t])
        for part in e.get("participations", []):
            row = rows.add(
                "participations",
                {
                    "id": len(rows.tables.get("participations", [])) + 1,
                    "event_id": e["id"],
                    "person_id": part["person"],
                    "capacity": part["capacity"],
                    "organization_id": part.get("organization"),
                    "date": part.get("date"),
                },
            )
            rows.evidence("participations", str(row["id"]), [part])
    for c in seed.cooperations:
        rows.add(
            "cooperations",
            _pick(c, "id", "kind", "title", "date", "in_force", "end_date", "place", "note")
            | {"event_id": c.get("event")},
        )
        rows.evidence("cooperations", c["id"], c["evidence"])
        for party in c["parties"]:
            row = rows.add(
                "cooperation_parties",
                {
                    "id": len(rows.tables.get("cooperation_parties", [])) + 1,
                    "cooperation_id": c["id"],
                    "country": party["country"],
                    "organization_id": party.get("organization"),
                    "person_id": party.get("person"),
                    "role": party["role"],
                },
            )
            rows.evidence("cooperation_parties", str(row["id"]), c["evidence"])
        for topic in c.get("topics", []):
            rows.add("cooperation_topics", {"cooperation_id": c["id"], "topic_id": topic})
    return rows


def event_country_rows(rows: _Rows) -> list[dict[str, Any]]:
    """Countries represented at each event, through the organizations participants spoke for."""
    country_of = {o["id"]: o["country"] for o in rows.tables.get("organizations", [])}
    date_of = {e["id"]: e.get("start_date") for e in rows.tables.get("events", [])}
    counts: dict[tuple[str, str], int] = {}
    dates: dict[tuple[str, str], str] = {}
    for part in rows.tables.get("participations", []):
        country = country_of.get(part["organization_id"])
        if country:
            key = (part["event_id"], country)
            counts[key] = counts.get(key, 0) + 1
            if part.get("date") and (key not in dates or part["date"] < dates[key]):
                dates[key] = part["date"]
    return [
        {
            "event_id": event,
            "country": country,
            "participants": n,
            "date": dates.get((event, country)) or date_of[event],
        }
        for (event, country), n in sorted(counts.items())
    ]


def search_rows(rows: _Rows) -> _Rows:
    """Derive the search index tables from the names and display names in `rows`."""
    out = _Rows()
    owner_of = {
        "person_id": "person",
        "organization_id": "organization",
        "event_id": "event",
        "topic_id": "topic",
    }
    texts: dict[tuple[str, str], list[str]] = {}
    for table, kind in (
        ("people", "person"),
        ("organizations", "organization"),
        ("events", "event"),
        ("topics", "topic"),
    ):
        for row in rows.tables.get(table, []):
            texts.setdefault((kind, row["id"]), []).append(row["name"])
            if row.get("acronym"):
                texts[(kind, row["id"])].append(row["acronym"])
    for name in rows.tables.get("names", []):
        column = next(c for c in owner_of if name[c] is not None)
        texts.setdefault((owner_of[column], name[column]), []).append(name["name"])

    token_ids: dict[str, int] = {}
    token_entries: dict[int, int] = {}
    for (kind, entity_id), names in texts.items():
        for text in dict.fromkeys(names):
            entry = out.add(
                "search_entries",
                {
                    "id": len(out.tables.get("search_entries", [])) + 1,
                    "entity_type": kind,
                    "entity_id": entity_id,
                    "text": text,
                    "key": loose_key(text),
                    "script": detect_script(text),
                },
            )
            for token in dict.fromkeys(loose_tokens(text) + stem_tokens(text)):
                token_id = token_ids.setdefault(token, len(token_ids) + 1)
                token_entries[token_id] = token_entries.get(token_id, 0) + 1
                out.add("search_postings", {"token_id": token_id, "entry_id": entry["id"]})
    for token, token_id in token_ids.items():
        out.add("search_tokens", {"id": token_id, "key": token, "entries": token_entries[token_id]})
        for variant in sorted(deletions(token)):
            out.add("search_deletes", {"key": variant, "token_id": token_id})
    return out


TABLE_ORDER = (
    "sources",
    "countries",
    "country_aliases",
    "topics",
    "organizations",
    "people",
    "events",
    "names",
    "roles",
    "participations",
    "event_topics",
    "cooperations",
    "cooperation_parties",
    "cooperation_topics",
    "evidence",
    "event_countries",
    "search_entries",
    "search_tokens",
    "search_postings",
    "search_deletes",
)


def write_database(target: Path, tables: dict[str, list[dict[str, Any]]], meta: dict[str, str]):
    """Write `tables` into a new database at `target`, atomically."""
    import sqlite_utils

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".registry-", suffix=".db", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        db = sqlite_utils.Database(tmp)
        db.conn.executescript(files("filmreg").joinpath("schema.sql").read_text("utf-8"))
        db.conn.execute("PRAGMA foreign_keys = ON")
        with db.conn:
            for table in TABLE_ORDER:
                if tables.get(table):
                    db[table].insert_all(tables[table], batch_size=5000)
            db["meta"].insert_all([{"key": k, "value": v} for k, v in sorted(meta.items())])
        # For `search --raw`: FTS5 syntax over the names as written and their loose keys.
        db["search_entries"].enable_fts(
            ["text", "key"], fts_version="FTS5", tokenize="unicode61 remove_diacritics 2"
        )
        problems = db.conn.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise BuildError(f"dangling reference in table {problems[0][0]}")
        db.conn.execute("VACUUM")
        db.close()
        tmp.chmod(0o644)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def build(seed_dir: Path, target: Path) -> dict[str, int]:
    """Validate `seed_dir` and write the registry to `target`; returns row counts by table."""
    import sqlite3

    countries, aliases = _country_rows()
    seed = load_seed(seed_dir, {c["code"] for c in countries})
    curated = [
        {
            "key": alias_key(a["alias"]),
            "country": a["country"],
            "alias": a["alias"],
            "lang": a.get("lang"),
            "kind": "curated",
        }
        for a in seed.aliases
    ]
    aliases = _dedupe(aliases + curated, "key", "country", "alias")
    rows = seed_rows(seed)
    tables = rows.tables | search_rows(rows).tables
    tables["event_countries"] = event_country_rows(rows)
    tables["countries"] = countries
    tables["country_aliases"] = aliases
    meta = {
        "schema_version": SCHEMA_VERSION,
        "seed_sha256": seed_digest(seed_dir),
    }
    try:
        write_database(target, tables, meta)
    except sqlite3.IntegrityError as exc:
        raise BuildError(f"the seed breaks a database constraint: {exc}") from None
    return {table: len(tables.get(table, [])) for table in TABLE_ORDER}
