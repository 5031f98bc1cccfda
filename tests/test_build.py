"""`filmreg build`: deterministic, in step with the committed database, and strict."""

import re
import sqlite3
from pathlib import Path

import pytest

from conftest import BUNDLED_DB, SEED, assert_clean_error, query


def canonical_dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


def test_committed_database_is_built_from_the_current_seed(cli, tmp_path):
    fresh = tmp_path / "fresh.db"
    result = cli("build", "--seed", str(SEED), "--output", str(fresh))
    assert result.code == 0, result.stderr
    assert canonical_dump(fresh) == canonical_dump(BUNDLED_DB), (
        "data/registry.db is stale: run `filmreg build` and commit it"
    )


def test_build_is_deterministic(cli, tmp_path):
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    assert cli("build", "--seed", str(SEED), "--output", str(first)).code == 0
    assert cli("build", "--seed", str(SEED), "--output", str(second)).code == 0
    assert first.read_bytes() == second.read_bytes()


def test_every_fact_has_a_source():
    for table, key in [
        ("organizations", "id"),
        ("people", "id"),
        ("roles", "id"),
        ("events", "id"),
        ("cooperations", "id"),
        ("participations", "id"),
        ("cooperation_parties", "id"),
    ]:
        unsourced = query(
            BUNDLED_DB,
            f"""SELECT {key} FROM {table} WHERE CAST({key} AS TEXT) NOT IN
                (SELECT subject_id FROM evidence WHERE subject_table = ?)""",
            (table,),
        )
        assert unsourced == [], (table, unsourced)
    # A name no source gives is the registry's own rendering, and says so.
    unsourced_names = query(
        BUNDLED_DB,
        """SELECT name, kind FROM names WHERE topic_id IS NULL AND CAST(id AS TEXT) NOT IN
           (SELECT subject_id FROM evidence WHERE subject_table = 'names')""",
    )
    assert {kind for _, kind in unsourced_names} <= {"translation", "transliteration"}


def test_every_citation_is_a_public_page_with_a_quote():
    assert query(BUNDLED_DB, "SELECT count(*) FROM evidence WHERE quote IS NULL") == [(0,)]
    assert (
        query(BUNDLED_DB, "SELECT id FROM sources WHERE url IS NULL OR url NOT LIKE 'http%'") == []
    )
    assert query(BUNDLED_DB, "SELECT id FROM sources WHERE kind = 'research_notes'") == []
    longest = query(BUNDLED_DB, "SELECT max(length(quote)) FROM evidence")[0][0]
    assert longest <= 160
    # A local copy, where one is kept, is a file of this repository.
    for (copy,) in query(BUNDLED_DB, "SELECT local_copy FROM sources WHERE local_copy IS NOT NULL"):
        assert (SEED.parent / copy).is_file(), copy


def test_every_role_quote_names_its_holder():
    """The rule the validator enforces, checked again on what the bundled registry holds."""
    from filmreg.model.rules import names_in

    roles = query(BUNDLED_DB, "SELECT id, person_id FROM roles")
    for role_id, person in roles:
        quotes = [
            q
            for (q,) in query(
                BUNDLED_DB,
                "SELECT quote FROM evidence WHERE subject_table = 'roles' AND subject_id = ?",
                (role_id,),
            )
        ]
        forms = [
            n
            for (n,) in query(
                BUNDLED_DB,
                "SELECT name FROM names WHERE person_id = ?"
                " UNION SELECT name FROM people WHERE id = ?",
                (person, person),
            )
        ]
        assert any(names_in(quotes, form) for form in forms), role_id


def test_foreign_keys_and_date_checks_are_in_the_schema(db_copy):
    with sqlite3.connect(db_copy) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                "INSERT INTO roles (id, person_id, organization_id, role, title, status)"
                " VALUES ('x', 'nobody', 'az-film-agency', 'head', 't', 'current')"
            )
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE roles SET start_date = '9 Dec 2025' WHERE rowid = 1")


def test_the_panel_roster(db_copy):
    """All eight people of the article, with the capacities it gives them."""
    rows = dict(
        query(
            db_copy,
            """SELECT p.name, pa.capacity || ':' || coalesce(pa.organization_id, '-')
               FROM participations pa JOIN people p ON p.id = pa.person_id
               WHERE pa.event_id = 'baku-2025-state-cooperation-panel'""",
        )
    )
    assert rows == {
        "Saadat Yusifova": "opening_speech:az-ministry-of-culture",
        "Zaur Gardashov": "speaker:az-kobia",
        "Kamran Gasimov": "moderator:-",
        "Birol Güven": "panelist:tr-cinema-directorate",
        "Rashad Azizov": "panelist:az-film-agency",
        "Saira Raza": "panelist:pk-demp",
        "Mamuka Bliadze": "panelist:ge-national-film-center",
        "Sayfullo Rajabov": "panelist:uz-cinematography-agency",
    }
    # The Russian rendering is kept as printed, Latin final letter included.
    assert query(db_copy, "SELECT 1 FROM names WHERE name = 'Саида Саира Раз' || 'a'") == [(1,)]


def test_existing_output_survives_a_failed_build(cli, seed_copy, tmp_path):
    target = tmp_path / "keep.db"
    assert cli("build", "--seed", str(SEED), "--output", str(target)).code == 0
    before = target.read_bytes()
    people = seed_copy / "countries" / "tr.toml"
    people.write_text(people.read_text().replace('role = "head"', 'role = "maybe"', 1))
    result = cli("build", "--seed", str(seed_copy), "--output", str(target))
    assert result.code == 1
    assert target.read_bytes() == before
    assert not list(tmp_path.glob(".registry-*"))


def _break(seed_dir: Path, file: str, old: str, new: str, count: int = 1) -> None:
    path = seed_dir / file
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, count))


REFUSALS = [
    # (file, old text, new text, words the error must contain)
    (
        "countries/tr.toml",
        'country = "TR"',
        'country = "XX"',
        ["countries/tr.toml", "tr-", "'XX'", "country"],
    ),
    (
        "countries/az.toml",
        'parent = "az-ministry-of-culture"',
        'parent = "az-nothing"',
        ["countries/az.toml", "'parent': 'az-nothing'"],
    ),
    (
        "countries/az.toml",
        'organization = "az-kobia"\nrole = "advisor"',
        'organization = "az-ghost"\nrole = "advisor"',
        ["countries/az.toml", "zaur-gardashov/az-kobia/advisor", "'organization': 'az-ghost'"],
    ),
    (
        "events.toml",
        'person = "saira-raza"',
        'person = "saira-razza"',
        ["events.toml", "baku-2025-state-cooperation-panel", "'person': 'saira-razza'"],
    ),
    (
        "countries/az.toml",
        'evidence = [{ source = "trend-ru-4127769", locator = "¶4", quote = "Советник '
        'председателя правления KOBİA Заур Гардашов" }]',
        "evidence = []",
        ["countries/az.toml", "zaur-gardashov", "no evidence"],
    ),
    (
        "countries/az.toml",
        'source = "trend-ru-4127769"\nlocator = "¶4"',
        'locator = "¶4"',
        ["countries/az.toml", "zaur-gardashov/az-kobia/advisor", "no source"],
    ),
    (
        "countries/az.toml",
        'source = "trend-ru-4127769"\nlocator = "¶4"',
        'source = "nowhere"\nlocator = "¶4"',
        ["countries/az.toml", "'source': 'nowhere'"],
    ),
    (
        "countries/az.toml",
        'quote = "Советник председателя правления KOBİA Заур Гардашов"\n',
        "\n",
        ["countries/az.toml", "zaur-gardashov/az-kobia/advisor", "no quote"],
    ),
    (
        "countries/az.toml",
        'quote = "Советник председателя правления KOBİA Заур Гардашов"\n',
        'quote = "Советник председателя правления KOBİA"\n',
        ["countries/az.toml", "zaur-gardashov/az-kobia/advisor", "no quote names the holder"],
    ),
    (
        "countries/az.toml",
        'quote = "Советник председателя правления KOBİA Заур Гардашов"\n',
        'quote = "Заур Гардашов ' + "и " * 80 + '"\n',
        ["countries/az.toml", "zaur-gardashov/az-kobia/advisor", "'quote'", "at most 160"],
    ),
    (
        "countries/tr.toml",
        'start_date = "2024-02-23"',
        'start_date = "23.02.2024"',
        [
            "countries/tr.toml",
            "birol-guven/tr-cinema-directorate/director-general",
            "start_date",
            "'23.02.2024'",
        ],
    ),
    (
        "countries/tr.toml",
        'start_date = "2024-02-23"',
        'start_date = "2024-02-30"',
        ["countries/tr.toml", "start_date", "'2024-02-30'"],
    ),
    (
        "countries/tr.toml",
        'start_date = "2024-02-23"',
        'start_date = "2024-02-23"\nend_date = "2023-01-01"',
        ["countries/tr.toml", "birol-guven", "end_date", "before"],
    ),
    (
        "countries/az.toml",
        'organization = "az-kobia"\nrole = "advisor"',
        'organization = "az-kobia"\nrole = "chief-wizard"',
        ["countries/az.toml", "zaur-gardashov/az-kobia/advisor", "'role': 'chief-wizard'"],
    ),
    (
        "people.toml",
        'id = "kamran-gasimov"',
        'id = "saadat-yusifova"',
        ["duplicate id 'saadat-yusifova'"],
    ),
    (
        "events.toml",
        'capacity = "moderator"',
        'capacity = "host"',
        ["events.toml", "'capacity': 'host'"],
    ),
    (
        "cooperations.toml",
        'kind = "treaty"',
        'kind = "handshake"',
        ["cooperations.toml", "it-tr-film-coproduction-agreement", "'kind': 'handshake'"],
    ),
    (
        "sources.toml",
        'published = "2025-12-09"',
        'published = "yesterday"',
        ["sources.toml", "trend-ru-4127769", "published"],
    ),
    (
        "sources.toml",
        'url = "https://ru.trend.az/',
        'url = "file:///',
        ["sources.toml", "trend-ru-4127769", "'url'", "public document"],
    ),
    (
        "countries/ge.toml",
        'acronym = "GNFC"',
        'acronymm = "GNFC"',
        ["countries/ge.toml", "ge-national-film-center", "unknown field 'acronymm'"],
    ),
    (
        "topics.toml",
        'id = "film-diplomacy"',
        'id = "film diplomacy"',
        ["events.toml", "'topic': 'film-diplomacy'"],
    ),
    (
        "country_aliases.toml",
        'country = "TR"',
        'country = "TQ"',
        ["country_aliases.toml", "'TQ'"],
    ),
    ("events.toml", "[[event]]", "[[event]\n", ["events.toml", "not valid TOML"]),
    ("events.toml", "[[event]]", "[[film]]", ["events.toml", "unknown table 'film'"]),
]


@pytest.mark.parametrize(
    "file,old,new,needles", REFUSALS, ids=[" ".join(r[3][1:3]) for r in REFUSALS]
)
def test_build_refuses_bad_seed(cli, seed_copy, tmp_path, file, old, new, needles):
    _break(seed_copy, file, old, new)
    target = tmp_path / "out.db"
    result = cli("build", "--seed", str(seed_copy), "--output", str(target))
    assert_clean_error(result, 1, *needles)
    assert not target.exists()


def test_missing_seed_directory(cli, tmp_path):
    result = cli("build", "--seed", str(tmp_path / "none"), "--output", str(tmp_path / "x.db"))
    assert_clean_error(result, 1, "no seed directory")


def test_missing_seed_file(cli, seed_copy, tmp_path):
    (seed_copy / "topics.toml").unlink()
    result = cli("build", "--seed", str(seed_copy), "--output", str(tmp_path / "x.db"))
    assert_clean_error(result, 1, "events.toml", "not a known topic id")


def test_build_summary_goes_to_stderr(cli, tmp_path):
    result = cli("build", "--seed", str(SEED), "--output", str(tmp_path / "x.db"))
    assert result.stdout == ""
    assert re.search(r"built .*x\.db: \d+ sources", result.stderr)


def test_every_table_of_the_registry_is_named_once_in_the_table_lists():
    """The merge, the export and the build's summary all read `store.tables`; a table added to
    the schema and forgotten there would be neither filled in order nor exported nor counted."""
    from filmreg.store.tables import DERIVED_TABLES, RECORD_TABLES

    bookkeeping = {"meta", "_sqlite_migrations", "edit_log", "record_base"}
    search_internals = ("search_tokens", "search_postings", "search_deletes", "search_entries_")
    tables = {
        name
        for (name,) in query(BUNDLED_DB, "SELECT name FROM sqlite_master WHERE type = 'table'")
        if name not in bookkeeping and not name.startswith(search_internals)
    }
    named = [*RECORD_TABLES, *DERIVED_TABLES]
    assert len(named) == len(set(named))
    assert tables == set(named)
