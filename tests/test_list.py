"""`filmreg list`: every subject, filter and format, against the bundled registry."""

import csv
import io
import json

import pytest

from conftest import BUNDLED_DB, assert_clean_error, query


def listed(cli, *args):
    result = cli("list", *args, "--json")
    assert result.code == 0, result.stderr
    return json.loads(result.stdout)


def test_agencies_show_country_and_current_heads(cli):
    rows = listed(cli)
    by_id = {r["id"]: r for r in rows}
    assert by_id["tr-cinema-directorate"]["country"] == "TR"
    assert [h["name"] for h in by_id["tr-cinema-directorate"]["current_heads"]] == ["Birol Güven"]
    # Borrelli's mandates ended; only Brugnoni heads the DGCA now.
    assert [h["name"] for h in by_id["it-dgca"]["current_heads"]] == ["Giorgio Carlo Brugnoni"]
    # Rizayev, acting head in 2024, is attested as Director in 2025; Abdukhalikov's mandate
    # ended with his successor's (filmreg.model.tenure), though no page gives its last day.
    assert [h["name"] for h in by_id["uz-cinematography-agency"]["current_heads"]] == [
        "Shuhrat Rizayev"
    ]
    # No source names a head of the Uzbek ministry: the list leaves it empty.
    assert by_id["uz-ministry-of-culture"]["current_heads"] == []
    expected = query(BUNDLED_DB, "SELECT count(*) FROM organizations")[0][0]
    assert len(rows) == expected


@pytest.mark.parametrize(
    "alias",
    ["TR", "tr", "TUR", "792", "Turkey", "Türkiye", "turkiye", "Турция", "Republic of Türkiye"],
)
def test_country_aliases(cli, alias):
    rows = listed(cli, "--country", alias)
    assert rows and {r["country"] for r in rows} == {"TR"}


@pytest.mark.parametrize(
    "alias,code",
    [
        ("Azərbaycan", "AZ"),
        ("Азербайджан", "AZ"),
        ("Oʻzbekiston", "UZ"),
        ("Узбекистан", "UZ"),
        ("საქართველო", "GE"),
        ("Italia", "IT"),
        ("ITA", "IT"),
        ("586", "PK"),
        ("پاکستان", "PK"),
    ],
)
def test_localized_country_names(cli, alias, code):
    rows = listed(cli, "--country", alias)
    assert rows and {r["country"] for r in rows} == {code}


def test_unknown_country_is_a_usage_error_with_suggestions(cli):
    result = cli("list", "--country", "Turky")
    assert_clean_error(result, 2, "unknown country 'Turky'", "Turkey")


def test_kind_filter(cli):
    rows = listed(cli, "--kind", "film_agency")
    assert {r["kind"] for r in rows} == {"film_agency"}
    assert {"AZ", "TR", "UZ", "GE", "IT"} <= {r["country"] for r in rows}
    expected = query(BUNDLED_DB, "SELECT count(*) FROM organizations WHERE kind = 'film_agency'")
    assert len(rows) == expected[0][0]


def test_unknown_kind_is_a_usage_error(cli):
    assert_clean_error(cli("list", "--kind", "bakery"), 2, "unknown kind 'bakery'")


def test_role_filter_lists_only_advisors(cli):
    rows = listed(cli, "people", "--role", "advisor")
    assert {"sayfullo-rajabov", "zaur-gardashov"} <= {r["id"] for r in rows}
    advisors = query(
        BUNDLED_DB, "SELECT count(DISTINCT person_id) FROM roles WHERE role = 'advisor'"
    )
    assert len(rows) == advisors[0][0]
    assert all(role["role"] == "advisor" for r in rows for role in r["roles"])


def test_role_filter_with_country(cli):
    rows = listed(cli, "people", "--role", "advisor", "--country", "Uzbekistan")
    assert [r["name"] for r in rows] == ["Sayfullo Rajabov"]


def test_role_applies_to_people_only(cli):
    assert_clean_error(cli("list", "--role", "advisor"), 2, "--role")


def test_people_keep_both_scripts_and_dated_roles(cli):
    people = {p["id"]: p for p in listed(cli, "people")}
    assert len(people) == query(BUNDLED_DB, "SELECT count(*) FROM people")[0][0]
    assert "Бирол Гювен" in people["birol-guven"]["other_names"]
    bliadze = {r["id"].rsplit("/", 1)[1]: r for r in people["mamuka-bliadze"]["roles"]}
    assert bliadze["general-director"]["status"] == "current"
    assert bliadze["general-director"]["attested_on"] == "2026-02-17"
    # Attested at the panel and never shown ended: the rule gives `current` for a post that
    # is not the body's head (only heads end when a successor is known).
    assert bliadze["representative"]["status"] == "current"
    assert bliadze["representative"]["attested_on"] == "2025-12-09"
    # The moderator has no organization in the source, so no role and no country.
    assert people["kamran-gasimov"]["roles"] == []
    assert people["kamran-gasimov"]["countries"] == []


def test_events_and_countries(cli):
    events = {e["id"]: e for e in listed(cli, "events")}
    panel = events["baku-2025-state-cooperation-panel"]
    assert panel["parent_id"] == "baku-cinema-breeze-2025"
    # The report says the panel "has taken place" under a dateline: no page states the day.
    assert panel["start_date"] is None
    assert panel["participants"] == 8
    assert "film-diplomacy" in panel["topics"]
    countries = {c["code"]: c for c in listed(cli, "countries")}
    # Germany: where the Berlinale was held.
    assert {"AZ", "TR", "UZ", "PK", "GE", "IT", "DE"} <= set(countries)
    # Only countries some record names, each with what names it.
    for row in countries.values():
        assert row["organizations"] + row["events"] + row["cooperations"] + row["memberships"]


def test_event_kind_filter(cli):
    assert [e["id"] for e in listed(cli, "events", "--kind", "panel")] == [
        "baku-2025-state-cooperation-panel"
    ]


def test_limit(cli):
    assert len(listed(cli, "--limit", "2")) == 2
    assert listed(cli, "--limit", "0") == []
    assert_clean_error(cli("list", "--limit", "-1"), 2, "--limit")


def test_unknown_subject(cli):
    assert_clean_error(cli("list", "bakeries"), 2, "unknown list 'bakeries'")


def test_jsonl(cli):
    result = cli("list", "people", "--format", "jsonl")
    lines = result.stdout.splitlines()
    assert len(lines) == len(listed(cli, "people"))
    assert all(isinstance(json.loads(line), dict) for line in lines)


def test_csv_and_fields(cli):
    result = cli("list", "--format", "csv", "--fields", "id,country,current_heads")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["id", "country", "current_heads"]
    heads = {r["id"]: r["current_heads"] for r in rows}
    assert heads["tr-cinema-directorate"] == "Birol Güven"


def test_tsv_is_the_piped_default(cli):
    result = cli("list", "countries")
    lines = result.stdout.splitlines()
    assert lines[0].split("\t")[:2] == ["code", "alpha3"]
    assert "\x1b[" not in result.stdout


def test_table_has_no_escape_codes_when_piped(cli):
    result = cli("list", "--format", "table")
    assert result.code == 0
    assert "Birol Güven" in result.stdout
    assert "\x1b[" not in result.stdout


def test_json_fields_keep_the_order_asked(cli):
    rows = listed(cli, "--fields", "country,id")
    assert all(list(r) == ["country", "id"] for r in rows)


def test_bad_fields(cli):
    assert_clean_error(cli("list", "--fields", "id,nope"), 2, "unknown field 'nope'")
    assert_clean_error(cli("list", "--fields", ","), 2, "--fields")


def test_bad_format(cli):
    assert_clean_error(cli("list", "--format", "xml"), 2, "unknown format 'xml'")
    assert_clean_error(cli("list", "--format", "csv", "--json"), 2, "--json")


def test_unknown_option_is_one_line(cli):
    assert_clean_error(cli("list", "--bogus"), 2, "--bogus")


def test_version(cli):
    result = cli("--version")
    assert result.code == 0
    assert result.stdout.startswith("filmreg ")
