"""`datasette data/` serves the bundled registry with the documentation in data/metadata.yaml.

A real Datasette server runs in a child process on a copy of data/ (configuration-directory
mode, as a user would start it), and is checked only through its JSON API against what sqlite3
reads from the same copy. The canned queries live in YAML where no linter or other test sees
their SQL, so this is what catches one broken by a schema change.
"""

import hashlib
import importlib.util
import json
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
TITLE = "filmreg: state film agencies, their heads and advisors, and cooperation"
STARTUP_SECONDS = 20.0

# Written independently of the canned query in metadata.yaml, so that a change to either
# shows up as a difference in rows.
CURRENT_HEADS_SQL = """
    SELECT o.country, c.name AS country_name, o.id AS organization_id,
           o.name AS organization, p.id AS person_id, p.name AS person,
           r.title_en, r.title, r.attested_on, r.start_date
    FROM roles AS r
    JOIN people AS p ON p.id = r.person_id
    JOIN organizations AS o ON o.id = r.organization_id
    LEFT JOIN countries AS c ON c.code = o.country
    WHERE r.role = 'head' AND r.status = 'current' AND o.country = ?
    ORDER BY o.country, o.name, p.name, r.id
"""


@dataclass(frozen=True)
class Server:
    base_url: str
    data_dir: Path
    db: Path
    db_sha256: str


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[Any, str]:
    """The decoded JSON body of a GET and its Link header ('' if none)."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response), response.headers.get("Link", "")


def get_json(url: str) -> Any:
    return fetch(url)[0]


def all_rows(url: str) -> list[dict[str, Any]]:
    """Every row of a `_shape=array` listing, following Datasette's `rel="next"` pages."""
    rows: list[dict[str, Any]] = []
    next_url: str | None = url
    while next_url:
        page, link = fetch(next_url)
        rows.extend(page)
        match = re.search(r'<([^>]+)>;\s*rel="next"', link)
        next_url = match.group(1) if match else None
    return rows


def query(db: Path, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql, params).fetchall()


def wait_until_up(proc: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"datasette exited with {proc.returncode}:\n{log.read_text()}")
        try:
            get_json(url)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    pytest.fail(f"datasette did not answer within {STARTUP_SECONDS} s:\n{log.read_text()}")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """Datasette serving a private copy of data/registry.db and data/metadata.yaml."""
    assert importlib.util.find_spec("datasette") is not None, (
        "datasette is a test dependency: pip install -e '.[test]'"
    )
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    for name in ("registry.db", "metadata.yaml"):
        shutil.copyfile(DATA / name, data_dir / name)
    db = data_dir / "registry.db"
    db_sha256 = hashlib.sha256(db.read_bytes()).hexdigest()
    port = free_port()
    log = tmp_path / "datasette.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "datasette",
                "serve",
                str(data_dir),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        base_url = f"http://127.0.0.1:{port}"
        wait_until_up(proc, f"{base_url}/-/versions.json", log)
        yield Server(base_url, data_dir, db, db_sha256)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_people_table_matches_sqlite(server: Server) -> None:
    expected = query(server.db, "SELECT count(*) AS n, min(id) AS some_id FROM people")[0]
    rows = all_rows(f"{server.base_url}/registry/people.json?_shape=array")
    assert len(rows) == expected["n"] > 0
    assert expected["some_id"] in {row["id"] for row in rows}


def test_metadata_documents_every_visible_table(server: Server) -> None:
    metadata = get_json(f"{server.base_url}/-/metadata.json")
    assert metadata["title"] == TITLE
    tables = metadata["databases"]["registry"]["tables"]
    assert tables["roles"]["description"].strip()
    # Every table a visitor sees, and each of its columns, is described.
    listing = get_json(f"{server.base_url}/registry.json")["tables"]
    visible = {t["name"]: t["columns"] for t in listing if not t["hidden"]}
    assert "people" in visible
    for name, columns in visible.items():
        assert tables.get(name, {}).get("description"), f"table {name} has no description"
        described = tables[name].get("columns", {})
        assert [c for c in columns if not described.get(c)] == [], f"undescribed in {name}"
    assert not {"search_tokens", "search_postings", "search_deletes"} & set(visible)


def test_canned_current_heads_matches_sqlite(server: Server) -> None:
    rows = all_rows(
        f"{server.base_url}/registry/current_heads_by_country.json?_shape=array&country=AZ"
    )
    expected = [dict(row) for row in query(server.db, CURRENT_HEADS_SQL, ("AZ",))]
    assert expected, "the registry should name a current head in Azerbaijan"
    assert rows == expected


def test_every_canned_query_runs_read_only(server: Server) -> None:
    """Each query runs on the current schema (a broken one answers 400), and serving the
    directory writes nothing into it: no journal, no new file, the database unchanged."""
    queries = get_json(f"{server.base_url}/-/metadata.json")["databases"]["registry"]["queries"]
    person = query(server.db, "SELECT min(person_id) AS id FROM roles")[0]["id"]
    assert queries
    for name in queries:
        for country in ("AZ", ""):
            url = f"{server.base_url}/registry/{name}.json?_shape=array&country={country}"
            try:
                rows = get_json(f"{url}&person={person}")
            except urllib.error.HTTPError as exc:
                pytest.fail(f"canned query {name} failed: {exc.read().decode()}")
            assert isinstance(rows, list), name
    assert sorted(p.name for p in server.data_dir.iterdir()) == ["metadata.yaml", "registry.db"]
    assert hashlib.sha256(server.db.read_bytes()).hexdigest() == server.db_sha256
