"""Issue 9, item 18: the smaller wrong answers and rough edges a new user hit."""

import io
import json
import os
import re
import threading

import pytest

from conftest import REPO, assert_clean_error, invoke

# A fragment of the cited source that states the fact (every fact carries one).
QUOTE = "as the source states it"

SOURCE = "trend-ru-4127769"


def test_a_role_without_status_gets_one_derived(db_copy, tmp_path):
    person = {"type": "person", "id": "no-status", "name": "No Status",
              "evidence": [{"source": SOURCE, "locator": "¶1", "quote": QUOTE}],
              "roles": [{"id": "no-status/a", "organization": "az-film-agency", "role": "staff",
                         "title": "Expert", "source": SOURCE, "locator": "¶1",
                         "quote": "No Status, Expert"},
                        {"id": "no-status/b", "organization": "az-film-agency", "role": "staff",
                         "title": "Expert", "end_date": "2024", "source": SOURCE,
                         "locator": "¶1", "quote": "No Status, Expert until 2024"}]}  # fmt: skip
    file = tmp_path / "p.jsonl"
    file.write_text(json.dumps(person) + "\n")
    result = invoke("import", str(file), "--db", str(db_copy))
    assert result.code == 0, result.stderr
    csv_file = tmp_path / "p.csv"
    csv_file.write_text(
        "person_id,name,role_id,organization,role,title,source,locator,quote\n"
        f"csv-person,CSV Person,csv-person/x,az-film-agency,staff,Expert,{SOURCE},¶2,"
        "CSV Person is an expert\n"
    )
    result = invoke("import", str(csv_file), "--db", str(db_copy))
    assert result.code == 0, result.stderr
    shown = json.loads(invoke("show", "no-status", "--json", "--db", str(db_copy)).stdout)
    assert {r["id"]: r["status"] for r in shown["roles"]} == {
        "no-status/a": "unknown",  # a missing end date never means current
        "no-status/b": "ended",
    }
    shown = json.loads(invoke("show", "csv-person", "--json", "--db", str(db_copy)).stdout)
    assert shown["roles"][0]["status"] == "unknown"


def test_list_countries_counts_agree_with_the_country_filters():
    countries = json.loads(invoke("list", "countries", "--json").stdout)
    assert countries
    for row in countries:
        code = row["code"]
        events = json.loads(invoke("list", "events", "--country", code, "--json").stdout)
        people = json.loads(invoke("list", "people", "--country", code, "--json").stdout)
        orgs = json.loads(invoke("list", "agencies", "--country", code, "--json").stdout)
        assert row["events"] == len(events), code
        assert row["people"] == len(people), code
        assert row["organizations"] == len(orgs), code
    assert next(r for r in countries if r["code"] == "GE")["events"] == 2


@pytest.mark.parametrize(
    "name, code",
    [("تركيا", "TR"), ("O'zbekiston", "UZ"), ("O’zbekiston", "UZ"), ("Oʻzbekiston", "UZ"),
     ("ozbekiston", "UZ"), ("Turkiya", "TR")],
)  # fmt: skip
def test_country_names_the_readme_promises(name, code):
    result = invoke("list", "--country", name, "--json")
    assert result.code == 0, result.stderr
    assert {row["country"] for row in json.loads(result.stdout)} == {code}


@pytest.mark.parametrize(
    "args, needle",
    [
        (("--since", "2027", "--until", "2020"), "--since"),
        (("--partner", "Georgia"), "--partner"),
        (("--partner", "GE"), "--partner"),
    ],
)
def test_report_refuses_an_empty_period_and_itself_as_partner(args, needle):
    assert_clean_error(invoke("report", "--country", "GE", *args), 2, needle)


def test_an_unreadable_db_is_not_blamed_on_the_environment(db_copy, monkeypatch):
    real_access = os.access

    def no_read(path, mode, *args, **kwargs):  # as for a user without read permission
        if str(path) == str(db_copy) and mode & os.R_OK:
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", no_read)
    result = invoke("list", "--db", str(db_copy))
    assert_clean_error(result, 1, str(db_copy), "not readable")
    assert "env var" not in result.stderr


def test_import_reads_dev_null_and_a_pipe_and_names_a_directory(db_copy, tmp_path):
    result = invoke("import", "/dev/null", "--db", str(db_copy))
    assert result.code == 0, result.stderr
    assert "0 added" in result.stderr
    assert_clean_error(invoke("import", str(tmp_path), "--db", str(db_copy)), 1, "directory")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    record = {
        "type": "source",
        "id": "piped",
        "label": "Piped",
        "kind": "news",
        "url": "https://example.org/s",
        "language": "en",
    }

    def feed() -> None:
        with open(fifo, "w") as out:
            out.write(json.dumps(record) + "\n")

    writer = threading.Thread(target=feed)
    writer.start()
    result = invoke("import", str(fifo), "--db", str(db_copy))
    writer.join(timeout=30)
    assert result.code == 0, result.stderr
    assert "1 added" in result.stderr


def test_a_spelling_variant_is_not_labelled_exact():
    rows = json.loads(invoke("search", "Brugnonni", "--json").stdout)
    assert rows[0]["id"] == "giorgio-brugnoni" or "brugnoni" in rows[0]["id"]
    assert rows[0]["match"] != "exact"
    for query in ("Brugnoni", "Guven", "Güven", "GÜVEN", "Гювен"):
        assert json.loads(invoke("search", query, "--json").stdout)[0]["match"] == "exact", query


def test_no_color_leaves_no_bold_in_tables(monkeypatch):
    from filmreg.api import Registry
    from filmreg.cli.render.output import render

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("NO_COLOR", "1")
    out = Terminal()
    render(Registry().listing("agencies"), "table", None, out)
    assert "\x1b" not in out.getvalue()
    assert "Rashad Azizov" in out.getvalue()


def test_show_text_gives_role_and_source_ids_and_opens_a_source():
    text = invoke("show", "birol-guven").stdout
    assert "birol-guven/tr-cinema-directorate/director-general" in text
    assert re.search(r"\[trend-ru-4127769\]|trend-ru-4127769", text)
    result = invoke("show", SOURCE)
    assert result.code == 0, result.stderr
    assert result.stdout.startswith("Trend") or SOURCE in result.stdout.splitlines()[0]
    record = json.loads(invoke("show", SOURCE, "--json").stdout)
    assert record["type"] == "source" and record["id"] == SOURCE
    assert record["cited_by"]


def test_readme_examples_cite_sources_that_exist_and_name_graphviz():
    readme = (REPO / "README.md").read_text()
    block = readme[readme.index("## Keeping the registry current") :]
    block = block[: block.index("```\n\n")]
    cited = set(re.findall(r"--source ([\w-]+)", block))
    known = {r["id"] for r in json.loads(invoke("export").stdout) if r["type"] == "source"}
    defined = set(re.findall(r'"id": "([\w-]+)"', block))
    assert cited <= known | defined, cited - known - defined
    assert "Graphviz" in readme[readme.index("dot -Tsvg") - 400 : readme.index("dot -Tsvg") + 400]
