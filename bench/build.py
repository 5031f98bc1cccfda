"""The catalogue's build and reads: `filmreg build` of the whole seed, then reads on it.

Prints the median wall time of N runs of each command:
  filmreg build --seed seed -o TMP       the whole catalogue (target, issue 11: under 10 s)
  filmreg list --json                    every body with its current heads
  filmreg list countries --json          coverage of every country
  filmreg list cooperations --json       every agreement with its parties
  filmreg report --country FR --json     one country's report
  filmreg report --country AZ --json     a seed country's report
and the size of what was built. Reads run on the freshly built file, not the bundled one.

Usage: python bench/build.py [--runs N]
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def median_s(cmd: list[str], runs: int, warm: bool = True) -> float:
    if warm:
        subprocess.run(cmd, capture_output=True, check=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    bindir = Path(sys.executable).parent
    filmreg = (
        [str(bindir / "filmreg")]
        if (bindir / "filmreg").exists()
        else [sys.executable, "-m", "filmreg"]
    )
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "catalogue.db"
        build = [*filmreg, "build", "--seed", str(REPO / "seed"), "--output", str(db)]
        print(f"filmreg build (whole seed), median of {runs}: {median_s(build, runs, False):.2f} s")
        print(f"  {db.stat().st_size / 2**20:.1f} MiB")
        reads = {
            "filmreg list --json": ["list", "--json"],
            "filmreg list countries --json": ["list", "countries", "--json"],
            "filmreg list cooperations --json": ["list", "cooperations", "--json"],
            "filmreg report --country FR --json": ["report", "--country", "FR", "--json"],
            "filmreg report --country AZ --json": ["report", "--country", "AZ", "--json"],
        }
        for label, args in reads.items():
            seconds = median_s([*filmreg, *args, "--db", str(db)], max(runs, 9))
            print(f"{label:40} {seconds * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
