"""Search at scale: build time, database size and per-query latency on synthetic registries.

Usage: python bench/search.py [--people 100000 1000000] [--repeat 20]
Targets (issue 3): p95 under 20 ms at 1,000,000 people on this 2-core machine.
Databases are kept in bench/.work/ between runs (delete it to rebuild).
"""

import argparse
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from filmreg.search.ranked import search
from synth import build_synthetic

WORK = Path(__file__).resolve().parent / ".work"


def queries(conn: sqlite3.Connection) -> list[str]:
    """A fixed mix: names that exist (picked deterministically), their variants, and misses."""
    latin = [r[0] for r in conn.execute("SELECT name FROM people ORDER BY id LIMIT 5 OFFSET 1000")]
    cyrillic = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM names WHERE lang = 'ru' ORDER BY id LIMIT 3 OFFSET 500"
        )
    ]
    family = [n.split()[-1] for n in latin]
    return [
        *latin,  # exact full names
        *cyrillic,  # Cyrillic full names
        *family,  # one surname
        *(f[:-1] + "a" for f in family[:2]),  # an inflected or misspelt surname
        *(f[:4] for f in family[:2]),  # prefixes
        *(c.split()[-1] + "а" for c in cyrillic[:2]),  # Russian oblique case
        *(f[:2] + f[3:] for f in family[:2]),  # one letter dropped
        "Ra",
        "ov",
        "Zzyzx Qwertyuiop",
        "Film Agency",
    ]


def measure(db: Path, repeat: int) -> list[float]:
    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    times = []
    qs = queries(conn)
    for q in qs:
        search(conn, q)  # warm
    for _ in range(repeat):
        for q in qs:
            start = time.perf_counter()
            search(conn, q)
            times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    for n in args.people:
        db = WORK / f"search-{n}.db"
        if db.exists():
            build_s = float("nan")
        else:
            start = time.perf_counter()
            build_synthetic(db, n)
            build_s = time.perf_counter() - start
        times = sorted(measure(db, args.repeat))
        p95 = times[int(0.95 * (len(times) - 1))]
        print(
            f"{n:>9,} people: build {build_s:7.1f} s, size {db.stat().st_size / 2**20:7.1f} MiB, "
            f"query median {statistics.median(times):6.2f} ms, p95 {p95:6.2f} ms, "
            f"max {times[-1]:6.2f} ms ({len(times)} queries)"
        )


if __name__ == "__main__":
    main()
