"""`filmreg history`: a body's heads over time with the gaps no source covers; a person's
posts and appearances; each line with its sources."""

import datetime as dt
import json

from conftest import assert_clean_error


def _timeline(cli, target: str) -> list[dict]:
    result = cli("history", target, "--json")
    assert result.code == 0, result.stderr
    return json.loads(result.stdout)["timeline"]


def test_italy_has_two_borrelli_mandates_then_brugnoni_and_the_gaps_between(cli):
    lines = _timeline(cli, "it-dgca")
    seen = [(x["kind"], x.get("person_id"), x["start_date"], x["end_date"]) for x in lines]
    assert seen == [
        ("role", "nicola-borrelli", "2009", "2019"),
        ("gap", None, "2019-12-31", "2020-02-29"),
        ("role", "nicola-borrelli", "2020-03", "2025-07-03"),
        ("gap", None, "2025-07-03", "2025-10-12"),
        ("role", "giorgio-carlo-brugnoni", None, None),
    ]
    assert all(x["sources"] for x in lines if x["kind"] == "role")
    assert lines[-1]["attested_on"] == "2025-10-13"


def test_turkey_has_no_gap_between_yilmaz_and_guven(cli):
    lines = _timeline(cli, "tr-cinema-directorate")
    assert [x.get("person_id") for x in lines] == ["erkin-yilmaz", "birol-guven"]
    assert lines[0]["counted_until"] == "2024-02-22"
    assert lines[1]["counted_from"] == "2024-02-23"


def test_azerbaijan_shows_the_gap_no_source_covers(cli):
    """Fikrətoğlu's attestation carries 12 months; Azizov counts from the earliest dated page
    that cites his post (azernews, 2025-12-05), not only from his latest attestation."""
    lines = _timeline(cli, "az-film-agency")
    assert [x["kind"] for x in lines] == ["role", "gap", "role"]
    earliest = min(s["published"] for s in lines[2]["sources"] if s["published"])
    assert earliest < lines[2]["attested_on"]
    assert lines[2]["counted_from"] == earliest
    day_before = (dt.date.fromisoformat(earliest) - dt.timedelta(days=1)).isoformat()
    assert (lines[1]["start_date"], lines[1]["end_date"]) == ("2024-12-28", day_before)


def test_azerbaijan_has_its_head_as_of_the_panel_month(cli):
    """December 2025 (the Baku panel): pages of November and December show Azizov heading the
    agency, though his latest attestation is of February 2026; none does by October."""
    result = cli("list", "--country", "AZ", "--as-of", "2025-12", "--json")
    bodies = {b["id"]: b for b in json.loads(result.stdout)}
    heads = bodies["az-film-agency"]["current_heads"]
    assert [(h["person_id"], h["held_as_of"]) for h in heads] == [("rashad-azizov", "held")]
    before = cli("list", "--country", "AZ", "--as-of", "2025-10", "--json")
    bodies = {b["id"]: b for b in json.loads(before.stdout)}
    assert bodies["az-film-agency"]["current_heads"] == []


def test_a_person_by_name_shows_posts_and_appearances_in_order(cli):
    result = cli("history", "Birol Güven", "--json")
    rec = json.loads(result.stdout)
    assert rec["id"] == "birol-guven"
    kinds = [x["kind"] for x in rec["timeline"]]
    assert kinds[0] == "role" and "appearance" in kinds


def test_text_and_markdown(cli):
    text = cli("history", "it-dgca").stdout
    assert "gap: no source says who led the body" in text
    assert "sources: " in text
    md = cli("history", "it-dgca", "--format", "md").stdout
    assert md.startswith("# History: ")
    assert "| when | what | sources |" in md


def test_history_of_an_event_or_nothing_is_a_clean_error(cli):
    assert_clean_error(cli("history", "berlinale-2026"), 2, "body or a person")
    assert_clean_error(cli("history", "zzzzqqqq"), 1, "no record matches")
    assert_clean_error(cli("history", "it-dgca", "--format", "csv"), 2, "unknown format")


def test_the_readme_shows_real_output(cli):
    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert cli("history", "it-dgca").stdout in readme
    for day in ("2019-06", "2020-01", "2025-07-03", "2025-10-13", "2026-06"):
        args = ("list", "-c", "IT", "-k", "film_agency", "--as-of", day)
        out = cli(*args, "--fields", "id,current_heads", "--format", "tsv").stdout
        assert f"$ filmreg {' '.join(args)} --fields id,current_heads\n{out}" in readme
