"""Hostile search input, generated with hypothesis, and the query plans behind search."""

import contextlib
import io
import json
import sqlite3
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BUNDLED_DB
from filmreg.cli.main import main
from filmreg.search.ranked import search

FTS_NOISE = st.sampled_from(
    [
        '"',
        "*",
        ":",
        "(",
        ")",
        "-",
        "+",
        "^",
        "NEAR(",
        " AND ",
        " OR ",
        " NOT ",
        "'",
        "\\",
        "[red]",
        "\x1b[31m",
        "\x00",
        "%",
        "_",
    ]
)
QUERIES = st.lists(st.one_of(st.text(max_size=12), FTS_NOISE), max_size=6).map("".join)


def run_in_process(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = ["filmreg", *args]
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.argv = argv
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(QUERIES)
def test_any_query_gives_a_list_or_a_clear_error(query):
    code, out, err = run_in_process("search", "--json", "--", query)
    assert "Traceback" not in err and "internal error" not in err
    if "\x00" in query:  # the OS cannot pass NUL in argv; in-process it must still not crash
        assert code in (0, 2)
    else:
        assert code == 0, err
    if code == 0:
        assert isinstance(json.loads(out), list)


@settings(max_examples=100, deadline=None)
@given(QUERIES)
def test_raw_queries_fail_cleanly(query):
    code, _, err = run_in_process("search", "--raw", "--json", "--", query)
    assert "Traceback" not in err and "internal error" not in err
    assert code in (0, 2)
    if code == 2:
        assert err.startswith("filmreg: error: ") and err.count("\n") == 1


def test_no_search_query_scans_a_table():
    """Every statement a search runs uses an index (no `SCAN <table>` in its plan)."""
    conn = sqlite3.connect(f"{BUNDLED_DB.as_uri()}?mode=ro", uri=True)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    for query in [
        "Гювен",
        "Güven",
        "Bliadez",
        "Агентства кино",
        "Blia",
        "Ra",
        "a",
        "Sayfulla Radzhabov",
        "kino",
    ]:
        search(conn, query, country="AZ")
        search(conn, query, role="advisor")
    conn.set_trace_callback(None)
    assert statements
    for sql in set(statements):
        plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql)]
        scans = [
            step
            for step in plan  # a list of values (a JSON array parameter) is not a table
            if step.startswith("SCAN ") and "CONSTANT" not in step and "json_each" not in step
        ]
        assert not scans, (sql, plan)
