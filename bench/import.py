"""Import at scale: `filmreg import` of a JSON Lines file against `sqlite-utils insert`.

Usage: python bench/import.py [--people 100000] [--runs 3]
Target: `filmreg import` within 2x of `sqlite-utils insert` of the same rows.

The data (bench/synth.py): N people, each with a Latin name and its Cyrillic form, evidence
and one role at one of 200 national film agencies, every fact citing one of 50 sources. It is
written once as a JSON Lines file exactly as `filmreg export --format jsonl` would write it
(every field, scripts of names filled in; sources and organizations first).

What is timed, as subprocesses (wall clock), each run in a fresh database under bench/.work/:
  filmreg      `filmreg import FILE --db NEW.db`: the real CLI, all of it: creating the
               registry (schema, countries), parsing, validation, comparison with what the
               database holds, the rows, evidence and search index, in one transaction.
  sqlite-utils `sqlite-utils insert NEW.db TABLE FILE --nl` for each table (sources,
               organizations, people, names, roles, evidence), summed: the same rows the
               registry stores, flattened into plain dicts, into bare tables (no schema,
               constraints, indexes or search index). The floor for loading these rows into
               SQLite from the command line.
Each is run --runs times; the medians are compared.
"""

import argparse
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from filmreg.model.textkeys import detect_script
from filmreg.store.dump import canonical
from filmreg.store.merge import COLUMNS, Located
from synth import synthetic_records

WORK = Path(__file__).resolve().parent / ".work"
SQLITE_UTILS = Path(sys.executable).parent / "sqlite-utils"
TABLES = ("sources", "organizations", "people", "names", "roles", "evidence")
TARGET = 2.0


def write_jsonl(located: list[Located], path: Path) -> None:
    """The records exactly as `filmreg export --format jsonl` would write them."""
    with path.open("w", encoding="utf-8") as out:
        for _, kind, record in located:
            line = {"type": kind, **canonical(kind, record)}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")


def flatten(located: list[Located]) -> dict[str, list[dict]]:
    """The rows `filmreg import` stores for these records (search index aside), as dicts."""
    tables: dict[str, list[dict]] = {table: [] for table in TABLES}

    def add(table: str, **values) -> None:
        tables[table].append({column: values.get(column) for column in COLUMNS[table]})

    def cite(table: str, subject: str, item: dict) -> None:
        add(
            "evidence",
            subject_table=table,
            subject_id=subject,
            source_id=item["source"],
            locator=item["locator"],
        )

    for _, kind, r in located:
        if kind == "source":
            add("sources", **r)
        elif kind == "organization":
            add("organizations", **r)
            for item in r["evidence"]:
                cite("organizations", r["id"], item)
        elif kind == "person":
            add("people", **r)
            for n in r["names"]:
                name_id = len(tables["names"]) + 1
                add("names", id=name_id, person_id=r["id"], script=detect_script(n["name"]), **n)
                cite("names", str(name_id), n)
            for item in r["evidence"]:
                cite("people", r["id"], item)
            for role in r["roles"]:
                add("roles", person_id=r["id"], organization_id=role["organization"], **role)
                cite("roles", role["id"], role)
    return tables


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start


def counts(db: Path, tables: tuple[str, ...]) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)

    located = synthetic_records(args.people, sources=50, cyrillic=1.0)
    records = WORK / f"import-{args.people}.jsonl"
    write_jsonl(located, records)
    flat = {}
    for table, rows in flatten(located).items():
        flat[table] = WORK / f"import-{args.people}-{table}.nl"
        flat[table].write_text(
            "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8"
        )
    print(
        f"{args.people:,} people, {len(located):,} records, "
        f"{records.stat().st_size / 2**20:.1f} MiB of JSON Lines; median of {args.runs} runs"
    )

    filmreg_s, plain_s, per_table = [], [], {t: [] for t in TABLES}
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory(dir=WORK) as tmp:
            db = Path(tmp) / "filmreg.store.database"
            cmd = [sys.executable, "-m", "filmreg", "import", str(records), "--db", str(db)]
            filmreg_s.append(timed(cmd))
            filmreg_counts = counts(db, (*TABLES, "search_entries"))
            db = Path(tmp) / "plain.db"
            for table in TABLES:
                cmd = [str(SQLITE_UTILS), "insert", str(db), table, str(flat[table]), "--nl"]
                per_table[table].append(timed(cmd))
            plain_s.append(sum(per_table[t][-1] for t in TABLES))
            plain_counts = counts(db, TABLES)

    if {t: filmreg_counts[t] for t in TABLES} != plain_counts:
        sys.exit(f"row counts differ: filmreg {filmreg_counts}, sqlite-utils {plain_counts}")
    print("rows: " + ", ".join(f"{t} {n:,}" for t, n in filmreg_counts.items()))
    print("      (search_entries: filmreg only)")
    filmreg_med, plain_med = statistics.median(filmreg_s), statistics.median(plain_s)
    print(f"filmreg import        {filmreg_med:7.2f} s  (runs: {_runs(filmreg_s)})")
    print(f"sqlite-utils insert   {plain_med:7.2f} s  (runs: {_runs(plain_s)})")
    print(
        "  by table: " + ", ".join(f"{t} {statistics.median(per_table[t]):.2f} s" for t in TABLES)
    )
    ratio = filmreg_med / plain_med
    verdict = "met" if ratio <= TARGET else "missed"
    print(f"filmreg / sqlite-utils {ratio:6.2f}  (target: within {TARGET:g}x, {verdict})")


def _runs(times: list[float]) -> str:
    return ", ".join(f"{t:.2f}" for t in times)


if __name__ == "__main__":
    main()
