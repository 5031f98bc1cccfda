"""Command-line options shared by the commands: the database (read and write), and the output
options every read command has (`output_options`)."""

import functools
import inspect
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from filmreg.model.errors import UsageError

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


TABLE_FORMATS = ("table", "json", "jsonl", "csv", "tsv")


@dataclass(frozen=True)
class Output:
    """How a read command writes: its format, resolved, and the fields asked for."""

    format: str
    fields_spec: str | None = None

    def fields(self, available: Iterable[str]) -> list[str] | None:
        """The fields `--fields` chose, in order; an unknown one lists those available."""
        if self.fields_spec is None:
            return None
        known = list(available)
        chosen = [name.strip() for name in self.fields_spec.split(",") if name.strip()]
        if not chosen:
            raise UsageError("--fields needs at least one field name")
        for name in chosen:
            if name not in known:
                raise UsageError(f"unknown field {name!r} (choose from: {', '.join(known)})")
        return chosen


def output_options(
    formats: tuple[str, ...] = TABLE_FORMATS,
    on_terminal: str = "table",
    piped: str = "tsv",
    fields: bool = True,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Give a read command the same output options as every other: `--format/-f FORMAT`,
    `--json` (short for `--format json`) and, for tabular views, `--fields A,B`; the command
    receives them resolved, as `output: Output` (as sqlite-utils' `output_options` does)."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        default = (
            on_terminal if on_terminal == piped else f"{on_terminal} on a terminal, {piped} piped"
        )
        extra = [
            _option(
                "fmt",
                str | None,
                None,
                "--format",
                "-f",
                metavar="FORMAT",
                help=f"{', '.join(formats)} (default: {default}).",
            ),
            _option("as_json", bool, False, "--json", help="Short for --format json."),
        ]
        if fields:
            help_fields = "Comma-separated fields to show, in order."
            extra.append(
                _option("fields", str | None, None, "--fields", metavar="A,B", help=help_fields)
            )
        signature = inspect.signature(command)
        kept = [p for p in signature.parameters.values() if p.name != "output"]

        @functools.wraps(command)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            fmt, as_json = kwargs.pop("fmt"), kwargs.pop("as_json")
            spec = kwargs.pop("fields", None) if fields else None
            if as_json and fmt not in (None, "json"):
                raise UsageError(f"--json conflicts with --format {fmt}")
            if as_json:
                fmt = "json"
            if fmt is None:
                fmt = on_terminal if sys.stdout.isatty() else piped
            if fmt not in formats:
                raise UsageError(f"unknown format {fmt!r} (choose from: {', '.join(formats)})")
            return command(*args, output=Output(fmt, spec), **kwargs)

        wrapper.__signature__ = signature.replace(parameters=[*kept, *extra])  # type: ignore[attr-defined]
        return wrapper

    return decorate


def _option(name: str, kind: Any, default: Any, *flags: str, **options: Any) -> inspect.Parameter:
    return inspect.Parameter(
        name,
        inspect.Parameter.KEYWORD_ONLY,
        default=default,
        annotation=Annotated[kind, typer.Option(*flags, **options)],
    )
