"""`filmreg graph`: Mermaid checked structurally, DOT through Graphviz's `dot`."""

import json
import os
import re
import shutil
import subprocess

import pytest

from conftest import assert_clean_error

NODE = re.compile(r'^  ([A-Z]{2})\["([^"]*)"\]$')
EDGE = re.compile(r'^  ([A-Z]{2}) ---\|"([^"]+)"\| ([A-Z]{2})$')


def test_mermaid_structure(cli):
    result = cli("graph", "--format", "mermaid")
    assert result.code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "graph LR"
    nodes, edges = {}, []
    for line in lines[1:]:
        if m := NODE.match(line):
            nodes[m[1]] = m[2]
        elif m := EDGE.match(line):
            edges.append((m[1], m[3], m[2]))
        else:
            pytest.fail(f"not a Mermaid node or edge: {line!r}")
    assert {
        "AZ": "Azerbaijan",
        "GE": "Georgia",
        "IT": "Italy",
        "PK": "Pakistan",
        "TR": "Türkiye",
        "UZ": "Uzbekistan",
    }.items() <= nodes.items()
    assert all(a in nodes and b in nodes for a, b, _ in edges)
    assert ("IT", "TR", "discussion ×1, treaty ×1") in edges


def test_mermaid_neighbourhood(cli):
    lines = cli("graph", "--country", "Italy").stdout.splitlines()
    edges = [EDGE.match(line) for line in lines if EDGE.match(line)]
    assert edges and all("IT" in (m[1], m[3]) for m in edges)
    # One edge for each of Italy's partners in its report.
    partners = json.loads(cli("report", "--country", "IT", "--json").stdout)["partners"]
    assert len(edges) == len(partners)


def _dot():
    path = shutil.which("dot")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Graphviz `dot` is missing: .ci/run should install it")
        pytest.skip("Graphviz `dot` is not installed")
    return path


def test_dot_renders_to_svg(cli, tmp_path):
    dot = _dot()
    result = cli("graph", "--format", "dot")
    assert result.code == 0
    svg = subprocess.run([dot, "-Tsvg"], input=result.stdout, capture_output=True, text=True)
    assert svg.returncode == 0, svg.stderr
    assert "<svg" in svg.stdout
    assert "Türkiye" in svg.stdout and "treaty ×1" in svg.stdout


def test_dot_neighbourhood_is_valid(cli):
    dot = _dot()
    result = cli("graph", "--format", "dot", "--country", "GE")
    checked = subprocess.run([dot, "-Tcanon"], input=result.stdout, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    edges = re.findall(r'"?(\w\w)"? -- "?(\w\w)"?', result.stdout)
    assert edges and all("GE" in pair for pair in edges)


def test_bad_graph_input(cli):
    assert_clean_error(cli("graph", "--format", "png"), 2, "unknown graph format 'png'")
    assert_clean_error(cli("graph", "--country", "Mordor"), 2, "unknown country")
