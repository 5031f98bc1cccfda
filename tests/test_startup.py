"""Read commands must not pay for heavy imports."""

import subprocess
import sys

HEAVY = (
    "rich",
    "sqlite_utils",
    "pycountry",
    "pydantic",
    "rapidfuzz",
    "snowballstemmer",
    # the `extract` extra: loaded only by `filmreg extract`
    "natasha",
    "navec",
    "slovnet",
    "numpy",
    "pymorphy2",
    "pymorphy3",
)


def loaded_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(out.split())


def test_importing_the_cli_loads_nothing_heavy():
    assert not {m for m in HEAVY} & loaded_after("import filmreg.cli.main")


def test_a_json_listing_loads_nothing_heavy():
    code = (
        "import sys, io, contextlib\n"
        "sys.argv = ['filmreg', 'list', 'people', '--json']\n"
        "from filmreg.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        main()\n    except SystemExit:\n        pass"
    )
    assert not {m for m in HEAVY} & loaded_after(code)
