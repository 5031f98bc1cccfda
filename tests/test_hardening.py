"""Bad input gets one clear line and a documented exit code; nothing is damaged or misread."""

import csv
import io
import json

import pytest

from conftest import assert_clean_error, invoke, query


@pytest.mark.parametrize("fmt", ["json", "jsonl", "popolo", "csv"])
def test_export_into_a_missing_directory_is_exit_1_for_every_format(db_copy, tmp_path, fmt):
    target = tmp_path / "missing" / "dir" / "x"
    result = invoke("export", "--format", fmt, "--db", str(db_copy), "-o", str(target))
    assert_clean_error(result, 1, "does not exist")


@pytest.mark.parametrize(
    "args, needle",
    [
        (("-o", "/dev/full"), "/dev/full"),
        (("-o", ""), "directory"),
        (("--format", "popolo", "-o", "{tmp}"), "directory"),
        (("--format", "json", "-o", "{tmp}"), "directory"),
    ],
)
def test_export_to_an_unwritable_target_is_a_clean_error(db_copy, tmp_path, args, needle):
    args = tuple(a.replace("{tmp}", str(tmp_path)) for a in args)
    assert_clean_error(invoke("export", "--db", str(db_copy), *args), 1, needle)


SOURCE = "trend-ru-4127769"
TRICKY = ["\r=1+1", '=HYPERLINK("http://x")', "bell\x07 esc\x1b[2J nul\x00", "line\nbreak"]


def _tricky_people(db_copy, tmp_path) -> None:
    records = [
        {"type": "person", "id": f"tricky-{i}", "name": f"Tricky {i}",
         "names": [{"name": name, "lang": "und", "kind": "source", "source": SOURCE,
                    "locator": "¶1"}],
         "note": name, "evidence": [{"source": SOURCE, "locator": "¶1"}], "roles": []}
        for i, name in enumerate(TRICKY)
    ]  # fmt: skip
    file = tmp_path / "tricky.jsonl"
    file.write_text("".join(json.dumps(r) + "\n" for r in records))
    assert invoke("import", str(file), "--db", str(db_copy)).code == 0


def test_csv_export_quotes_a_bare_carriage_return(db_copy, tmp_path):
    _tricky_people(db_copy, tmp_path)
    out = tmp_path / "csv"
    assert invoke("export", "--format", "csv", "-o", str(out), "--db", str(db_copy)).code == 0
    with (out / "people.csv").open(newline="") as f:
        rows = list(csv.reader(f))
    assert len(rows) == 1 + query(db_copy, "SELECT count(*) FROM people")[0][0]
    notes = {row[0]: row[2] for row in rows[1:]}
    assert notes["tricky-0"] == "'\r=1+1"
    assert notes["tricky-1"] == '\'=HYPERLINK("http://x")'
    assert notes["tricky-3"] == "line\nbreak"  # stored text, faithfully, in one quoted cell
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_list_and_search_csv_quote_neutralise_and_escape(db_copy, tmp_path):
    _tricky_people(db_copy, tmp_path)
    for args in (("list", "people"), ("search", "Tricky", "--limit", "10")):
        result = invoke(*args, "--format", "csv", "--db", str(db_copy))
        assert result.code == 0, result.stderr
        for raw in ("\x07", "\x1b", "\x00"):
            assert raw not in result.stdout
        rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
        assert all(len(row) == len(rows[0]) for row in rows)
        cells = [cell for row in rows for cell in row]
        assert not any(cell.startswith(("=", "+", "@", "\r", "\t")) for cell in cells)
        if args[0] == "list":
            row = next(r for r in rows if r[0] == "tricky-0")
            assert row[2] == "\\r=1+1"  # escaped, so no longer a line break
