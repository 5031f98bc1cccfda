"""`filmreg report`: country reports checked field by field against the seed."""

import json

import pytest

from conftest import BUNDLED_DB, assert_clean_error, query


def report(cli, *args):
    result = cli("report", "--json", *args)
    assert result.code == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def partners_of(rep):
    return {p["country"]: p for p in rep["partners"]}


def test_report_keys_are_stable(cli):
    rep, _ = report(cli, "--country", "AZ")
    assert list(rep) == [
        "country",
        "bodies",
        "events",
        "events_total",
        "partners",
        "memberships",
        "conventions",
        "topics",
        "sources",
        "filters",
    ]


def test_azerbaijan(cli):
    rep, err = report(cli, "--country", "Азербайджан")
    assert err == ""
    assert rep["country"]["code"] == "AZ" and rep["country"]["alpha3"] == "AZE"
    assert rep["country"]["names"]["az"] == "Azərbaycan"
    bodies = {b["id"]: b for b in rep["bodies"]}
    agency = bodies["az-film-agency"]["people"]
    assert [(p["name"], p["role"], p["attested_on"]) for p in agency] == [
        ("Rashad Azizov", "head", "2026-02-17")
    ]
    assert [p["name"] for p in bodies["az-kobia"]["people"]] == ["Zaur Gardashov"]
    assert [p["role"] for p in bodies["az-kobia"]["people"]] == ["advisor"]
    # Azizov's department post is attested (2024) and never shown ended: current by the rule,
    # though he has since headed the film agency (one person may hold two posts).
    assert [
        (p["name"], p["role"], p["attested_on"])
        for p in bodies["az-moc-creative-industries"]["people"]
    ] == [("Rashad Azizov", "department_head", "2024-10-03")]
    events = {e["id"]: e for e in rep["events"]}
    assert set(events) == {"baku-2025-state-cooperation-panel", "berlinale-2026"}
    assert rep["events_total"] == 2
    assert events["berlinale-2026"]["sources"][0]["source_id"] == "report-az-az-mou-gnfc"
    panel = events["baku-2025-state-cooperation-panel"]
    assert {(o["name"], o["capacity"]) for o in panel["officials"]} == {
        ("Saadat Yusifova", "opening_speech"),
        ("Zaur Gardashov", "speaker"),
        ("Rashad Azizov", "panelist"),
    }
    assert "film-diplomacy" in {t["id"] for t in panel["topics"]}
    partners = partners_of(rep)
    assert {"GE", "TR", "UZ", "PK", "IT"} <= set(partners)
    # The memorandum makes Georgia the strongest partner.
    assert rep["partners"][0]["country"] == "GE"
    assert partners["GE"]["kinds"] == {"co_participation": 2, "memorandum": 1, "discussion": 1}
    memo = next(link for link in partners["GE"]["links"] if link["kind"] == "memorandum")
    assert memo["evidence"] == "explicit"
    assert memo["date"] == "2026-02-17"  # attested by the report's dateline
    assert [b["id"] for b in memo["own_bodies"]] == ["az-film-agency"]
    assert [b["id"] for b in memo["partner_bodies"]] == ["ge-national-film-center"]
    assert memo["sources"][0]["url"].startswith("https://report.az/")
    # Italy: named only in the cooperation the panel discussed, never at an event.
    assert partners["IT"]["kinds"] == {"discussion": 1}
    topics = {t["id"]: t for t in rep["topics"]}
    # Counted over every event and cooperation of the country, not only those shown.
    coops = query(
        BUNDLED_DB,
        """SELECT count(DISTINCT ct.cooperation_id) FROM cooperation_topics ct
           JOIN cooperation_parties cp ON cp.cooperation_id = ct.cooperation_id
           JOIN cooperations c ON c.id = ct.cooperation_id
           WHERE cp.country = 'AZ' AND ct.topic_id = 'co-production' AND c.kind != 'convention'""",
    )[0][0]
    assert topics["co-production"] == {
        "id": "co-production",
        "name": "Co-production and co-financing",
        "events": 2,
        "cooperations": coops,
        "count": 2 + coops,
    }
    urls = {s["url"] for s in rep["sources"]}
    assert "https://ru.trend.az/azerbaijan/society/4127769.html" in urls


def test_explicit_records_rank_above_co_participation(cli):
    rep, _ = report(cli, "--country", "TR")
    order = [p["country"] for p in rep["partners"]]
    # Italy: a treaty and a discussion, no shared event; the others: discussion + one event.
    assert order[0] == "IT"
    assert partners_of(rep)["IT"]["explicit_score"] > partners_of(rep)["AZ"]["explicit_score"]
    assert [p["rank"] for p in rep["partners"]] == list(range(1, len(order) + 1))


def test_turkiye(cli):
    rep, _ = report(cli, "--country", "Turkey")
    assert rep["country"]["code"] == "TR"
    heads = rep["bodies"][0]["people"]
    assert [(p["name"], p["start_date"]) for p in heads] == [("Birol Güven", "2024-02-23")]
    treaty = next(link for link in partners_of(rep)["IT"]["links"] if link["kind"] == "treaty")
    assert treaty["date"] == "2006-03-30"
    assert treaty["sources"][0]["url"] == "https://merlin.obs.coe.int/article/4324"


def test_italy_without_participants_still_gets_a_report(cli):
    rep, err = report(cli, "--country", "Italia")
    assert err == ""
    assert rep["events"] == []
    dgca = {b["id"]: b for b in rep["bodies"]}["it-dgca"]
    # Borrelli's mandates ended: only Brugnoni is in a current role.
    assert [p["name"] for p in dgca["people"]] == ["Giorgio Carlo Brugnoni"]
    partners = partners_of(rep)
    assert {"TR", "AZ", "UZ", "PK", "GE"} <= set(partners)
    assert partners["TR"]["kinds"] == {"discussion": 1, "treaty": 1}
    assert all(link["evidence"] == "explicit" for p in rep["partners"] for link in p["links"])
    assert {t["id"] for t in rep["topics"]} >= {
        "co-production",
        "joint-education",
        "experience-exchange",
        "turkic-cooperation",
    }
    # The 1992 European Convention is listed once, not as a link to each of its parties.
    assert [c["id"] for c in rep["conventions"]][:1] == [
        "coe-convention-cinematographic-coproduction-1992"
    ]
    assert all(link["kind"] != "convention" for p in rep["partners"] for link in p["links"])


def test_country_without_records_is_an_honest_empty_report(cli):
    result = cli("report", "--json", "--country", "Tuvalu")
    assert result.code == 0
    rep = json.loads(result.stdout)
    assert rep["country"]["code"] == "TV"
    assert rep["bodies"] == rep["events"] == rep["partners"] == rep["topics"] == []
    assert rep["sources"] == []
    assert result.stderr.strip().splitlines() == [
        "filmreg: note: no records name Tuvalu (in this period)"
    ]


def test_date_filters(cli):
    rep, _ = report(cli, "--country", "TR", "--until", "2010")
    assert [p["country"] for p in rep["partners"]] == ["IT"]
    assert [link["kind"] for link in rep["partners"][0]["links"]] == ["treaty"]
    assert rep["events"] == []
    rep, _ = report(cli, "--country", "AZ", "--since", "2026-02")
    assert set(partners_of(rep)) == {"GE"}
    assert partners_of(rep)["GE"]["kinds"] == {"co_participation": 1, "memorandum": 1}
    assert [e["id"] for e in rep["events"]] == ["berlinale-2026"]
    rep, _ = report(cli, "--country", "AZ", "--since", "2025-12", "--until", "2025-12")
    assert {e["id"] for e in rep["events"]} == {"baku-2025-state-cooperation-panel"}
    assert "memorandum" not in partners_of(rep)["GE"]["kinds"]
    assert rep["filters"] == {
        "since": "2025-12",
        "until": "2025-12",
        "partner": None,
        "as_of": None,
    }


def test_partner_filter(cli):
    rep, _ = report(cli, "--country", "TR", "--partner", "Italy")
    assert [p["country"] for p in rep["partners"]] == ["IT"]


def test_bad_report_input(cli):
    assert_clean_error(cli("report", "--country", "Narnia"), 2, "unknown country")
    assert_clean_error(cli("report", "--country", "TR", "--since", "2025-13"), 2, "'2025-13'")
    assert_clean_error(cli("report", "--country", "TR", "--format", "pdf"), 2, "unknown format")
    assert_clean_error(cli("report", "--partner", "TR"), 2, "--partner needs --country")


def test_markdown(cli):
    result = cli("report", "--country", "GE", "--format", "md")
    assert result.code == 0
    lines = result.stdout.splitlines()
    headings = [line for line in lines if line.startswith("#")]
    assert headings[0] == "# Georgia (GE): film administration and its partners"
    assert headings[1:] == [
        "## Bodies and the people in current roles",
        "## Memberships of intergovernmental bodies",
        "## Multilateral conventions",
        "## Events where its officials took part",
        "## Partners, strongest first",
        "## Topics discussed",
        "## Sources",
    ]
    assert any(line.startswith("- 1. Azerbaijan (AZ)") for line in lines)
    assert "Mamuka Bliadze" in result.stdout


def test_text_layout_has_sections(cli):
    result = cli("report", "--country", "UZ")
    assert result.code == 0
    assert "Partners, strongest first\n-------------------------" in result.stdout
    assert "Shuhrat Rizayev: Director of the Cinematography Agency [head]" in result.stdout
    assert "Sayfullo Rajabov: Advisor to the Director" in result.stdout


def test_whole_network(cli):
    result = cli("report", "--json")
    edges = json.loads(result.stdout)
    pairs = {(e["source"], e["target"]): e for e in edges}
    assert pairs[("AZ", "GE")]["kinds"] == {
        "co_participation": 2,
        "memorandum": 1,
        "discussion": 1,
    }
    assert pairs[("IT", "TR")]["kinds"] == {"discussion": 1, "treaty": 1}
    # Six countries named together: every pair among them is linked at least once.
    six = ["AZ", "GE", "IT", "PK", "TR", "UZ"]
    assert all((a, b) in pairs for a in six for b in six if a < b)
    assert list(edges[0]) == [
        "source",
        "target",
        "score",
        "explicit_score",
        "links",
        "kinds",
        "first_date",
        "last_date",
    ]
    assert edges[0]["explicit_score"] >= edges[-1]["explicit_score"]
    text = cli("report").stdout
    assert "AZ – GE" in text


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_network_text_forms(cli, fmt):
    result = cli("report", "--format", fmt)
    assert result.code == 0 and "IT – TR" in result.stdout
