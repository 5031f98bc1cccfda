"""The library API: `filmreg.api.Registry` does what the command line does, reads and writes,
on a path or on an open connection, and names parameters (not options) in its errors."""

import io
import json
import sqlite3

import pytest

from conftest import query
from filmreg.api import Registry
from filmreg.model.errors import OptionError

ROLE = {
    "source": "trend-ru-4127769",
    "locator": "¶5",
    "quote": "Бирол Гювен",
}


def test_reads_on_a_path_and_as_a_context_manager(db_copy):
    with Registry(db_copy) as registry:
        heads = {o["id"]: o["current_heads"] for o in registry.organizations(country="Türkiye")}
        assert [h["name"] for h in heads["tr-cinema-directorate"]] == ["Birol Güven"]
        assert registry.show("Гювен")["id"] == "birol-guven"
        assert registry.report("TR")["country"]["code"] == "TR"
        conn = registry.conn
    with pytest.raises(sqlite3.ProgrammingError):  # closed on leaving the block
        conn.execute("SELECT 1")


def test_a_write_then_a_read_through_one_registry(db_copy):
    with Registry(db_copy) as registry:
        done = registry.add_role(
            "birol-guven", "az-film-agency", role="advisor", title="Советник", **ROLE
        )
        assert done.as_dict()["changed"] == [{"type": "person", "id": "birol-guven"}]
        assert done.database == db_copy
        roles = {r["id"] for r in registry.show("birol-guven")["roles"]}
        assert "birol-guven/az-film-agency/advisor" in roles
        ended = registry.end_role("birol-guven/az-film-agency/advisor", date="2026-06", **ROLE)
        assert ended.changed == [("person", "birol-guven")]
    assert query(
        db_copy, "SELECT status FROM roles WHERE id = 'birol-guven/az-film-agency/advisor'"
    ) == [("ended",)]


def test_an_open_connection_is_used_and_left_open(db_copy):
    conn = sqlite3.connect(db_copy, isolation_level=None)
    registry = Registry(conn)
    record = {
        "type": "source",
        "id": "api-source",
        "label": "A page",
        "url": "https://example.org/api",
        "language": "en",
        "kind": "news",
    }
    dry = registry.import_records([record], dry_run=True)
    assert dry.added == [("source", "api-source")] and dry.database is None
    assert query(db_copy, "SELECT count(*) FROM sources WHERE id = 'api-source'") == [(0,)]
    assert registry.import_records([record]).added == [("source", "api-source")]
    registry.close()
    assert conn.execute("SELECT count(*) FROM sources WHERE id = 'api-source'").fetchone() == (1,)
    conn.close()


def test_export_to_a_stream_round_trips_through_import(db_copy, tmp_path):
    out = io.StringIO()
    with Registry(db_copy) as registry:
        registry.export("jsonl", stream=out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    with Registry(tmp_path / "new.db") as fresh:
        assert len(fresh.import_records(records).added) == len(records)
        again = io.StringIO()
        fresh.export("jsonl", stream=again)
    assert again.getvalue() == out.getvalue()


def test_errors_name_parameters_and_the_cli_names_options(db_copy, cli):
    with Registry(db_copy) as registry, pytest.raises(OptionError) as caught:
        registry.listing("people", partner="TR")
    assert str(caught.value) == "partner applies to `list cooperations`"
    result = cli("list", "people", "--partner", "TR", "--db", str(db_copy))
    assert result.stderr.strip() == "filmreg: error: --partner applies to `list cooperations`"
