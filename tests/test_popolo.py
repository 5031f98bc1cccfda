"""`export --format popolo` is valid Popolo: checked against the vendored draft-03 schemas."""

import json
from pathlib import Path

import pytest
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from conftest import BUNDLED_DB, query

POPOLO = Path(__file__).parent / "schemas" / "popolo"
BASE = "http://www.popoloproject.com/schemas/"
SCHEMA_OF = {
    "persons": "person.json",
    "organizations": "organization.json",
    "memberships": "membership.json",
    "events": "event.json",
}


def popolo_registry() -> Registry:
    """Every vendored schema under its id and its plain URL, so `$ref`s resolve offline."""
    resources = []
    for path in sorted(POPOLO.glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        Draft3Validator.check_schema(schema)
        resource = Resource.from_contents(schema, default_specification=DRAFT3)
        resources += [(schema["id"], resource), (BASE + path.name, resource)]
    return Registry().with_resources(resources)


@pytest.fixture(scope="module")
def export() -> dict:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "filmreg", "export", "--format", "popolo", "--db", str(BUNDLED_DB)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_every_item_validates_against_its_popolo_schema(export):
    registry = popolo_registry()
    assert set(export) == set(SCHEMA_OF)
    for collection, schema_file in SCHEMA_OF.items():
        schema = json.loads((POPOLO / schema_file).read_text(encoding="utf-8"))
        validator = Draft3Validator(schema, registry=registry)
        assert export[collection], collection
        for item in export[collection]:
            errors = [e.message for e in validator.iter_errors(item)]
            assert errors == [], (collection, item["id"], errors)


def test_the_schemas_do_reject_a_broken_link():
    schema = json.loads((POPOLO / "person.json").read_text(encoding="utf-8"))
    validator = Draft3Validator(schema, registry=popolo_registry())
    assert not validator.is_valid({"id": "x", "name": "X", "sources": [{"note": "no url"}]})


def test_popolo_holds_every_person_role_and_event_with_sources(export):
    assert len(export["persons"]) == query(BUNDLED_DB, "SELECT count(*) FROM people")[0][0]
    assert len(export["memberships"]) == query(BUNDLED_DB, "SELECT count(*) FROM roles")[0][0]
    assert len(export["events"]) == query(BUNDLED_DB, "SELECT count(*) FROM events")[0][0]
    for collection in SCHEMA_OF:
        for item in export[collection]:
            assert item["sources"], (collection, item["id"])
            assert all(link["url"] and link["note"] for link in item["sources"])
    memberships = {m["id"]: m for m in export["memberships"]}
    for role_id, person, org, title_en, start in query(
        BUNDLED_DB, "SELECT id, person_id, organization_id, title_en, start_date FROM roles"
    ):
        m = memberships[role_id]
        assert (m["person_id"], m["organization_id"]) == (person, org)
        assert m.get("start_date") == start
        if title_en:
            assert m["role"] == title_en
