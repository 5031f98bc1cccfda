"""The `filmreg` command line: parses arguments, calls `filmreg.api`, renders the result.

No SQL and no business rules live here. Heavy modules (rich, sqlite_utils, pycountry) are
imported only by the commands that need them, so read commands start fast.
"""

import sqlite3
import sys
from pathlib import Path
from typing import Annotated

import typer

from filmreg import __version__
from filmreg.cli.options import DbOption
from filmreg.model.errors import FilmregError, UsageError

app = typer.Typer(
    name="filmreg",
    help="A sourced registry of state film agencies, their people, events and cooperation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
db_app = typer.Typer(
    help="Your own database: where it is, reset, sync, upgrade.", no_args_is_help=True
)
app.add_typer(db_app, name="db")

CountryOption = Annotated[
    str | None,
    typer.Option(
        "--country",
        "-c",
        metavar="COUNTRY",
        help="Any country name or code: TR, TUR, 792, Turkey, Türkiye, Турция.",
    ),
]
LimitOption = Annotated[
    int | None, typer.Option("--limit", "-n", metavar="N", help="Show at most N rows.")
]
FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="table, json, jsonl, csv or tsv (default: table on a terminal, tsv when piped).",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Short for --format json.")]
FieldsOption = Annotated[
    str | None,
    typer.Option("--fields", metavar="A,B", help="Comma-separated fields to show, in order."),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"filmreg {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """A sourced registry of state film agencies, their people, events and cooperation.

    Examples:

      filmreg list --country Uzbekistan

      filmreg list people --role advisor --json | jq '.[].name'

      filmreg search Гювен
    """


@app.command("list")
def list_command(
    what: Annotated[
        str,
        typer.Argument(
            metavar="[agencies|people|events|cooperations|countries]",
            help="What to list (default: agencies).",
        ),
    ] = "agencies",
    country: CountryOption = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            help="Organization kind (film_agency, ministry, …), "
            "event kind (festival, programme, panel, …) "
            "or cooperation kind (treaty, memorandum, …).",
        ),
    ] = None,
    partner: Annotated[
        str | None,
        typer.Option(
            "--partner",
            "-p",
            metavar="COUNTRY",
            help="list cooperations: only those this country is also a party to.",
        ),
    ] = None,
    missing: Annotated[
        str | None,
        typer.Option(
            "--missing",
            metavar="GAP",
            help="list countries: only those with no known body, head, treaty or membership.",
        ),
    ] = None,
    role: Annotated[
        str | None,
        typer.Option(
            "--role",
            "-r",
            help="People with a role of this kind: head, deputy_head, "
            "advisor, representative, department_head, staff.",
        ),
    ] = None,
    limit: LimitOption = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    fields: FieldsOption = None,
    db: DbOption = None,
) -> None:
    """List agencies (with their current heads), people, events, cooperations or countries.

    Examples:

      filmreg list --country TR

      filmreg list cooperations --country Italy --partner France --kind treaty

      filmreg list countries --missing head

      filmreg list people --role advisor --json

      filmreg list events --fields id,name,start_date --format csv
    """
    from filmreg.api import Registry
    from filmreg.cli.render.output import choose_format, empty_hint, parse_fields, render

    out_format = choose_format(fmt, as_json, sys.stdout)
    result = Registry(db).listing(
        what,
        country=country,
        kind=kind,
        role=role,
        limit=limit,
        partner=partner,
        missing=missing,
    )
    render(result, out_format, parse_fields(fields, result.fields))
    _hint_if_empty(empty_hint(result))


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words of a name, in any script or spelling.")],
    entity_type: Annotated[
        list[str] | None,
        typer.Option(
            "--type",
            "-t",
            metavar="TYPE",
            help="Only person, organization, event or topic (repeatable).",
        ),
    ] = None,
    country: CountryOption = None,
    role: Annotated[
        str | None, typer.Option("--role", "-r", help="Only people with a role of this kind.")
    ] = None,
    raw: Annotated[
        bool, typer.Option("--raw", help="Treat QUERY as SQLite FTS5 syntax (AND, OR, NEAR, *).")
    ] = False,
    limit: LimitOption = 20,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    fields: FieldsOption = None,
    db: DbOption = None,
) -> None:
    """Find people, organizations, events and topics by any of their names.

    Cyrillic and Latin, with or without diacritics, inflected or misspelt.

    Examples:

      filmreg search Гювен

      filmreg search "Rəşad Əzizov" --json

      filmreg search kino --type organization --country AZ
    """
    from filmreg.api import Registry
    from filmreg.cli.render.output import choose_format, empty_hint, parse_fields, render

    out_format = choose_format(fmt, as_json, sys.stdout)
    result = Registry(db).search_listing(
        query, types=entity_type, country=country, role=role, limit=limit, raw=raw
    )
    render(result, out_format, parse_fields(fields, result.fields))
    _hint_if_empty(empty_hint(result, query=query))


@app.command()
def show(
    target: Annotated[str, typer.Argument(metavar="ID|NAME", help="An id, a country, or a name.")],
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", metavar="FORMAT", help="text or json (default: text)."),
    ] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Show the full record of a person, organization, event, topic or country.

    Every fact is followed by the sources it rests on.

    Examples:

      filmreg show birol-guven

      filmreg show Блиадзе --json

      filmreg show Georgia
    """
    from filmreg.api import Registry
    from filmreg.cli.render.record import render_record
    from filmreg.formats.tabular import dump_json

    if fmt not in (None, "text", "json"):
        raise UsageError(f"unknown format {fmt!r} for show (choose from: text, json)")
    rec = Registry(db).show(target)
    if as_json or fmt == "json":
        dump_json(rec, sys.stdout)
    else:
        render_record(rec, sys.stdout)


@app.command()
def report(
    country: Annotated[
        str | None,
        typer.Option(
            "--country",
            "-c",
            metavar="COUNTRY",
            help="The country to report on (any name or code). Without it: the whole network.",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            help="Only links and events from DATE on (YYYY, YYYY-MM or YYYY-MM-DD).",
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="DATE", help="Only links and events up to DATE."),
    ] = None,
    partner: Annotated[
        str | None,
        typer.Option("--partner", "-p", metavar="COUNTRY", help="Only the links with COUNTRY."),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", metavar="FORMAT", help="text, md or json (default: text)."),
    ] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Who works with whom: one country's bodies, events, partners, topics and sources.

    Partners are ranked with explicit cooperation records above co-participation at events.

    Examples:

      filmreg report --country Azerbaijan

      filmreg report --country TR --partner IT --format md

      filmreg report --since 2025 --json
    """
    from filmreg.api import Registry
    from filmreg.cli.render.report import render_country_report, render_network
    from filmreg.formats.tabular import dump_json

    if fmt not in (None, "text", "md", "json"):
        raise UsageError(f"unknown format {fmt!r} for report (choose from: text, md, json)")
    if as_json and fmt not in (None, "json"):
        raise UsageError(f"--json conflicts with --format {fmt}")
    out = "json" if as_json else (fmt or "text")
    registry = Registry(db)
    if country is None:
        if partner is not None:
            raise UsageError("--partner needs --country")
        edges = registry.network(since=since, until=until)
        if out == "json":
            dump_json(edges, sys.stdout)
        else:
            render_network(edges, sys.stdout, markdown=out == "md")
        return
    result = registry.report(country, since=since, until=until, partner=partner)
    if out == "json":
        dump_json(result, sys.stdout)
    else:
        render_country_report(result, sys.stdout, markdown=out == "md")
    from filmreg.queries.report import is_empty

    if is_empty(result):
        name = result["country"]["name"]
        sys.stderr.write(f"filmreg: note: no records name {name} (in this period)\n")


@app.command()
def graph(
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="mermaid or dot.")
    ] = "mermaid",
    country: Annotated[
        str | None,
        typer.Option("--country", "-c", metavar="COUNTRY", help="Only COUNTRY's links."),
    ] = None,
    db: DbOption = None,
) -> None:
    """The cooperation network as Mermaid (for GitHub Markdown) or Graphviz DOT.

    Examples:

      filmreg graph --format mermaid

      filmreg graph --format dot --country GE | dot -Tsvg > georgia.svg
    """
    from filmreg.api import Registry

    sys.stdout.write(Registry(db).graph(fmt, country=country))


@app.command()
def build(
    seed: Annotated[
        Path, typer.Option("--seed", metavar="DIR", help="Directory of seed TOML files.")
    ] = Path("seed"),
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="PATH", help="Database file to write.")
    ] = Path("data/registry.db"),
) -> None:
    """Validate seed/ and build the registry database from it, deterministically.

    Example: filmreg build --seed seed --output data/registry.db
    """
    from filmreg.formats.build import build as build_registry

    counts = build_registry(seed, output)
    summary = ", ".join(f"{n} {t}" for t, n in counts.items() if n and not t.startswith("search"))
    typer.echo(f"built {output}: {summary}", err=True)


@db_app.command("path")
def db_path(db: DbOption = None) -> None:
    """Print the database in use, and why it is the one."""
    from filmreg.store.paths import resolve_database

    location = resolve_database(db)
    typer.echo(str(location.path))
    typer.echo(f"(from {location.described})", err=True)
    if location.is_user_database:
        from filmreg.store.curation import bundled_is_newer

        if bundled_is_newer(location.path):
            typer.echo(
                "The bundled registry has changed since your copy last took it in: "
                "`filmreg db sync` takes its new and updated records.",
                err=True,
            )


from filmreg.cli.write import register  # noqa: E402  (the write commands)

register(app, db_app)

from filmreg.cli.extract import register as register_extract  # noqa: E402

register_extract(app)


def _hint_if_empty(hint: str | None) -> None:
    if hint and sys.stderr.isatty():
        typer.echo(f"{hint}.", err=True)


def _fail(message: str, code: int) -> None:
    sys.stderr.write(f"filmreg: error: {_fit(message)}\n")
    raise SystemExit(code)


LONGEST_WORD = 120  # characters of one unbroken run (an echoed argument) shown in an error
LONGEST_MESSAGE = 480


def _fit(message: str) -> str:
    """One line, safe on a terminal, of sane length: control and bidi characters escaped, a
    long echoed argument cut in the middle, the message's end (what to do) kept."""
    import re

    from filmreg.cli.render.output import visible

    message = re.sub(
        rf"\S{{{LONGEST_WORD + 1},}}",
        lambda m: f"{m.group()[:80]}…[{len(m.group())} characters]",
        visible(message),
    )
    if len(message) > LONGEST_MESSAGE:
        message = message[: LONGEST_MESSAGE - 120] + " … " + message[-100:]
    return message


def main() -> None:
    """Entry point: one line on stderr and a documented exit code for every error."""
    from typer._click import exceptions as click_exceptions  # typer 0.28 vendors click

    try:
        code = app(standalone_mode=False)
    except FilmregError as exc:
        _fail(str(exc), exc.exit_code)
    except click_exceptions.UsageError as exc:
        _fail(exc.format_message().replace("\n", " "), 2)
    except click_exceptions.ClickException as exc:
        _fail(exc.format_message().replace("\n", " "), exc.exit_code)
    except typer.Abort:
        _fail("aborted", 1)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except sqlite3.DatabaseError as exc:  # met after opening: a lock taken since, or damage
        from filmreg.store.database import is_busy

        if is_busy(exc):
            _fail("the database is busy: another filmreg is writing to it; try again", 1)
        _fail(f"the database cannot be read ({exc}); it may be damaged", 1)
    except Exception as exc:  # a bug: say so in one line; FILMREG_DEBUG=1 shows the traceback
        import os

        if os.environ.get("FILMREG_DEBUG"):
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (set FILMREG_DEBUG=1 for details)", 1)
    finally:
        _quiet_broken_pipe()
    raise SystemExit(code if isinstance(code, int) else 0)


def _quiet_broken_pipe() -> None:
    """When the reader of stdout went away (`| head`), exit without a second traceback."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
