"""`filmreg check`: the bundled registry has no errors; each planted fault (fictional records
in a private copy) is found, with its severity, records and a fix hint."""

import json
import sqlite3

import pytest

from conftest import assert_clean_error
from test_curation import write_jsonl

TODAY = "2026-11-29"
SOURCE = "trend-ru-4127769"


def _check(cli, *args: str) -> tuple[int, dict]:
    result = cli("check", "--today", TODAY, "--json", *args)
    assert "Traceback" not in result.stderr
    return result.code, json.loads(result.stdout)


def _person(ident: str, name: str, lang: str = "en") -> dict:
    return {
        "type": "person",
        "id": ident,
        "name": name,
        "names": [
            {
                "name": name,
                "lang": lang,
                "kind": "source",
                "source": SOURCE,
                "locator": "¶99",
                "quote": name,
            }
        ],
        "evidence": [{"source": SOURCE, "locator": "¶99", "quote": name}],
        "roles": [],
    }


def test_the_bundled_registry_has_no_errors(cli):
    code, report = _check(cli)
    assert code == 0
    assert report["errors"] == 0
    assert report["warnings"] == len(report["findings"]) > 0
    assert {f["severity"] for f in report["findings"]} == {"warning"}
    for f in report["findings"]:
        assert f["code"] and f["records"] and f["message"] and f["hint"]
    # Co-heads appointed on one day are a warning, not an overlap.
    shared = [f["records"] for f in report["findings"] if f["code"] == "shared-head"]
    assert [
        "laurent-steiert/ch-bak-sektion-film/co-leiter",
        "nadine-adler-spiegel/ch-bak-sektion-film/co-leiterin",
    ] in shared


@pytest.fixture
def planted(cli, db_copy, tmp_path):
    """A copy of the registry with one fictional record per fault."""
    people = [
        _person("fict-ivan", "Ivan Fiktionov"),
        _person("fict-ivan-cyr", "Иван Фиктионов", "ru"),
        *(_person(f"fict-{n}", f"Fictional {n.title()}") for n in ("a", "b", "c", "d", "e", "f")),
    ]
    result = cli("import", str(write_jsonl(tmp_path / "p.jsonl", *people)), "--db", str(db_copy))
    assert result.code == 0, result.stderr
    roles = [
        # id, person, org, start, end, attested, status
        ("fict/overlap-1", "fict-a", "fict-body", "2020-01-01", "2024-01-01", None, "ended"),
        ("fict/overlap-2", "fict-b", "fict-body", "2022-01-01", None, None, "current"),
        ("fict/current-old", "fict-c", "fict-body-2", "2010", None, None, "current"),
        ("fict/current-new", "fict-d", "fict-body-2", "2015", None, None, "current"),
        ("fict/backwards", "fict-e", "fict-body-3", "2020", "2019", None, "ended"),
        ("fict/stale", "fict-f", "fict-body-4", None, None, "2020-01-01", "current"),
        ("fict/unsourced", "fict-f", "fict-body-3", None, None, "2026-01", "current"),
    ]
    with sqlite3.connect(db_copy) as conn:
        conn.execute(
            "INSERT INTO organizations (id, name, kind, country) VALUES "
            "('fict-body', 'Fictional Body', 'film_agency', 'AZ'),"
            "('fict-body-2', 'Fictional Body 2', 'film_agency', 'AZ'),"
            "('fict-body-3', 'Fictional Body 3', 'film_agency', 'AZ'),"
            "('fict-body-4', 'Fictional Body 4', 'film_agency', 'AZ'),"
            "('fict-nowhere', 'Fictional Body Nowhere', 'film_agency', NULL)"
        )
        for ident, person, org, start, end, attested, status in roles:
            conn.execute(
                "INSERT INTO roles (id, person_id, organization_id, role, title, start_date,"
                " end_date, attested_on, status) VALUES (?, ?, ?, 'head', 'Head', ?, ?, ?, ?)",
                (ident, person, org, start, end, attested, status),
            )
            if ident != "fict/unsourced":
                old = "boe-a-1986-6048-es-ca"  # published 1986: the stale head's only source
                conn.execute(
                    "INSERT INTO evidence (subject_table, subject_id, source_id, locator)"
                    " VALUES ('roles', ?, ?, '¶99')",
                    (ident, old if ident == "fict/stale" else SOURCE),
                )
        for org in ("fict-body", "fict-body-2", "fict-body-3", "fict-body-4"):
            conn.execute(
                "INSERT INTO evidence (subject_table, subject_id, source_id, locator)"
                " VALUES ('organizations', ?, ?, '¶99')",
                (org, SOURCE),
            )
    return db_copy


@pytest.mark.parametrize(
    ("severity", "code", "records"),
    [
        ("error", "overlapping-heads", ["fict/overlap-1", "fict/overlap-2"]),
        ("error", "current-with-later-head", ["fict/current-old", "fict/current-new"]),
        ("error", "end-before-start", ["fict/backwards"]),
        ("error", "no-source", ["fict/unsourced"]),
        ("error", "no-source", ["fict-nowhere"]),
        ("warning", "stale-head", ["fict/stale"]),
        ("warning", "probable-duplicate", ["fict-ivan", "fict-ivan-cyr"]),
        ("warning", "no-parent-or-country", ["fict-nowhere"]),
    ],
)
def test_each_planted_fault_is_found(cli, planted, severity, code, records):
    exit_code, report = _check(cli, "--db", str(planted))
    assert exit_code == 1
    found = [(f["severity"], f["code"], f["records"]) for f in report["findings"]]
    assert (severity, code, records) in found


def test_only_the_planted_faults_are_errors(cli, planted):
    _, report = _check(cli, "--db", str(planted))
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert all(any(r.startswith("fict") for r in f["records"]) for f in errors)
    assert report["errors"] == len(errors) == 5


def test_staleness_is_relative_to_today(cli, planted):
    _, report = _check(cli, "--db", str(planted), "--today", "2021-01-01")
    assert ["fict/stale"] not in [f["records"] for f in report["findings"]]


def test_text_output_and_bad_today(cli, planted):
    result = cli("check", "--today", TODAY, "--db", str(planted))
    assert result.code == 1
    assert "error    end-before-start: roles fict/backwards" in result.stdout
    assert "5 errors" in result.stderr
    assert_clean_error(cli("check", "--today", "soon"), 2, "--today")


def test_the_readme_gives_the_bundled_warnings_count(cli):
    from conftest import REPO

    _, report = _check(cli)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    counted = f"`filmreg check --today {TODAY}` gives 0 errors, {report['warnings']} warnings"
    assert counted in readme
