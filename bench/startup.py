"""Start-up cost of a read command, against the floor and against sqlite-utils.

Prints the median wall time of N runs of each command:
  python -c "import sqlite3"              an interpreter that opens nothing
  a trivial Typer app                     the floor for any Typer CLI
  filmreg list --json                     a read command on the bundled registry
  filmreg list --limit 1 --json           the baseline for search
  filmreg search Гювен --json             a search from the command line
  sqlite-utils query DB "select ..."      a general tool doing a similar read
Target (issue 10): `filmreg list --json` within 1.25 x the trivial Typer app.
Target (issue 2): `filmreg list --json` under one third of `sqlite-utils query`.
Target (issue 3): `filmreg search` at most 1.3 x `filmreg list --limit 1`.
The cases run interleaved (one run of each per round), so a load that comes and goes on the
machine weighs on all of them alike.

Usage: python bench/startup.py [--runs N]
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DB = REPO / "data" / "registry.db"


def wall_ms(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, capture_output=True, check=True)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    py = sys.executable
    bindir = Path(py).parent
    filmreg = [str(bindir / "filmreg")] if (bindir / "filmreg").exists() else [py, "-m", "filmreg"]
    sqlite_utils = shutil.which("sqlite-utils", path=str(bindir)) or shutil.which("sqlite-utils")
    trivial_typer = (
        "import typer\napp = typer.Typer()\n@app.command()\ndef hello(): print('hi')\napp()"
    )
    cases = {
        "python -c 'import sqlite3'": [py, "-c", "import sqlite3"],
        "trivial Typer app (the floor)": [py, "-c", trivial_typer],
        "filmreg list --json": [*filmreg, "list", "--json", "--db", str(DB)],
        "filmreg list --limit 1 --json": [*filmreg, "list", "--limit", "1", "--json"],
        "filmreg search Гювен --json": [*filmreg, "search", "Гювен", "--json"],
    }
    if sqlite_utils:
        cases["sqlite-utils query"] = [
            sqlite_utils,
            "query",
            str(DB),
            "select * from organizations",
        ]
    # Compare like with like: pip byte-compiles an installed wheel (and Typer in site-packages),
    # but an editable install run with PYTHONDONTWRITEBYTECODE set (as on some CI machines)
    # would compile filmreg's source on every run, about 25 ms that no user pays.
    subprocess.run([py, "-m", "compileall", "-q", str(REPO / "src" / "filmreg")], check=True)
    print(f"median wall time of {runs} runs, {sys.platform}, python {sys.version.split()[0]}")
    for label, cmd in list(cases.items()):
        try:
            wall_ms(cmd)  # warm the file cache
        except subprocess.CalledProcessError:
            print(f"{label:34} failed")
            del cases[label]
    times: dict[str, list[float]] = {label: [] for label in cases}
    for _ in range(runs):
        for label, cmd in cases.items():
            times[label].append(wall_ms(cmd))
    results = {label: statistics.median(t) for label, t in times.items()}
    for label, ms in results.items():
        print(f"{label:34} {ms:7.1f} ms")
    if "filmreg list --json" in results:
        ratio = results["filmreg list --json"] / results["trivial Typer app (the floor)"]
        print(f"list / trivial Typer app            {ratio:7.2f}  (target <= 1.25)")
    if "sqlite-utils query" in results and "filmreg list --json" in results:
        ratio = results["filmreg list --json"] / results["sqlite-utils query"]
        print(f"list / sqlite-utils query           {ratio:7.2f}  (target < 0.33)")
    if "filmreg search Гювен --json" in results:
        ratio = results["filmreg search Гювен --json"] / results["filmreg list --limit 1 --json"]
        print(f"search / list --limit 1             {ratio:7.2f}  (target <= 1.3)")


if __name__ == "__main__":
    main()
