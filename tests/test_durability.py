"""Nothing is ever lost: crashes, concurrent writers, broken files, hostile text, old schemas.

Each test runs the real CLI in a real process against a real SQLite file.
"""

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import REPO, assert_clean_error, query

SCHEMA1_DB = REPO / "tests" / "fixtures" / "registry-schema1.db"
SOURCE = "trend-ru-4127769"


def people(prefix: str, n: int) -> str:
    lines = []
    for i in range(n):
        pid = f"{prefix}-{i}"
        lines.append(
            json.dumps(
                {
                    "type": "person",
                    "id": pid,
                    "name": f"{prefix.title()} Person {i}",
                    "names": [
                        {
                            "name": f"Персона {prefix} {i}",
                            "lang": "ru",
                            "kind": "source",
                            "source": SOURCE,
                            "locator": f"¶{i}",
                            "quote": f"Персона {prefix} {i}",
                        }
                    ],
                    "evidence": [{"source": SOURCE, "locator": f"¶{i}", "quote": f"Персона {i}"}],
                    "roles": [
                        {
                            "id": f"{pid}/az-film-agency/staff",
                            "organization": "az-film-agency",
                            "role": "staff",
                            "title": "Expert",
                            "status": "current",
                            "source": SOURCE,
                            "locator": f"¶{i}",
                            "quote": f"Expert Персона {prefix} {i}",
                        }
                    ],
                },
                ensure_ascii=False,
            )
        )
    return "\n".join(lines) + "\n"


def filmreg(*args: str) -> list[str]:
    return [sys.executable, "-m", "filmreg", *args]


def export(db: Path) -> str:
    result = subprocess.run(
        filmreg("export", "--format", "jsonl", "--db", str(db)),
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def integrity(db: Path) -> str:
    return query(db, "PRAGMA integrity_check")[0][0]


def test_kill_9_leaves_the_before_or_the_after_state(db_copy, tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text(people("crash", 1500))
    before = export(db_copy)
    finished = tmp_path / "finished.db"
    shutil.copyfile(db_copy, finished)
    start = time.monotonic()
    subprocess.run(
        filmreg("import", str(batch), "--db", str(finished)), check=True, capture_output=True
    )
    duration = time.monotonic() - start
    after = export(finished)
    assert after != before
    rng = random.Random(20251209)
    outcomes = []
    for trial in range(20):
        db = tmp_path / f"trial-{trial}.db"
        shutil.copyfile(db_copy, db)
        proc = subprocess.Popen(
            filmreg("import", str(batch), "--db", str(db)),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.05, duration * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        state = export(db)  # the first reader rolls back a hot journal
        assert integrity(db) == "ok", trial
        assert state in (before, after), trial
        outcomes.append(state == after)
    assert not all(outcomes), "every kill came too late to test anything"


def test_four_imports_at_once_all_land(db_copy, tmp_path):
    files = []
    for k in range(4):
        file = tmp_path / f"batch-{k}.jsonl"
        file.write_text(people(f"writer{k}", 300))
        files.append(file)
    procs = [
        subprocess.Popen(
            filmreg("import", str(f), "--db", str(db_copy)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in files
    ]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    for code, stderr in results:
        assert code == 0, stderr
        assert "Traceback" not in stderr
    assert integrity(db_copy) == "ok"
    for k in range(4):
        assert query(db_copy, "SELECT count(*) FROM people WHERE id LIKE ?", (f"writer{k}-%",)) == [
            (300,)
        ]
        assert query(db_copy, "SELECT count(*) FROM roles WHERE id LIKE ?", (f"writer{k}-%",)) == [
            (300,)
        ]


def test_corrupt_and_truncated_files_get_a_clear_error(cli, db_copy, tmp_path):
    batch = tmp_path / "one.jsonl"
    batch.write_text(people("one", 1))
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(db_copy.read_bytes()[:3000])
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database at all" * 100)
    for bad in (truncated, garbage):
        before = bad.read_bytes()
        for args in (("list",), ("import", str(batch)), ("export",)):
            result = cli(*args, "--db", str(bad))
            assert_clean_error(result, 1, str(bad))
        assert bad.read_bytes() == before


def test_read_only_file_and_missing_directory(cli, db_copy, tmp_path):
    batch = tmp_path / "one.jsonl"
    batch.write_text(people("one", 1))
    db_copy.chmod(0o444)
    before = db_copy.read_bytes()
    try:
        assert_clean_error(cli("import", str(batch), "--db", str(db_copy)), 1, "read-only")
        assert cli("list", "--db", str(db_copy)).code == 0  # reads still work
    finally:
        db_copy.chmod(0o644)
    assert db_copy.read_bytes() == before
    missing = tmp_path / "no" / "such" / "dir" / "x.db"
    assert_clean_error(cli("import", str(batch), "--db", str(missing)), 1, "does not exist")
    assert not missing.parent.exists()


HOSTILE = [
    "[red]x[/red] [bold]Markup[/bold]",
    "\x1b[31mANSI red\x1b[0m \x1b]0;title\x07",
    "L" * 20000,
    "عبد الله بن محمد \u202eevil\u202c",
    "nul\x00byte",
]


def test_hostile_names_are_stored_faithfully_and_shown_inertly(cli, db_copy, tmp_path):
    records = [
        {
            "type": "person",
            "id": f"hostile-{i}",
            "name": name,
            "names": [
                {
                    "name": name,
                    "lang": "und",
                    "kind": "source",
                    "source": SOURCE,
                    "locator": "¶1",
                    "quote": name[:160],
                }
            ],
            "evidence": [{"source": SOURCE, "locator": name, "quote": name[:160]}],
            "roles": [],
        }
        for i, name in enumerate(HOSTILE)
    ]
    file = tmp_path / "hostile.jsonl"
    file.write_text("".join(json.dumps(r) + "\n" for r in records))
    result = cli("import", str(file), "--db", str(db_copy))
    assert result.code == 0, result.stderr
    with sqlite3.connect(db_copy) as conn:
        stored = dict(conn.execute("SELECT id, name FROM people WHERE id LIKE 'hostile-%'"))
    assert [stored[f"hostile-{i}"] for i in range(len(HOSTILE))] == HOSTILE
    exported = {
        r["id"]: r["name"]
        for r in map(json.loads, export(db_copy).splitlines())
        if str(r.get("id")).startswith("hostile-")
    }
    assert [exported[f"hostile-{i}"] for i in range(len(HOSTILE))] == HOSTILE
    for args in (
        ("list", "people", "--format", "table"),
        ("show", "hostile-1"),
        ("search", "Markup", "--format", "table"),
    ):
        shown = cli(*args, "--db", str(db_copy))
        assert shown.code == 0, shown.stderr
        assert "\x1b" not in shown.stdout and "\x00" not in shown.stdout
    assert (
        "[red]x[/red]" in cli("search", "Markup", "--format", "table", "--db", str(db_copy)).stdout
    )


def test_schema_1_database_upgrades_in_place_with_a_backup(cli, tmp_path):
    old = tmp_path / "old.db"
    shutil.copyfile(SCHEMA1_DB, old)
    people_before = query(old, "SELECT id, name FROM people ORDER BY id")
    role_columns = "id, person_id, organization_id, role, title, start_date, end_date, status"
    roles_before = query(old, f"SELECT {role_columns} FROM roles ORDER BY id")
    result = cli("list", "people", "--json", "--db", str(old))
    assert result.code == 0, result.stderr
    assert "upgraded" in result.stderr
    backup = tmp_path / "old.db.schema1.bak"
    assert backup.read_bytes() == SCHEMA1_DB.read_bytes() or query(
        backup, "SELECT value FROM meta WHERE key = 'schema_version'"
    ) == [("1",)]
    assert query(old, "SELECT value FROM meta WHERE key = 'schema_version'") == [("3",)]
    assert query(old, "SELECT name FROM _sqlite_migrations ORDER BY id") == [
        ("m001_initial",),
        ("m002_curation",),
        ("m003_catalogue",),
    ]
    assert "memberships" in {r[0] for r in query(old, "SELECT name FROM sqlite_master")}
    assert query(old, "SELECT id, name FROM people ORDER BY id") == people_before
    assert query(old, f"SELECT {role_columns} FROM roles ORDER BY id") == roles_before
    # The statuses set by hand before schema 3 are kept as stated.
    assert query(old, "SELECT count(*) FROM roles WHERE status_stated IS NULL") == [(0,)]
    assert integrity(old) == "ok"
    # Upgraded once: the next command neither upgrades nor backs up again.
    again = cli("list", "--db", str(old))
    assert again.code == 0 and "upgraded" not in again.stderr
    batch = tmp_path / "one.jsonl"
    batch.write_text(people("after-upgrade", 1))
    assert cli("import", str(batch), "--db", str(old)).code == 0


def test_a_failed_first_write_leaves_no_file(cli, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(people("bad", 2).replace('"staff"', '"wizard"', 1))
    new = tmp_path / "new.db"
    assert_clean_error(cli("import", str(bad), "--db", str(new)), 1, "bad.jsonl: line 1")
    assert not new.exists()
    assert_clean_error(cli("import", str(bad)), 1, "'wizard'")
    assert not (tmp_path / "home" / ".config" / "filmreg").exists() or not list(
        (tmp_path / "home" / ".config" / "filmreg").iterdir()
    )
    assert cli("db", "path").stdout.strip().endswith("data/registry.db")


def test_four_first_writes_at_once_all_land(tmp_path):
    """Racing writers that each find no database: one creates it, the others merge into it."""
    env = {**os.environ, "HOME": str(tmp_path / "home"), "XDG_CONFIG_HOME": str(tmp_path / "x")}
    files = []
    for k in range(4):
        file = tmp_path / f"first-{k}.jsonl"
        file.write_text(people(f"first{k}", 50))
        files.append(file)
    procs = [
        subprocess.Popen(
            filmreg("import", str(f)),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in files
    ]
    for p in procs:
        assert p.wait(timeout=300) == 0, p.stderr.read()
    own = tmp_path / "x" / "filmreg" / "registry.db"
    assert integrity(own) == "ok"
    for k in range(4):
        assert query(own, "SELECT count(*) FROM people WHERE id LIKE ?", (f"first{k}-%",)) == [
            (50,)
        ]
    assert not list(own.parent.glob(".registry-*"))
