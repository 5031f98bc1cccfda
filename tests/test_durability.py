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

from conftest import REPO, assert_clean_error, invoke, query
from filmreg.store.migrations import SCHEMA_VERSION

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
    result = cli("db", "upgrade", "--db", str(old))
    assert result.code == 0, result.stderr
    assert "upgraded" in result.stderr
    backup = tmp_path / "old.db.schema1.bak"
    assert backup.read_bytes() == SCHEMA1_DB.read_bytes() or query(
        backup, "SELECT value FROM meta WHERE key = 'schema_version'"
    ) == [("1",)]
    assert query(old, "SELECT value FROM meta WHERE key = 'schema_version'") == [("4",)]
    assert query(old, "SELECT name FROM _sqlite_migrations ORDER BY id") == [
        ("m001_initial",),
        ("m002_curation",),
        ("m003_catalogue",),
        ("m004_edit_log",),
    ]
    assert "memberships" in {r[0] for r in query(old, "SELECT name FROM sqlite_master")}
    assert query(old, "SELECT id, name FROM people ORDER BY id") == people_before
    assert query(old, f"SELECT {role_columns} FROM roles ORDER BY id") == roles_before
    # The statuses set by hand before schema 3 are kept as stated.
    assert query(old, "SELECT count(*) FROM roles WHERE status_stated IS NULL") == [(0,)]
    assert integrity(old) == "ok"
    # Upgraded once: the next command neither upgrades nor backs up again.
    again = cli("db", "upgrade", "--db", str(old))
    assert again.code == 0 and "upgraded" not in again.stderr and "already" in again.stderr
    assert "older schema" not in cli("list", "--db", str(old)).stderr
    batch = tmp_path / "one.jsonl"
    batch.write_text(people("after-upgrade", 1))
    assert cli("import", str(batch), "--db", str(old)).code == 0


def test_reads_and_dry_runs_leave_an_older_database_byte_identical(tmp_path):
    old = tmp_path / "old.db"
    shutil.copyfile(SCHEMA1_DB, old)
    batch = tmp_path / "one.jsonl"
    batch.write_text(people("dry", 1))
    for args in (
        ("list", "people", "--json"),
        ("search", "Guven", "--json"),
        ("show", "birol-guven", "--json"),
        ("report", "--country", "GE", "--json"),
        ("export", "--format", "jsonl"),
        ("import", str(batch), "--dry-run"),
        ("db", "sync", "--dry-run"),
    ):
        result = invoke(*args, "--db", str(old))
        assert result.code == 0, (args, result.stderr)
        assert result.stdout.strip(), args
        assert "filmreg db upgrade" in result.stderr, args
        assert old.read_bytes() == SCHEMA1_DB.read_bytes(), args
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.db", "one.jsonl"]
    plan = invoke("import", str(batch), "--dry-run", "--json", "--db", str(old))
    assert json.loads(plan.stdout)["added"] == [{"type": "person", "id": "dry-0"}]


def test_a_read_only_older_database_is_read_but_not_upgraded(tmp_path):
    old = tmp_path / "old.db"
    shutil.copyfile(SCHEMA1_DB, old)
    old.chmod(0o444)
    try:
        result = invoke("list", "people", "--json", "--db", str(old))
        assert result.code == 0, result.stderr
        assert json.loads(result.stdout)
        assert_clean_error(invoke("db", "upgrade", "--db", str(old)), 1, "read-only")
    finally:
        old.chmod(0o644)
    assert old.read_bytes() == SCHEMA1_DB.read_bytes()
    assert not (tmp_path / "old.db.schema1.bak").exists()


def test_a_failed_first_write_leaves_no_file(cli, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(people("bad", 2).replace('"staff"', '"wizard"', 1))
    new = tmp_path / "new.db"
    assert_clean_error(cli("import", str(bad), "--db", str(new)), 1, "bad.jsonl: line 1")
    assert not new.exists()
    assert_clean_error(cli("import", str(bad)), 1, "'wizard'")
    assert not (tmp_path / "home" / "filmreg").exists() or not list(
        (tmp_path / "home" / "filmreg").iterdir()
    )
    assert cli("db", "path").stdout.strip().endswith("data/registry.db")


def test_four_first_writes_at_once_all_land(tmp_path):
    """Racing writers that each find no database: one creates it, the others merge into it."""
    env = {**os.environ, "HOME": str(tmp_path / "home"), "FILMREG_HOME": str(tmp_path / "x")}
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
    own = tmp_path / "x" / "registry.db"
    assert integrity(own) == "ok"
    for k in range(4):
        assert query(own, "SELECT count(*) FROM people WHERE id LIKE ?", (f"first{k}-%",)) == [
            (50,)
        ]
    assert not list(own.parent.glob(".registry-*"))


# A writer that spills its changes into the database file before committing, then waits:
# its rollback journal is what a crash would leave hot.
SPILLING_WRITER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=60)
conn.execute("PRAGMA cache_size = 1")
conn.execute("BEGIN IMMEDIATE")
for i in range(3000):
    conn.execute(
        "INSERT INTO sources (id, label, kind) VALUES (?, ?, 'news')",
        (f"spill-{i}", "x" * 300),
    )
print("written", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


def _spilling_writer(db: Path, hold: float) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", SPILLING_WRITER, str(db), str(hold)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "written"
    journal = db.with_name(db.name + "-journal")
    assert journal.exists() and journal.stat().st_size > 0
    return proc


def _own_database(tmp_path: Path) -> Path:
    """Your own database, grown by imports so that its pages differ from the bundled ones."""
    from filmreg.store.paths import user_database

    own = user_database()
    own.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REPO / "data" / "registry.db", own)
    sources = "".join(
        json.dumps(
            {
                "type": "source",
                "id": f"own-{i}",
                "label": f"Own {i}",
                "kind": "news",
                "url": "https://example.org/s",
                "language": "en",
            }
        )
        + "\n"
        for i in range(300)
    )
    batch = tmp_path / "own.jsonl"
    batch.write_text(sources + people("own", 400))
    assert invoke("import", str(batch)).code == 0
    with sqlite3.connect(own) as conn:
        conn.execute("VACUUM")
    return own


def test_reset_after_a_dead_writer_leaves_a_sound_database(tmp_path):
    own = _own_database(tmp_path)
    writer = _spilling_writer(own, 600)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    assert own.with_name(own.name + "-journal").exists()  # hot: the writer died mid-way
    result = invoke("db", "reset", "--yes")
    assert result.code == 0, result.stderr
    assert integrity(own) == "ok"
    assert export(own) == export(REPO / "data" / "registry.db")
    assert query(own, "SELECT count(*) FROM sources WHERE id LIKE 'spill-%'") == [(0,)]


def test_reset_waits_for_a_live_writer_and_wins_after_it(tmp_path):
    own = _own_database(tmp_path)
    writer = _spilling_writer(own, 1.5)
    result = invoke("db", "reset", "--yes")
    assert result.code == 0, result.stderr
    assert integrity(own) == "ok"  # read at once, while a writer may still be live
    assert writer.wait(timeout=60) == 0  # it committed first, into this very file
    assert integrity(own) == "ok"
    assert export(own) == export(REPO / "data" / "registry.db")


def _write_commands(tmp_path: Path) -> list[tuple[str, ...]]:
    batch = tmp_path / "one.jsonl"
    batch.write_text(people("refused", 1))
    return [
        ("import", str(batch)),
        ("import", str(batch), "--dry-run"),
        (
            "add", "role", "birol-guven", "az-film-agency", "--role", "advisor", "--title", "X",
            "--source", SOURCE, "--locator", "¶1", "--quote", "Бирол Гювен",
        ),
        (
            "end", "role", "birol-guven/tr-cinema-directorate/director-general",
            "--date", "2026-09-30", "--source", SOURCE, "--locator", "¶1", "--quote", "ended",
        ),
        ("db", "sync"),
        ("db", "sync", "--dry-run"),
        ("db", "upgrade"),
    ]  # fmt: skip


def test_writes_are_refused_on_a_newer_schema(db_copy, tmp_path):
    with sqlite3.connect(db_copy) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    before = db_copy.read_bytes()
    for args in _write_commands(tmp_path):
        result = invoke(*args, "--db", str(db_copy))
        assert_clean_error(result, 1, "schema version 99", f"reads version {SCHEMA_VERSION}")
        assert db_copy.read_bytes() == before, args


def test_writes_are_refused_on_a_damaged_database(db_copy, tmp_path):
    data = bytearray(db_copy.read_bytes())
    middle = (len(data) // 2) // 4096 * 4096
    data[middle : middle + 8192] = random.Random(9).randbytes(8192)
    db_copy.write_bytes(bytes(data))
    before = db_copy.read_bytes()
    for args in _write_commands(tmp_path):
        if "--dry-run" in args or args == ("db", "upgrade"):
            continue  # no write: a dry run reads what it can; nothing to upgrade
        result = invoke(*args, "--db", str(db_copy))
        assert_clean_error(result, 1, "damaged", "nothing was changed")
        assert db_copy.read_bytes() == before, args


def test_a_busy_database_is_called_busy_not_corrupt(db_copy, tmp_path, monkeypatch):
    import filmreg.store.database

    monkeypatch.setattr(filmreg.store.database, "BUSY_TIMEOUT_S", 0.3)
    holder = sqlite3.connect(db_copy, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        for args in [
            ("list",),
            ("show", "birol-guven"),
            ("export", "--format", "jsonl"),
            *_write_commands(tmp_path),
        ]:
            result = invoke(*args, "--db", str(db_copy))
            assert_clean_error(result, 1, "is busy", "try again")
            assert "corrupt" not in result.stderr
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_export_refuses_to_write_over_the_database_it_reads(db_copy, tmp_path):
    from filmreg.store.paths import user_database

    before = db_copy.read_bytes()
    for fmt in ("json", "jsonl", "popolo", "csv"):
        result = invoke("export", "--format", fmt, "--db", str(db_copy), "-o", str(db_copy))
        assert_clean_error(result, 1, "is the database being read")
        assert db_copy.read_bytes() == before
    link = tmp_path / "link.db"
    link.symlink_to(db_copy)
    assert_clean_error(
        invoke("export", "--db", str(db_copy), "-o", str(link)), 1, "database being read"
    )
    own = user_database()  # filmreg export -o "$(filmreg db path)"
    own.parent.mkdir(parents=True)
    own.write_bytes(before)
    path = invoke("db", "path").stdout.strip()
    assert_clean_error(invoke("export", "-o", path), 1, "database being read")
    assert own.read_bytes() == before
    assert db_copy.read_bytes() == before


def test_a_failed_export_leaves_the_target_as_it_was(db_copy, tmp_path):
    with sqlite3.connect(db_copy) as conn:  # the export fails half way through
        conn.execute("DROP TABLE evidence")
    for fmt, name in (("json", "out.json"), ("popolo", "out.json"), ("csv", "out.zip")):
        target = tmp_path / name
        target.write_text("the previous export\n")
        result = invoke("export", "--format", fmt, "--db", str(db_copy), "-o", str(target))
        assert_clean_error(result, 1)
        assert target.read_text() == "the previous export\n", fmt
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "out.zip", "registry.db"]


def test_export_replaces_its_target_whole(db_copy, tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("x" * 10_000_000)
    result = invoke("export", "--format", "jsonl", "--db", str(db_copy), "-o", str(target))
    assert result.code == 0, result.stderr
    assert target.read_text() == export(db_copy)
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "registry.db"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_first_write_on_a_file_system_without_hard_links(tmp_path, monkeypatch):
    import errno

    def no_links(*args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)  # as on FAT, some FUSE and network file systems
    batch = tmp_path / "one.jsonl"
    from filmreg.store.paths import user_database

    batch.write_text(people("nolink", 2))
    result = invoke("import", str(batch))  # the first write makes your own database
    assert result.code == 0, result.stderr
    own = user_database()
    assert integrity(own) == "ok"
    assert query(own, "SELECT count(*) FROM people WHERE id LIKE 'nolink-%'") == [(2,)]
    assert [p.name for p in own.parent.iterdir()] == ["registry.db"]


def test_the_next_write_removes_what_a_killed_first_write_left(tmp_path):
    from filmreg.store.paths import user_database

    own = user_database()
    batch = tmp_path / "many.jsonl"
    batch.write_text(people("killed", 3000))
    for _ in range(3):
        proc = subprocess.Popen(
            filmreg("import", str(batch)), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 60
        while not (own.parent.exists() and list(own.parent.glob(".registry-new-*"))):
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.005)
        time.sleep(0.3)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert not own.exists()
    assert list(own.parent.glob(".registry-*"))  # what the killed writers left
    one = tmp_path / "one.jsonl"
    one.write_text(people("after", 1))
    result = invoke("import", str(one))
    assert result.code == 0, result.stderr
    assert "removed" in result.stderr
    assert [p.name for p in own.parent.iterdir()] == ["registry.db"]
    assert integrity(own) == "ok"


def test_a_live_writers_temporary_file_is_left_alone(tmp_path):
    from filmreg.store.paths import user_database

    own = user_database()
    own.parent.mkdir(parents=True)
    live = own.parent / f".registry-new-{os.getpid()}-abcdefgh.db"
    live.write_bytes(b"")
    one = tmp_path / "one.jsonl"
    one.write_text(people("after", 1))
    assert invoke("import", str(one)).code == 0
    assert live.exists()


def test_build_over_a_database_a_dead_writer_left_mid_transaction(tmp_path):
    target = _own_database(tmp_path)  # any registry with a hot journal beside it
    writer = _spilling_writer(target, 600)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    result = invoke("build", "--seed", str(REPO / "seed"), "--output", str(target))
    assert result.code == 0, result.stderr
    assert not target.with_name(target.name + "-journal").exists()
    assert integrity(target) == "ok"
    assert export(target) == export(REPO / "data" / "registry.db")


def test_reset_refuses_a_read_only_database_cleanly(tmp_path):
    own = _own_database(tmp_path)
    before = own.read_bytes()
    own.chmod(0o444)
    try:
        assert_clean_error(invoke("db", "reset", "--yes"), 1, "read-only")
    finally:
        own.chmod(0o644)
    assert own.read_bytes() == before
