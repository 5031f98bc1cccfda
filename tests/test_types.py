"""`mypy --strict` passes on `src/filmreg` (config in pyproject.toml's [tool.mypy])."""

import subprocess
import sys
import tomllib
from pathlib import Path

from conftest import REPO


def test_mypy_strict_is_clean(tmp_path):
    mypy = Path(sys.executable).with_name("mypy")
    result = subprocess.run(
        [
            str(mypy),
            "--config-file",
            str(REPO / "pyproject.toml"),
            "--cache-dir",
            str(tmp_path / "mypy-cache"),  # the test writes nothing into the repository
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-5000:]
    assert "Success: no issues found" in result.stdout


def test_mypy_config_is_strict_over_the_whole_package():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["strict"] is True
    assert config["files"] == ["src/filmreg"]
    # Missing types are excused only for named third-party modules, never globally.
    assert "ignore_missing_imports" not in config
    for override in config.get("overrides", []):
        modules = override["module"]
        modules = [modules] if isinstance(modules, str) else modules
        assert not any(m.startswith("filmreg") for m in modules), modules
