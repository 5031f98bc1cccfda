"""Reports at scale: `report --country` and the whole network on a synthetic registry.

Usage: python bench/report.py [--countries 200] [--events 20000] [--participations 2000000]
Targets (issue 4): report --country under 50 ms median in-process; whole network under 2 s.

The synthetic registry is shaped like the field: each event has a host country; most of its
participants come from the host and the rest from ~10 neighbouring countries (a ring), each
speaking for one of the 5 bodies of their country. Explicit cooperation records (one per 10
events) link two bodies of nearby countries. Participations and records carry evidence rows, as
in the real registry. The records are generated in the registry's own format and written the
way `filmreg build` writes the seed (`filmreg.build.write_registry`; see bench/synth.py).
The database is kept in bench/.work/ (delete it to rebuild).
"""

import argparse
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from filmreg.model.rules import Record
from filmreg.queries.network import network_edges
from filmreg.queries.report import country_report
from filmreg.store.countries import country_rows
from filmreg.store.merge import Located
from synth import write_registry

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


def synthetic_records(
    n_countries: int, n_events: int, n_parts: int, seed: int = 11
) -> list[Located]:
    """The registry described above, as records in the registry's own format."""
    rng = random.Random(seed)
    codes = sorted(c["code"] for c in country_rows()[0])[:n_countries]
    src = "synthetic"
    records: dict[str, list[Record]] = {
        kind: [] for kind in ("source", "topic", "organization", "person", "event", "cooperation")
    }
    records["source"].append({"id": src, "label": "synthetic benchmark data", "kind": "reference"})
    records["topic"] = [{"id": tid, "name": tid} for tid in TOPICS]
    people_per_country = max(1, n_parts // n_events // 2)
    orgs = {c: [f"org-{c}-{j}" for j in range(5)] for c in codes}
    people = {c: [f"p-{c}-{j}" for j in range(people_per_country * 10)] for c in codes}
    for c in codes:
        for org in orgs[c]:
            records["organization"].append(
                {
                    "id": org,
                    "name": f"Body {org}",
                    "kind": "film_agency",
                    "country": c,
                    "evidence": [{"source": src, "locator": "record"}],
                }
            )
        for j, person in enumerate(people[c]):
            role = {
                "id": f"r-{person}",
                "organization": orgs[c][j % 5],
                "role": "head" if j < 5 else "staff",
                "title": "t",
                "status": "current",
                "attested_on": "2025",
                "source": src,
                "locator": "record",
            }
            records["person"].append(
                {
                    "id": person,
                    "name": f"Person {person}",
                    "evidence": [{"source": src, "locator": "record"}],
                    "roles": [role],
                }
            )
    per_event = n_parts // n_events
    for e in range(n_events):
        host = rng.randrange(len(codes))
        date = f"{rng.randint(2015, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        eid = f"e-{e}"
        event = {
            "id": eid,
            "name": f"Event {e}",
            "kind": "panel",
            "start_date": date,
            "country": codes[host],
            "evidence": [{"source": src, "locator": "record"}],
            "topics": [
                {"topic": topic, "source": src, "locator": f"event {e}"}
                for topic in rng.sample(TOPICS, 2)
            ],
            "participations": [],
        }
        records["event"].append(event)
        chosen = set()
        while len(chosen) < per_event:
            offset = 0 if rng.random() < 0.6 else rng.randint(-5, 5)
            c = codes[(host + offset) % len(codes)]
            person = rng.choice(people[c])
            if person in chosen:
                continue
            chosen.add(person)
            event["participations"].append(
                {
                    "person": person,
                    "capacity": "panelist",
                    "organization": orgs[c][int(person.rsplit("-", 1)[1]) % 5],
                    "source": src,
                    "locator": f"event {e}",
                }
            )
        if e % 10 == 0:
            other = codes[(host + rng.randint(1, 5)) % len(codes)]
            records["cooperation"].append(
                {
                    "id": f"c-{e}",
                    "kind": rng.choice(KINDS),
                    "title": f"Coop {e}",
                    "date": date,
                    "event": eid,
                    "parties": [
                        {"country": c, "organization": orgs[c][0], "role": "party"}
                        for c in (codes[host], other)
                    ],
                    "evidence": [{"source": src, "locator": "record"}],
                }
            )
    return [("synthetic", kind, r) for kind, recs in records.items() for r in recs]


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
        write_registry(db, synthetic_records(args.countries, args.events, args.participations))
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
