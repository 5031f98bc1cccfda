"""`--as-of DATE`: the seed countries' head chains before, between and after each change,
read from their sourced dates (start, end, attested) by the one rule in model.tenure."""

import json

import pytest

from conftest import assert_clean_error

CHAINS = {
    # body: [(date, {head person id: held|attested}), ...]
    "az-film-agency": [
        ("2023-12-26", {}),  # before the first source: nobody can say
        ("2024-01-15", {"orkhan-fikratoglu": "attested"}),
        ("2025-06", {}),  # a year after the last source and before the next: a gap
        ("2026-02-17", {"rashad-azizov": "held"}),
        ("2026-06", {"rashad-azizov": "attested"}),
        ("2027-03", {}),
    ],
    "uz-cinematography-agency": [
        ("2019-08", {}),
        ("2020-06", {"firdavs-abdukhalikov": "attested"}),
        ("2022", {}),
        ("2024-06-06", {"shuhrat-rizayev": "held"}),
        ("2024-12", {"shuhrat-rizayev": "attested"}),
        ("2025-05-08", {"shuhrat-rizayev": "held"}),
    ],
    "ge-national-film-center": [
        ("2024-05-17", {}),
        ("2024-06", {"koba-khubunaia": "attested"}),
        ("2025-08", {}),
        ("2026-03", {"mamuka-bliadze": "attested"}),
    ],
    "tr-cinema-directorate": [
        ("2023-12-26", {}),
        ("2024-01", {"erkin-yilmaz": "attested"}),
        ("2024-02-22", {"erkin-yilmaz": "attested"}),
        ("2024-02-23", {"birol-guven": "held"}),
        ("2025-06", {"birol-guven": "held"}),
        ("2026-06", {"birol-guven": "attested"}),
        ("2027", {}),
    ],
    "it-dgca": [
        ("2008", {}),
        ("2015", {"nicola-borrelli": "held"}),
        ("2020-01-15", {}),  # between the two mandates
        ("2020-03", {"nicola-borrelli": "held"}),
        ("2025-07-02", {"nicola-borrelli": "held"}),
        ("2025-07-03", {}),  # his last day ended the mandate; no successor sourced yet
        ("2025-10-12", {}),
        ("2025-10-13", {"giorgio-carlo-brugnoni": "held"}),
        ("2026-01", {"giorgio-carlo-brugnoni": "attested"}),
    ],
}
CASES = [(body, day, heads) for body, chain in CHAINS.items() for day, heads in chain]


def _heads(cli, body: str, day: str) -> dict[str, str]:
    country = body[:2].upper()
    result = cli("list", "--country", country, "--as-of", day, "--json")
    assert result.code == 0, result.stderr
    (row,) = [r for r in json.loads(result.stdout) if r["id"] == body]
    return {h["person_id"]: h["held_as_of"] for h in row["current_heads"]}


@pytest.mark.parametrize(("body", "day", "heads"), CASES)
def test_heads_as_of_a_date_follow_the_sourced_chain(cli, body, day, heads):
    assert _heads(cli, body, day) == heads


@pytest.mark.parametrize(("body", "day", "heads"), CASES)
def test_show_as_of_keeps_the_same_heads(cli, body, day, heads):
    rec = json.loads(cli("show", body, "--as-of", day, "--json").stdout)
    found = {p["person_id"]: p["held_as_of"] for p in rec["people"] if p["role"] == "head"}
    assert found == heads
    assert rec["as_of"] >= day


def test_a_partial_date_means_its_last_day(cli):
    rec = json.loads(cli("show", "it-dgca", "--as-of", "2019", "--json").stdout)
    assert rec["as_of"] == "2019-12-31"
    assert [p["name"] for p in rec["people"]] == []  # Borrelli's first mandate ended in 2019
    rec = json.loads(cli("show", "it-dgca", "--as-of", "2019-06", "--json").stdout)
    assert [p["name"] for p in rec["people"]] == ["Nicola Borrelli"]


def test_list_people_as_of_keeps_only_roles_held_then(cli):
    rows = json.loads(cli("list", "people", "-c", "TR", "--as-of", "2024-03", "--json").stdout)
    assert [r["id"] for r in rows] == ["birol-guven"]
    assert {r["held_as_of"] for r in rows[0]["roles"]} == {"held"}


def test_events_and_cooperations_as_of(cli):
    assert json.loads(cli("list", "events", "--as-of", "2024", "--json").stdout) == []
    events = json.loads(cli("list", "events", "--as-of", "2025", "--json").stdout)
    assert events
    assert all((e["start_date"] or e["attested_on"]) <= "2025-12-31" for e in events)
    everything = {e["id"] for e in json.loads(cli("list", "events", "--json").stdout)}
    assert "berlinale-2026" in everything - {e["id"] for e in events}
    coops = json.loads(cli("list", "cooperations", "--as-of", "2010", "--json").stdout)
    everything = json.loads(cli("list", "cooperations", "--json").stdout)
    assert 0 < len(coops) < len(everything)
    for c in coops:
        began = c["in_force"] or c["date"] or c["attested_on"]
        assert began[:4] <= "2010"
        assert not c["end_date"] or c["end_date"][:4] >= "2010"


def test_search_and_report_as_of(cli):
    assert json.loads(cli("search", "Borrelli", "--as-of", "2020-01", "--json").stdout) == []
    hits = json.loads(cli("search", "Borrelli", "--as-of", "2020-06", "--json").stdout)
    assert [(h["id"], h["held_as_of"]) for h in hits] == [("nicola-borrelli", "held")]
    report = json.loads(cli("report", "-c", "TR", "--as-of", "2024-01", "--json").stdout)
    (body,) = [b for b in report["bodies"] if b["id"] == "tr-cinema-directorate"]
    assert [(p["name"], p["held_as_of"]) for p in body["people"]] == [("Erkin Yılmaz", "attested")]
    assert report["filters"]["until"] == "2024-01-31"


@pytest.mark.parametrize(
    "args",
    [
        ("list", "--as-of", "2024-13"),
        ("show", "it-dgca", "--as-of", "yesterday"),
        ("search", "Borrelli", "--as-of", "2024-02-30"),
        ("report", "-c", "IT", "--as-of", "24"),
    ],
)
def test_a_bad_as_of_date_is_a_usage_error(cli, args):
    assert_clean_error(cli(*args), 2, "--as-of")


def test_as_of_does_not_apply_to_countries(cli):
    assert_clean_error(cli("list", "countries", "--as-of", "2024"), 2, "--as-of")


def test_report_as_of_needs_a_country(cli):
    assert_clean_error(cli("report", "--as-of", "2024"), 2, "--as-of needs --country")
