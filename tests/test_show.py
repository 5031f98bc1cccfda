"""`filmreg show`: full records with the source of every fact."""

import json

import pytest

from conftest import assert_clean_error


def shown(cli, target):
    result = cli("show", "--json", target)
    assert result.code == 0, result.stderr
    return json.loads(result.stdout)


def test_person_record_by_id(cli):
    rec = shown(cli, "mamuka-bliadze")
    assert rec["type"] == "person"
    assert {n["name"] for n in rec["names"]} == {"Mamuka Bliadze", "Мамука Блиадзе"}
    roles = {r["id"].rsplit("/", 1)[1]: r for r in rec["roles"]}
    assert roles["general-director"]["status"] == "current"
    assert roles["general-director"]["attested_on"] == "2026-02-17"
    assert roles["general-director"]["title"] == "Gürcüstan Milli Kino Mərkəzinin baş direktoru"
    assert roles["general-director"]["title_lang"] == "az"
    assert roles["representative"]["title"] == "представитель Национального киноцентра Грузии"
    source = roles["representative"]["sources"][0]
    assert source["url"] == "https://ru.trend.az/azerbaijan/society/4127769.html"
    assert source["published"] == "2025-12-09"
    assert source["locator"] == "¶5"
    assert "Мамука Блиадзе" in source["quote"]
    assert {p["capacity"] for p in rec["participations"]} == {"panelist", "signatory"}
    assert [c["kind"] for c in rec["cooperations"]] == ["memorandum"]
    assert all(p["sources"] for p in rec["participations"])


def test_record_by_name_in_another_script(cli):
    assert shown(cli, "Блиадзе")["id"] == "mamuka-bliadze"
    assert shown(cli, "Гювен")["id"] == "birol-guven"


def test_organization_record(cli):
    rec = shown(cli, "tr-cinema-directorate")
    assert rec["country"] == "TR"
    assert rec["parent_id"] == "tr-ministry-of-culture-and-tourism"
    assert rec["website"] == "https://sinema.ktb.gov.tr"
    assert "Sinema Genel Müdürlüğü" in {n["name"] for n in rec["names"]}
    assert [(p["name"], p["status"]) for p in rec["people"]] == [
        ("Birol Güven", "current"),
        ("Erkin Yılmaz", "ended"),
    ]
    first = rec["people"][0]["sources"][0]
    assert "haberturk" in first["url"] and "23 Şubat 2024" in first["quote"]


def test_event_record(cli):
    rec = shown(cli, "baku-2025-state-cooperation-panel")
    assert rec["venue"] == "Baku Convention Center"
    assert rec["parent_id"] == "baku-cinema-breeze-2025"
    assert len(rec["participants"]) == 8
    moderator = [p for p in rec["participants"] if p["capacity"] == "moderator"]
    assert moderator[0]["name"] == "Kamran Gasimov"
    assert moderator[0]["organization_id"] is None
    assert {t["id"] for t in rec["topics"]} >= {"film-diplomacy", "co-production"}
    assert all(t["sources"] for t in rec["topics"])


def test_country_record(cli):
    rec = shown(cli, "Грузия")
    assert rec["type"] == "country"
    assert rec["code"] == "GE"
    assert "ge-national-film-center" in {o["id"] for o in rec["organizations"]}


def test_text_view_lists_sources_under_facts(cli):
    result = cli("show", "saira-raza")
    assert result.code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Saira Raza")
    i = next(i for i, line in enumerate(lines) if "[ru, Cyrl, source]" in line)
    assert lines[i + 1].strip().startswith("source: Trend News Agency, 2025-12-09")


def test_ambiguous_name_lists_the_candidates(cli):
    result = cli("show", "Ministry of Culture")
    assert_clean_error(result, 2, "matches several records", "az-ministry-of-culture")


def test_no_match(cli):
    assert_clean_error(cli("show", "Zzyzx Qwerty"), 1, "no record matches")


def test_bad_format(cli):
    assert_clean_error(cli("show", "--format", "yaml", "birol-guven"), 2, "unknown format")


@pytest.mark.parametrize("target", ["a", "a" * 10_000, "g" + "\u0301" * 200, "Ra", "ab"])
def test_nonsense_matches_nothing(target):
    from conftest import invoke

    assert_clean_error(invoke("show", target), 1, "no record matches")


@pytest.mark.parametrize(
    "target, expected",
    [
        ("Blia", "mamuka-bliadze"),
        ("Bliadez", "mamuka-bliadze"),
        ("GNFC", "ge-national-film-center"),
    ],
)
def test_real_partial_matches_still_open_a_record(target, expected):
    from conftest import invoke

    result = invoke("show", "--json", target)
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["id"] == expected
