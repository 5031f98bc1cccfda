"""The as-of rule itself (model.tenure.held_as_of, coverage, gaps) on fictional tenures."""

from filmreg.model.tenure import Tenure, coverage, gaps, held_as_of, months_after


def T(ident, start=None, end=None, attested=None, role="head", stated=None, cited=None):
    return Tenure(ident, role, start, end, attested, stated, cited)


def test_months_after_clips_to_the_months_last_day():
    assert months_after("2024-02-29", 12) == "2025-02-28"
    assert months_after("2025-01-31", 1) == "2025-02-28"
    assert months_after("2025-12-09", 12) == "2026-12-09"


def test_start_and_end_give_held_and_the_end_day_is_not_held():
    a = T("a", start="2020-03", end="2025-07-03")
    assert held_as_of(a, "2020-03-01", [a]) == "held"
    assert held_as_of(a, "2025-07-02", [a]) == "held"
    assert held_as_of(a, "2025-07-03", [a]) is None
    assert held_as_of(a, "2020-02-29", [a]) is None


def test_an_attestation_counts_twelve_months_then_nothing():
    a = T("a", attested="2024-05-18")
    assert held_as_of(a, "2024-05-17", [a]) is None
    assert held_as_of(a, "2024-05-18", [a]) == "held"
    assert held_as_of(a, "2025-05-18", [a]) == "attested"
    assert held_as_of(a, "2025-05-19", [a]) is None
    assert coverage(a, [a]) == ("2024-05-18", "2025-05-18")


def test_a_successor_ends_the_attested_head_but_not_an_advisor():
    a = T("a", attested="2023-12-27")
    b = T("b", start="2024-02-23", attested="2025-12-09")
    adv = T("adv", attested="2023-12-27", role="advisor")
    heads = [a, b, adv]
    assert held_as_of(a, "2024-02-22", heads) == "attested"
    assert held_as_of(a, "2024-02-23", heads) is None
    assert held_as_of(b, "2024-02-23", heads) == "held"
    assert held_as_of(b, "2025-01-01", heads) == "held"  # start and attestation bracket it
    assert held_as_of(adv, "2024-03-01", heads) == "attested"
    assert coverage(a, heads) == ("2023-12-27", "2024-02-22")


def test_a_stated_end_without_a_date_counts_only_where_bracketed():
    a = T("a", start="2019-09", attested="2023-12-27", stated="ended")
    assert held_as_of(a, "2022-01-01", [a]) == "held"
    assert held_as_of(a, "2024-01-01", [a]) is None


def test_gaps_between_periods():
    assert gaps([("2009-01-01", "2019-12-30"), ("2020-03-01", "2025-07-02")]) == [
        ("2019-12-31", "2020-02-29")
    ]
    assert gaps([("2020-01-01", "2020-12-31"), ("2021-01-01", "2021-06-30")]) == []


def test_show_an_event_as_of_dates_appearances_by_the_event(cli):
    import json

    panel = "baku-2025-state-cooperation-panel"  # attested 2025-12-09
    on = json.loads(cli("show", panel, "--as-of", "2025-12-09", "--json").stdout)
    before = json.loads(cli("show", panel, "--as-of", "2025-12-08", "--json").stdout)
    assert len(on["participants"]) == 8 and before["participants"] == []


def test_a_current_post_counts_from_its_earliest_citation_too():
    """`attested_on` keeps the latest page; an earlier page citing the post shows it held."""
    b = T("b", attested="2026-02-17", cited="2025-12-05")
    assert held_as_of(b, "2025-12-04", [b]) is None
    assert held_as_of(b, "2025-12-31", [b]) == "held"  # bracketed by the two pages
    assert coverage(b, [b]) == ("2025-12-05", "2027-02-17")


def test_a_handover_told_on_one_page_ends_the_predecessor_that_day():
    """One report: "A leaves; the new head is B". A is last known, B first cited, that day."""
    a = T("a", attested="2025-02-25")
    b = T("b", attested="2025-10-21", cited="2025-02-25")
    both = [a, b]
    assert held_as_of(a, "2025-06-30", both) is None
    assert held_as_of(b, "2025-06-30", both) == "held"
    assert coverage(a, both) is None


def test_a_head_last_shown_after_the_successors_first_page_is_not_cut():
    """B cited before A is last shown: the sources overlap, and the rule does not guess."""
    a = T("a", attested="2025-03-01")
    b = T("b", attested="2025-10-21", cited="2025-02-25")
    assert held_as_of(a, "2025-03-01", [a, b]) == "held"
