"""The README documents every command and every JSON field the list views emit."""

import json
import re

import pytest

from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    """Every command the real app has, groups walked: `list`, `db path`, `add role`, …"""
    import typer.main

    from filmreg.cli.main import app

    found: list[str] = []

    def walk(group, prefix: str) -> None:
        for name, command in sorted(group.commands.items()):
            if getattr(command, "commands", None):
                walk(command, f"{prefix}{name} ")
            else:
                found.append(f"{prefix}{name}")

    walk(typer.main.get_command(app), "")
    return found


COMMANDS = _commands()


def test_the_command_list_is_the_real_one():
    wanted = {
        "list",
        "search",
        "show",
        "report",
        "import",
        "db path",
        "add role",
        "serve",
        "extract",
    }
    assert wanted <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_documented(cli, command):
    assert f"filmreg {command}" in README, f"the README never shows `filmreg {command}`"
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
