"""`filmreg export --format popolo`: persons, organizations, memberships and events as Popolo.

Popolo (https://www.popoloproject.com/) is the common format of civic-data tools. Roles become
memberships (`role` is the English title when known, else the title as written); every source
becomes a link `{"url", "note"}` whose note names the source, where in it the fact is, and the
quote that states it.
"""

import sqlite3
from typing import Any

from filmreg.store.dump import Dumper

Record = dict[str, Any]


def _links(evidence: list[Record], sources: dict[str, Record]) -> list[Record]:
    links, seen = [], set()
    for item in evidence:
        source = sources[item["source"]]
        url = source["url"] or item["source"]
        note = f"{source['label']}: {item['locator']}"
        if item.get("quote"):
            note += f" «{item['quote']}»"
        if (url, note) not in seen:
            seen.add((url, note))
            links.append({"url": url, "note": note})
    return links


def _other_names(record: Record) -> list[Record]:
    return [
        {"name": n["name"], "note": f"{n['kind']} form ({n['lang']})"}
        for n in record["names"]
        if n["name"] != record["name"]
    ]


def _drop_nulls(record: Record) -> Record:
    return {k: v for k, v in record.items() if v not in (None, [])}


def as_popolo(conn: sqlite3.Connection) -> Record:
    dumper = Dumper(conn)
    sources = dumper.records("source")
    organizations = [
        _drop_nulls(
            {
                "id": o["id"],
                "name": o["name"],
                "classification": o["kind"],
                "parent_id": o["parent"],
                "area_id": o["country"],
                "founding_date": o["founded"],
                "other_names": _other_names(o)
                + ([{"name": o["acronym"], "note": "acronym"}] if o["acronym"] else []),
                "links": [{"url": o["website"], "note": "website"}] if o["website"] else [],
                "sources": _links(o["evidence"], sources),
            }
        )
        for o in dumper.records("organization").values()
    ]
    persons, memberships = [], []
    for p in dumper.records("person").values():
        persons.append(
            _drop_nulls(
                {
                    "id": p["id"],
                    "name": p["name"],
                    "other_names": _other_names(p),
                    "summary": p["note"],
                    "sources": _links(p["evidence"], sources),
                }
            )
        )
        for r in p["roles"]:
            memberships.append(
                _drop_nulls(
                    {
                        "id": r["id"],
                        "person_id": p["id"],
                        "organization_id": r["organization"],
                        "role": r["title_en"] or r["title"],
                        "label": r["title"],
                        "start_date": r["start_date"],
                        "end_date": r["end_date"],
                        "sources": _links([r, *r["evidence"]], sources),
                    }
                )
            )
    events = [
        _drop_nulls(
            {
                "id": e["id"],
                "name": e["name"],
                "classification": e["kind"],
                "start_date": e["start_date"],
                "end_date": e["end_date"],
                "organization_id": e["organizer"],
                "parent_id": e["parent"],
                "sources": _links(e["evidence"], sources),
            }
        )
        for e in dumper.records("event").values()
    ]
    return {
        "persons": persons,
        "organizations": organizations,
        "memberships": memberships,
        "events": events,
    }
