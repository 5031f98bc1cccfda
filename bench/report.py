"""Reports at scale: `report --country` and the whole network on a synthetic registry.

Usage: python bench/report.py [--countries 200] [--events 20000] [--participations 2000000]
Targets (issue 4): report --country under 50 ms median in-process; whole network under 2 s.

The synthetic registry is shaped like the field: each event has a host country; most of its
participants come from the host and the rest from ~10 neighbouring countries (a ring), each
speaking for one of the 5 bodies of their country. Explicit cooperation records (one per 10
events) link two bodies of nearby countries. Participations and records carry evidence rows, as
in the real registry. The database is kept in bench/.work/ (delete it to rebuild).
"""

import argparse
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

from filmreg.build import _country_rows, event_country_rows, write_database
from filmreg.network import network_edges
from filmreg.report import country_report

WORK = Path(__file__).resolve().parent / ".work"
TOPICS = [
    "state-film-policy",
    "co-production",
    "film-diplomacy",
    "digital-transformation",
    "joint-education",
    "state-support",
    "experience-exchange",
    "turkic-cooperation",
]
KINDS = ["memorandum", "treaty", "joint_programme", "stated_intent"]


def synthetic_tables(n_countries: int, n_events: int, n_parts: int, seed: int = 11) -> dict:
    rng = random.Random(seed)
    countries, aliases = _country_rows()
    codes = sorted(c["code"] for c in countries)[:n_countries]
    src = "synthetic"
    t: dict[str, list] = {
        k: []
        for k in (
            "sources",
            "organizations",
            "people",
            "roles",
            "events",
            "participations",
            "event_topics",
            "topics",
            "cooperations",
            "cooperation_parties",
            "evidence",
        )
    }
    t["sources"].append({"id": src, "label": "synthetic benchmark data", "kind": "reference"})
    t["topics"] = [{"id": tid, "name": tid} for tid in TOPICS]
    people_per_country = max(1, n_parts // n_events // 2)
    orgs = {c: [f"org-{c}-{j}" for j in range(5)] for c in codes}
    people = {c: [f"p-{c}-{j}" for j in range(people_per_country * 10)] for c in codes}
    for c in codes:
        for org in orgs[c]:
            t["organizations"].append(
                {"id": org, "name": f"Body {org}", "kind": "film_agency", "country": c}
            )
        for j, person in enumerate(people[c]):
            t["people"].append({"id": person, "name": f"Person {person}"})
            t["roles"].append(
                {
                    "id": f"r-{person}",
                    "person_id": person,
                    "organization_id": orgs[c][j % 5],
                    "role": "head" if j < 5 else "staff",
                    "title": "t",
                    "status": "current",
                    "attested_on": "2025",
                }
            )
    per_event = n_parts // n_events
    part_id = 0
    for e in range(n_events):
        host = rng.randrange(len(codes))
        date = f"{rng.randint(2015, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        eid = f"e-{e}"
        t["events"].append(
            {
                "id": eid,
                "name": f"Event {e}",
                "kind": "panel",
                "start_date": date,
                "country": codes[host],
            }
        )
        for topic in rng.sample(TOPICS, 2):
            t["event_topics"].append({"event_id": eid, "topic_id": topic})
        chosen = set()
        while len(chosen) < per_event:
            offset = 0 if rng.random() < 0.6 else rng.randint(-5, 5)
            c = codes[(host + offset) % len(codes)]
            person = rng.choice(people[c])
            if person in chosen:
                continue
            chosen.add(person)
            part_id += 1
            org = orgs[c][int(person.rsplit("-", 1)[1]) % 5]
            t["participations"].append(
                {
                    "id": part_id,
                    "event_id": eid,
                    "person_id": person,
                    "capacity": "panelist",
                    "organization_id": org,
                    "date": None,
                }
            )
            t["evidence"].append(
                {
                    "subject_table": "participations",
                    "subject_id": str(part_id),
                    "field": None,
                    "source_id": src,
                    "locator": f"event {e}",
                }
            )
        if e % 10 == 0:
            other = codes[(host + rng.randint(1, 5)) % len(codes)]
            cid = f"c-{e}"
            t["cooperations"].append(
                {
                    "id": cid,
                    "kind": rng.choice(KINDS),
                    "title": f"Coop {e}",
                    "date": date,
                    "event_id": eid,
                }
            )
            t["evidence"].append(
                {
                    "subject_table": "cooperations",
                    "subject_id": cid,
                    "field": None,
                    "source_id": src,
                    "locator": "record",
                }
            )
            for c in (codes[host], other):
                t["cooperation_parties"].append(
                    {
                        "id": len(t["cooperation_parties"]) + 1,
                        "cooperation_id": cid,
                        "country": c,
                        "organization_id": orgs[c][0],
                        "role": "party",
                    }
                )
    t["countries"], t["country_aliases"] = countries, aliases

    class Rows:  # the shape event_country_rows reads
        tables = t

    t["event_countries"] = event_country_rows(Rows)
    return t


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--countries", type=int, default=200)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--participations", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    db = WORK / f"report-{args.countries}-{args.events}-{args.participations}.db"
    if not db.exists():
        start = time.perf_counter()
        tables = synthetic_tables(args.countries, args.events, args.participations)
        write_database(db, tables, {"schema_version": "1", "seed_sha256": "synthetic"})
        print(
            f"built {db.name} in {time.perf_counter() - start:.1f} s, "
            f"{db.stat().st_size / 2**20:.0f} MiB"
        )
    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    codes = [r[0] for r in conn.execute("SELECT DISTINCT country FROM organizations ORDER BY 1")]
    sample = codes[:: max(1, len(codes) // 20)]
    times = []
    for _ in range(args.repeat):
        for code in sample:
            start = time.perf_counter()
            rep = country_report(conn, code)
            times.append((time.perf_counter() - start) * 1000)
    print(
        f"report --country: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms "
        f"over {len(times)} reports ({len(rep['events'])} events, {len(rep['partners'])} "
        f"partners in the last)"
    )
    start = time.perf_counter()
    edges = network_edges(conn)
    print(f"whole network: {time.perf_counter() - start:.2f} s ({len(edges)} country pairs)")


if __name__ == "__main__":
    sys.exit(main())
