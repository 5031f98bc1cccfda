"""Command-line options shared by the read commands (`cli.py`) and the write commands
(`writecli.py`), so that both describe the database the same way."""

from pathlib import Path
from typing import Annotated

import typer

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        envvar="FILMREG_DB",
        show_envvar=True,
        metavar="PATH",
        help="Registry database to read (default: your own if you have one, else the bundled).",
        readable=False,  # checked by filmreg itself, with a message that names the real cause
    ),
]
WriteDbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        envvar="FILMREG_DB",
        show_envvar=True,
        metavar="PATH",
        help="Registry database to change (default: your own, made from the bundled one).",
        readable=False,
    ),
]


def flag(parameter: str) -> str:
    """The command-line option of a library parameter: `since` -> `--since`."""
    return "--" + parameter.replace("_", "-")
