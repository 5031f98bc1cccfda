"""The `list` views: organizations, people, events, cooperations and countries as plain dicts."""

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from filmreg.model.errors import OptionError
from filmreg.model.table import Table
from filmreg.model.vocabulary import FILM_BODY_KINDS, TREATY_KINDS
from filmreg.queries.asof import in_force_on, roles_held
from filmreg.store.database import json_values

Row = dict[str, Any]


# An organization's English name: its name where the names list gives one in English.
NAME_EN = """SELECT n.name FROM names n
               WHERE n.organization_id = {owner}.id AND n.lang = 'en'
                 AND n.kind NOT IN ('acronym', 'former')
               ORDER BY n.kind != 'official', n.kind != 'translation', n.id LIMIT 1"""


def _roles_for(conn: sqlite3.Connection, person_ids: list[str]) -> dict[str, list[Row]]:
    found: dict[str, list[Row]] = defaultdict(list)
    if not person_ids:
        return found
    sql = f"""
        SELECT r.person_id, r.id, r.role, r.title, r.title_lang, r.title_en, r.organization_id,
               o.name AS organization, ({NAME_EN.format(owner="o")}) AS organization_en,
               o.country, r.start_date, r.end_date, r.attested_on, r.status
        FROM roles r JOIN organizations o ON o.id = r.organization_id
        WHERE r.person_id IN ({json_values()})
        ORDER BY r.person_id, r.status = 'current' DESC,
                 coalesce(r.attested_on, r.end_date, r.start_date) DESC, r.id
    """
    for row in conn.execute(sql, [json.dumps(person_ids)]):
        role = dict(row)
        found[role.pop("person_id")].append(role)
    return found


def _other_names(conn: sqlite3.Connection, column: str, ids: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    if not ids:
        return found
    sql = f"SELECT {column}, name FROM names WHERE {column} IN ({json_values()}) ORDER BY id"
    for owner, name in conn.execute(sql, [json.dumps(ids)]):
        if name not in found[owner]:
            found[owner].append(name)
    return found


def list_organizations(
    conn: sqlite3.Connection,
    country: str | None = None,
    kind: str | None = None,
    limit: int | None = None,
    as_of: str | None = None,
) -> Table:
    """Organizations with their current heads, or with `as_of` (a full date) the heads on that
    day, each marked `held_as_of` (held or attested)."""
    where, params = [], []
    if country:
        where.append("o.country = ?")
        params.append(country)
    if kind:
        where.append("o.kind = ?")
        params.append(kind)
    sql = f"""
        SELECT o.id, o.name, ({NAME_EN.format(owner="o")}) AS name_en, o.kind, o.country,
               c.name AS country_name, o.parent AS parent_id, p.name AS parent_name,
               o.acronym, o.website
        FROM organizations o
        LEFT JOIN countries c ON c.code = o.country
        LEFT JOIN organizations p ON p.id = o.parent
        {"WHERE " + " AND ".join(where) if where else ""}
        ORDER BY o.country, o.kind != 'film_agency', o.name, o.id
        {"LIMIT ?" if limit is not None else ""}
    """
    rows = [dict(r) for r in conn.execute(sql, params + ([limit] if limit is not None else []))]
    ids = [r["id"] for r in rows]
    heads: dict[str, list[Row]] = defaultdict(list)
    held = roles_held(conn, as_of) if as_of else {}
    if ids:
        for r in conn.execute(
            f"""SELECT r.organization_id, r.id AS role_id, p.id AS person_id, p.name, r.title,
                       r.title_en, r.start_date, r.attested_on, r.status
                FROM roles r JOIN people p ON p.id = r.person_id
                WHERE r.role = 'head' AND r.organization_id IN ({json_values()})
                ORDER BY p.name""",
            [json.dumps(ids)],
        ):
            head = dict(r)
            role_id, status = head.pop("role_id"), head.pop("status")
            if as_of:
                if role_id not in held:
                    continue
                head["held_as_of"] = held[role_id]
            elif status != "current":
                continue
            heads[head.pop("organization_id")].append(head)
    for row in rows:
        row["current_heads"] = heads.get(row["id"], [])
    return Table(
        "organizations",
        rows,
        (
            "id",
            "name",
            "name_en",
            "kind",
            "country",
            "country_name",
            "parent_id",
            "parent_name",
            "acronym",
            "website",
            "current_heads",
        ),
    )


def list_people(
    conn: sqlite3.Connection,
    country: str | None = None,
    role: str | None = None,
    limit: int | None = None,
    as_of: str | None = None,
) -> Table:
    """People with their roles; with `as_of`, only the people holding a role on that day and
    only those roles, each marked `held_as_of`."""
    where, params = [], []
    held = roles_held(conn, as_of) if as_of else {}
    if as_of:
        where.append(
            "p.id IN (SELECT person_id FROM roles WHERE id IN (SELECT value FROM json_each(?)))"
        )
        params.append(json.dumps(sorted(held)))
    if country:
        where.append(
            """(p.id IN (SELECT r.person_id FROM roles r JOIN organizations o
                         ON o.id = r.organization_id WHERE o.country = ?)
                OR p.id IN (SELECT pa.person_id FROM participations pa JOIN organizations o
                         ON o.id = pa.organization_id WHERE o.country = ?))"""
        )
        params += [country, country]
    if role:
        where.append("p.id IN (SELECT person_id FROM roles WHERE role = ?)")
        params.append(role)
    sql = f"""
        SELECT p.id, p.name FROM people p
        {"WHERE " + " AND ".join(where) if where else ""}
        ORDER BY p.name, p.id
        {"LIMIT ?" if limit is not None else ""}
    """
    rows = [dict(r) for r in conn.execute(sql, params + ([limit] if limit is not None else []))]
    ids = [r["id"] for r in rows]
    roles = _roles_for(conn, ids)
    names = _other_names(conn, "person_id", ids)
    for row in rows:
        row["other_names"] = [n for n in names.get(row["id"], []) if n != row["name"]]
        row["roles"] = [r for r in roles.get(row["id"], []) if not role or r["role"] == role]
        if as_of:
            row["roles"] = [
                {**r, "held_as_of": held[r["id"]]} for r in row["roles"] if r["id"] in held
            ]
        row["countries"] = sorted({r["country"] for r in roles.get(row["id"], []) if r["country"]})
    return Table("people", rows, ("id", "name", "other_names", "countries", "roles"))


def list_events(
    conn: sqlite3.Connection,
    country: str | None = None,
    kind: str | None = None,
    limit: int | None = None,
    as_of: str | None = None,
) -> Table:
    where, params = [], []
    if as_of:
        where.append("coalesce(e.start_date, e.attested_on) IS NOT NULL")
        where.append("substr(coalesce(e.start_date, e.attested_on) || '-01-01', 1, 10) <= ?")
        params.append(as_of)
    if country:
        where.append(
            """(e.country = ? OR e.id IN (SELECT pa.event_id FROM participations pa
                JOIN organizations o ON o.id = pa.organization_id WHERE o.country = ?))"""
        )
        params += [country, country]
    if kind:
        where.append("e.kind = ?")
        params.append(kind)
    sql = f"""
        SELECT e.id, e.name, e.kind, e.parent AS parent_id, e.start_date, e.end_date,
               e.attested_on, e.venue,
               e.city, e.country, e.organizer AS organizer_id,
               (SELECT count(*) FROM participations pa WHERE pa.event_id = e.id) AS participants
        FROM events e
        {"WHERE " + " AND ".join(where) if where else ""}
        ORDER BY coalesce(e.start_date, e.attested_on, '9999'), e.name, e.id
        {"LIMIT ?" if limit is not None else ""}
    """
    rows = [dict(r) for r in conn.execute(sql, params + ([limit] if limit is not None else []))]
    ids = [r["id"] for r in rows]
    topics: dict[str, list[str]] = defaultdict(list)
    if ids:
        for event_id, topic in conn.execute(
            f"""SELECT event_id, topic_id FROM event_topics
                WHERE event_id IN ({json_values()}) ORDER BY topic_id""",
            [json.dumps(ids)],
        ):
            topics[event_id].append(topic)
    for row in rows:
        row["topics"] = topics.get(row["id"], [])
    return Table(
        "events",
        rows,
        (
            "id",
            "name",
            "kind",
            "parent_id",
            "start_date",
            "end_date",
            "attested_on",
            "venue",
            "city",
            "country",
            "organizer_id",
            "participants",
            "topics",
        ),
    )


COVERAGE_GAPS = {
    "body": "film_bodies = 0",
    "head": "NOT head_known",
    "treaty": "treaties = 0",
    "membership": "memberships = 0",
}


def list_countries(
    conn: sqlite3.Connection,
    country: str | None = None,
    limit: int | None = None,
    missing: str | None = None,
) -> Table:
    """Countries that some record names (an organization, event, cooperation party or
    membership), with what the registry knows of each: its state film bodies, whether a
    source names a current head of one, the newest date a source gives for such a head,
    and its treaties and memberships. `missing` keeps the countries lacking one of those.

    Each count is what `list people|events|agencies --country` gives for that country.
    """
    bodies = "(" + ", ".join(f"'{k}'" for k in sorted(FILM_BODY_KINDS)) + ")"
    treaties = "(" + ", ".join(f"'{k}'" for k in sorted(TREATY_KINDS)) + ")"
    heads = f"""FROM roles r JOIN organizations o ON o.id = r.organization_id
                WHERE o.country = c.code AND o.kind IN {bodies}
                  AND r.role = 'head' AND r.status = 'current'"""
    sql = f"""
        SELECT * FROM (SELECT c.code, c.alpha3, c.numeric, c.name, c.official_name,
               (SELECT count(*) FROM organizations o WHERE o.country = c.code) AS organizations,
               (SELECT count(*) FROM organizations o
                  WHERE o.country = c.code AND o.kind IN {bodies}) AS film_bodies,
               EXISTS (SELECT 1 {heads}) AS head_known,
               (SELECT max(max(coalesce(s.published, ''), coalesce(r.attested_on, ''),
                               coalesce(r.start_date, '')))
                  {
        heads.replace(
            "WHERE",
            "LEFT JOIN evidence ev ON ev.subject_table = 'roles'"
            " AND ev.subject_id = r.id"
            " LEFT JOIN sources s ON s.id = ev.source_id WHERE",
            1,
        )
    }
               ) AS head_newest_source,
               (SELECT count(DISTINCT cp.cooperation_id) FROM cooperation_parties cp
                  JOIN cooperations co ON co.id = cp.cooperation_id
                  WHERE cp.country = c.code AND co.kind IN {treaties}) AS treaties,
               (SELECT count(*) FROM memberships m
                  LEFT JOIN organizations o ON o.id = m.organization_id
                  WHERE coalesce(m.country, o.country) = c.code) AS memberships,
               (SELECT count(*) FROM (
                  SELECT r.person_id FROM roles r
                  JOIN organizations o ON o.id = r.organization_id WHERE o.country = c.code
                  UNION SELECT pa.person_id FROM participations pa
                  JOIN organizations o ON o.id = pa.organization_id WHERE o.country = c.code
               )) AS people,
               (SELECT count(*) FROM (
                  SELECT e.id FROM events e WHERE e.country = c.code
                  UNION SELECT pa.event_id FROM participations pa
                  JOIN organizations o ON o.id = pa.organization_id WHERE o.country = c.code
               )) AS events,
               (SELECT count(DISTINCT cp.cooperation_id) FROM cooperation_parties cp
                  WHERE cp.country = c.code) AS cooperations
        FROM countries c
        WHERE (c.code IN (SELECT country FROM organizations)
            OR c.code IN (SELECT country FROM events)
            OR c.code IN (SELECT country FROM cooperation_parties)
            OR c.code IN (SELECT country FROM memberships))
          {"AND c.code = ?" if country else ""})
        {"WHERE " + COVERAGE_GAPS[missing] if missing else ""}
        ORDER BY code
        {"LIMIT ?" if limit is not None else ""}
    """
    params: list[Any] = [country] if country else []
    if limit is not None:
        params.append(limit)
    rows = [dict(r) for r in conn.execute(sql, params)]
    for row in rows:
        row["head_known"] = bool(row["head_known"])
        row["head_newest_source"] = row["head_newest_source"] or None
    return Table(
        "countries",
        rows,
        (
            "code",
            "alpha3",
            "numeric",
            "name",
            "official_name",
            "organizations",
            "film_bodies",
            "head_known",
            "head_newest_source",
            "treaties",
            "memberships",
            "people",
            "events",
            "cooperations",
        ),
    )


def list_cooperations(
    conn: sqlite3.Connection,
    country: str | None = None,
    partner: str | None = None,
    kind: str | None = None,
    limit: int | None = None,
    as_of: str | None = None,
) -> Table:
    """Treaties, memoranda and other cooperation, newest first, with their parties; only those
    `country` (and `partner`) is a party to when given; only those in force on `as_of`."""
    where, params = [], []
    if as_of:
        conn.create_function("filmreg_in_force", 1, _in_force_json(as_of), deterministic=True)
        where.append(
            "filmreg_in_force(json_object('in_force', co.in_force, 'date', co.date,"
            " 'attested_on', co.attested_on, 'end_date', co.end_date))"
        )
    for code in (country, partner):
        if code:
            where.append(
                "co.id IN (SELECT cooperation_id FROM cooperation_parties WHERE country = ?)"
            )
            params.append(code)
    if kind:
        where.append("co.kind = ?")
        params.append(kind)
    sql = f"""
        SELECT co.id, co.kind, co.title, co.date, co.in_force, co.end_date, co.attested_on,
               co.status,
               co.place, co.event_id
        FROM cooperations co
        {"WHERE " + " AND ".join(where) if where else ""}
        ORDER BY coalesce(co.date, co.attested_on, co.in_force, '0000') DESC, co.id
        {"LIMIT ?" if limit is not None else ""}
    """
    rows = [dict(r) for r in conn.execute(sql, params + ([limit] if limit is not None else []))]
    parties: dict[str, list[Row]] = defaultdict(list)
    for party in conn.execute(
        f"""SELECT cp.cooperation_id, cp.country, cp.organization_id, o.name AS organization,
                   cp.person_id, p.name AS person, cp.role
            FROM cooperation_parties cp
            LEFT JOIN organizations o ON o.id = cp.organization_id
            LEFT JOIN people p ON p.id = cp.person_id
            WHERE cp.cooperation_id IN ({json_values()}) ORDER BY cp.id""",
        [json.dumps([r["id"] for r in rows])],
    ):
        item = dict(party)
        parties[item.pop("cooperation_id")].append(item)
    for row in rows:
        row["parties"] = parties.get(row["id"], [])
        row["countries"] = sorted({p["country"] for p in row["parties"]})
    return Table(
        "cooperations",
        rows,
        (
            "id",
            "kind",
            "title",
            "date",
            "in_force",
            "end_date",
            "attested_on",
            "status",
            "place",
            "event_id",
            "countries",
            "parties",
        ),
    )


def _in_force_json(day: str) -> Callable[[str], bool]:
    def check(text: str) -> bool:
        return in_force_on(json.loads(text), day)

    return check


MAX_LIMIT = 2**63 - 1  # SQLite's largest integer


def check_limit(limit: int | None) -> None:
    if limit is not None and limit < 0:
        raise OptionError("{limit} must be 0 or more", "limit")
    if limit is not None and limit > MAX_LIMIT:
        raise OptionError("{limit} must be at most {most}", "limit", most=MAX_LIMIT)
