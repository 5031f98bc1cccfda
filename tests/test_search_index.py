"""The search index stays right when a record is edited, whatever the folding rules were."""

import json
import sqlite3
from pathlib import Path

import pytest

from conftest import BUNDLED_DB, invoke, query


def _consistent(db: Path) -> None:
    """Every token's count equals its postings, and every posting points at a live entry."""
    assert query(
        db,
        """SELECT count(*) FROM search_tokens t
           WHERE entries != (SELECT count(*) FROM search_postings p WHERE p.token_id = t.id)""",
    ) == [(0,)]
    assert query(
        db,
        """SELECT count(*) FROM search_postings p
           WHERE NOT EXISTS (SELECT 1 FROM search_entries e WHERE e.id = p.entry_id)""",
    ) == [(0,)]


def _edit_birol_guven(db: Path, tmp_path: Path) -> Path:
    records = [
        json.loads(line)
        for line in invoke("export", "--format", "jsonl", "--db", str(db)).stdout.splitlines()
    ]
    person = next(r for r in records if r.get("id") == "birol-guven")
    person["note"] = "Edited after the folding rules changed."
    file = tmp_path / "edit.jsonl"
    file.write_text(json.dumps(person, ensure_ascii=False) + "\n")
    return file


@pytest.fixture
def new_folding_rule(monkeypatch):
    """A later release folds `v` to `b` as well: the stored tokens no longer match the rules."""
    import filmreg.model.textkeys as textkeys

    monkeypatch.setattr(textkeys, "_VARIANTS", (*textkeys._VARIANTS, ("v", "b")))
    textkeys._word_stem_tokens.cache_clear()
    yield
    monkeypatch.undo()
    textkeys._word_stem_tokens.cache_clear()


def test_an_edit_after_the_folding_rules_changed(db_copy, tmp_path, new_folding_rule):
    edit = _edit_birol_guven(db_copy, tmp_path)
    result = invoke("import", str(edit), "--db", str(db_copy))
    assert result.code == 0, result.stderr
    assert "rebuilt the search index" in result.stderr
    _consistent(db_copy)
    found = json.loads(invoke("search", "Gubenn", "--json", "--db", str(db_copy)).stdout)
    assert found and found[0]["id"] == "birol-guven"
    again = invoke("import", str(edit), "--db", str(db_copy))
    assert again.code == 0 and "rebuilt" not in again.stderr


def test_an_edit_deletes_the_postings_it_stored(db_copy, tmp_path):
    """Even when the stored tokens differ from what the rules now give, nothing is left over."""
    with sqlite3.connect(db_copy) as conn:  # a posting the current rules would not compute
        entry = conn.execute(
            "SELECT id FROM search_entries WHERE entity_id = 'birol-guven' LIMIT 1"
        ).fetchone()[0]
        conn.execute("INSERT INTO search_tokens (id, key, entries) VALUES (999999, 'zzold', 1)")
        conn.execute("INSERT INTO search_postings VALUES (999999, ?)", (entry,))
    edit = _edit_birol_guven(db_copy, tmp_path)
    result = invoke("import", str(edit), "--db", str(db_copy))
    assert result.code == 0, result.stderr
    assert "rebuilt" not in result.stderr
    _consistent(db_copy)
    assert query(db_copy, "SELECT entries FROM search_tokens WHERE id = 999999") == [(0,)]


def test_the_bundled_registry_records_the_text_library_versions():
    from filmreg.model.textkeys import search_keys_version

    stored = query(BUNDLED_DB, "SELECT value FROM meta WHERE key = 'search_keys'")
    assert stored == [(search_keys_version(),)]
    assert "anyascii" in stored[0][0] and "snowballstemmer" in stored[0][0]


def test_a_write_after_a_library_upgrade_rebuilds_the_index(db_copy, tmp_path):
    with sqlite3.connect(db_copy) as conn:
        conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('search_keys', 'anyascii 0.1')"
        )
    result = invoke("import", str(_edit_birol_guven(db_copy, tmp_path)), "--db", str(db_copy))
    assert result.code == 0, result.stderr
    assert "rebuilt the search index" in result.stderr
    _consistent(db_copy)
    from filmreg.model.textkeys import search_keys_version

    assert query(db_copy, "SELECT value FROM meta WHERE key = 'search_keys'") == [
        (search_keys_version(),)
    ]
    assert (
        json.loads(invoke("search", "Гювена", "--json", "--db", str(db_copy)).stdout)[0]["id"]
        == "birol-guven"
    )
