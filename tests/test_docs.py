"""The README documents every command and every JSON field the list views emit."""

import json
import re

import pytest

from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "command", ["list", "search", "show", "report", "graph", "build", "db path", "extract"]
)
def test_every_command_is_documented(cli, command):
    assert f"filmreg {command}" in README
    assert cli(*command.split(), "--help").code == 0


@pytest.mark.parametrize("subject", ["agencies", "people", "events", "cooperations", "countries"])
def test_every_list_field_is_documented(cli, subject):
    rows = json.loads(cli("list", subject, "--json").stdout)
    section = README.split(f"**`list {subject}`**")[1].split("**`")[0]
    for field in rows[0]:
        assert re.search(rf"`{field}`", section), (subject, field)


def test_the_readme_commands_are_the_ci_command():
    ci = (REPO / ".ci" / "run").read_text()
    command = (
        "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]'"
        " && .venv/bin/python -m pytest"
    )
    assert command in README
    assert command in ci
