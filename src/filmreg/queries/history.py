"""`filmreg history`: a body's heads, deputies and advisors over time, with the gaps where no
source says who led it; or a person's posts and appearances. Each line carries its sources."""

import sqlite3
from typing import Any

from filmreg.model.tenure import Tenure, coverage, gaps
from filmreg.queries.asof import FIRST_CITED
from filmreg.queries.show import Evidence

Line = dict[str, Any]
BODY_ROLES = ("head", "deputy_head", "advisor")


def _sources(evidence: Evidence, table: str, lines: list[Line], key: str = "id") -> None:
    found = evidence.of(table, [str(line[key]) for line in lines])
    for line in lines:
        cited: dict[str, dict[str, Any]] = {}
        for s in found.get(str(line[key]), []):
            cited.setdefault(
                s["source_id"],
                {k: s.get(k) for k in ("source_id", "publisher", "published", "url")},
            )
        line["sources"] = list(cited.values())


def _sort_key(line: Line) -> tuple[str, str, str]:
    first = (
        line.get("start_date")
        or line.get("counted_from")
        or line.get("attested_on")
        or line.get("date")
        or "9999"
    )
    return (first, line.get("kind", ""), str(line.get("id", "")))


def organization_history(conn: sqlite3.Connection, ident: str) -> dict[str, Any]:
    org = conn.execute("SELECT id, name, country FROM organizations WHERE id = ?", (ident,))
    head = dict(org.fetchone())
    rows = [
        dict(r)
        for r in conn.execute(
            f"""SELECT r.id, r.role, r.person_id, p.name, r.title, r.title_en, r.start_date,
                       r.end_date, r.attested_on, r.status, r.status_stated, r.ended_by,
                       {FIRST_CITED}
                FROM roles r JOIN people p ON p.id = r.person_id
                WHERE r.organization_id = ? ORDER BY r.id""",
            (ident,),
        )
    ]
    tenures = [
        Tenure(
            r["id"],
            r["role"],
            r["start_date"],
            r["end_date"],
            r["attested_on"],
            r["status_stated"],
            r.pop("first_cited"),
        )
        for r in rows
    ]
    periods = {t.id: coverage(t, tenures) for t in tenures}
    lines: list[Line] = []
    for r in rows:
        if r["role"] not in BODY_ROLES:
            continue
        stated = r.pop("status_stated")
        period = periods[r["id"]]
        lines.append(
            {
                "kind": "role",
                **r,
                "status_stated": stated,
                "counted_from": period[0] if period else None,
                "counted_until": period[1] if period else None,
            }
        )
    _sources(Evidence(conn), "roles", lines)
    heads = [p for t in tenures if t.role == "head" and (p := periods[t.id])]
    for first, last in gaps(heads):
        lines.append(
            {
                "kind": "gap",
                "start_date": first,
                "end_date": last,
                "note": "no source says who led the body",
                "sources": [],
            }
        )
    lines.sort(key=_sort_key)
    return {"type": "organization", **head, "timeline": lines}


def person_history(conn: sqlite3.Connection, ident: str) -> dict[str, Any]:
    person = dict(conn.execute("SELECT id, name FROM people WHERE id = ?", (ident,)).fetchone())
    evidence = Evidence(conn)
    roles = [
        {"kind": "role", **dict(r)}
        for r in conn.execute(
            """SELECT r.id, r.role, r.organization_id, o.name AS organization, o.country,
                      r.title, r.title_en, r.start_date, r.end_date, r.attested_on, r.status,
                      r.ended_by
               FROM roles r JOIN organizations o ON o.id = r.organization_id
               WHERE r.person_id = ? ORDER BY r.id""",
            (ident,),
        )
    ]
    _sources(evidence, "roles", roles)
    appearances = [
        {"kind": "appearance", **dict(r)}
        for r in conn.execute(
            """SELECT pa.id, pa.capacity, pa.event_id, e.name AS event, e.city, e.country,
                      coalesce(pa.date, e.start_date) AS date, e.attested_on,
                      pa.organization_id
               FROM participations pa JOIN events e ON e.id = pa.event_id
               WHERE pa.person_id = ? ORDER BY pa.id""",
            (ident,),
        )
    ]
    _sources(evidence, "participations", appearances)
    signed = [
        {"kind": "cooperation", **dict(r)}
        for r in conn.execute(
            """SELECT DISTINCT c.id, c.kind AS cooperation_kind, c.title, c.date, c.in_force,
                      c.attested_on, cp.role AS capacity
               FROM cooperation_parties cp JOIN cooperations c ON c.id = cp.cooperation_id
               WHERE cp.person_id = ? ORDER BY c.id""",
            (ident,),
        )
    ]
    _sources(evidence, "cooperations", signed)
    lines = sorted(roles + appearances + signed, key=_sort_key)
    return {"type": "person", **person, "timeline": lines}
