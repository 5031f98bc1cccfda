"""Shared fixtures: every test runs the real `filmreg` CLI against a real SQLite file."""

import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seed"
BUNDLED_DB = REPO / "data" / "registry.db"


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    """No test reads the developer's own settings or writes outside its temp dir: the user
    directory is FILMREG_HOME in the test's own temp dir, whatever XDG_CONFIG_HOME says."""
    monkeypatch.delenv("FILMREG_DB", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / ".local" / "share"))
    monkeypatch.setenv("FILMREG_HOME", str(tmp_path / "home" / "filmreg"))


@pytest.fixture
def user_db(tmp_path) -> Path:
    """Where the user's own database is in this test (under FILMREG_HOME)."""
    return tmp_path / "home" / "filmreg" / "registry.db"


def run_process(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> Result:
    """Run `python -m filmreg ARGS` in a child process, exactly as a user would."""
    proc = subprocess.run(
        [sys.executable, "-m", "filmreg", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env={**os.environ, **(env or {})},
        timeout=120,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def run(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> Result:
    """Run `filmreg ARGS` in this process with `env` added to the environment for the call:
    what a user would see, without a child process' start-up (tests of start-up, signals and
    the installed script use `run_process`)."""
    saved = {name: os.environ.get(name) for name in env or {}}
    os.environ.update(env or {})
    try:
        return invoke(*args, input=stdin)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture
def cli():
    return run


@pytest.fixture
def db_copy(tmp_path) -> Path:
    """A private copy of the bundled registry."""
    target = tmp_path / "registry.db"
    shutil.copyfile(BUNDLED_DB, target)
    return target


@pytest.fixture
def seed_copy(tmp_path) -> Path:
    target = tmp_path / "seed"
    shutil.copytree(SEED, target)
    return target


def query(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def assert_clean_error(result: Result, code: int, *needles: str) -> None:
    """A one-line message on stderr, the expected exit code, no traceback, nothing on stdout."""
    assert result.code == code, (result.code, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("filmreg: error: ")
    assert "internal error" not in lines[0], lines[0]
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    assert result.stdout == ""


def invoke(*args: str, input: str | bytes | None = None) -> Result:
    """Run `filmreg ARGS` in this process, through the same entry point as the command.

    For tests whose subject is not start-up: quicker than a child process, and the test can
    change module state (a lowered timeout, a folding rule) as a later release would.
    """
    from typer.testing import CliRunner

    from filmreg.cli.main import main

    code = 0
    with CliRunner().isolation(input=input) as (out, err, _):
        saved_argv = sys.argv
        sys.argv = ["filmreg", *args]
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            sys.argv = saved_argv
            sys.stdout.flush()
            sys.stderr.flush()
        stdout, stderr = out.getvalue(), err.getvalue()
    return Result(code, stdout.decode("utf-8", "replace"), stderr.decode("utf-8", "replace"))
