"""`filmreg report --country X`: what X's film administration does with whom, and how we know.

Sections (the keys of the JSON object, documented in the README): country, bodies, events,
events_total, partners, memberships, conventions, topics, sources, filters. Partners are ranked
by `network.rank_key`.
"""

import json
import sqlite3
from collections import defaultdict
from typing import Any

from filmreg.model.dates import date_ceiling
from filmreg.model.vocabulary import MULTILATERAL_KINDS
from filmreg.queries.asof import in_force_on, membership_on, roles_held
from filmreg.queries.lists import NAME_EN
from filmreg.queries.network import (
    CO_PARTICIPATION,
    co_participation,
    date_clause,
    rank_key,
    scores,
)
from filmreg.queries.show import Evidence, memberships
from filmreg.store.database import dict_rows, json_values, placeholders

Report = dict[str, Any]
Item = dict[str, Any]  # one row of a section: a body, an event, a link, a source...
SAMPLE_EVENTS = 3  # co-participation events listed per partner (all with --partner)
EVENT_LIMIT = 50  # most recent events listed in full; `events_total` counts them all
_COUNTRY_NAME_LANGS = ("en", "ru", "tr", "az", "uz", "ka", "ur", "it")


def _country(conn: sqlite3.Connection, code: str) -> dict[str, Any]:
    country = dict(
        conn.execute(
            "SELECT code, alpha3, numeric, name, official_name FROM countries WHERE code = ?",
            (code,),
        ).fetchone()
    )
    names: dict[str, str] = {}
    for lang, alias in conn.execute(
        f"""SELECT lang, alias FROM country_aliases WHERE country = ? AND kind = 'localized'
            AND lang IN ({placeholders(list(_COUNTRY_NAME_LANGS))})
            ORDER BY lang, length(alias), alias""",
        [code, *_COUNTRY_NAME_LANGS],
    ):
        names.setdefault(lang, alias)
    country["names"] = {"en": country["name"], **names}
    return country


def _bodies(
    conn: sqlite3.Connection, code: str, evidence: Evidence, as_of: str | None = None
) -> list[dict[str, Any]]:
    """The country's bodies with the people in post: current ones, or those held on `as_of`."""
    bodies = dict_rows(
        conn,
        f"""SELECT id, name, ({NAME_EN.format(owner="o")}) AS name_en, kind,
                   parent AS parent_id, acronym, website
            FROM organizations o
            WHERE country = ? ORDER BY kind != 'film_agency', name""",
        (code,),
    )
    people: dict[str, list[Item]] = defaultdict(list)
    ids = [b["id"] for b in bodies]
    if ids:
        roles = dict_rows(
            conn,
            f"""SELECT r.id, r.organization_id, r.person_id, p.name, r.role, r.title, r.title_en,
                       r.start_date, r.attested_on, r.status
                FROM roles r JOIN people p ON p.id = r.person_id
                WHERE r.organization_id IN ({json_values()})
                ORDER BY r.role != 'head', r.role, p.name""",
            [json.dumps(ids)],
        )
        if as_of:
            held = roles_held(conn, as_of)
            roles = [{**r, "held_as_of": held[r["id"]]} for r in roles if r["id"] in held]
        else:
            roles = [r for r in roles if r["status"] == "current"]
        for role in roles:
            del role["status"]
        sources = evidence.of("roles", [r["id"] for r in roles])
        for role in roles:
            role["sources"] = sources.get(role["id"], [])
            people[role.pop("organization_id")].append(role)
    for body in bodies:
        body["people"] = people.get(body["id"], [])
    return bodies


def _events(
    conn: sqlite3.Connection,
    code: str,
    since: str | None,
    until: str | None,
    evidence: Evidence,
) -> list[Item]:
    where, params = date_clause("ec.date", since, until)
    events = dict_rows(
        conn,
        f"""SELECT e.id, e.name, e.kind, e.parent AS parent_id, e.start_date, e.end_date,
                   e.city, e.country, ec.date
            FROM event_countries ec JOIN events e ON e.id = ec.event_id
            WHERE ec.country = ? AND {where}
            ORDER BY ec.date DESC, e.id LIMIT ?""",
        [code, *params, EVENT_LIMIT],
    )
    ids = [e["id"] for e in events]
    officials: dict[str, list[Item]] = defaultdict(list)
    topics: dict[str, list[Item]] = defaultdict(list)
    sources = _participation_sources(conn, ids, [code], evidence)
    if ids:
        for part in dict_rows(
            conn,
            f"""SELECT pa.event_id, pa.person_id, p.name, pa.capacity, pa.organization_id,
                       o.name AS organization
                FROM participations pa JOIN organizations o ON o.id = pa.organization_id
                JOIN people p ON p.id = pa.person_id
                WHERE pa.event_id IN ({json_values()}) AND o.country = ? ORDER BY pa.id""",
            [json.dumps(ids), code],
        ):
            officials[part.pop("event_id")].append(part)
        for event_id, topic_id, name in conn.execute(
            f"""SELECT et.event_id, t.id, t.name FROM event_topics et
                JOIN topics t ON t.id = et.topic_id
                WHERE et.event_id IN ({json_values()}) ORDER BY t.id""",
            [json.dumps(ids)],
        ):
            topics[event_id].append({"id": topic_id, "name": name})
    for event in events:
        event["officials"] = officials.get(event["id"], [])
        event["topics"] = topics.get(event["id"], [])
        event["sources"] = sources.get((event["id"], code), [])
    return events


def _participation_sources(
    conn: sqlite3.Connection, event_ids: list[str], countries: list[str], evidence: Evidence
) -> dict[tuple[str, str], list[Item]]:
    """Distinct sources of the participations of `countries` at each event, by (event, country).

    CROSS JOIN fixes the join order: left to itself, SQLite may walk every evidence row.
    """
    found: dict[tuple[str, str], list[Item]] = defaultdict(list)
    if not event_ids:
        return found
    rows = conn.execute(
        f"""SELECT DISTINCT pa.event_id, o.country, ev.field, ev.locator, s.id AS source_id,
                   s.label, s.publisher, s.published, s.url, s.local_copy
            FROM participations pa CROSS JOIN organizations o ON o.id = pa.organization_id
            CROSS JOIN evidence ev ON ev.subject_table = 'participations'
                                  AND ev.subject_id = CAST(pa.id AS TEXT)
            CROSS JOIN sources s ON s.id = ev.source_id
            WHERE pa.event_id IN ({json_values()})
              AND o.country IN ({json_values()})
            ORDER BY pa.event_id, o.country, s.id, ev.locator""",
        [json.dumps(event_ids), json.dumps(countries)],
    )
    for row in rows:
        item = dict(row)
        key = (item.pop("event_id"), item.pop("country"))
        found[key].append(evidence.note(item))
    return found


def _explicit_partner_links(
    conn: sqlite3.Connection,
    code: str,
    since: str | None,
    until: str | None,
    partner: str | None,
    evidence: Evidence,
) -> dict[str, list[Item]]:
    where, params = date_clause("coalesce(c.date, c.attested_on)", since, until)
    coops = dict_rows(
        conn,
        f"""SELECT c.id, c.kind, c.title, coalesce(c.date, c.attested_on) AS date, c.in_force,
                   c.event_id FROM cooperations c
            WHERE c.id IN (SELECT cooperation_id FROM cooperation_parties WHERE country = ?)
              AND c.kind NOT IN ({placeholders(sorted(MULTILATERAL_KINDS))})
              AND {where} ORDER BY 4 DESC, c.id""",
        [code, *sorted(MULTILATERAL_KINDS), *params],
    )
    links: dict[str, list[Item]] = defaultdict(list)
    for coop in coops:
        parties = dict_rows(
            conn,
            """SELECT cp.country, cp.organization_id AS id, o.name FROM cooperation_parties cp
               LEFT JOIN organizations o ON o.id = cp.organization_id
               WHERE cp.cooperation_id = ? ORDER BY cp.id""",
            (coop["id"],),
        )
        topics = [
            t
            for (t,) in conn.execute(
                "SELECT topic_id FROM cooperation_topics WHERE cooperation_id = ? ORDER BY 1",
                (coop["id"],),
            )
        ]
        sources = evidence.one("cooperations", coop["id"])
        for other in sorted({p["country"] for p in parties} - {code}):
            if partner and other != partner:
                continue
            links[other].append(
                {
                    "evidence": "explicit",
                    "kind": coop["kind"],
                    "id": coop["id"],
                    "title": coop["title"],
                    "date": coop["date"],
                    "event_id": coop["event_id"],
                    "own_bodies": _side(conn, parties, code, coop["event_id"]),
                    "partner_bodies": _side(conn, parties, other, coop["event_id"]),
                    "topics": topics,
                    "sources": sources,
                }
            )
    return links


def _side(
    conn: sqlite3.Connection, parties: list[Item], country: str, event_id: str | None
) -> list[Item]:
    """The bodies for one side: those the record names, else those present at its event."""
    named = [
        {"id": p["id"], "name": p["name"], "how": "party"}
        for p in parties
        if p["country"] == country and p["id"]
    ]
    if named or not event_id:
        return named
    return [
        {"id": org_id, "name": name, "how": "represented at the event"}
        for org_id, name in conn.execute(
            """SELECT DISTINCT o.id, o.name FROM participations pa
               JOIN organizations o ON o.id = pa.organization_id
               WHERE pa.event_id = ? AND o.country = ? ORDER BY o.name""",
            (event_id, country),
        )
    ]


def _co_participation_links(
    conn: sqlite3.Connection,
    code: str,
    others: list[str],
    since: str | None,
    until: str | None,
    limit: int | None,
    evidence: Evidence,
) -> dict[str, list[Item]]:
    """Events that officials of `code` shared with each of `others`, most recent first."""
    if not others:
        return {}
    where, params = date_clause("a.date", since, until)
    # Walk the country's events newest first (an index order) and stop once every partner
    # has `limit` of them: with regional partners that is long before the oldest event.
    wanted = set(others)
    taken: dict[str, int] = defaultdict(int)
    picked: list[tuple[str, str, str | None]] = []  # (partner, event id, date)
    rows = conn.execute(
        f"""SELECT a.event_id, a.date, b.country FROM event_countries a
            JOIN event_countries b ON b.event_id = a.event_id
            WHERE a.country = ? AND b.country != a.country AND {where}
            ORDER BY a.date DESC, a.event_id""",
        [code, *params],
    )
    for event_id, date, other in rows:
        if other in wanted and (limit is None or taken[other] < limit):
            taken[other] += 1
            picked.append((other, event_id, date))
            if limit is not None and taken[other] == limit:
                wanted.discard(other)
                if not wanted:
                    break
    names: dict[str, str] = {}
    if picked:
        picked_ids = sorted({p[1] for p in picked})
        sql = f"SELECT id, name FROM events WHERE id IN ({json_values()})"
        names = dict(conn.execute(sql, [json.dumps(picked_ids)]).fetchall())
    events: list[Item] = [
        {"other": other, "id": event_id, "name": names[event_id], "date": date}
        for other, event_id, date in sorted(picked, key=lambda p: p[0])
    ]
    ids = sorted({e["id"] for e in events})
    bodies: dict[tuple[str, str], list[Item]] = defaultdict(list)
    topics: dict[str, list[str]] = defaultdict(list)
    countries = [code, *others]
    sources = _participation_sources(conn, ids, countries, evidence)
    if ids:
        for event_id, country, org_id, name in conn.execute(
            f"""SELECT DISTINCT pa.event_id, o.country, o.id, o.name
                FROM participations pa JOIN organizations o ON o.id = pa.organization_id
                WHERE pa.event_id IN ({json_values()})
                  AND o.country IN ({json_values()})
                ORDER BY pa.event_id, o.country, o.name""",
            [json.dumps(ids), json.dumps(countries)],
        ):
            bodies[(event_id, country)].append({"id": org_id, "name": name, "how": "took part"})
        sql = f"SELECT event_id, topic_id FROM event_topics WHERE event_id IN ({json_values()})"
        for event_id, topic_id in conn.execute(sql + " ORDER BY 1, 2", [json.dumps(ids)]):
            topics[event_id].append(topic_id)

    links: dict[str, list[Item]] = defaultdict(list)
    for event in events:
        eid, other = event["id"], event["other"]
        links[other].append(
            {
                "evidence": CO_PARTICIPATION,
                "kind": CO_PARTICIPATION,
                "id": eid,
                "title": event["name"],
                "date": event["date"],
                "event_id": eid,
                "own_bodies": bodies[(eid, code)],
                "partner_bodies": bodies[(eid, other)],
                "topics": topics[eid],
                "sources": sources[(eid, code)] + sources[(eid, other)],
            }
        )
    return links


def _partners(
    conn: sqlite3.Connection,
    code: str,
    since: str | None,
    until: str | None,
    partner: str | None,
    evidence: Evidence,
) -> list[Item]:
    explicit = _explicit_partner_links(conn, code, since, until, partner, evidence)
    met = {
        b: (n, first, last) for _, b, n, first, last in co_participation(conn, code, since, until)
    }
    if partner:
        met = {k: v for k, v in met.items() if k == partner}
    others = sorted(set(explicit) | set(met))
    sql = f"SELECT code, name FROM countries WHERE code IN ({json_values()})"
    names = dict(conn.execute(sql, [json.dumps(others)]).fetchall()) if others else {}
    sample = None if partner else SAMPLE_EVENTS
    shared_events = _co_participation_links(conn, code, list(met), since, until, sample, evidence)
    partners: list[Item] = []
    for other in others:
        shared, _, last = met.get(other, (0, None, None))
        links = explicit.get(other, []) + shared_events.get(other, [])
        kinds: dict[str, int] = defaultdict(int)
        for link in explicit.get(other, []):
            kinds[link["kind"]] += 1
        if shared:
            kinds[CO_PARTICIPATION] = shared
        score, explicit_score = scores(kinds)
        dates = [d for d in [last, *(link["date"] for link in explicit.get(other, []))] if d]
        partners.append(
            {
                "country": other,
                "name": names.get(other),
                "score": score,
                "explicit_score": explicit_score,
                "kinds": dict(sorted(kinds.items())),
                "last_date": max(dates) if dates else None,
                "links": links,
                "links_not_shown": shared
                - sum(1 for link in links if link["evidence"] == CO_PARTICIPATION),
            }
        )
    partners.sort(key=lambda p: (*rank_key(p), p["country"]))
    for rank, item in enumerate(partners, 1):
        item["rank"] = rank
    return partners


def _topics(
    conn: sqlite3.Connection,
    code: str,
    since: str | None,
    until: str | None,
    partners: list[Item],
) -> list[Item]:
    """How many of the country's events (all of them in the period, not only those listed)
    and explicit records discussed each topic."""
    where, params = date_clause("ec.date", since, until)
    counts: dict[str, dict[str, Any]] = {}
    for topic_id, name, events in conn.execute(
        f"""SELECT t.id, t.name, count(DISTINCT ec.event_id) FROM event_countries ec
            JOIN event_topics et ON et.event_id = ec.event_id
            JOIN topics t ON t.id = et.topic_id
            WHERE ec.country = ? AND {where} GROUP BY t.id""",
        [code, *params],
    ):
        counts[topic_id] = {"id": topic_id, "name": name, "events": events, "cooperations": 0}
    seen: set[str] = set()
    for partner in partners:
        for link in partner["links"]:
            if link["evidence"] != "explicit" or link["id"] in seen:
                continue
            seen.add(link["id"])
            for topic in link["topics"]:
                entry = counts.setdefault(
                    topic, {"id": topic, "name": None, "events": 0, "cooperations": 0}
                )
                entry["cooperations"] += 1
    for entry in counts.values():
        entry["count"] = entry["events"] + entry["cooperations"]
    return sorted(counts.values(), key=lambda t: (-t["count"], t["id"]))


def _conventions(conn: sqlite3.Connection, code: str, evidence: Evidence) -> list[Item]:
    """Multilateral conventions the country is a party to, each listed once."""
    rows = dict_rows(
        conn,
        f"""SELECT c.id, c.kind, c.title, c.date, c.in_force, c.end_date, c.status, c.place,
                   (SELECT count(DISTINCT country) FROM cooperation_parties
                     WHERE cooperation_id = c.id) AS parties
            FROM cooperations c
            WHERE c.kind IN ({placeholders(sorted(MULTILATERAL_KINDS))})
              AND c.id IN (SELECT cooperation_id FROM cooperation_parties WHERE country = ?)
            ORDER BY coalesce(c.date, c.attested_on), c.id""",
        [*sorted(MULTILATERAL_KINDS), code],
    )
    sources = evidence.of("cooperations", [r["id"] for r in rows])
    for row in rows:
        row["sources"] = sources.get(row["id"], [])
    return rows


def _sources(evidence: Evidence) -> list[dict[str, Any]]:
    return sorted(evidence.cited.values(), key=lambda s: (s["published"] or "", s["source_id"]))


def country_report(
    conn: sqlite3.Connection,
    code: str,
    since: str | None = None,
    until: str | None = None,
    partner: str | None = None,
    as_of: str | None = None,
) -> Report:
    """With `as_of` (a full date): the people in post on that day, the conventions in force,
    the memberships then, and links and events up to it (`until` is at most `as_of`)."""
    evidence = Evidence(conn)
    if as_of and (until is None or date_ceiling(until) > as_of):
        until = as_of
    bodies = _bodies(conn, code, evidence, as_of)
    events = _events(conn, code, since, until, evidence)
    where, params = date_clause("date", since, until)
    events_total = conn.execute(
        f"SELECT count(*) FROM event_countries WHERE country = ? AND {where}", [code, *params]
    ).fetchone()[0]
    partners = _partners(conn, code, since, until, partner, evidence)
    joined = memberships(conn, evidence, "coalesce(m.country, o.country) = ?", (code,))
    conventions = _conventions(conn, code, evidence)
    if as_of:
        joined = [m for m in joined if membership_on(m, as_of)]
        conventions = [c for c in conventions if in_force_on(c, as_of)]
    topics = _topics(conn, code, since, until, partners)
    names = dict(conn.execute("SELECT id, name FROM topics").fetchall())
    for topic in topics:
        topic["name"] = topic["name"] or names.get(topic["id"])
    return {
        "country": _country(conn, code),
        "bodies": bodies,
        "events": events,
        "events_total": events_total,
        "partners": partners,
        "memberships": joined,
        "conventions": conventions,
        "topics": topics,
        "sources": _sources(evidence),
        "filters": {"since": since, "until": until, "partner": partner, "as_of": as_of},
    }


def is_empty(report: Report) -> bool:
    return not (report["bodies"] or report["events"] or report["partners"])
