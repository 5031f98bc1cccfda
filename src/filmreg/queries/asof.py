"""`--as-of DATE`: which roles count on a day, by the one rule in `model.tenure.held_as_of`,
and which events and cooperation count by then."""

import sqlite3
from collections import defaultdict
from typing import Any

from filmreg.model.dates import date_ceiling, date_floor
from filmreg.model.tenure import Tenure, held_on


def tenures_by_org(conn: sqlite3.Connection) -> dict[str, list[Tenure]]:
    """Every role, grouped by organization (a head's mandate depends on the other heads)."""
    found: dict[str, list[Tenure]] = defaultdict(list)
    for org, *fields in conn.execute(
        f"""SELECT organization_id, id, role, start_date, end_date, attested_on, status_stated,
                   {FIRST_CITED}
            FROM roles r ORDER BY organization_id, id"""
    ):
        found[org].append(Tenure(*fields))
    return found


# A current role's earliest dated citation: each source citing the post shows it held on the
# day it was published (an ended role is left out: pages look back on former posts).
FIRST_CITED = """CASE WHEN r.status = 'current' THEN (
        SELECT min(s.published) FROM evidence e JOIN sources s ON s.id = e.source_id
        WHERE e.subject_table = 'roles' AND e.subject_id = r.id
          AND (e.field IS NULL OR e.field = 'attested_on') AND s.published IS NOT NULL
    ) END AS first_cited"""


def roles_held(conn: sqlite3.Connection, day: str) -> dict[str, str]:
    """`{role id: held|attested}` for every role that counts on `day` (a full date)."""
    out: dict[str, str] = {}
    for tenures in tenures_by_org(conn).values():
        out.update(held_on(tenures, day))
    return out


def hits_as_of(
    conn: sqlite3.Connection, rows: list[dict[str, Any]], day: str, role: str | None
) -> list[dict[str, Any]]:
    """Search hits as of `day`: people holding a role (of kind `role`, if given) then, marked
    `held_as_of` (the strongest of held/attested); events begun by then; organizations and
    topics stay."""
    held = roles_held(conn, day)
    people: dict[str, str] = {}
    for role_id, person, kind in conn.execute("SELECT id, person_id, role FROM roles"):
        wanted = role_id in held and (role is None or kind == role)
        if wanted and people.get(person) != "held":
            people[person] = held[role_id]
    events = {
        event_id
        for event_id, start, attested in conn.execute(
            "SELECT id, start_date, attested_on FROM events"
        )
        if happened_by(start, attested, day)
    }
    kept = []
    for row in rows:
        if row["type"] == "person":
            if row["id"] not in people:
                continue
            row = {**row, "held_as_of": people[row["id"]]}
        elif row["type"] == "event" and row["id"] not in events:
            continue
        kept.append(row)
    return kept


def happened_by(start: str | None, attested: str | None, day: str) -> bool:
    """An event or appearance counts as of `day` when its first known date is on or before it."""
    first = start or attested
    return bool(first) and date_floor(str(first)) <= day


def in_force_on(row: dict[str, Any], day: str) -> bool:
    """A cooperation counts on `day` once it took effect (in force, else signed, else attested)
    and before its end date."""
    began = row.get("in_force") or row.get("date") or row.get("attested_on")
    if not began or date_floor(began) > day:
        return False
    end = row.get("end_date")
    return not (end and date_ceiling(end) <= day)


def membership_on(row: dict[str, Any], day: str) -> bool:
    began = row.get("start_date") or row.get("attested_on")
    if began and date_floor(began) > day:
        return False
    end = row.get("end_date")
    return not (end and date_ceiling(end) <= day)
