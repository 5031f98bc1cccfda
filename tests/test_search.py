"""`filmreg search`: every spelling case of issue 3, through the real CLI."""

import json

import pytest

from conftest import assert_clean_error


def top(cli, query, *args):
    result = cli("search", "--json", *args, "--", query)
    assert result.code == 0, result.stderr
    hits = json.loads(result.stdout)
    return hits[0] if hits else None


@pytest.mark.parametrize(
    "query,expected",
    [
        # Cyrillic and Latin, with and without diacritics, any case.
        ("Гювен", "birol-guven"),
        ("Guven", "birol-guven"),
        ("Güven", "birol-guven"),
        ("GÜVEN", "birol-guven"),
        ("Азизов", "rashad-azizov"),
        ("Раджабов", "sayfullo-rajabov"),
        ("Radjabov", "sayfullo-rajabov"),
        ("Rajabov", "sayfullo-rajabov"),
        # Azerbaijani and Turkish letters fold.
        ("Rəşad Əzizov", "rashad-azizov"),
        ("Qasımov", "kamran-gasimov"),
        # The source's Latin 'a' inside a Cyrillic word does not hide the name.
        ("Разa", "saira-raza"),
        ("Раза", "saira-raza"),
        ("Саида Саира Разa", "saira-raza"),
        # Transliteration variants, small typos, prefixes.
        ("Sayfulla Radzhabov", "sayfullo-rajabov"),
        ("Saadet Yusifova", "saadat-yusifova"),
        ("Kyamran Gasymov", "kamran-gasimov"),
        ("Bliadez", "mamuka-bliadze"),
        ("Bliadze", "mamuka-bliadze"),
        ("Gardashof", "zaur-gardashov"),
        ("Blia", "mamuka-bliadze"),
        # Russian inflection.
        ("Гювена", "birol-guven"),
        ("Кямрана Гасымова", "kamran-gasimov"),
        # Acronyms and agency names in any stored language.
        ("KOBİA", "az-kobia"),
        ("KOBIA", "az-kobia"),
        ("GNFC", "ge-national-film-center"),
        ("Sinema Genel", "tr-cinema-directorate"),
        ("Кинематографическое управление", "tr-cinema-directorate"),
        ("Агентства кино", "az-film-agency"),
        ("Uzbekkino", "uz-cinematography-agency"),
        ("Direzione generale Cinema", "it-dgca"),
        ("საქართველოს კინემატოგრაფიის ეროვნული ცენტრი", "ge-national-film-center"),
        # Events and topics.
        ("Baku Cinema Breeze", "baku-cinema-breeze-2025"),
        ("кинодипломатия", "film-diplomacy"),
    ],
)
def test_finds_the_right_record_first(cli, query, expected):
    hit = top(cli, query)
    assert hit is not None, f"{query!r} found nothing"
    assert hit["id"] == expected, (query, hit)


def test_result_says_what_matched_and_how(cli):
    hit = top(cli, "Гювена")
    assert hit["type"] == "person"
    assert hit["name"] == "Birol Güven"
    assert hit["matched"] == "Бирол Гювен"
    assert hit["match"] == "inflected"
    assert 0 < hit["score"] <= 1
    assert hit["countries"] == ["TR"]
    exact = top(cli, "Güven")
    assert exact["match"] == "exact"
    assert exact["score"] > hit["score"]


def test_type_filter(cli):
    result = cli("search", "--json", "--type", "organization", "кино")
    hits = json.loads(result.stdout)
    assert hits and {h["type"] for h in hits} == {"organization"}


def test_country_and_role_filters(cli):
    hits = json.loads(cli("search", "--json", "--country", "Узбекистан", "Rajabov").stdout)
    assert [h["id"] for h in hits] == ["sayfullo-rajabov"]
    assert json.loads(cli("search", "--json", "--country", "TR", "Rajabov").stdout) == []
    hits = json.loads(cli("search", "--json", "--role", "advisor", "Zaur").stdout)
    assert [h["id"] for h in hits] == ["zaur-gardashov"]
    assert json.loads(cli("search", "--json", "--role", "head", "Zaur").stdout) == []


def test_bad_filters(cli):
    assert_clean_error(cli("search", "--type", "film", "x"), 2, "unknown type 'film'")
    assert_clean_error(cli("search", "--country", "Atlantis", "x"), 2, "unknown country")
    assert_clean_error(cli("search", "--role", "king", "x"), 2, "unknown role 'king'")


def test_no_match_is_an_empty_array_and_success(cli):
    result = cli("search", "--json", "Zzyzx Qwertyuiop")
    assert result.code == 0
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"Güven',
        "AND",
        "OR NOT",
        "NEAR(",
        "NEAR(a b",
        "-x",
        "*",
        ":",
        "a:b",
        "(",
        ")",
        "C++",
        "O'Brien",
        "^",
        "{}",
        "[red]x[/red]",
        "\\",
        "%",
        "_",
        "'; DROP TABLE people; --",
        "Güven AND",
        "title:Güven",
    ],
)
def test_fts_syntax_is_just_text(cli, query):
    result = cli("search", "--json", "--", query)
    assert result.code == 0, result.stderr
    assert isinstance(json.loads(result.stdout), list)


def test_fts_syntax_does_not_change_meaning(cli):
    assert top(cli, '"Güven"')["id"] == "birol-guven"
    assert top(cli, "Güven*")["id"] == "birol-guven"
    assert top(cli, "(Bliadze)")["id"] == "mamuka-bliadze"


def test_raw_fts(cli):
    hits = json.loads(cli("search", "--json", "--raw", "guven OR bliadze").stdout)
    assert {h["id"] for h in hits} == {"birol-guven", "mamuka-bliadze"}
    hits = json.loads(cli("search", "--json", "--raw", "Blia*").stdout)
    assert [h["id"] for h in hits] == ["mamuka-bliadze"]
    assert_clean_error(cli("search", "--raw", "NEAR("), 2, "invalid FTS5 query")


@pytest.mark.parametrize("query,expected", [("Ra", "saira-raza"), ("Ба", None), ("a", None)])
def test_one_and_two_letter_queries(cli, query, expected):
    result = cli("search", "--json", query)
    assert result.code == 0
    hits = json.loads(result.stdout)
    assert hits, query
    if expected:
        assert expected in [h["id"] for h in hits]


def test_output_layer(cli):
    result = cli("search", "--format", "csv", "--fields", "id,match", "Güven")
    assert result.stdout.splitlines() == ["id,match", "birol-guven,exact"]
    result = cli("search", "--format", "jsonl", "--limit", "1", "кино")
    assert len(result.stdout.splitlines()) == 1
    assert_clean_error(cli("search", "--fields", "nope", "x"), 2, "unknown field 'nope'")


def test_search_is_read_only(cli, db_copy):
    before = db_copy.read_bytes()
    cli("search", "--db", str(db_copy), "Güven")
    assert db_copy.read_bytes() == before
