"""Full records for `filmreg show`: an entity with all its facts, each with its sources."""

import json
import sqlite3
from collections import defaultdict
from typing import Any

from filmreg.store.database import dict_rows

Record = dict[str, Any]


class Evidence:
    """Sources of every fact in the registry, fetched once per record."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.cited: dict[str, Record] = {}  # every source handed out, for a report's source list

    def of(self, table: str, ids: list[str]) -> dict[str, list[Record]]:
        found: dict[str, list[Record]] = defaultdict(list)
        if not ids:
            return found
        for row in self.conn.execute(
            """SELECT e.subject_id, e.field, e.locator, e.quote, s.id AS source_id, s.label,
                       s.publisher, s.published, s.url, s.language, s.local_copy
                FROM evidence e JOIN sources s ON s.id = e.source_id
                WHERE e.subject_table = ? AND e.subject_id IN (SELECT value FROM json_each(?))
                ORDER BY e.id""",
            [table, json.dumps(ids)],
        ):
            item = dict(row)
            found[item.pop("subject_id")].append(self.note(item))
        return found

    def note(self, item: Record) -> Record:
        """Remember the source of `item` (a dict with the source's columns) as cited."""
        if item["source_id"] not in self.cited:
            self.cited[item["source_id"]] = {
                k: item.get(k)
                for k in ("source_id", "label", "publisher", "published", "url", "language")
            }
        return item

    def one(self, table: str, ident: str) -> list[Record]:
        return self.of(table, [ident]).get(ident, [])


def _names(conn: sqlite3.Connection, evidence: Evidence, column: str, ident: str) -> list[Record]:
    names = dict_rows(
        conn,
        f"SELECT id, name, lang, script, kind FROM names WHERE {column} = ? ORDER BY id",
        (ident,),
    )
    sources = evidence.of("names", [str(n["id"]) for n in names])
    for name in names:
        name["sources"] = sources.get(str(name.pop("id")), [])
    return names


def _with_sources(
    evidence: Evidence, table: str, rows: list[Record], key: str = "id"
) -> list[Record]:
    sources = evidence.of(table, [str(r[key]) for r in rows])
    for row in rows:
        row["sources"] = sources.get(str(row[key]), [])
    return rows


def _cooperations(
    conn: sqlite3.Connection, evidence: Evidence, where: str, params: tuple[str, ...]
) -> list[Record]:
    coops = dict_rows(
        conn,
        f"""SELECT DISTINCT c.id, c.kind, c.title, c.date, c.in_force, c.end_date,
                   c.attested_on, c.status, c.place, c.event_id, c.note
            FROM cooperations c JOIN cooperation_parties cp ON cp.cooperation_id = c.id
            WHERE {where} ORDER BY coalesce(c.date, c.attested_on), c.id""",
        params,
    )
    for coop in coops:
        coop["parties"] = dict_rows(
            conn,
            """SELECT cp.country, cp.organization_id, o.name AS organization, cp.person_id,
                      p.name AS person, cp.role
               FROM cooperation_parties cp
               LEFT JOIN organizations o ON o.id = cp.organization_id
               LEFT JOIN people p ON p.id = cp.person_id
               WHERE cp.cooperation_id = ? ORDER BY cp.id""",
            (coop["id"],),
        )
        coop["topics"] = [
            t
            for (t,) in conn.execute(
                "SELECT topic_id FROM cooperation_topics WHERE cooperation_id = ? ORDER BY 1",
                (coop["id"],),
            )
        ]
    return _with_sources(evidence, "cooperations", coops)


def memberships(
    conn: sqlite3.Connection, evidence: Evidence, where: str, params: tuple[str, ...]
) -> list[Record]:
    """Memberships of intergovernmental bodies: the body, the member (a state or a body)."""
    rows = dict_rows(
        conn,
        f"""SELECT m.id, m.body AS body_id, b.name AS body, coalesce(m.country, o.country)
                   AS country, m.organization_id, o.name AS organization, m.start_date,
                   m.end_date, m.attested_on, m.note
            FROM memberships m JOIN organizations b ON b.id = m.body
            LEFT JOIN organizations o ON o.id = m.organization_id
            WHERE {where} ORDER BY b.name, country, m.id""",
        params,
    )
    return _with_sources(evidence, "memberships", rows)


def person_record(conn: sqlite3.Connection, ident: str) -> Record:
    evidence = Evidence(conn)
    person = dict(
        conn.execute("SELECT id, name, note FROM people WHERE id = ?", (ident,)).fetchone()
    )
    roles = dict_rows(
        conn,
        """SELECT r.id, r.role, r.title, r.title_lang, r.title_en, r.organization_id,
                  o.name AS organization, o.country, r.start_date, r.end_date, r.attested_on,
                  r.status, r.note
           FROM roles r JOIN organizations o ON o.id = r.organization_id
           WHERE r.person_id = ?
           ORDER BY coalesce(r.start_date, r.attested_on, r.end_date), r.id""",
        (ident,),
    )
    participations = dict_rows(
        conn,
        """SELECT pa.id, pa.event_id, e.name AS event, e.kind AS event_kind, e.start_date,
                  e.city, e.country, pa.capacity, pa.organization_id, o.name AS organization,
                  pa.date
           FROM participations pa JOIN events e ON e.id = pa.event_id
           LEFT JOIN organizations o ON o.id = pa.organization_id
           WHERE pa.person_id = ? ORDER BY coalesce(pa.date, e.start_date), pa.id""",
        (ident,),
    )
    return {
        "type": "person",
        **person,
        "names": _names(conn, evidence, "person_id", ident),
        "roles": _with_sources(evidence, "roles", roles),
        "participations": _with_sources(evidence, "participations", participations),
        "cooperations": _cooperations(conn, evidence, "cp.person_id = ?", (ident,)),
        "sources": evidence.one("people", ident),
    }


def organization_record(conn: sqlite3.Connection, ident: str) -> Record:
    evidence = Evidence(conn)
    org = dict(
        conn.execute(
            """SELECT o.id, o.name, o.kind, o.country, c.name AS country_name,
                      o.parent AS parent_id, p.name AS parent_name, o.acronym, o.website,
                      o.founded, o.legal_form, o.note
               FROM organizations o LEFT JOIN countries c ON c.code = o.country
               LEFT JOIN organizations p ON p.id = o.parent WHERE o.id = ?""",
            (ident,),
        ).fetchone()
    )
    people = dict_rows(
        conn,
        """SELECT r.id, r.person_id, p.name, r.role, r.title, r.title_en, r.start_date,
                  r.end_date, r.attested_on, r.status
           FROM roles r JOIN people p ON p.id = r.person_id WHERE r.organization_id = ?
           ORDER BY r.status = 'current' DESC, r.role, p.name, r.id""",
        (ident,),
    )
    events = dict_rows(
        conn,
        """SELECT pa.id, pa.event_id, e.name AS event, e.start_date, pa.person_id,
                  p.name AS person, pa.capacity
           FROM participations pa JOIN events e ON e.id = pa.event_id
           JOIN people p ON p.id = pa.person_id
           WHERE pa.organization_id = ? ORDER BY e.start_date, pa.id""",
        (ident,),
    )
    units = dict_rows(
        conn, "SELECT id, name, kind FROM organizations WHERE parent = ? ORDER BY name", (ident,)
    )
    return {
        "type": "organization",
        **org,
        "names": _names(conn, evidence, "organization_id", ident),
        "units": units,
        "people": _with_sources(evidence, "roles", people),
        "participations": _with_sources(evidence, "participations", events),
        "cooperations": _cooperations(conn, evidence, "cp.organization_id = ?", (ident,)),
        "memberships": memberships(conn, evidence, "m.organization_id = ?", (ident,)),
        "members": memberships(conn, evidence, "m.body = ?", (ident,)),
        "sources": evidence.one("organizations", ident),
    }


def event_record(conn: sqlite3.Connection, ident: str) -> Record:
    evidence = Evidence(conn)
    event = dict(
        conn.execute(
            """SELECT e.id, e.name, e.kind, e.parent AS parent_id, p.name AS parent_name,
                      e.start_date, e.end_date, e.attested_on, e.venue, e.city, e.country,
                      e.organizer AS organizer_id, o.name AS organizer, e.note
               FROM events e LEFT JOIN events p ON p.id = e.parent
               LEFT JOIN organizations o ON o.id = e.organizer WHERE e.id = ?""",
            (ident,),
        ).fetchone()
    )
    topics = dict_rows(
        conn,
        """SELECT et.event_id || '/' || et.topic_id AS key, t.id, t.name
           FROM event_topics et JOIN topics t ON t.id = et.topic_id
           WHERE et.event_id = ? ORDER BY t.id""",
        (ident,),
    )
    _with_sources(evidence, "event_topics", topics, key="key")
    for topic in topics:
        del topic["key"]
    participants = dict_rows(
        conn,
        """SELECT pa.id, pa.person_id, p.name, pa.capacity, pa.organization_id,
                  o.name AS organization, o.country, pa.date
           FROM participations pa JOIN people p ON p.id = pa.person_id
           LEFT JOIN organizations o ON o.id = pa.organization_id
           WHERE pa.event_id = ? ORDER BY pa.id""",
        (ident,),
    )
    parts = dict_rows(
        conn,
        "SELECT id, name, kind, start_date FROM events WHERE parent = ? ORDER BY start_date, id",
        (ident,),
    )
    return {
        "type": "event",
        **event,
        "names": _names(conn, evidence, "event_id", ident),
        "parts": parts,
        "topics": topics,
        "participants": _with_sources(evidence, "participations", participants),
        "cooperations": _cooperations(conn, evidence, "c.event_id = ?", (ident,)),
        "sources": evidence.one("events", ident),
    }


def topic_record(conn: sqlite3.Connection, ident: str) -> Record:
    evidence = Evidence(conn)
    topic = dict(
        conn.execute("SELECT id, name, description FROM topics WHERE id = ?", (ident,)).fetchone()
    )
    events = dict_rows(
        conn,
        """SELECT e.id, e.name, e.start_date, e.country FROM event_topics et
           JOIN events e ON e.id = et.event_id WHERE et.topic_id = ? ORDER BY e.start_date""",
        (ident,),
    )
    coops = dict_rows(
        conn,
        """SELECT c.id, c.kind, c.title, c.date FROM cooperation_topics ct
           JOIN cooperations c ON c.id = ct.cooperation_id WHERE ct.topic_id = ?
           ORDER BY c.date""",
        (ident,),
    )
    return {
        "type": "topic",
        **topic,
        "names": _names(conn, evidence, "topic_id", ident),
        "events": events,
        "cooperations": coops,
    }


def country_record(conn: sqlite3.Connection, code: str) -> Record:
    evidence = Evidence(conn)
    country = dict(
        conn.execute(
            "SELECT code, alpha3, numeric, name, official_name FROM countries WHERE code = ?",
            (code,),
        ).fetchone()
    )
    names = dict_rows(
        conn,
        """SELECT alias AS name, lang, kind FROM country_aliases
           WHERE country = ? AND kind IN ('localized', 'curated', 'common_name')
           ORDER BY lang, alias""",
        (code,),
    )
    orgs = dict_rows(
        conn,
        "SELECT id, name, kind, parent AS parent_id FROM organizations WHERE country = ? "
        "ORDER BY kind != 'film_agency', name",
        (code,),
    )
    for org in orgs:  # who heads each body now, by name ([] when no source names one)
        org["current_heads"] = [
            name
            for (name,) in conn.execute(
                """SELECT p.name FROM roles r JOIN people p ON p.id = r.person_id
                   WHERE r.organization_id = ? AND r.role = 'head' AND r.status = 'current'
                   ORDER BY p.name""",
                (org["id"],),
            )
        ]
    return {
        "type": "country",
        **country,
        "names": names,
        "organizations": orgs,
        "cooperations": _cooperations(conn, evidence, "cp.country = ?", (code,)),
        "memberships": memberships(conn, evidence, "coalesce(m.country, o.country) = ?", (code,)),
    }


def source_record(conn: sqlite3.Connection, ident: str) -> Record:
    """A source, and how many facts of each kind rest on it."""
    source = dict(
        conn.execute(
            """SELECT id, label AS name, label, title, publisher, published, url, language, kind,
                      local_copy, note FROM sources WHERE id = ?""",
            (ident,),
        ).fetchone()
    )
    cited_by = dict_rows(
        conn,
        """SELECT subject_table AS "table", count(*) AS facts FROM evidence
           WHERE source_id = ? GROUP BY subject_table ORDER BY subject_table""",
        (ident,),
    )
    return {"type": "source", **source, "cited_by": cited_by}


RECORD_BUILDERS = {
    "person": ("people", person_record),
    "organization": ("organizations", organization_record),
    "event": ("events", event_record),
    "topic": ("topics", topic_record),
    "source": ("sources", source_record),
}


def find_by_id(conn: sqlite3.Connection, ident: str) -> tuple[str, str] | None:
    for kind, (table, _) in RECORD_BUILDERS.items():
        if conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (ident,)).fetchone():
            return kind, ident
    return None


def record(conn: sqlite3.Connection, kind: str, ident: str, as_of: str | None = None) -> Record:
    if kind == "country":
        rec = country_record(conn, ident)
    else:
        rec = RECORD_BUILDERS[kind][1](conn, ident)
    return as_of_record(conn, rec, as_of) if as_of else rec


def as_of_record(conn: sqlite3.Connection, rec: Record, day: str) -> Record:
    """`rec` as things stood on `day`: the roles held then (each marked `held_as_of`), the
    appearances and events up to it, the cooperation and memberships in force."""
    from filmreg.queries.asof import happened_by, in_force_on, membership_on, roles_held

    held = roles_held(conn, day)
    for key in ("roles", "people"):
        if key in rec and rec["type"] in ("person", "organization"):
            rec[key] = [{**r, "held_as_of": held[r["id"]]} for r in rec[key] if r["id"] in held]
    # An appearance is dated by its own date, else by its event's (the record's, for an event).
    event_date = rec.get("start_date") or rec.get("attested_on") if rec["type"] == "event" else None
    for key in ("participations", "participants"):
        if key in rec:
            rec[key] = [
                p
                for p in rec[key]
                if happened_by(p.get("date") or p.get("start_date") or event_date, None, day)
            ]
    if "cooperations" in rec:
        rec["cooperations"] = [c for c in rec["cooperations"] if in_force_on(c, day)]
    for key in ("memberships", "members"):
        if key in rec:
            rec[key] = [m for m in rec[key] if membership_on(m, day)]
    if rec["type"] == "topic":
        rec["events"] = [e for e in rec["events"] if happened_by(e["start_date"], None, day)]
        rec["cooperations"] = [c for c in rec["cooperations"] if happened_by(c["date"], None, day)]
    rec["as_of"] = day
    return rec
