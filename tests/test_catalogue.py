"""The catalogue: agreements by country and partner, coverage, memberships, and the rules that
keep every fact sourced (a quote that names the holder; dates only from sources)."""

import json

import pytest

from conftest import BUNDLED_DB, assert_clean_error, query
from filmreg.model.rules import names_in
from filmreg.model.tenure import Tenure, derive
from filmreg.model.vocabulary import COOPERATION_KINDS, FILM_BODY_KINDS, ORGANIZATION_KINDS


def listed(cli, *args):
    result = cli("list", *args, "--json")
    assert result.code == 0, result.stderr
    return json.loads(result.stdout)


# -- agreements -------------------------------------------------------------------------------


def test_agreements_of_a_country_with_a_partner(cli):
    rows = listed(cli, "cooperations", "--country", "Italia", "--partner", "Turkey")
    treaty = next(r for r in rows if r["id"] == "it-tr-film-coproduction-agreement")
    assert (treaty["kind"], treaty["date"], treaty["in_force"]) == (
        "treaty",
        "2006-03-30",
        "2011-07-21",
    )
    assert treaty["countries"] == ["IT", "TR"]
    assert all({"IT", "TR"} <= set(r["countries"]) for r in rows)


def test_agreements_filter_by_kind_and_come_newest_first(cli):
    rows = listed(cli, "cooperations", "--country", "IT", "--kind", "treaty")
    assert rows and {r["kind"] for r in rows} == {"treaty"}
    assert all("IT" in r["countries"] for r in rows)
    dated = [r["date"] or r["attested_on"] for r in rows if r["date"] or r["attested_on"]]
    assert dated == sorted(dated, reverse=True)
    expected = query(
        BUNDLED_DB,
        """SELECT count(DISTINCT c.id) FROM cooperations c
           JOIN cooperation_parties p ON p.cooperation_id = c.id
           WHERE p.country = 'IT' AND c.kind = 'treaty'""",
    )[0][0]
    assert len(rows) == expected


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["list", "cooperations", "--country", "TR", "--partner", "Türkiye"], ["--partner"]),
        (["list", "people", "--partner", "TR"], ["--partner", "list cooperations"]),
        (["list", "cooperations", "--kind", "handshake"], ["unknown kind 'handshake'"]),
        (["list", "countries", "--missing", "budget"], ["unknown gap 'budget'"]),
        (["list", "people", "--missing", "head"], ["--missing", "list countries"]),
    ],
)
def test_bad_list_options_are_usage_errors(cli, args, needles):
    assert_clean_error(cli(*args), 2, *needles)


# -- coverage ---------------------------------------------------------------------------------


def test_coverage_columns_agree_with_the_tables(cli):
    rows = {r["code"]: r for r in listed(cli, "countries")}
    turkey = rows["TR"]
    assert turkey["film_bodies"] >= 1 and turkey["head_known"] is True
    assert turkey["head_newest_source"] >= "2025-12-09"
    assert turkey["treaties"] >= 1
    # Recount one column straight from the tables.
    bodies = query(
        BUNDLED_DB,
        f"SELECT country, count(*) FROM organizations WHERE kind IN "
        f"({','.join('?' * len(FILM_BODY_KINDS))}) GROUP BY country",
        tuple(sorted(FILM_BODY_KINDS)),
    )
    for code, count in bodies:
        assert rows[code]["film_bodies"] == count, code


def test_missing_head_lists_exactly_the_gaps(cli):
    everything = listed(cli, "countries")
    gaps = listed(cli, "countries", "--missing", "head")
    assert {r["code"] for r in gaps} == {r["code"] for r in everything if not r["head_known"]}
    assert all(r["head_newest_source"] is None for r in gaps)


# -- memberships ------------------------------------------------------------------------------


def test_show_an_intergovernmental_body_lists_its_members_with_sources(cli):
    result = cli("show", "--json", "eurimages")
    assert result.code == 0, result.stderr
    body = json.loads(result.stdout)
    members = {m["country"]: m for m in body["members"]}
    assert len(members) >= 30
    georgia = members["GE"]
    assert georgia["start_date"] == "2011"
    assert georgia["sources"] and all(s["quote"] and s["url"] for s in georgia["sources"])


def test_report_lists_the_country_memberships(cli):
    result = cli("report", "--json", "--country", "Georgia")
    memberships = json.loads(result.stdout)["memberships"]
    assert "eurimages" in {m["body_id"] for m in memberships}
    text = cli("report", "--country", "Georgia").stdout
    assert "Memberships of intergovernmental bodies" in text and "Eurimages (since 2011)" in text


# -- who held the post: filmreg.model.tenure -------------------------------------------------


def _t(ident, role="head", start=None, end=None, attested=None, stated=None):
    return Tenure(ident, role, start, end, attested, stated)


def test_a_later_head_ends_an_earlier_one():
    out = derive([_t("old", attested="2023-12-27"), _t("new", start="2024-02-23")])
    assert out == {"old": ("ended", "new"), "new": ("current", None)}


def test_overlapping_or_undated_heads_are_left_as_the_sources_give_them():
    # Known on the same day: neither is shown to follow the other.
    same = derive([_t("a", attested="2025-12"), _t("b", attested="2025-12-09")])
    assert same == {"a": ("current", None), "b": ("current", None)}
    # No date at all: unknown, and it ends nobody.
    undated = derive([_t("a", attested="2020"), _t("b")])
    assert undated == {"a": ("current", None), "b": ("unknown", None)}


def test_a_stated_status_or_an_end_date_stands():
    out = derive(
        [
            _t("a", start="2010", end="2015"),
            _t("b", start="2016", stated="ended"),
            _t("c", role="advisor", attested="2020"),
            _t("d", role="deputy_head", attested="2019"),
            _t("e", start="2021"),
        ]
    )
    assert out["a"] == ("ended", None)
    assert out["b"] == ("ended", None)
    # Only a head's post has one holder: other roles are not ended by a newer head.
    assert out["c"] == ("current", None) and out["d"] == ("current", None)
    assert out["e"] == ("current", None)


@pytest.mark.parametrize(
    ("organization", "chain"),
    [
        ("tr-cinema-directorate", ["erkin-yilmaz", "birol-guven"]),
        ("uz-cinematography-agency", ["firdavs-abdukhalikov", "shuhrat-rizayev"]),
        ("it-dgca", ["nicola-borrelli", "giorgio-carlo-brugnoni"]),
        ("ge-national-film-center", ["koba-khubunaia", "mamuka-bliadze"]),
        ("az-film-agency", ["orkhan-fikratoglu", "rashad-azizov"]),
    ],
)
def test_the_seed_countries_head_chains(organization, chain):
    rows = query(
        BUNDLED_DB,
        "SELECT person_id, status FROM roles WHERE organization_id = ? AND role = 'head'",
        (organization,),
    )
    current = {person for person, status in rows if status == "current"}
    assert current == {chain[-1]}
    assert {person for person, _ in rows} >= set(chain)


# -- the rules that keep facts sourced ---------------------------------------------------------


@pytest.mark.parametrize(
    ("quote", "name", "found"),
    [
        ("генеральный директор Агентства кино Рашад Азизов", "Rashad Azizov", True),
        ("под модераторством Кямрана Гасымова", "Кямран Гасымов", True),  # instrumental case
        ("директора департамента Ольгу Любимову назначили", "Ольга Любимова", True),  # soft sign
        ("Birol Güven, Sinema Genel Müdürü olarak atandı", "Birol Guven", True),
        ("国家电影局局长王晓晖", "王晓晖", True),  # no word breaks: compared as written
        ("Borrelli è stato Direttore generale", "Nicola Borrelli", False),  # surname only
        ("Rashad Azizov", "Rashad Azimov", False),
    ],
)
def test_a_quote_names_a_holder(quote, name, found):
    assert names_in([quote], name) is found


def test_the_schema_checks_are_the_vocabulary():
    """The CHECK lists migration m003 writes are generated from filmreg.vocabulary."""
    tables = dict(query(BUNDLED_DB, "SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
    for kinds, table in (
        (ORGANIZATION_KINDS, "organizations"),
        (COOPERATION_KINDS, "cooperations"),
    ):
        listed_in_sql = "(" + ", ".join(f"'{k}'" for k in sorted(kinds)) + ")"
        assert listed_in_sql in tables[table], table


def test_no_role_date_without_a_source_that_states_its_year():
    """Issue 15: no date that no evidence gives. The year of every start, end and attested
    date of a role stands in one of the role's quotes (`2024`, or `1988-92`) or is the year of
    one of its sources' own dates; a date counted from another date, an id or a URL fails."""
    roles = query(BUNDLED_DB, "SELECT id, start_date, end_date, attested_on FROM roles")
    missing = []
    for role_id, *dates in roles:
        cited = query(
            BUNDLED_DB,
            """SELECT e.quote, s.published FROM evidence e JOIN sources s ON s.id = e.source_id
               WHERE e.subject_table = 'roles' AND e.subject_id = ?""",
            (role_id,),
        )
        for date in filter(None, dates):
            year = date[:4]
            stated = any(
                year in quote or f"-{year[2:]}" in quote or (published or "")[:4] == year
                for quote, published in cited
            )
            if not stated:
                missing.append((role_id, date))
    assert missing == []


def test_a_role_kind_is_no_stronger_than_its_title():
    """Issue 15, item 1: the report calls Saira Raza "директор" of DEMP, a post below its
    head; no inference makes her the head, and DEMP's heads are those pages name."""
    raza = query(BUNDLED_DB, "SELECT role, title FROM roles WHERE person_id = 'saira-raza'")
    assert raza == [("staff", "директор Директората электронных медиа и публикаций Пакистана")]
    heads = query(
        BUNDLED_DB,
        "SELECT person_id FROM roles WHERE organization_id = 'pk-demp' AND role = 'head'",
    )
    assert "saira-raza" not in {p for (p,) in heads}


def test_no_status_is_set_by_hand_in_the_seed():
    """Issue 15, item 2: status follows the one rule (filmreg.model.tenure) from dated facts."""
    assert query(BUNDLED_DB, "SELECT count(*) FROM roles WHERE status_stated IS NOT NULL") == [(0,)]
