"""Counts and filters give the right answer however large the registry is."""

import json
import sqlite3
from pathlib import Path

import pytest

from conftest import BUNDLED_DB, assert_clean_error, invoke, query

# A fragment of the cited source that states the fact (every fact carries one).
QUOTE = "as the source states it"

SOURCE = "trend-ru-4127769"


def _events(n: int, prefix: str = "ev") -> list[dict]:
    return [
        {
            "type": "event",
            "id": f"{prefix}-{i}",
            "name": f"Meeting {i}",
            "kind": "meeting",
            "start_date": f"20{10 + i // 12:02d}-{i % 12 + 1:02d}-01",
            "evidence": [{"source": SOURCE, "locator": f"¶{i}", "quote": QUOTE}],
            "topics": [
                {"topic": "co-production", "source": SOURCE, "locator": f"¶{i}", "quote": QUOTE}
            ],
            "participations": [
                {
                    "person": "mamuka-bliadze",
                    "capacity": "speaker",
                    "organization": "ge-national-film-center",
                    "source": SOURCE,
                    "locator": f"¶{i}",
                    "quote": QUOTE,
                }
            ],
        }
        for i in range(n)
    ]


def _import(db: Path, records: list[dict], tmp_path: Path) -> None:
    file = tmp_path / "batch.jsonl"
    file.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    result = invoke("import", str(file), "--db", str(db))
    assert result.code == 0, result.stderr


def test_report_topic_counts_cover_every_event_not_only_those_shown(db_copy, tmp_path):
    _import(db_copy, _events(60), tmp_path)
    report = json.loads(invoke("report", "--country", "GE", "--json", "--db", str(db_copy)).stdout)
    expected = query(
        db_copy,
        """SELECT count(DISTINCT ec.event_id) FROM event_countries ec
           JOIN event_topics et ON et.event_id = ec.event_id
           WHERE ec.country = 'GE' AND et.topic_id = 'co-production'""",
    )[0][0]
    assert expected > 60
    assert len(report["events"]) == 50 and report["events_total"] > 60
    topic = next(t for t in report["topics"] if t["id"] == "co-production")
    assert topic["events"] == expected
    since = json.loads(
        invoke(
            "report", "--country", "GE", "--since", "2014", "--json", "--db", str(db_copy)
        ).stdout
    )
    topic = next(t for t in since["topics"] if t["id"] == "co-production")
    assert topic["events"] == expected - 48  # the meetings of 2010 to 2013 are left out


def _people(n: int) -> list[dict]:
    return [
        {
            "type": "person",
            "id": f"many-{i}",
            "name": f"Many Person {i}",
            "names": [{"name": f"Многий {i}", "lang": "ru", "kind": "source", "source": SOURCE,
                       "locator": "¶1", "quote": QUOTE}],
            "evidence": [{"source": SOURCE, "locator": "¶1", "quote": QUOTE}],
            "roles": [{"id": f"many-{i}/ge", "organization": "ge-national-film-center",
                       "role": "staff", "title": "Expert", "status": "current",
                       "source": SOURCE, "locator": "¶1", "quote": f"Многий {i}, Expert"}],
        }
        for i in range(n)
    ]  # fmt: skip


def test_listings_do_not_depend_on_the_sql_variable_limit(db_copy, tmp_path):
    from filmreg.api import Registry

    _import(db_copy, _people(300) + _events(120, "many-ev"), tmp_path)
    registry = Registry(db_copy)
    registry.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 100)
    people = registry.people()
    assert len(people) == 300 + query(BUNDLED_DB, "SELECT count(*) FROM people")[0][0]
    many = next(p for p in people if p["id"] == "many-7")
    assert many["other_names"] == ["Многий 7"] and many["roles"][0]["id"] == "many-7/ge"
    assert len(registry.events(country="GE")) == 122
    assert (
        len(registry.organizations())
        == query(BUNDLED_DB, "SELECT count(*) FROM organizations")[0][0]
    )
    assert len(registry.search("Many Person", limit=None)) >= 300
    assert registry.show("ge-national-film-center")["people"]
    report = registry.report("GE")
    assert report["events_total"] == 122


@pytest.mark.parametrize(
    "kind, record, needle",
    [
        (
            "person",
            {"id": "x", "name": "X",
             "evidence": [{"source": SOURCE, "locator": "¶1", "quote": QUOTE}],
             "roles": [{"id": "x/r", "organization": "az-film-agency", "role": "staff",
                        "title": "T", "status": "ended", "start_date": "2025-05",
                        "end_date": "2024", "source": SOURCE, "locator": "¶1", "quote": QUOTE}]},
            "end_date",
        ),
        (
            "event",
            {"id": "e", "name": "E", "kind": "meeting", "start_date": "2025-12-09",
             "end_date": "2025-12-08",
              "evidence": [{"source": SOURCE, "locator": "¶1", "quote": QUOTE}]},
            "end_date",
        ),
        (
            "cooperation",
            {"id": "c", "kind": "memorandum", "title": "M", "date": "2025-06-01",
             "end_date": "2025-01", "parties": [{"country": "AZ", "role": "party"},
                         {"country": "GE", "role": "party"}],
             "evidence": [{"source": SOURCE, "locator": "¶1", "quote": QUOTE}]},
            "end_date",
        ),
    ],
)  # fmt: skip
def test_an_end_before_the_start_is_refused_for_every_way_in(
    db_copy, tmp_path, kind, record, needle
):
    before = db_copy.read_bytes()
    file = tmp_path / "bad.jsonl"
    file.write_text(json.dumps({"type": kind, **record}) + "\n")
    result = invoke("import", str(file), "--db", str(db_copy))
    assert_clean_error(result, 1, needle, "before")
    assert db_copy.read_bytes() == before
    if kind == "person":  # and as CSV rows
        csv_file = tmp_path / "bad.csv"
        csv_file.write_text(
            "person_id,name,organization,role,title,status,start_date,end_date,source,locator\n"
            f"x,X,az-film-agency,staff,T,ended,2025-05,2024,{SOURCE},¶1\n"
        )
        assert_clean_error(invoke("import", str(csv_file), "--db", str(db_copy)), 1, "before")
    assert db_copy.read_bytes() == before


def test_partial_dates_that_may_overlap_are_not_refused(db_copy, tmp_path):
    record = {"type": "event", "id": "e", "name": "E", "kind": "meeting",
              "start_date": "2025-12-09", "end_date": "2025-12",
              "evidence": [{"source": SOURCE, "locator": "¶1", "quote": QUOTE}]}  # fmt: skip
    _import(db_copy, [record], tmp_path)
