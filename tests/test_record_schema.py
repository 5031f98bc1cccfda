"""schemas/record.schema.json against the code: the examples, the real export, the import CLI.

The schema is written by hand; these tests keep it in step with `filmreg.model.rules` (the rules)
and `filmreg.store.dump` (the shape `export` writes). Cross-record rules (ids unique, references
resolve, codes in ISO 3166-1) are the code's alone; the schema's description lists them.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from conftest import run
from filmreg.model import vocabulary
from filmreg.model.rules import (
    EVENT_TOPIC_FIELDS,
    EVIDENCE_FIELDS,
    FIELDS,
    NAME_FIELDS,
    PARTICIPATION_FIELDS,
    PARTY_FIELDS,
    ROLE_FIELDS,
    TYPES,
)

REPO = Path(__file__).resolve().parent.parent
SCHEMA_PATH = REPO / "schemas" / "record.schema.json"
VALID = REPO / "schemas" / "examples" / "valid.jsonl"
INVALID = REPO / "schemas" / "examples" / "invalid.jsonl"

SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
DEFS = SCHEMA["$defs"]

# What the one-line error of `filmreg import` must mention for each line of invalid.jsonl, so
# that a line is refused for the fault it shows (not, say, a dangling reference).
EXPECTED_ERRORS = {
    "invalid-missing-source": "no source",
    "invalid-missing-label": "'label'",
    "invalid-date-dotted": "'published'",
    "invalid-date-month-13": "'start_date'",
    "invalid-date-non-ascii-digits": "published",
    "invalid-unknown-type": "unknown record type",
    "invalid-missing-type": "'type'",
    "invalid-unknown-field": "'budget'",
    "invalid-organization-kind": "'kind'",
    "invalid-country-alias-with-id": "'id'",
    "invalid-country-lowercase": "'country'",
    "invalid-blank-name": "'name'",
    "invalid-topic-name-without-locator": "'locator'",
    "invalid-no-evidence": "no evidence",
    "invalid-name-without-lang": "'lang'",
    "invalid-evidence-names-unknown-field": "'colour'",
    "invalid-role-enum": "'role'",
    "invalid-current-role-with-end-date": "contradicts end_date",
    "invalid-role-without-locator": "'locator'",
    "invalid-participation-capacity": "'capacity'",
    "invalid-one-party": "'parties'",
    "invalid-duplicate-topic": "topic",
    "invalid-evidence-without-quote": "no quote",
    "invalid-source-without-url": "'url'",
    "invalid-source-research-notes": "'kind'",
    "invalid-quote-too-long": "'quote'",
    "invalid-membership-without-member": "needs a member",
}


def _lines(path: Path) -> list[tuple[str, str]]:
    """(readable id, line) for every non-blank line: the record's id, else its alias."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        record = json.loads(line)
        label = record.get("id") or record.get("alias") if isinstance(record, dict) else None
        found.append((str(label or f"line-{number}"), line))
    return found


VALID_LINES = _lines(VALID)
INVALID_LINES = _lines(INVALID)


def _filmreg(home: Path, *args: str) -> subprocess.CompletedProcess:
    """`filmreg ARGS` with its own user directory `home` (no user database from elsewhere)."""
    result = run(*args, env={"FILMREG_HOME": str(home / "filmreg")})
    return subprocess.CompletedProcess(args, result.code, result.stdout, result.stderr)


VALIDATOR = Draft202012Validator(SCHEMA)


def _errors(record: object) -> list[str]:
    """The schema's complaints about `record`, each with the path to the field."""
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in VALIDATOR.iter_errors(record)
    ]


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory) -> Path:
    """A new database holding only valid.jsonl, for the invalid lines to be refused against."""
    base = tmp_path_factory.mktemp("examples")
    db = base / "examples.db"
    result = _filmreg(base / "home", "import", str(VALID), "--db", str(db))
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture(scope="module")
def bundled_export(tmp_path_factory) -> list[dict]:
    """The records of the bundled registry, as `filmreg export --format jsonl` writes them."""
    home = tmp_path_factory.mktemp("export") / "home"
    result = _filmreg(home, "export", "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


# (a) the schema itself


def test_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_lists_the_record_types_and_their_fields():
    assert SCHEMA["properties"]["type"]["enum"] == list(TYPES)
    for kind in TYPES:
        assert list(DEFS[kind]["properties"]) == ["type", *FIELDS[kind]], kind
        assert DEFS[kind]["properties"]["type"] == {"const": kind}
        assert DEFS[kind]["additionalProperties"] is False
    for name, fields in (
        ("role", ROLE_FIELDS),
        ("nameProperties", NAME_FIELDS),
        ("evidenceItem", EVIDENCE_FIELDS),
        ("eventTopic", EVENT_TOPIC_FIELDS),
        ("participation", PARTICIPATION_FIELDS),
        ("party", PARTY_FIELDS),
    ):
        assert list(DEFS[name]["properties"]) == list(fields), name
        assert DEFS[name]["additionalProperties"] is False


def test_evidence_may_name_only_fields_of_its_record():
    owners = {kind: FIELDS[kind] for kind in TYPES if "evidence" in FIELDS[kind]}
    owners["role"] = ROLE_FIELDS
    for owner, fields in owners.items():
        named = DEFS[f"{owner}Evidence"]["properties"]["fields"]["items"]["enum"]
        assert named == list(fields), owner


@pytest.mark.parametrize(
    ("where", "vocabulary_name"),
    [
        ("source/kind", "SOURCE_KINDS"),
        ("organization/kind", "ORGANIZATION_KINDS"),
        ("nameProperties/kind", "NAME_KINDS"),
        ("role/role", "ROLES"),
        ("role/status", "ROLE_STATUSES"),
        ("cooperation/status", "COOPERATION_STATUSES"),
        ("event/kind", "EVENT_KINDS"),
        ("participation/capacity", "CAPACITIES"),
        ("cooperation/kind", "COOPERATION_KINDS"),
        ("party/role", "PARTY_ROLES"),
    ],
)
def test_controlled_lists_match_the_vocabulary(where, vocabulary_name):
    definition, field = where.split("/")
    spec = DEFS[definition]["properties"][field]
    enum = spec["enum"] if "enum" in spec else spec["anyOf"][0]["enum"]  # optional: or null
    assert enum == sorted(getattr(vocabulary, vocabulary_name))


def test_every_controlled_list_is_in_the_schema():
    # Subsets the queries use (coverage, retired kinds) are not fields of a record.
    derived = {"FILM_BODY_KINDS", "TREATY_KINDS", "MULTILATERAL_KINDS", "RETIRED_SOURCE_KINDS"}
    lists = {
        name
        for name in dir(vocabulary)
        if isinstance(getattr(vocabulary, name), frozenset) and name not in derived
    }
    text = json.dumps(SCHEMA)
    for name in lists:
        assert json.dumps(sorted(getattr(vocabulary, name))) in text, name


# (b) and (c) the examples


@pytest.mark.parametrize("line", [line for _, line in VALID_LINES], ids=[i for i, _ in VALID_LINES])
def test_valid_example_validates(line):
    assert _errors(json.loads(line)) == []


def test_valid_examples_cover_every_type():
    assert {json.loads(line)["type"] for _, line in VALID_LINES} == set(TYPES)


@pytest.mark.parametrize(
    "line", [line for _, line in INVALID_LINES], ids=[i for i, _ in INVALID_LINES]
)
def test_invalid_example_fails_validation(line):
    assert _errors(json.loads(line)), "the schema accepts a record filmreg refuses"


def test_every_invalid_example_says_what_it_breaks():
    assert [label for label, _ in INVALID_LINES] == list(EXPECTED_ERRORS)


# (d) the real export


def test_bundled_export_validates(bundled_export):
    assert {record["type"] for record in bundled_export} == set(TYPES)
    problems = {
        f"{record['type']} {record.get('id', record.get('alias'))}": errors
        for record in bundled_export
        if (errors := _errors(record))
    }
    assert problems == {}


def test_bundled_export_writes_every_field(bundled_export):
    for record in bundled_export:
        assert list(record) == ["type", *FIELDS[record["type"]]]


# (e) the import CLI


def test_import_of_valid_examples_adds_them_all(tmp_path):
    db = tmp_path / "x.db"
    result = _filmreg(tmp_path / "home", "import", str(VALID), "--db", str(db), "--json")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    outcome = json.loads(result.stdout)
    assert len(outcome["added"]) == len(VALID_LINES)
    exported = _filmreg(tmp_path / "home", "export", "--format", "jsonl", "--db", str(db))
    assert exported.returncode == 0, exported.stderr
    records = [json.loads(line) for line in exported.stdout.splitlines()]
    assert len(records) == len(VALID_LINES)
    assert [_errors(record) for record in records] == [[] for _ in records]
    again = _filmreg(tmp_path / "home", "import", str(VALID), "--db", str(db), "--json")
    assert again.returncode == 0, again.stderr
    assert len(json.loads(again.stdout)["unchanged"]) == len(VALID_LINES)


@pytest.mark.parametrize(
    ("label", "line"), INVALID_LINES, ids=[label for label, _ in INVALID_LINES]
)
def test_import_refuses_invalid_example(label, line, examples_db, tmp_path):
    db = tmp_path / "x.db"
    shutil.copyfile(examples_db, db)
    file = tmp_path / f"{label}.jsonl"
    file.write_text(line + "\n", encoding="utf-8")
    result = _filmreg(tmp_path / "home", "import", str(file), "--db", str(db))
    assert result.returncode != 0, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("filmreg: error: ")
    assert "internal error" not in lines[0]
    assert EXPECTED_ERRORS[label] in lines[0]
    assert result.stdout == ""
