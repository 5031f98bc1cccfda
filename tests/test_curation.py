"""Curation through the real CLI: import, export, edits, the user's own database, sync."""

import csv
import json
import sqlite3
from pathlib import Path

import pytest

from conftest import BUNDLED_DB, assert_clean_error, query

PERSON = {
    "type": "person",
    "id": "test-person",
    "name": "Test Person",
    "names": [
        {
            "name": "Тест Персон",
            "lang": "ru",
            "kind": "source",
            "source": "trend-ru-4127769",
            "locator": "¶99",
            "quote": "Тест Персон",
        }
    ],
    "evidence": [{"source": "trend-ru-4127769", "locator": "¶99", "quote": "Тест Персон"}],
    "roles": [
        {
            "id": "test-person/az-film-agency/advisor",
            "organization": "az-film-agency",
            "role": "advisor",
            "title": "Советник",
            "status": "current",
            "source": "trend-ru-4127769",
            "locator": "¶99",
            "quote": "Советник Тест Персон",
        }
    ],
}


def write_jsonl(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    return path


def dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


def test_export_import_round_trip_is_byte_identical(cli, tmp_path):
    for fmt in ("json", "jsonl"):
        first = cli("export", "--format", fmt)
        assert first.code == 0, first.stderr
        source = tmp_path / f"export.{fmt}"
        source.write_text(first.stdout)
        target = tmp_path / f"empty-{fmt}.db"
        assert cli("import", str(source), "--db", str(target)).code == 0
        again = cli("export", "--format", fmt, "--db", str(target))
        assert again.stdout == first.stdout
    records = [json.loads(line) for line in cli("export", "--format", "jsonl").stdout.splitlines()]
    assert (
        len(records)
        == sum(
            query(BUNDLED_DB, f"SELECT count(*) FROM {t}")[0][0]
            for t in (
                "sources",
                "topics",
                "organizations",
                "people",
                "events",
                "cooperations",
                "memberships",
            )
        )
        + query(BUNDLED_DB, "SELECT count(*) FROM country_aliases WHERE kind = 'curated'")[0][0]
    )


def test_first_write_creates_own_database_and_reads_follow(cli, tmp_path, user_db):
    own = user_db
    assert cli("db", "path").stdout.strip() == str(BUNDLED_DB)
    before = BUNDLED_DB.read_bytes()
    result = cli("import", str(write_jsonl(tmp_path / "p.jsonl", PERSON)))
    assert result.code == 0, result.stderr
    assert own.exists() and "created your own database" in result.stderr
    assert BUNDLED_DB.read_bytes() == before  # the bundled registry is never written
    path = cli("db", "path")
    assert path.stdout.strip() == str(own) and "your own database" in path.stderr
    found = json.loads(cli("search", "Тест Персон", "--json").stdout)
    assert found[0]["id"] == "test-person"


def test_reimport_changes_nothing_and_dry_run_writes_nothing(cli, db_copy, tmp_path):
    file = write_jsonl(tmp_path / "p.jsonl", PERSON)
    dry = cli("import", str(file), "--db", str(db_copy), "--dry-run")
    assert dry.code == 0 and dry.stdout == "add\tperson\ttest-person\n"
    assert query(db_copy, "SELECT count(*) FROM people WHERE id = 'test-person'") == [(0,)]
    assert cli("import", str(file), "--db", str(db_copy)).code == 0
    state = dump(db_copy)
    again = cli("import", str(file), "--db", str(db_copy), "--json")
    outcome = json.loads(again.stdout)
    assert outcome["added"] == [] and outcome["changed"] == []
    assert outcome["unchanged"] == [{"type": "person", "id": "test-person"}]
    assert dump(db_copy) == state
    changed = dict(PERSON, name="Test Person Renamed")
    plan = cli(
        "import",
        "-",
        "--db",
        str(db_copy),
        "--dry-run",
        "--format",
        "jsonl",
        stdin=json.dumps(changed) + "\n",
    )
    assert plan.stdout == "change\tperson\ttest-person\n"


BAD = [
    ({**PERSON, "evidence": []}, ["line 2", "test-person", "no evidence"]),
    (
        {**PERSON, "roles": [{**PERSON["roles"][0], "start_date": "09.12.2025"}]},
        ["line 2", "start_date", "'09.12.2025'", "ISO 8601"],
    ),
    (
        {**PERSON, "roles": [{**PERSON["roles"][0], "organization": "nowhere"}]},
        ["line 2", "'organization'", "'nowhere'"],
    ),
    ({**PERSON, "roles": [{**PERSON["roles"][0], "source": None}]}, ["line 2", "no source"]),
    ({**PERSON, "colour": "red"}, ["line 2", "unknown field 'colour'"]),
    ({**PERSON, "type": "wizard"}, ["line 2", "unknown record type 'wizard'"]),
]


@pytest.mark.parametrize("bad,needles", BAD, ids=[n[-1] for _, n in BAD])
def test_one_bad_record_rejects_the_whole_import(cli, db_copy, tmp_path, bad, needles):
    good = dict(PERSON, id="good-person", roles=[])
    file = write_jsonl(tmp_path / "batch.jsonl", good, bad)
    before = db_copy.read_bytes()
    result = cli("import", str(file), "--db", str(db_copy))
    assert_clean_error(result, 1, str(file), *needles)
    assert db_copy.read_bytes() == before


def test_malformed_files_get_precise_errors(cli, db_copy, tmp_path):
    broken = tmp_path / "broken.jsonl"
    broken.write_text(json.dumps(PERSON) + "\n{not json\n")
    assert_clean_error(cli("import", str(broken), "--db", str(db_copy)), 1, "line 2", "JSON")
    assert_clean_error(
        cli("import", str(tmp_path / "missing.json"), "--db", str(db_copy)), 1, "no such file"
    )
    odd = tmp_path / "odd.csv"
    odd.write_text("who,what\nx,y\n")
    assert_clean_error(cli("import", str(odd), "--db", str(db_copy)), 1, "person_id")
    binary = tmp_path / "bin.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    assert_clean_error(cli("import", str(binary), "--db", str(db_copy)), 1, "UTF-8")


def test_csv_people_with_roles_merge_into_existing_records(cli, db_copy, tmp_path):
    file = tmp_path / "heads.csv"
    with file.open("w", newline="") as out:
        w = csv.writer(out)
        w.writerow(
            [
                "person_id",
                "name",
                "organization",
                "role",
                "title",
                "start_date",
                "status",
                "source",
                "locator",
                "quote",
            ]
        )
        w.writerow(
            [
                "rashad-azizov",
                "",
                "az-ministry-of-culture",
                "advisor",
                "Advisor",
                "2026-01",
                "current",
                "trend-ru-4127769",
                "¶5",
                "Рашад Азизов",
            ]
        )
        w.writerow(
            [
                "new-person",
                "New Person",
                "uz-cinematography-agency",
                "staff",
                "Expert",
                "",
                "current",
                "trend-ru-4127769",
                "¶9",
                "New Person, Expert",
            ]
        )
    roles_before = query(db_copy, "SELECT id FROM roles WHERE person_id = 'rashad-azizov'")
    result = cli("import", str(file), "--db", str(db_copy), "--json")
    assert result.code == 0, result.stderr
    outcome = json.loads(result.stdout)
    assert outcome["changed"] == [{"type": "person", "id": "rashad-azizov"}]
    assert outcome["added"] == [{"type": "person", "id": "new-person"}]
    roles_after = query(db_copy, "SELECT id FROM roles WHERE person_id = 'rashad-azizov'")
    assert set(roles_before) < set(roles_after)  # the stored roles stay
    assert ("rashad-azizov/az-ministry-of-culture/advisor",) in roles_after
    assert json.loads(cli("import", str(file), "--db", str(db_copy), "--json").stdout)[
        "unchanged"
    ] == [{"type": "person", "id": "rashad-azizov"}, {"type": "person", "id": "new-person"}]


def test_add_role_and_end_role(cli, db_copy):
    add = cli(
        "add",
        "role",
        "jane-roe",
        "az-film-agency",
        "--role",
        "head",
        "--title",
        "Director",
        "--start",
        "2026-03-01",
        "--source",
        "trend-ru-4127769",
        "--locator",
        "¶1",
        "--quote",
        "Jane Roe, Rashad Azizov, Саадет Юсифова",
        "--name",
        "Jane Roe",
        "--db",
        str(db_copy),
    )
    assert add.code == 0, add.stderr
    role = "jane-roe/az-film-agency/head"
    assert query(db_copy, "SELECT status, start_date FROM roles WHERE id = ?", (role,)) == [
        ("current", "2026-03-01")
    ]
    heads = json.loads(
        cli(
            "list", "people", "--country", "AZ", "--role", "head", "--json", "--db", str(db_copy)
        ).stdout
    )
    assert "jane-roe" in {p["id"] for p in heads}
    end = cli(
        "end",
        "role",
        role,
        "--date",
        "2026-10-31",
        "--source",
        "trend-en-4127771",
        "--locator",
        "¶2",
        "--quote",
        "Jane Roe, Rashad Azizov, Саадет Юсифова",
        "--db",
        str(db_copy),
    )
    assert end.code == 0, end.stderr
    assert query(db_copy, "SELECT status, end_date FROM roles WHERE id = ?", (role,)) == [
        ("ended", "2026-10-31")
    ]
    cited = query(
        db_copy,
        "SELECT field, source_id FROM evidence WHERE subject_table = 'roles' "
        "AND subject_id = ? AND field IS NOT NULL ORDER BY field",
        (role,),
    )
    assert cited == [("end_date", "trend-en-4127771"), ("status", "trend-en-4127771")]


@pytest.mark.parametrize(
    "args,needles",
    [
        (
            [
                "add",
                "role",
                "nobody",
                "az-film-agency",
                "--role",
                "head",
                "--title",
                "X",
                "--source",
                "trend-ru-4127769",
                "--locator",
                "¶1",
                "--quote",
                "Jane Roe, Rashad Azizov, Саадет Юсифова",
            ],
            ["no person", "--name"],
        ),
        (
            [
                "add",
                "role",
                "rashad-azizov",
                "az-film-agency",
                "--role",
                "head",
                "--title",
                "X",
                "--source",
                "no-such-source",
                "--locator",
                "¶1",
                "--quote",
                "Jane Roe, Rashad Azizov, Саадет Юсифова",
                "--id",
                "x",
            ],
            ["'source'", "'no-such-source'"],
        ),
        (
            [
                "add",
                "role",
                "rashad-azizov",
                "az-film-agency",
                "--role",
                "king",
                "--title",
                "X",
                "--source",
                "trend-ru-4127769",
                "--locator",
                "¶1",
                "--quote",
                "Jane Roe, Rashad Azizov, Саадет Юсифова",
                "--id",
                "x",
            ],
            ["'king'"],
        ),
        (
            [
                "end",
                "role",
                "no/such/role",
                "--date",
                "2026-01-01",
                "--source",
                "trend-ru-4127769",
                "--locator",
                "¶1",
                "--quote",
                "Jane Roe, Rashad Azizov, Саадет Юсифова",
            ],
            ["no role"],
        ),
        (
            [
                "end",
                "role",
                "saadat-yusifova/az-ministry-of-culture/deputy-minister",
                "--date",
                "31.12.2026",
                "--source",
                "trend-ru-4127769",
                "--locator",
                "¶1",
                "--quote",
                "Jane Roe, Rashad Azizov, Саадет Юсифова",
            ],
            ["ISO 8601"],
        ),
    ],
    ids=["unknown-person", "unknown-source", "bad-role", "unknown-role", "bad-date"],
)
def test_edits_refuse_bad_input(cli, db_copy, args, needles):
    before = db_copy.read_bytes()
    result = cli(*args, "--db", str(db_copy))
    assert result.code in (1, 2) and "Traceback" not in result.stderr
    assert_clean_error(result, result.code, *needles)
    assert db_copy.read_bytes() == before


def test_edits_require_a_source(cli, db_copy):
    result = cli("end", "role", "x", "--date", "2026-01-01", "--db", str(db_copy))
    assert_clean_error(result, 2, "--source")


def test_csv_export_neutralizes_formulas(cli, db_copy, tmp_path):
    evil = dict(PERSON, name='=HYPERLINK("http://x")', roles=[])
    assert (
        cli("import", str(write_jsonl(tmp_path / "e.jsonl", evil)), "--db", str(db_copy)).code == 0
    )
    for target in (tmp_path / "csv", tmp_path / "tables.zip"):
        result = cli("export", "--format", "csv", "--output", str(target), "--db", str(db_copy))
        assert result.code == 0, result.stderr
    rows = list(csv.DictReader((tmp_path / "csv" / "people.csv").open()))
    names = {r["id"]: r["name"] for r in rows}
    assert names["test-person"] == '\'=HYPERLINK("http://x")'
    assert len(rows) == query(db_copy, "SELECT count(*) FROM people")[0][0]
    import zipfile

    with zipfile.ZipFile(tmp_path / "tables.zip") as archive:
        assert "roles.csv" in archive.namelist()
        assert archive.read("people.csv") == (tmp_path / "csv" / "people.csv").read_bytes()


def test_db_reset_and_sync(cli, tmp_path, user_db):
    own = user_db
    assert cli("import", str(write_jsonl(tmp_path / "p.jsonl", PERSON))).code == 0
    edited = cli(
        "end",
        "role",
        "saadat-yusifova/az-ministry-of-culture/deputy-minister",
        "--date",
        "2026-06",
        "--source",
        "trend-en-4127771",
        "--locator",
        "¶3",
        "--quote",
        "Jane Roe, Rashad Azizov, Саадет Юсифова",
    )
    assert edited.code == 0, edited.stderr
    # A newer release: the bundled registry differs from the one the copy was made from.
    with sqlite3.connect(own) as conn:
        conn.execute("UPDATE meta SET value = 'older' WHERE key = 'seed_sha256'")
        conn.execute("UPDATE people SET note = 'old note' WHERE id = 'kamran-gasimov'")
        conn.execute("DELETE FROM record_base WHERE type = 'source' AND id = 'trend-ru-4127769'")
    assert "db sync" in cli("db", "path").stderr
    sync = cli("db", "sync", "--json")
    assert sync.code == 0, sync.stderr
    outcome = json.loads(sync.stdout)
    kept = {(i["type"], i["id"]) for i in outcome["kept"]}
    assert ("person", "saadat-yusifova") in kept  # the user's edit survives
    assert query(own, "SELECT status FROM roles WHERE id LIKE 'saadat-yusifova/%'") == [("ended",)]
    assert query(own, "SELECT count(*) FROM people WHERE id = 'test-person'") == [(1,)]
    assert "db sync" not in cli("db", "path").stderr
    # Reset asks first; --yes skips the question.
    assert cli("db", "reset", stdin="n\n").code == 1
    assert query(own, "SELECT count(*) FROM people WHERE id = 'test-person'") == [(1,)]
    assert cli("db", "reset", "--yes").code == 0
    assert query(own, "SELECT count(*) FROM people WHERE id = 'test-person'") == [(0,)]


def test_sync_takes_bundled_updates_of_records_you_did_not_edit(cli, tmp_path, user_db):
    """A record whose stored version is the one last taken from the bundled registry follows
    the bundled registry; here the copy holds an 'older bundled' version of one person."""
    from filmreg.store.dump import Dumper
    from filmreg.store.merge import record_hash

    own = user_db
    assert cli("import", str(write_jsonl(tmp_path / "p.jsonl", PERSON))).code == 0
    with sqlite3.connect(own) as conn:
        conn.execute("UPDATE people SET note = 'older note' WHERE id = 'kamran-gasimov'")
        older = Dumper(conn).records("person", ["kamran-gasimov"])["kamran-gasimov"]
        conn.execute(
            "UPDATE record_base SET sha256 = ? WHERE type = 'person' AND id = 'kamran-gasimov'",
            (record_hash(older),),
        )
    plan = cli("db", "sync", "--dry-run")
    assert "change\tperson\tkamran-gasimov" in plan.stdout.splitlines()
    assert query(own, "SELECT note FROM people WHERE id = 'kamran-gasimov'") == [("older note",)]
    assert cli("db", "sync").code == 0
    assert query(own, "SELECT note FROM people WHERE id = 'kamran-gasimov'") == query(
        BUNDLED_DB, "SELECT note FROM people WHERE id = 'kamran-gasimov'"
    )
    assert query(own, "SELECT count(*) FROM people WHERE id = 'test-person'") == [(1,)]


def test_the_bundled_registry_is_never_a_write_target(cli, tmp_path):
    before = BUNDLED_DB.read_bytes()
    file = write_jsonl(tmp_path / "p.jsonl", PERSON)
    result = cli("import", str(file), env={"FILMREG_DB": str(BUNDLED_DB)})
    assert_clean_error(result, 1, "bundled registry", "never written")
    assert BUNDLED_DB.read_bytes() == before


def test_schema_versions_agree():
    from filmreg.store import database as db
    from filmreg.store import migrations

    assert db.SCHEMA_VERSION == migrations.SCHEMA_VERSION
    assert query(BUNDLED_DB, "SELECT value FROM meta WHERE key = 'schema_version'") == [
        (migrations.SCHEMA_VERSION,)
    ]


def test_a_single_record_on_stdin_then_an_edit_citing_it(cli, db_copy):
    source = (
        '{"type": "source", "id": "decree-2026-17", "label": "Decree 17 of 2026",\n'
        '  "url": "https://example.org/decree-17", "language": "en", "kind": "legal_database"}\n'
    )
    assert cli("import", "-", "--db", str(db_copy), stdin=source).code == 0
    add = cli(
        "add",
        "role",
        "rashad-azizov",
        "az-ministry-of-culture",
        "--role",
        "advisor",
        "--title",
        "Advisor",
        "--source",
        "decree-2026-17",
        "--locator",
        "§1",
        "--quote",
        "Jane Roe, Rashad Azizov, Саадет Юсифова",
        "--db",
        str(db_copy),
    )
    assert add.code == 0, add.stderr
    assert query(
        db_copy,
        "SELECT source_id, locator FROM evidence WHERE subject_table = 'roles' "
        "AND subject_id = 'rashad-azizov/az-ministry-of-culture/advisor'",
    ) == [("decree-2026-17", "§1")]


def test_csv_organizations_add_and_update(cli, db_copy, tmp_path):
    file = tmp_path / "orgs.csv"
    with file.open("w", newline="") as out:
        w = csv.writer(out)
        w.writerow(
            ["organization_id", "name", "kind", "country", "website", "source", "locator", "quote"]
        )
        w.writerow(
            [
                "kz-cinema-centre",
                "Kazakhfilm Test Centre",
                "film_agency",
                "KZ",
                "",
                "trend-ru-4127769",
                "¶1",
                "Kazakhfilm Test Centre",
            ]
        )
        w.writerow(
            [
                "az-film-agency",
                "",
                "",
                "",
                "https://example.org/arka",
                "trend-en-4127771",
                "¶5",
                "Azerbaijan Film Agency",
            ]
        )
    name_before = query(db_copy, "SELECT name, kind FROM organizations WHERE id = 'az-film-agency'")
    outcome = json.loads(cli("import", str(file), "--db", str(db_copy), "--json").stdout)
    assert outcome["added"] == [{"type": "organization", "id": "kz-cinema-centre"}]
    assert outcome["changed"] == [{"type": "organization", "id": "az-film-agency"}]
    assert query(db_copy, "SELECT name, kind FROM organizations WHERE id = 'az-film-agency'") == (
        name_before  # empty cells keep what is stored
    )
    assert query(db_copy, "SELECT website FROM organizations WHERE id = 'az-film-agency'") == [
        ("https://example.org/arka",)
    ]
    listed = json.loads(cli("list", "--country", "KZ", "--json", "--db", str(db_copy)).stdout)
    assert "kz-cinema-centre" in [o["id"] for o in listed]
    assert {o["country"] for o in listed} == {"KZ"}
    again = json.loads(cli("import", str(file), "--db", str(db_copy), "--json").stdout)
    assert again["added"] == again["changed"] == []
    missing_source = tmp_path / "nosource.csv"
    missing_source.write_text("organization_id,name,kind,country\nx-org,X,film_agency,KZ\n")
    assert_clean_error(
        cli("import", str(missing_source), "--db", str(db_copy)),
        1,
        "nosource.csv: line 2",
        "no source",
    )


def test_dry_run_creates_no_database(cli, tmp_path, user_db):
    new = tmp_path / "new.db"
    # Against the empty registry the new file would start as: the cited source is unknown.
    person = write_jsonl(tmp_path / "p.jsonl", PERSON)
    refused = cli("import", str(person), "--db", str(new), "--dry-run")
    assert_clean_error(refused, 1, "'trend-ru-4127769'", "source")
    source = {
        "type": "source",
        "id": "s-1",
        "label": "A source",
        "url": "https://example.org/s-1",
        "language": "en",
        "kind": "news",
    }
    planned = cli(
        "import", str(write_jsonl(tmp_path / "s.jsonl", source)), "--db", str(new), "--dry-run"
    )
    assert planned.code == 0 and planned.stdout == "add\tsource\ts-1\n"
    assert not new.exists()
    own = cli("import", str(person), "--dry-run")  # no own database yet: compared with bundled
    assert own.code == 0 and own.stdout == "add\tperson\ttest-person\n"
    assert not user_db.parent.exists()
