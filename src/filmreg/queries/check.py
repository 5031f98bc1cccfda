"""`filmreg check`: what looks wrong in a registry, as the public office-holder projects
learnt to look: overlapping mandates, a current head with a later one, an end before a start,
facts with no source, stale heads, probable duplicate people, bodies with no place."""

import sqlite3
from collections import defaultdict
from typing import Any

from filmreg.model.dates import date_ceiling, date_floor
from filmreg.model.tenure import months_after

Finding = dict[str, Any]
STALE_AFTER_MONTHS = 18


def _finding(severity: str, code: str, records: list[str], message: str, hint: str) -> Finding:
    return {
        "severity": severity,
        "code": code,
        "records": records,
        "message": message,
        "hint": hint,
    }


def _heads(conn: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in conn.execute(
        """SELECT id, organization_id, person_id, start_date, end_date, attested_on, status
           FROM roles WHERE role = 'head' ORDER BY organization_id, id"""
    ):
        found[r["organization_id"]].append(dict(r))
    return found


def overlapping_heads(conn: sqlite3.Connection) -> list[Finding]:
    """Two people whose dated mandates as head of one body certainly overlap (the later
    starts before the earlier's end date); two heads from the same day are a warning."""
    out = []
    for org, heads in _heads(conn).items():
        dated = [h for h in heads if h["start_date"]]
        for a in dated:
            for b in dated:
                if a["id"] >= b["id"] or a["person_id"] == b["person_id"]:
                    continue
                first, second = sorted((a, b), key=lambda h: date_floor(h["start_date"]))
                end = first["end_date"]
                if first["start_date"] == second["start_date"] and not (end or second["end_date"]):
                    out.append(
                        _finding(
                            "warning",
                            "shared-head",
                            [first["id"], second["id"]],
                            f"{org}: {first['id']} and {second['id']} both head it from "
                            f"{first['start_date']}",
                            "if the post is shared (co-heads) or these are two posts (chair "
                            "and chief executive), nothing to do; else correct the roles",
                        )
                    )
                elif end and date_ceiling(second["start_date"]) < date_floor(end):
                    out.append(
                        _finding(
                            "error",
                            "overlapping-heads",
                            [first["id"], second["id"]],
                            f"{org}: {second['id']} starts {second['start_date']}, before "
                            f"{first['id']} ends ({end})",
                            "check both mandates' dates against their sources; a body has one "
                            "head at a time",
                        )
                    )
    return out


def current_with_later_head(conn: sqlite3.Connection) -> list[Finding]:
    out = []
    for org, heads in _heads(conn).items():
        for h in heads:
            if h["status"] != "current":
                continue
            last = (
                max(date_ceiling(d) for d in (h["start_date"], h["attested_on"]) if d)
                if (h["start_date"] or h["attested_on"])
                else ""
            )
            for later in heads:
                first = later["start_date"] or later["attested_on"]
                if later["id"] != h["id"] and first and date_floor(first) > last:
                    out.append(
                        _finding(
                            "error",
                            "current-with-later-head",
                            [h["id"], later["id"]],
                            f"{org}: {h['id']} is current, but {later['id']} is head from {first}",
                            "drop the stated status `current` (the successor ends the mandate) "
                            "or give the later role's true dates",
                        )
                    )
    return out


def end_before_start(conn: sqlite3.Connection) -> list[Finding]:
    out = []
    for table in ("roles", "events", "memberships"):
        for ident, start, end in conn.execute(
            f"SELECT id, start_date, end_date FROM {table} "
            "WHERE start_date IS NOT NULL AND end_date IS NOT NULL"
        ):
            if date_ceiling(end) < date_floor(start):
                out.append(
                    _finding(
                        "error",
                        "end-before-start",
                        [ident],
                        f"{table} {ident} ends {end}, before it starts {start}",
                        "correct the dates from the source",
                    )
                )
    return out


def unsourced(conn: sqlite3.Connection) -> list[Finding]:
    out = []
    for table, what in (("roles", "role"), ("organizations", "body")):
        sql = f"""SELECT id FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM evidence e
                  WHERE e.subject_table = '{table}' AND e.subject_id = t.id) ORDER BY id"""
        for (ident,) in conn.execute(sql):
            if (
                table == "organizations"
                and conn.execute(
                    "SELECT 1 FROM evidence e JOIN names n ON e.subject_table = 'names' "
                    "AND e.subject_id = CAST(n.id AS TEXT) WHERE n.organization_id = ?",
                    (ident,),
                ).fetchone()
            ):
                continue  # a body is sourced by the sources of its names
            out.append(
                _finding(
                    "error",
                    "no-source",
                    [ident],
                    f"{what} {ident} cites no source",
                    "add the page that states it, with a locator and a quote, or remove it",
                )
            )
    return out


def stale_heads(conn: sqlite3.Connection, today: str) -> list[Finding]:
    """A current head whose newest dated source is older than STALE_AFTER_MONTHS."""
    out = []
    for ident, org, newest in conn.execute(
        """SELECT r.id, r.organization_id,
                  max(coalesce(s.published, ''), coalesce(r.attested_on, ''),
                      coalesce(r.start_date, ''))
           FROM roles r LEFT JOIN evidence e ON e.subject_table = 'roles' AND e.subject_id = r.id
           LEFT JOIN sources s ON s.id = e.source_id
           WHERE r.role = 'head' AND r.status = 'current'
           GROUP BY r.id ORDER BY r.id"""
    ):
        if not newest or months_after(date_ceiling(newest), STALE_AFTER_MONTHS) < today:
            out.append(
                _finding(
                    "warning",
                    "stale-head",
                    [ident],
                    f"{org}: the newest source for current head {ident} is "
                    f"{newest or 'undated'}, over {STALE_AFTER_MONTHS} months before {today}",
                    "find a recent page that shows who leads the body, and attest or end the role",
                )
            )
    return out


def probable_duplicates(conn: sqlite3.Connection) -> list[Finding]:
    """Two people one of whose names folds to the same search key (any script, any order)."""
    by_key: dict[str, set[str]] = defaultdict(set)
    for entity_id, key in conn.execute(
        "SELECT entity_id, key FROM search_entries WHERE entity_type = 'person'"
    ):
        by_key[" ".join(sorted(key.split()))].add(entity_id)
    pairs: dict[tuple[str, ...], str] = {}
    for key, ids in by_key.items():
        if len(ids) > 1 and len(key.split()) > 1:
            pairs.setdefault(tuple(sorted(ids)), key)
    return [
        _finding(
            "warning",
            "probable-duplicate",
            list(ids),
            f"people {', '.join(ids)} share the name key {key!r}",
            "if the sources describe one person, merge the records under one id",
        )
        for ids, key in sorted(pairs.items())
    ]


def unplaced_bodies(conn: sqlite3.Connection) -> list[Finding]:
    """A body placed nowhere: no country and no parent body (an intergovernmental body has
    no country by nature)."""
    return [
        _finding(
            "warning",
            "no-parent-or-country",
            [ident],
            f"body {ident} has neither a country nor a parent body",
            "give its country, or the body it belongs to",
        )
        for (ident,) in conn.execute(
            """SELECT id FROM organizations
               WHERE kind != 'intergovernmental' AND country IS NULL AND parent IS NULL
               ORDER BY id"""
        )
    ]


def check(conn: sqlite3.Connection, today: str) -> list[Finding]:
    """Every finding, errors first."""
    found = (
        overlapping_heads(conn)
        + current_with_later_head(conn)
        + end_before_start(conn)
        + unsourced(conn)
        + stale_heads(conn, today)
        + probable_duplicates(conn)
        + unplaced_bodies(conn)
    )
    return sorted(found, key=lambda f: (f["severity"] != "error", f["code"], f["records"]))
