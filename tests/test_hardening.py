"""Bad input gets one clear line and a documented exit code; nothing is damaged or misread."""

import csv
import io
import json
import os

import pytest

from conftest import assert_clean_error, invoke, query

# A fragment of the cited source that states the fact (every fact carries one).
QUOTE = "as the source states it"


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
                    "locator": "¶1", "quote": QUOTE}],
         "note": name,
          "evidence": [{"source": SOURCE, "locator": "¶1", "quote": QUOTE}], "roles": []}
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


@pytest.mark.parametrize(
    "args, code, needle",
    [
        (("report", "--country", ""), 2, "country"),
        (("list", "--country", ""), 2, "country"),
        (("show", "\udcff"), 2, "UTF-8"),
        (("search", "--raw", "\udcff"), 2, "UTF-8"),
        (("search", "x\udcffy"), 2, "UTF-8"),
        (("list", "--country", "\udcff"), 2, "UTF-8"),
        (("list", "--limit", "9223372036854775808"), 2, "--limit"),
        (("search", "guven", "--limit", "99999999999999999999"), 2, "--limit"),
    ],
)
def test_bad_arguments_get_a_clean_message(args, code, needle):
    assert_clean_error(invoke(*args), code, needle)


def test_undecodable_argument_from_a_real_command_line():
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "filmreg", "show", b"\xff"], capture_output=True, timeout=60
    )
    assert proc.returncode == 2
    assert proc.stderr.decode().startswith("filmreg: error: ") and b"Traceback" not in proc.stderr


@pytest.mark.parametrize(
    "text, needle",
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"type": "source", "id": "big", "label": ' + "1" * 5000 + "}", "number"),
        (
            '{"type": "source", "id": "s\\ud800", "label": "x", "kind": "news", '
            '"url": "https://x.org/", "language": "en"}',
            "surrogate",
        ),
        (
            '{"type": "source", "id": "s", "label": "x\\udfff", "kind": "news", '
            '"url": "https://x.org/", "language": "en"}\n',
            "surrogate",
        ),
    ],
)
def test_hostile_json_gets_a_clean_message(db_copy, tmp_path, text, needle):
    before = db_copy.read_bytes()
    for suffix in (".json", ".jsonl"):
        file = tmp_path / f"hostile{suffix}"
        file.write_text(text)
        assert_clean_error(invoke("import", str(file), "--db", str(db_copy)), 1, needle)
    assert db_copy.read_bytes() == before


def test_an_unreadable_import_file(db_copy, tmp_path):
    result = invoke("import", "/proc/self/mem", "--db", str(db_copy), "--format", "json")
    assert_clean_error(result, 1, "/proc/self/mem", "cannot read")
    locked = tmp_path / "locked.jsonl"
    locked.write_text("{}")
    locked.chmod(0)
    if os.access(locked, os.R_OK):
        pytest.skip("running as root: a mode-000 file is still readable")
    assert_clean_error(invoke("import", str(locked), "--db", str(db_copy)), 1, "cannot read")


def test_a_first_write_where_the_app_directory_cannot_be_made(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    monkeypatch.setenv("FILMREG_HOME", str(blocker / "filmreg"))  # like a read-only HOME
    batch = tmp_path / "one.jsonl"
    batch.write_text(
        '{"type": "source", "id": "s", "label": "x", "kind": "news", '
        '"url": "https://x.org/", "language": "en"}\n'
    )
    assert_clean_error(invoke("import", str(batch)), 1, "cannot create")


def test_a_symlink_loop_as_database(tmp_path):
    loop = tmp_path / "loop.db"
    loop.symlink_to(tmp_path / "loop2.db")
    (tmp_path / "loop2.db").symlink_to(loop)
    batch = tmp_path / "one.jsonl"
    batch.write_text(
        '{"type": "source", "id": "s", "label": "x", "kind": "news", '
        '"url": "https://x.org/", "language": "en"}\n'
    )
    for args in (("list",), ("import", str(batch)), ("export",), ("db", "path")):
        assert_clean_error(invoke(*args, "--db", str(loop)), 1, "symbolic link")


@pytest.mark.parametrize(
    "args",
    [
        ("search", "--raw", "\x1b[2J\x1b[H\x07"),
        ("show", "\x1b]0;title\x07\u202eevil"),
        ("list", "--country", "\x1b[31mred\u202e"),
        ("report", "--country", "\x00\x9b"),
    ],
)
def test_error_messages_show_control_characters_escaped(args):
    result = invoke(*args)
    assert result.code != 0
    message = result.stderr
    assert message.startswith("filmreg: error: ") and message.count("\n") == 1
    for raw in ("\x1b", "\x07", "\x00", "\x9b", "\u202e"):
        assert raw not in message


@pytest.mark.parametrize(
    "args",
    [
        ("show", "x" * 10_000),
        ("search", "--raw", "(" * 10_000),
        ("list", "--country", "q" * 10_000),
        ("report", "--country", "Narnia " * 2_000),
        ("import", "/nonexistent/" + "f" * 10_000),
    ],
)
def test_long_input_is_cut_in_error_messages(args):
    result = invoke(*args)
    assert result.code != 0
    assert result.stderr.startswith("filmreg: error: ")
    assert len(result.stderr) < 600, len(result.stderr)


def test_bidi_controls_are_shown_escaped_in_tables_tsv_and_show(db_copy, tmp_path):
    record = {"type": "person", "id": "bidi", "name": "abc \u202eevil\u202c \u2066x\u2069",
              "evidence": [{"source": SOURCE, "locator": "¶1", "quote": QUOTE}],
              "roles": []}  # fmt: skip
    file = tmp_path / "bidi.jsonl"
    file.write_text(json.dumps(record) + "\n")
    assert invoke("import", str(file), "--db", str(db_copy)).code == 0
    for args in (
        ("list", "people", "--format", "table"),
        ("list", "people", "--format", "tsv"),
        ("search", "abc", "--format", "tsv"),
        ("show", "bidi"),
    ):
        out = invoke(*args, "--db", str(db_copy)).stdout
        assert "evil" in out
        for raw in ("\u202e", "\u202c", "\u2066", "\u2069"):
            assert raw not in out, args
        assert "\\u202e" in out


def _org(ident: str, parent: str | None) -> dict:
    return {"type": "organization", "id": ident, "name": ident.title(), "kind": "department",
            "country": "AZ", "parent": parent,
            "evidence": [{"source": SOURCE, "locator": "¶1", "quote": QUOTE}]}  # fmt: skip


def _refused(db_copy, tmp_path, records: list[dict], *needles: str, name="bad.jsonl") -> None:
    before = db_copy.read_bytes()
    file = tmp_path / name
    file.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    assert_clean_error(invoke("import", str(file), "--db", str(db_copy)), 1, *needles)
    assert db_copy.read_bytes() == before


def test_organization_parent_cycles_are_refused(db_copy, tmp_path):
    _refused(db_copy, tmp_path, [_org("cyc-a", "cyc-b"), _org("cyc-b", "cyc-a")], "cycle")
    _refused(
        db_copy, tmp_path, [_org("cyc-a", "cyc-b"), _org("cyc-b", "cyc-c"), _org("cyc-c", "cyc-a")],
        "cycle",
    )  # fmt: skip
    # A cycle through a stored organization: az-film-agency gets a parent that is its own unit.
    file = tmp_path / "unit.jsonl"
    file.write_text(json.dumps(_org("unit-x", "az-film-agency")) + "\n")
    assert invoke("import", str(file), "--db", str(db_copy)).code == 0
    records = [
        json.loads(line)
        for line in invoke("export", "--format", "jsonl", "--db", str(db_copy)).stdout.splitlines()
    ]
    agency = next(r for r in records if r.get("id") == "az-film-agency")
    agency["parent"] = "unit-x"
    _refused(db_copy, tmp_path, [agency], "cycle", "az-film-agency")


@pytest.mark.parametrize("bad_id", ["nul\x00id", "new\nline", "tab\tid", "cr\rid"])
def test_ids_with_control_characters_are_refused(db_copy, tmp_path, bad_id):
    _refused(db_copy, tmp_path, [_org(bad_id, None)], "control character")
    person = {"type": "person", "id": "ok-person", "name": "P",
              "evidence": [{"source": SOURCE, "locator": "¶1", "quote": QUOTE}],
              "roles": [{"id": bad_id, "organization": "az-film-agency", "role": "staff",
                         "title": "T", "status": "current", "source": SOURCE,
                         "locator": "¶1", "quote": QUOTE}]}  # fmt: skip
    _refused(db_copy, tmp_path, [person], "control character")


def test_a_duplicate_csv_column_is_refused(db_copy, tmp_path):
    before = db_copy.read_bytes()
    file = tmp_path / "dup.csv"
    file.write_text(f"person_id,name,name,source,locator\njane,Jane Roe,Jane Doe,{SOURCE},¶1\n")
    assert_clean_error(invoke("import", str(file), "--db", str(db_copy)), 1, "'name'", "twice")
    assert db_copy.read_bytes() == before


def test_a_country_alias_that_would_make_a_name_ambiguous_is_refused(db_copy, tmp_path):
    alias = {"type": "country_alias", "country": "GE", "alias": "Turkey", "lang": "en"}
    _refused(db_copy, tmp_path, [alias], "Turkey", "TR")
    assert invoke("list", "--country", "Turkey", "--db", str(db_copy)).code == 0
    two = [
        {"type": "country_alias", "country": "GE", "alias": "Narnia", "lang": "en"},
        {"type": "country_alias", "country": "AZ", "alias": "narnia", "lang": "en"},
    ]
    _refused(db_copy, tmp_path, two, "narnia")
    fine = tmp_path / "fine.jsonl"
    fine.write_text(json.dumps(two[0]) + "\n")
    assert invoke("import", str(fine), "--db", str(db_copy)).code == 0
    assert invoke("import", str(fine), "--db", str(db_copy)).code == 0  # again: unchanged
