"""`filmreg changes --since DATE`: the registry's facts dated on or after a day, newest first:
appointments (a start date, or a first source showing someone in post), departures (an end
date, or a successor's arrival), agreements signed, in force or ended, events, memberships."""

import sqlite3
from typing import Any

from filmreg.model.dates import date_ceiling, date_floor
from filmreg.queries.show import Evidence

Change = dict[str, Any]
CHANGE_KINDS = ("appointment", "departure", "agreement", "event", "membership")


def _on_or_after(value: str | None, since: str) -> bool:
    return bool(value) and date_ceiling(str(value)) >= since


def _role_changes(conn: sqlite3.Connection, since: str) -> list[Change]:
    out: list[Change] = []
    roles = [
        dict(r)
        for r in conn.execute(
            """SELECT r.id, r.person_id, p.name, r.role, r.title, r.title_en, r.organization_id,
                      o.name AS organization, o.country, r.start_date, r.end_date,
                      r.attested_on, r.ended_by
               FROM roles r JOIN people p ON p.id = r.person_id
               JOIN organizations o ON o.id = r.organization_id"""
        )
    ]
    first_known = {r["id"]: r["start_date"] or r["attested_on"] for r in roles}
    for r in roles:
        post = f"{r['name']}: {r['title_en'] or r['title']}, {r['organization']}"
        base = {
            "table": "roles",
            "id": r["id"],
            "countries": [r["country"]] if r["country"] else [],
        }
        if _on_or_after(r["start_date"], since):
            out.append(
                {
                    **base,
                    "date": r["start_date"],
                    "kind": "appointment",
                    "dated_by": "start_date",
                    "summary": f"took the post: {post}",
                }
            )
        elif not r["start_date"] and _on_or_after(r["attested_on"], since):
            out.append(
                {
                    **base,
                    "date": r["attested_on"],
                    "kind": "appointment",
                    "dated_by": "attested_on",
                    "summary": f"shown in post (start unknown): {post}",
                }
            )
        if _on_or_after(r["end_date"], since):
            out.append(
                {
                    **base,
                    "date": r["end_date"],
                    "kind": "departure",
                    "dated_by": "end_date",
                    "summary": f"mandate ended: {post}",
                }
            )
        elif r["ended_by"] and _on_or_after(first_known.get(r["ended_by"]), since):
            out.append(
                {
                    **base,
                    "date": first_known[r["ended_by"]],
                    "kind": "departure",
                    "dated_by": "ended_by",
                    "summary": f"succeeded (by {r['ended_by']}; end date unknown): {post}",
                }
            )
    return out


def _agreement_changes(conn: sqlite3.Connection, since: str) -> list[Change]:
    out: list[Change] = []
    parties: dict[str, set[str]] = {}
    for coop, country in conn.execute("SELECT cooperation_id, country FROM cooperation_parties"):
        parties.setdefault(coop, set()).add(country)
    for c in conn.execute(
        "SELECT id, kind, title, date, in_force, end_date, attested_on FROM cooperations"
    ):
        base = {
            "table": "cooperations",
            "id": c["id"],
            "countries": sorted(parties.get(c["id"], ())),
        }
        dated = [
            ("date", "signed"),
            ("in_force", "entered into force"),
            ("end_date", "ended"),
        ]
        if not c["date"]:
            dated.append(("attested_on", "reported"))
        for column, verb in dated:
            if _on_or_after(c[column], since):
                out.append(
                    {
                        **base,
                        "date": c[column],
                        "kind": "agreement",
                        "dated_by": column,
                        "summary": f"{verb}: {c['title']} ({c['kind']})",
                    }
                )
    return out


def _event_changes(conn: sqlite3.Connection, since: str) -> list[Change]:
    out: list[Change] = []
    countries: dict[str, set[str]] = {}
    for event, country in conn.execute("SELECT event_id, country FROM event_countries"):
        countries.setdefault(event, set()).add(country)
    for e in conn.execute("SELECT id, name, kind, start_date, attested_on, country FROM events"):
        column = "start_date" if e["start_date"] else "attested_on"
        if _on_or_after(e[column], since):
            held = countries.get(e["id"], set()) | ({e["country"]} if e["country"] else set())
            out.append(
                {
                    "table": "events",
                    "id": e["id"],
                    "countries": sorted(held),
                    "date": e[column],
                    "kind": "event",
                    "dated_by": column,
                    "summary": f"{e['kind']}: {e['name']}",
                }
            )
    return out


def _membership_changes(conn: sqlite3.Connection, since: str) -> list[Change]:
    out: list[Change] = []
    for m in conn.execute(
        """SELECT m.id, b.name AS body, coalesce(m.country, o.country) AS country,
                  o.name AS organization, m.start_date, m.end_date, m.attested_on
           FROM memberships m JOIN organizations b ON b.id = m.body
           LEFT JOIN organizations o ON o.id = m.organization_id"""
    ):
        member = m["organization"] or m["country"]
        base = {
            "table": "memberships",
            "id": m["id"],
            "countries": [m["country"]] if m["country"] else [],
        }
        dated = [("start_date", "joined"), ("end_date", "left")]
        if not m["start_date"]:
            dated.append(("attested_on", "shown as a member"))
        for column, verb in dated:
            if _on_or_after(m[column], since):
                out.append(
                    {
                        **base,
                        "date": m[column],
                        "kind": "membership",
                        "dated_by": column,
                        "summary": f"{member} {verb} {m['body']}",
                    }
                )
    return out


def changes(
    conn: sqlite3.Connection, since: str, country: str | None = None, kind: str | None = None
) -> list[Change]:
    """Facts dated on or after `since` (a partial date: from its first day), newest first, each
    with `date`, `kind`, `dated_by` (the field that dates it), `table`, `id`, `countries`,
    `summary` and `sources`."""
    day = date_floor(since)
    found: list[Change] = []
    if kind in (None, "appointment", "departure"):
        found += [c for c in _role_changes(conn, day) if kind in (None, c["kind"])]
    if kind in (None, "agreement"):
        found += _agreement_changes(conn, day)
    if kind in (None, "event"):
        found += _event_changes(conn, day)
    if kind in (None, "membership"):
        found += _membership_changes(conn, day)
    if country:
        found = [c for c in found if country in c["countries"]]
    found.sort(key=lambda c: (c["date"], c["kind"], c["id"]), reverse=True)
    evidence = Evidence(conn)
    by_table: dict[str, list[str]] = {}
    for c in found:
        by_table.setdefault(c["table"], []).append(c["id"])
    cited = {t: evidence.of(t, ids) for t, ids in by_table.items()}
    for c in found:
        every = cited[c["table"]].get(c["id"], [])
        backing = [s for s in every if s.get("field") in (None, c["dated_by"])] or every
        unique = {s["source_id"]: s for s in reversed(backing)}  # the first citation of each
        c["sources"] = [
            {k: s.get(k) for k in ("source_id", "published", "url", "locator", "quote")}
            for s in reversed(unique.values())
        ]
    return [
        {
            k: c[k]
            for k in ("date", "kind", "dated_by", "table", "id", "countries", "summary", "sources")
        }
        for c in found
    ]
