"""Merging records into the registry: the one path by which data enters a database.

`merge` checks a batch of records against each other and the database, compares each with
what the database holds (by type and id), and, unless asked for a dry run, writes the new and
changed ones in the caller's transaction: rows, evidence, search index and the derived
`event_countries`. A record is replaced whole; records absent from the batch are untouched.
"""

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from filmreg.model import progress
from filmreg.model.rules import (
    FIELDS,
    ID_TABLES,
    ROLE_FIELDS,
    TYPES,
    Record,
    RecordError,
    record_key,
    validate,
)
from filmreg.model.tenure import Tenure, derive
from filmreg.store.database import chunks, placeholders
from filmreg.store.dump import LISTS, Dumper, canonical
from filmreg.store.search_index import index, keys_are_current, rebuild, unindex
from filmreg.store.tables import RECORD_TABLES

Located = tuple[str, str, Record]  # (where it came from, type, record)
SEARCHABLE = ("person", "organization", "event", "topic")  # kinds with names to search
OWNER_COLUMN = {
    "person": "person_id",
    "organization": "organization_id",
    "event": "event_id",
    "topic": "topic_id",
}


def record_hash(record: Record) -> str:
    text = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Outcome:
    """What a merge did (or, in a dry run, would do), as `(type, key)` pairs."""

    added: list[tuple[str, str]] = field(default_factory=list)
    changed: list[tuple[str, str]] = field(default_factory=list)
    unchanged: list[tuple[str, str]] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)  # sync: local edits kept
    notes: list[str] = field(default_factory=list)  # what else the write did, for stderr

    def as_dict(self) -> dict[str, Any]:
        return {
            name: [{"type": t, "id": k} for t, k in getattr(self, name)]
            for name in ("added", "changed", "unchanged", "kept")
        }


class _Inserts:
    """Rows to insert, by table, with integer ids continuing those already in the database."""

    def __init__(self, conn: sqlite3.Connection):
        self.tables: dict[str, list[tuple[Any, ...]]] = {}
        self.next_id: dict[str, int] = {
            table: conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0]
            for table in ("names", "participations", "cooperation_parties")
        }

    def add(self, table: str, *values: Any) -> None:
        self.tables.setdefault(table, []).append(values)

    def new_id(self, table: str) -> int:
        self.next_id[table] += 1
        return self.next_id[table] - 1

    def evidence(self, table: str, subject: str, items: list[Record]) -> None:
        for item in items:
            for name in item.get("fields") or [None]:
                self.add(
                    "evidence",
                    table,
                    subject,
                    name,
                    item["source"],
                    item["locator"],
                    item.get("quote"),
                )

    def names(self, column: str, owner: str, names: list[Record]) -> None:
        for n in names:
            name_id = self.new_id("names")
            owners = {c: None for c in OWNER_COLUMN.values()} | {column: owner}
            self.add(
                "names", name_id, *owners.values(), n["name"], n["lang"], n["script"], n["kind"]
            )
            if n.get("source"):
                self.evidence("names", str(name_id), [n])


def _own_fields(kind: str) -> tuple[str, ...]:
    """A record type's fields stored in its own row: all but the lists of dependent rows."""
    return tuple(f for f in FIELDS[kind] if f not in LISTS)


# A role's fields stored as they are (its id, organization and citation are handled apart).
ROLE_OWN_FIELDS = tuple(
    f
    for f in ROLE_FIELDS
    if f not in ("id", "organization", "source", "locator", "quote", "evidence")
)
# Record fields stored under another column name.
RENAMED = {
    "cooperation": {"event": "event_id"},
    "membership": {"organization": "organization_id"},
}
COLUMNS = {
    **{
        table: tuple(RENAMED.get(kind, {}).get(f, f) for f in _own_fields(kind))
        for kind, table in ID_TABLES.items()
    },
    "names": (
        "id",
        "person_id",
        "organization_id",
        "event_id",
        "topic_id",
        "name",
        "lang",
        "script",
        "kind",
    ),
    # A role's `status` field is what a source states; the `status` column is derived.
    "roles": (
        "id",
        "person_id",
        "organization_id",
        *("status_stated" if f == "status" else f for f in ROLE_OWN_FIELDS),
        "status",
    ),
    "participations": ("id", "event_id", "person_id", "capacity", "organization_id", "date"),
    "event_topics": ("event_id", "topic_id"),
    "cooperation_parties": (
        "id",
        "cooperation_id",
        "country",
        "organization_id",
        "person_id",
        "role",
    ),
    "cooperation_topics": ("cooperation_id", "topic_id"),
    "evidence": ("subject_table", "subject_id", "field", "source_id", "locator", "quote"),
    "country_aliases": ("key", "country", "alias", "lang", "kind", "note"),
}
# Insert order: parents before children; aliases last (they name countries only).
INSERT_ORDER = (*RECORD_TABLES, "country_aliases")


def _rows_of(rows: _Inserts, kind: str, r: Record) -> None:
    if kind == "country_alias":
        from filmreg.store.countries import alias_key

        key = alias_key(r["alias"])
        rows.add("country_aliases", key, r["country"], r["alias"], r["lang"], "curated", r["note"])
        return
    rows.add(ID_TABLES[kind], *(r[f] for f in _own_fields(kind)))
    if kind in OWNER_COLUMN:
        rows.names(OWNER_COLUMN[kind], r["id"], r["names"])
    if "evidence" in FIELDS[kind]:
        rows.evidence(ID_TABLES[kind], r["id"], r["evidence"])
    if kind == "person":
        for role in r["roles"]:
            own: Iterable[Any] = (role[f] for f in ROLE_OWN_FIELDS)
            rows.add("roles", role["id"], r["id"], role["organization"], *own, "unknown")
            rows.evidence("roles", role["id"], [{**role, "fields": None}, *role["evidence"]])
    elif kind == "event":
        for t in r["topics"]:
            rows.add("event_topics", r["id"], t["topic"])
            rows.evidence("event_topics", f"{r['id']}/{t['topic']}", [t])
        for p in r["participations"]:
            part_id = rows.new_id("participations")
            own = (p["person"], p["capacity"], p["organization"], p["date"])
            rows.add("participations", part_id, r["id"], *own)
            rows.evidence("participations", str(part_id), [p])
    elif kind == "cooperation":
        for p in r["parties"]:
            party_id = rows.new_id("cooperation_parties")
            own = (p["country"], p["organization"], p["person"], p["role"])
            rows.add("cooperation_parties", party_id, r["id"], *own)
            rows.evidence("cooperation_parties", str(party_id), r["evidence"])
        for topic in r["topics"]:
            rows.add("cooperation_topics", r["id"], topic)


def _delete_children(conn: sqlite3.Connection, kind: str, ids: list[str]) -> None:
    """Remove what a replaced record owns besides its main row (which is updated in place)."""
    for chunk in chunks(ids):
        marks = placeholders(chunk)

        def drop_evidence(table: str, subjects_sql: str, params: list[str] = chunk) -> None:
            conn.execute(
                f"DELETE FROM evidence WHERE subject_table = ? AND subject_id IN ({subjects_sql})",
                [table, *params],
            )

        if kind in OWNER_COLUMN:
            column = OWNER_COLUMN[kind]
            drop_evidence(
                "names", f"SELECT CAST(id AS TEXT) FROM names WHERE {column} IN ({marks})"
            )
            conn.execute(f"DELETE FROM names WHERE {column} IN ({marks})", chunk)
        if "evidence" in FIELDS[kind]:
            drop_evidence(ID_TABLES[kind], marks)
        if kind == "person":
            drop_evidence("roles", f"SELECT id FROM roles WHERE person_id IN ({marks})")
            conn.execute(f"DELETE FROM roles WHERE person_id IN ({marks})", chunk)
        elif kind == "event":
            drop_evidence(
                "event_topics",
                f"SELECT event_id || '/' || topic_id FROM event_topics WHERE event_id IN ({marks})",
            )
            conn.execute(f"DELETE FROM event_topics WHERE event_id IN ({marks})", chunk)
            drop_evidence(
                "participations",
                f"SELECT CAST(id AS TEXT) FROM participations WHERE event_id IN ({marks})",
            )
            conn.execute(f"DELETE FROM participations WHERE event_id IN ({marks})", chunk)
        elif kind == "cooperation":
            drop_evidence(
                "cooperation_parties",
                f"SELECT CAST(id AS TEXT) FROM cooperation_parties "
                f"WHERE cooperation_id IN ({marks})",
            )
            for table in ("cooperation_parties", "cooperation_topics"):
                conn.execute(f"DELETE FROM {table} WHERE cooperation_id IN ({marks})", chunk)


def _known_ids(conn: sqlite3.Connection) -> dict[str, set[str]]:
    tables = [*ID_TABLES.values(), "roles"]
    return {t: {row[0] for row in conn.execute(f"SELECT id FROM {t}")} for t in tables}


def _check_role_owners(conn: sqlite3.Connection, located: list[Located]) -> None:
    wanted = {
        role["id"]: (where, rec["id"])
        for where, kind, rec in located
        if kind == "person"
        for role in rec.get("roles") or []
    }
    ids = list(wanted)
    for chunk in chunks(ids):
        for role_id, owner in conn.execute(
            f"SELECT id, person_id FROM roles WHERE id IN ({placeholders(chunk)})", chunk
        ):
            where, person = wanted[role_id]
            if owner != person:
                raise RecordError(
                    f"{where} (person {person!r}): role {role_id!r} already belongs to "
                    f"person {owner!r}; give this role another id"
                )


def _check_parent_cycles(conn: sqlite3.Connection, located: list[Located]) -> None:
    """Refuse organizations (or events) that would end up their own ancestors, counting the
    parents stored in the database and those the batch sets."""
    for kind, table in (("organization", "organizations"), ("event", "events")):
        incoming = {rec["id"]: (where, rec.get("parent")) for where, k, rec in located if k == kind}
        if not incoming:
            continue
        parents = dict(conn.execute(f"SELECT id, parent FROM {table} WHERE parent IS NOT NULL"))
        parents.update({ident: parent for ident, (_, parent) in incoming.items()})
        for ident, (where, _) in incoming.items():
            chain, current = [ident], parents.get(ident)
            while current is not None and current not in chain:
                chain.append(current)
                current = parents.get(current)
            if current == ident:
                path = " → ".join([*chain, ident])
                raise RecordError(
                    f"{where} ({kind} {ident!r}): field 'parent' makes a cycle: {path}"
                )


def _check_alias_clashes(conn: sqlite3.Connection, located: list[Located]) -> None:
    """Refuse a country alias that another country already answers to as strongly (a code, a
    name or a curated alias): `--country ALIAS` would become ambiguous everywhere."""
    from filmreg.store.countries import KIND_RANK, alias_key

    seen: dict[str, tuple[str, str]] = {}
    for where, kind, rec in located:
        if kind != "country_alias":
            continue
        label = f"{where} (country_alias {record_key(kind, rec)!r})"
        key, country, alias = alias_key(rec["alias"]), rec["country"], rec["alias"]
        if key in seen and seen[key][0] != country:
            raise RecordError(
                f"{label}: alias {alias!r} is also given for {seen[key][0]} "
                f"({seen[key][1]!r}); one name cannot mean two countries"
            )
        seen[key] = (country, alias)
        clash = sorted(
            {
                other
                for other, other_kind in conn.execute(
                    "SELECT country, kind FROM country_aliases WHERE key = ?", (key,)
                )
                if other != country and KIND_RANK[other_kind] <= KIND_RANK["curated"]
            }
        )
        if clash:
            raise RecordError(
                f"{label}: alias {alias!r} already names {', '.join(clash)}; "
                f"adding it for {country} would make it ambiguous"
            )


def _search_texts(r: Record) -> list[str]:
    texts = [r["name"]] + ([r["acronym"]] if r.get("acronym") else [])
    return texts + [n["name"] for n in r.get("names", [])]


def merge(
    conn: sqlite3.Connection, located: list[Located], dry_run: bool = False, mode: str = "import"
) -> Outcome:
    """Merge `located` records into the database in the open transaction on `conn`.

    `mode` is "import" (the batch wins), "sync" (a record the user edited since it was last
    taken from the bundled registry is kept) or "build" (like import; records become the base).
    """
    countries = {row[0] for row in conn.execute("SELECT code FROM countries")}
    progress.begin("checking records", None)
    validate(located, countries, _known_ids(conn))
    _check_role_owners(conn, located)
    _check_parent_cycles(conn, located)
    _check_alias_clashes(conn, located)

    dumper = Dumper(conn)
    outcome = Outcome()
    to_write: dict[str, list[Record]] = {kind: [] for kind in TYPES}
    replaced: dict[str, list[str]] = {kind: [] for kind in TYPES}
    base_rows = []
    progress.begin("comparing records", len(located))
    for kind in TYPES:
        incoming = {
            record_key(kind, rec): canonical(kind, rec) for _, k, rec in located if k == kind
        }
        if not incoming:
            continue
        current = dumper.records(kind, list(incoming))
        base = _base_hashes(conn, kind, list(incoming)) if mode == "sync" else {}
        for key, record in incoming.items():
            now = current.get(key)
            if now == record:
                outcome.unchanged.append((kind, key))
            elif now is None:
                outcome.added.append((kind, key))
                to_write[kind].append(record)
            elif mode == "sync" and base.get(key) != record_hash(now):
                outcome.kept.append((kind, key))
                continue
            else:
                outcome.changed.append((kind, key))
                to_write[kind].append(record)
                replaced[kind].append(key)
            if mode in ("sync", "build"):
                base_rows.append((kind, key, record_hash(record)))
        progress.advance(len(incoming))
    if dry_run:
        return outcome
    reindex = not keys_are_current(conn)
    _write(conn, to_write, replaced, reindex)
    if reindex:
        rebuild(conn)
        outcome.notes.append(
            "rebuilt the search index: the text libraries or folding rules differ from those "
            "it was built with"
        )
    conn.executemany(
        "INSERT OR REPLACE INTO record_base (type, id, sha256) VALUES (?, ?, ?)", base_rows
    )
    return outcome


def _base_hashes(conn: sqlite3.Connection, kind: str, keys: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for chunk in chunks(keys):
        found.update(
            conn.execute(
                "SELECT id, sha256 FROM record_base "
                f"WHERE type = ? AND id IN ({placeholders(chunk)})",
                [kind, *chunk],
            ).fetchall()
        )
    return found


def _write(
    conn: sqlite3.Connection,
    to_write: dict[str, list[Record]],
    replaced: dict[str, list[str]],
    reindex: bool,
) -> None:
    """Write the records; the search index follows, unless the caller rebuilds it whole."""
    conn.execute("PRAGMA defer_foreign_keys = ON")
    if not reindex:
        unindex(conn, [(k, i) for k in SEARCHABLE for i in replaced[k]])
    for kind, ids in replaced.items():
        if ids and kind != "country_alias" and kind != "source":
            _delete_children(conn, kind, ids)
    if replaced["country_alias"]:
        conn.executemany(
            "DELETE FROM country_aliases WHERE kind = 'curated' AND country = ? AND alias = ?",
            [tuple(key.split("/", 1)) for key in replaced["country_alias"]],
        )
    rows = _Inserts(conn)
    progress.begin("writing records", sum(map(len, to_write.values())))
    for kind in TYPES:
        for record in to_write[kind]:
            _rows_of(rows, kind, record)
        progress.advance(len(to_write[kind]))
    progress.begin("storing rows", len(INSERT_ORDER))
    for table in INSERT_ORDER:
        progress.advance()
        values = rows.tables.get(table)
        if not values:
            continue
        columns = COLUMNS[table]
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders(columns)})"
        if table == "country_aliases":  # a curated alias may repeat one pycountry gives
            sql = sql.replace("INSERT", "INSERT OR REPLACE", 1)
        if table in ID_TABLES.values():  # a changed record's own row is updated in place
            updates = ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
            sql += f" ON CONFLICT (id) DO UPDATE SET {updates}"
        conn.executemany(sql, values)
    progress.begin("indexing names", None)
    if not reindex:
        index(
            conn,
            {(kind, r["id"]): _search_texts(r) for kind in SEARCHABLE for r in to_write[kind]},
        )
    _refresh_event_countries(conn, to_write)
    _refresh_tenure(conn, to_write, replaced)
    problem = None
    for table in rows.tables:
        problem = problem or conn.execute(f"PRAGMA foreign_key_check({table})").fetchone()
    if problem:
        raise RecordError(f"the records leave a dangling reference in table {problem[0]}")


def _refresh_tenure(
    conn: sqlite3.Connection, to_write: dict[str, list[Record]], replaced: dict[str, list[str]]
) -> None:
    """Derive the status of every role at each organization a written person holds (or held)
    a role in: a new head ends an earlier head's mandate (see `filmreg.model.tenure`)."""
    orgs = {role["organization"] for r in to_write["person"] for role in r["roles"]}
    for chunk in chunks(replaced["person"]):  # roles a replaced record may have dropped
        orgs |= {
            row[0]
            for row in conn.execute(
                f"SELECT organization_id FROM roles WHERE person_id IN ({placeholders(chunk)})",
                chunk,
            )
        }
    ids = sorted(orgs)
    for chunk in chunks(ids):
        by_org: dict[str, list[Tenure]] = {}
        for org, *fields in conn.execute(
            f"""SELECT organization_id, id, role, start_date, end_date, attested_on,
                       status_stated
                FROM roles WHERE organization_id IN ({placeholders(chunk)}) ORDER BY id""",
            chunk,
        ):
            by_org.setdefault(org, []).append(Tenure(*fields))
        updates = [
            (status, ended_by, role_id)
            for tenures in by_org.values()
            for role_id, (status, ended_by) in derive(tenures).items()
        ]
        conn.executemany("UPDATE roles SET status = ?, ended_by = ? WHERE id = ?", updates)


def _refresh_event_countries(conn: sqlite3.Connection, to_write: dict[str, list[Record]]) -> None:
    """Recount the countries at every event that a written event or organization touches."""
    events = {r["id"] for r in to_write["event"]}
    orgs = [r["id"] for r in to_write["organization"]]
    for chunk in chunks(orgs):
        events |= {
            row[0]
            for row in conn.execute(
                f"SELECT DISTINCT event_id FROM participations "
                f"WHERE organization_id IN ({placeholders(chunk)})",
                chunk,
            )
        }
    ids = sorted(events)
    for chunk in chunks(ids):
        marks = placeholders(chunk)
        conn.execute(f"DELETE FROM event_countries WHERE event_id IN ({marks})", chunk)
        conn.execute(
            f"""INSERT INTO event_countries (event_id, country, date, participants)
                SELECT p.event_id, o.country,
                       coalesce(min(p.date), e.start_date, e.attested_on), count(*)
                FROM participations p
                JOIN organizations o ON o.id = p.organization_id
                JOIN events e ON e.id = p.event_id
                WHERE p.event_id IN ({marks}) AND o.country IS NOT NULL
                GROUP BY p.event_id, o.country""",
            chunk,
        )
