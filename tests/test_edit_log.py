"""Your own database logs its edits (`filmreg db log`), in the transaction of each change;
the bundled registry's build logs nothing."""

import hashlib
import json
import sqlite3

from conftest import BUNDLED_DB, query
from test_curation import PERSON, write_jsonl

QUOTE = ["--source", "trend-ru-4127769", "--locator", "¶1", "--quote", "Jane Roe, Rashad Azizov"]


def _log(cli, *args: str) -> list[dict]:
    result = cli("db", "log", "--json", *args)
    assert result.code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_bundled_registry_has_an_empty_log(cli):
    assert query(BUNDLED_DB, "SELECT count(*) FROM edit_log") == [(0,)]
    assert _log(cli) == []
    assert "no edits logged" in cli("db", "log").stderr


def test_each_edit_is_logged_with_file_digest_and_counts(cli, db_copy, tmp_path):
    file = write_jsonl(tmp_path / "p.jsonl", PERSON)
    assert cli("import", str(file), "--db", str(db_copy)).code == 0
    assert cli("import", str(file), "--db", str(db_copy), "--dry-run").code == 0  # not logged
    assert cli("import", str(file), "--db", str(db_copy)).code == 0  # changes nothing: no entry
    add = ["add", "role", "jane-roe", "az-film-agency", "--role", "staff", "--title", "Clerk"]
    assert cli(*add, *QUOTE, "--name", "Jane Roe", "--db", str(db_copy)).code == 0
    role = "jane-roe/az-film-agency/staff"
    end = cli("end", "role", role, "--date", "2026-03", *QUOTE, "--db", str(db_copy))
    assert end.code == 0, end.stderr
    log = _log(cli, "--db", str(db_copy))
    assert [e["action"] for e in log] == ["import", "add role", "end role"]
    digest = hashlib.sha256(file.read_bytes()).hexdigest()
    assert (log[0]["file"], log[0]["sha256"]) == (str(file), digest)
    assert (log[0]["added"], log[0]["changed"], log[0]["removed"]) == (1, 0, 0)
    assert log[1]["added"] == 1 and role in log[1]["detail"]
    assert log[2]["changed"] == 1 and "2026-03" in log[2]["detail"]
    assert all(e["at"].endswith("Z") for e in log)
    text = cli("db", "log", "--db", str(db_copy)).stdout
    assert len(text.splitlines()) == 3 and "end role" in text


def test_a_failed_edit_logs_nothing(cli, db_copy, tmp_path):
    broken = dict(PERSON, roles=[dict(PERSON["roles"][0], organization="no-such-body")])
    file = write_jsonl(tmp_path / "bad.jsonl", broken)
    assert cli("import", str(file), "--db", str(db_copy)).code == 1
    assert query(db_copy, "SELECT count(*) FROM edit_log") == [(0,)]


def test_sync_and_reset_are_logged_and_reset_keeps_the_log(cli, user_db, tmp_path):
    file = write_jsonl(tmp_path / "p.jsonl", PERSON)
    assert cli("import", str(file)).code == 0
    assert cli("db", "sync").code == 0  # nothing new in the bundled registry: no entry
    with sqlite3.connect(user_db) as conn:  # a curated alias lost: sync takes it back
        key, country, alias = conn.execute(
            "SELECT key, country, alias FROM country_aliases WHERE kind = 'curated' LIMIT 1"
        ).fetchone()
        conn.execute(
            "DELETE FROM country_aliases WHERE key = ? AND country = ? AND alias = ?",
            (key, country, alias),
        )
    assert cli("db", "sync").code == 0
    assert cli("db", "reset", "--yes").code == 0
    log = _log(cli)
    assert [e["action"] for e in log] == ["import", "db sync", "db reset"]
    assert log[1]["added"] == 1
    bundled_digest = hashlib.sha256(BUNDLED_DB.read_bytes()).hexdigest()
    assert log[1]["sha256"] == log[2]["sha256"] == bundled_digest
    assert query(user_db, "SELECT count(*) FROM people WHERE id = 'test-person'") == [(0,)]


def test_an_older_database_gets_the_log_on_upgrade(cli, tmp_path):
    import shutil

    from conftest import REPO

    old = tmp_path / "old.db"
    shutil.copyfile(REPO / "tests" / "fixtures" / "registry-schema1.db", old)
    assert _log(cli, "--db", str(old)) == []  # read through an upgraded copy
    file = write_jsonl(tmp_path / "p.jsonl", PERSON)
    result = cli("import", str(file), "--db", str(old))
    assert result.code == 0, result.stderr
    assert "upgraded" in result.stderr
    assert [e["action"] for e in _log(cli, "--db", str(old))] == ["import"]
