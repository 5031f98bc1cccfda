"""The layers of `src/filmreg` import only downward; a wrong arrow fails here (and in CI)."""

import subprocess
import sys
from pathlib import Path

from conftest import REPO


def test_layers_import_only_downward():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--config", str(REPO / "pyproject.toml")],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "1 kept, 0 broken" in result.stdout


def test_every_layer_is_a_package_with_a_docstring():
    import importlib

    for layer in ("model", "store", "search", "queries", "formats", "cli", "cli.render"):
        module = importlib.import_module(f"filmreg.{layer}")
        assert module.__doc__ and module.__doc__.strip(), layer
