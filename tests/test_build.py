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
    unsourced_names = query(
        BUNDLED_DB,
        """SELECT name FROM names WHERE topic_id IS NULL AND CAST(id AS TEXT) NOT IN
           (SELECT subject_id FROM evidence WHERE subject_table = 'names')""",
    )
    assert unsourced_names == []


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
    people = seed_copy / "people.toml"
    people.write_text(people.read_text().replace('status = "current"', 'status = "maybe"', 1))
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
        "organizations.toml",
        'country = "TR"',
        'country = "XX"',
        ["organizations.toml", "tr-ministry-of-culture-and-tourism", "'XX'", "country"],
    ),
    (
        "organizations.toml",
        'parent = "az-ministry-of-culture"',
        'parent = "az-nothing"',
        ["organizations.toml", "az-film-agency", "'parent': 'az-nothing'"],
    ),
    (
        "people.toml",
        'organization = "az-kobia"',
        'organization = "az-ghost"',
        ["people.toml", "zaur-gardashov/az-kobia/advisor", "'organization': 'az-ghost'"],
    ),
    (
        "events.toml",
        'person = "saira-raza"',
        'person = "saira-razza"',
        ["events.toml", "baku-2025-state-cooperation-panel", "'person': 'saira-razza'"],
    ),
    (
        "people.toml",
        'evidence = [{ source = "trend-ru-4127769", locator = "¶4" }]',
        "evidence = []",
        ["people.toml", "zaur-gardashov", "no evidence"],
    ),
    (
        "people.toml",
        'source = "trend-ru-4127769"\nlocator = "¶4"',
        'locator = "¶4"',
        ["people.toml", "zaur-gardashov/az-kobia/advisor", "no source"],
    ),
    (
        "people.toml",
        'source = "trend-ru-4127769"\nlocator = "¶4"',
        'source = "nowhere"\nlocator = "¶4"',
        ["people.toml", "'source': 'nowhere'"],
    ),
    (
        "people.toml",
        'start_date = "2024-02-23"',
        'start_date = "23.02.2024"',
        [
            "people.toml",
            "birol-guven/tr-cinema-directorate/director-general",
            "start_date",
            "'23.02.2024'",
        ],
    ),
    (
        "people.toml",
        'start_date = "2024-02-23"',
        'start_date = "2024-02-30"',
        ["people.toml", "start_date", "'2024-02-30'"],
    ),
    (
        "people.toml",
        'role = "advisor"',
        'role = "chief-wizard"',
        ["people.toml", "zaur-gardashov/az-kobia/advisor", "'role': 'chief-wizard'"],
    ),
    (
        "people.toml",
        'id = "kamran-gasimov"',
        'id = "saadat-yusifova"',
        ["people.toml", "duplicate id 'saadat-yusifova'"],
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
        "organizations.toml",
        'acronym = "GNFC"',
        'acronymm = "GNFC"',
        ["organizations.toml", "ge-national-film-center", "unknown field 'acronymm'"],
    ),
    (
        "topics.toml",
        'id = "film-diplomacy"',
        'id = "film diplomacy"',
        ["events.toml", "'topic': 'film-diplomacy'"],
    ),
    ("countries.toml", 'country = "TR"', 'country = "TQ"', ["countries.toml", "'TQ'"]),
    ("events.toml", "[[event]]", "[[event]\n", ["events.toml", "not valid TOML"]),
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
    assert_clean_error(result, 1, "topics.toml", "missing")


def test_build_summary_goes_to_stderr(cli, tmp_path):
    result = cli("build", "--seed", str(SEED), "--output", str(tmp_path / "x.db"))
    assert result.stdout == ""
    assert re.search(r"built .*x\.db: \d+ sources", result.stderr)
