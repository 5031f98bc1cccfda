"""`filmreg changes --since DATE`: facts dated on or after a day, newest first, with sources."""

import json

from conftest import assert_clean_error, query


def _changes(cli, *args: str) -> list[dict]:
    result = cli("changes", *args, "--format", "json")
    assert result.code == 0, result.stderr
    return json.loads(result.stdout)


def test_changes_since_2026_lists_the_2026_facts_newest_first(cli, db_copy):
    found = _changes(cli, "--since", "2026-01-01")
    assert found
    assert all(c["date"] >= "2026" for c in found)
    assert [c["date"] for c in found] == sorted((c["date"] for c in found), reverse=True)
    assert all(c["sources"] for c in found)
    ids = {(c["kind"], c["id"]) for c in found}
    assert ("appointment", "rashad-azizov/az-film-agency/director-general") in ids
    assert ("appointment", "mamuka-bliadze/ge-national-film-center/general-director") in ids
    assert ("event", "berlinale-2026") in ids
    # every fact the database dates in 2026 is there
    roles_2026 = {
        r[0]
        for r in query(
            db_copy,
            "SELECT id FROM roles WHERE start_date >= '2026' OR "
            "(start_date IS NULL AND attested_on >= '2026')",
        )
    }
    assert roles_2026 == {c["id"] for c in found if c["kind"] == "appointment"}
    coops = {r[0] for r in query(db_copy, "SELECT id FROM cooperations WHERE date >= '2026'")}
    assert coops <= {c["id"] for c in found if c["kind"] == "agreement"}


def test_a_successor_dates_the_departure_it_implies(cli):
    found = _changes(cli, "--since", "2024-02", "--country", "Turkey", "--kind", "departure")
    assert [(c["id"], c["date"], c["dated_by"]) for c in found] == [
        ("erkin-yilmaz/tr-cinema-directorate/director-general", "2024-02-23", "ended_by")
    ]


def test_filters_and_jsonl(cli):
    lines = cli("changes", "--since", "2025", "--country", "IT", "--format", "jsonl").stdout
    rows = [json.loads(line) for line in lines.splitlines()]
    assert rows and all("IT" in r["countries"] for r in rows)
    kinds = {r["kind"] for r in rows}
    assert "departure" in kinds  # Borrelli, 2025-07-03
    only = _changes(cli, "--since", "2025", "--kind", "agreement")
    assert only and {c["kind"] for c in only} == {"agreement"}
    text = cli("changes", "--since", "2026-02-17").stdout
    assert "report-az-mou-gnfc" in text


def test_bad_changes_arguments(cli):
    assert_clean_error(cli("changes", "--since", "last week"), 2, "ISO 8601")
    assert_clean_error(cli("changes", "--since", "2025", "--kind", "gossip"), 2, "unknown kind")
    assert_clean_error(cli("changes", "--since", "2025", "-f", "csv"), 2, "unknown format")
    assert cli("changes").code == 2


def test_memberships_joined_and_left_are_changes(cli, db_copy):
    found = _changes(cli, "--since", "2020", "--kind", "membership")
    expected = query(
        db_copy,
        "SELECT count(*) FROM memberships WHERE start_date >= '2020' OR end_date >= '2020'"
        " OR (start_date IS NULL AND attested_on >= '2020')",
    )[0][0]
    assert len(found) >= expected > 0
    assert {c["dated_by"] for c in found} <= {"start_date", "end_date", "attested_on"}
    assert all(c["table"] == "memberships" and c["sources"] for c in found)
