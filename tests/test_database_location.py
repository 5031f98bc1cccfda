"""`--db`, `FILMREG_DB` and the bundled default; missing or broken databases."""

import json

from conftest import BUNDLED_DB, assert_clean_error


def test_default_is_the_bundled_registry(cli):
    result = cli("db", "path")
    assert result.code == 0
    assert result.stdout.strip() == str(BUNDLED_DB)
    assert "bundled" in result.stderr


def test_env_var_and_option(cli, db_copy, tmp_path):
    other = tmp_path / "other.db"
    assert cli("db", "path", env={"FILMREG_DB": str(db_copy)}).stdout.strip() == str(db_copy)
    result = cli("db", "path", "--db", str(other), env={"FILMREG_DB": str(db_copy)})
    assert result.stdout.strip() == str(other)
    rows = json.loads(cli("list", "--json", env={"FILMREG_DB": str(db_copy)}).stdout)
    assert rows


def test_missing_database(cli, tmp_path):
    missing = tmp_path / "nope.db"
    assert_clean_error(cli("list", "--db", str(missing)), 1, "no database at")
    assert not missing.exists()


def test_corrupt_database_is_not_touched(cli, tmp_path):
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"this is not sqlite" * 100)
    before = corrupt.read_bytes()
    assert_clean_error(cli("list", "--db", str(corrupt)), 1, "not a filmreg database")
    assert corrupt.read_bytes() == before


def test_truncated_database(cli, tmp_path):
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(BUNDLED_DB.read_bytes()[:5000])
    assert_clean_error(cli("list", "--db", str(truncated)), 1, "truncated.db")


def test_directory_instead_of_database(cli, tmp_path):
    assert_clean_error(cli("list", "--db", str(tmp_path)), 1, "is a directory")


def test_other_sqlite_database(cli, tmp_path):
    import sqlite3

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    assert_clean_error(cli("list", "--db", str(other)), 1, "not a filmreg database")


def test_db_path_says_where_the_choice_came_from_in_plain_words(db_copy):
    from conftest import invoke
    from filmreg.store.paths import user_database

    assert invoke("db", "path").stderr.startswith("(from the bundled registry)")
    assert invoke("db", "path", "--db", str(db_copy)).stderr.startswith("(from the --db option)")
    own = user_database()
    own.parent.mkdir(parents=True)
    own.write_bytes(db_copy.read_bytes())
    said = invoke("db", "path").stderr
    assert said.startswith("(from your own database)"), said
    assert "the your" not in said


def test_filmreg_home_sets_the_user_directory_whatever_xdg_says(cli, tmp_path):
    """The leak issue 10 names: a set XDG_CONFIG_HOME must not receive a test's database."""
    xdg, home = tmp_path / "xdg", tmp_path / "mine"
    env = {"XDG_CONFIG_HOME": str(xdg), "FILMREG_HOME": str(home)}
    source = tmp_path / "s.jsonl"
    source.write_text(
        '{"type": "source", "id": "s-home", "label": "S", "kind": "news", '
        '"url": "https://example.org/s", "language": "en"}\n'
    )
    assert cli("import", str(source), env=env).code == 0
    assert (home / "registry.db").is_file()
    assert not xdg.exists()
    assert cli("db", "path", env=env).stdout.strip() == str(home / "registry.db")
