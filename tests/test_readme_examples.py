"""The README's console examples print what the bundled registry prints.

Each `$ filmreg …` line of a ```console block whose output follows is run in a shell (the
examples pipe into jq and grep) with this environment's `filmreg` first on PATH, and every
printed line must appear in the real output. Examples that write, serve, or need a terminal
are left out; a line with `…` marks an elision and is not compared.
"""

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
# Commands that write, start a server, draw on a terminal or need a file of the reader's.
SKIPPED = ("serve", "import", "add ", "end ", "db ", "extract", "export", "completion", "dot -T")
TERMINAL_ONLY = ("filmreg list --country UZ",)  # shown as drawn on a terminal


def _complete(command: str) -> bool:
    try:
        shlex.split(command)
    except ValueError:
        return False
    return not command.endswith("\\")


def _examples() -> list[tuple[str, list[str]]]:
    found = []
    for block in re.findall(r"```console\n(.*?)```", README, re.S):
        lines = block.split("\n")
        i = 0
        while i < len(lines):
            if not lines[i].startswith("$ filmreg"):
                i += 1
                continue
            command = lines[i][2:]
            while not _complete(command) and i + 1 < len(lines):
                i += 1
                command = command.rstrip("\\") + " " + lines[i].strip()
            i += 1
            output = []
            while i < len(lines) and not lines[i].startswith("$ "):
                output.append(lines[i])
                i += 1
            command = re.sub(r"\s+#[^'\"]*$", "", command)
            expected = [x.rstrip() for x in output if x.strip() and "…" not in x]
            wanted = not command.startswith(TERMINAL_ONLY)
            if expected and wanted and not any(word in command for word in SKIPPED):
                found.append((command, expected))
    return found


EXAMPLES = _examples()


def test_the_readme_has_examples_to_check():
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_a_readme_example_prints_what_it_shows(command, expected, tmp_path):
    if "jq" in command and shutil.which("jq") is None:
        pytest.skip("jq is not installed")
    bindir = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        "PATH": bindir + os.pathsep + os.environ.get("PATH", ""),
        "FILMREG_HOME": str(tmp_path / "home"),  # no user database: the bundled registry
        "COLUMNS": "100",
        "NO_COLOR": "1",
    }
    result = subprocess.run(
        command, shell=True, capture_output=True, text=True, env=env, cwd=REPO, timeout=60
    )
    printed = [line.rstrip() for line in result.stdout.splitlines()]
    missing = [line for line in expected if line not in printed]
    assert not missing, f"{command}: the README shows lines it does not print: {missing}"
