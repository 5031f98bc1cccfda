"""Precision and recall of `filmreg extract` over tests/articles/, and its linking accuracy.

    python bench/extract.py [--db PATH]

Each report `NN_*.txt` has a truth file `NN_*.truth.json`: the (person, role kind,
organization, country) tuples it states, registry ids for known people and bodies, the id
the draft should give a new person, and `new` for a new body. A truth file may name its
report elsewhere (`report`, relative to itself: the seed report in ../shared/sources/).
Linking accuracy: of the people the truth names, how many the draft links to the right
registry record (or marks new when the registry has none).
"""

import argparse
import json
import sys
import time
from pathlib import Path

from filmreg.api import Registry
from filmreg.formats.extract import extract
from filmreg.formats.extract.ner import load_ner

ARTICLES = Path(__file__).resolve().parent.parent / "tests" / "articles"


def drafted_tuples(records: list[dict], org_country: dict[str, str]) -> tuple[set, dict]:
    tuples, links = set(), {}
    new_orgs = {r["id"]: r.get("country") for r in records if r["type"] == "organization"}
    for record in records:
        if record["type"] != "person":
            continue
        mark = record["_draft"]
        links[record["id"]] = mark["link"]
        for role in mark.get("roles", []):
            org = role["organization"]
            country = org_country.get(org) or new_orgs.get(org)
            tuples.add((record["id"], role["kind"], "new" if org in new_orgs else org, country))
    return tuples, links


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=None)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    registry = Registry(args.db)
    conn = registry.conn
    org_country = dict(conn.execute("SELECT id, country FROM organizations"))
    known_people = {row[0] for row in conn.execute("SELECT id FROM people")}
    started = time.perf_counter()
    ner = load_ner()
    loaded = time.perf_counter() - started
    true_pos = drafted = wanted = linked = link_total = reports = 0
    for truth_file in sorted(ARTICLES.glob("*.truth.json")):
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        report = (
            (truth_file.parent / truth["report"])
            if "report" in truth
            else (truth_file.with_name(truth_file.name.replace(".truth.json", ".txt")))
        )
        if not report.exists():
            print(f"skip {truth_file.name}: {report} is not here", file=sys.stderr)
            continue
        reports += 1
        records = extract(conn, report.read_bytes(), url=truth.get("url"), ner=ner)
        got, links = drafted_tuples(records, org_country)
        want = {tuple(t) for t in truth["tuples"]}
        true_pos += len(got & want)
        drafted += len(got)
        wanted += len(want)
        people = {t[0] for t in want} | set(truth.get("people", []))
        for person in people:
            link_total += 1
            expected = "existing" if person in known_people else "new"
            linked += links.get(person) == expected
        if args.verbose or got != want:
            for t in sorted(want - got):
                print(f"{report.name}: missed {t}", file=sys.stderr)
            for t in sorted(got - want):
                print(f"{report.name}: wrong  {t}", file=sys.stderr)
    elapsed = time.perf_counter() - started
    precision = true_pos / drafted if drafted else 0.0
    recall = true_pos / wanted if wanted else 0.0
    links = linked / link_total if link_total else 0.0
    print(f"reports {reports}  tuples {wanted}  drafted {drafted}  correct {true_pos}")
    print(
        f"precision {precision:.3f}  recall {recall:.3f}  links {links:.3f} ({linked}/{link_total})"
    )
    print(f"model load {loaded:.2f} s, all reports {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
