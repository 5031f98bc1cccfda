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
from filmreg.cli.options import DbOption, Output, flag, output_options
from filmreg.model.errors import FilmregError, OptionError, UsageError

app = typer.Typer(
    name="filmreg",
    help="A sourced registry of state film agencies, their people, events and cooperation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},  # children inherit it
)
db_app = typer.Typer(
    help="Your own database: where it is, reset, sync, upgrade.", no_args_is_help=True
)
app.add_typer(db_app, name="db")

COMPLETE_VAR = "_FILMREG_COMPLETE"  # set by the completion scripts `filmreg completion` prints


def complete_country(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion of a country: codes and English names that start with what is typed."""
    from filmreg.api import Registry

    try:
        return Registry(ctx.params.get("db")).country_completions(incomplete)
    except Exception:  # a completion never prints an error into the shell
        return []


CountryOption = Annotated[
    str | None,
    typer.Option(
        "--country",
        "-c",
        metavar="COUNTRY",
        help="Any country name or code: TR, TUR, 792, Turkey, Türkiye, Турция.",
        autocompletion=complete_country,
    ),
]
LimitOption = Annotated[
    int | None, typer.Option("--limit", "-n", metavar="N", help="Show at most N rows.")
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="As things stood on DATE (YYYY, YYYY-MM or YYYY-MM-DD; a partial date means its "
        "last day): roles held then, cooperation in force, events up to it.",
    ),
]
NoPagerOption = Annotated[
    bool,
    typer.Option("--no-pager", help="Print long text straight out (no pager on a terminal)."),
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
@output_options()
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
    as_of: AsOfOption = None,
    limit: LimitOption = None,
    db: DbOption = None,
    *,
    output: Output,
) -> None:
    """List agencies (with their current heads), people, events, cooperations or countries.

    Examples:

      filmreg list --country TR

      filmreg list cooperations --country Italy --partner France --kind treaty

      filmreg list countries --missing head

      filmreg list people --role advisor --json

      filmreg list events --fields id,name,start_date --format csv

      filmreg list --country IT --as-of 2022-06
    """
    from filmreg.api import Registry
    from filmreg.cli.render.output import empty_hint, render

    result = Registry(db).listing(
        what,
        country=country,
        kind=kind,
        role=role,
        limit=limit,
        partner=partner,
        missing=missing,
        as_of=as_of,
    )
    render(result, output.format, output.fields(result.fields))
    _hint_if_empty(empty_hint(result))


@app.command()
@output_options()
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
    as_of: AsOfOption = None,
    limit: LimitOption = 20,
    db: DbOption = None,
    *,
    output: Output,
) -> None:
    """Find people, organizations, events and topics by any of their names.

    Cyrillic and Latin, with or without diacritics, inflected or misspelt.

    Examples:

      filmreg search Гювен

      filmreg search "Rəşad Əzizov" --json

      filmreg search kino --type organization --country AZ
    """
    from filmreg.api import Registry
    from filmreg.cli.render.output import empty_hint, render

    result = Registry(db).search_listing(
        query, types=entity_type, country=country, role=role, limit=limit, raw=raw, as_of=as_of
    )
    render(result, output.format, output.fields(result.fields))
    _hint_if_empty(empty_hint(result, query=query))


@app.command()
@output_options(("text", "json"), on_terminal="text", piped="text", fields=False)
def show(
    target: Annotated[str, typer.Argument(metavar="ID|NAME", help="An id, a country, or a name.")],
    as_of: AsOfOption = None,
    no_pager: NoPagerOption = False,
    db: DbOption = None,
    *,
    output: Output,
) -> None:
    """Show the full record of a person, organization, event, topic or country.

    Every fact is followed by the sources it rests on.

    Examples:

      filmreg show birol-guven

      filmreg show Блиадзе --json

      filmreg show Georgia

      filmreg show it-dgca --as-of 2022
    """
    from filmreg.api import Registry
    from filmreg.cli.render.record import render_record
    from filmreg.cli.render.terminal import page
    from filmreg.formats.tabular import dump_json

    rec = Registry(db).show(target, as_of=as_of)
    if output.format == "json":
        dump_json(rec, sys.stdout)
    else:
        page(lambda out: render_record(rec, out), sys.stdout, pager=not no_pager)


@app.command()
@output_options(("text", "md", "json"), on_terminal="text", piped="text", fields=False)
def history(
    target: Annotated[
        str, typer.Argument(metavar="ORG|PERSON", help="A body or a person: an id or a name.")
    ],
    db: DbOption = None,
    *,
    output: Output,
) -> None:
    """The timeline of a body's heads, deputies and advisors (with the gaps where no source
    says who led it), or of a person's posts and appearances, each line with its sources.

    Examples:

      filmreg history it-dgca

      filmreg history "Birol Güven" --format md

      filmreg history tr-cinema-directorate --json
    """
    from filmreg.api import Registry
    from filmreg.cli.render.history import render_history
    from filmreg.formats.tabular import dump_json

    result = Registry(db).history(target)
    if output.format == "json":
        dump_json(result, sys.stdout)
    else:
        render_history(result, sys.stdout, markdown=output.format == "md")


@app.command()
@output_options(("text", "json", "jsonl"), on_terminal="text", piped="text", fields=False)
def changes(
    since: Annotated[
        str,
        typer.Option("--since", metavar="DATE", help="From DATE on (YYYY, YYYY-MM or YYYY-MM-DD)."),
    ],
    country: CountryOption = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            metavar="KIND",
            help="Only appointment, departure, agreement, event or membership.",
        ),
    ] = None,
    db: DbOption = None,
    *,
    output: Output,
) -> None:
    """The registry's facts dated on or after DATE, newest first, each with its source:
    appointments, departures, agreements signed or in force, events, memberships.

    Examples:

      filmreg changes --since 2026-01-01

      filmreg changes --since 2025-06 --country TR --kind appointment

      filmreg changes --since 2026 --format jsonl | jq -c '{date, summary}'
    """
    from filmreg.api import Registry
    from filmreg.formats.tabular import dump_json

    found = Registry(db).changes(since, country=country, kind=kind)
    if output.format == "json":
        dump_json(found, sys.stdout)
    elif output.format == "jsonl":
        import json

        for change in found:
            sys.stdout.write(json.dumps(change, ensure_ascii=False) + "\n")
    else:
        from filmreg.cli.render.output import visible

        for c in found:
            cited = ", ".join(s["source_id"] for s in c["sources"]) or "no source"
            line = f"{c['date']:<10}  {c['kind']:<11}  {c['summary']}  [{cited}]"
            sys.stdout.write(visible(line) + "\n")


@app.command()
@output_options(("text", "json"), on_terminal="text", piped="text", fields=False)
def check(
    today: Annotated[
        str | None,
        typer.Option(
            "--today", metavar="DATE", help="The day staleness is measured from (default: today)."
        ),
    ] = None,
    db: DbOption = None,
    *,
    output: Output,
) -> None:
    """Lint the registry: overlapping head mandates, a current head with a later one, an end
    before a start, facts with no source, stale heads, probable duplicate people, bodies placed
    nowhere. Exit 0 with warnings only, 1 with errors.

    Examples:

      filmreg check

      filmreg check --json | jq '.findings[] | select(.severity == "error")'
    """
    from filmreg.api import Registry

    registry = Registry(db)
    findings = registry.check(today)
    errors = sum(f["severity"] == "error" for f in findings)
    warnings = len(findings) - errors
    if output.format == "json":
        from filmreg.formats.tabular import dump_json

        dump_json(
            {
                "database": str(registry.location.path) if registry.location else None,
                "errors": errors,
                "warnings": warnings,
                "findings": findings,
            },
            sys.stdout,
        )
    else:
        from filmreg.cli.render.output import visible

        for f in findings:
            line = f"{f['severity']:<7}  {f['code']}: {f['message']} (fix: {f['hint']})"
            sys.stdout.write(visible(line) + "\n")
    sys.stderr.write(f"filmreg: {errors} errors, {warnings} warnings\n")
    if errors:
        raise SystemExit(1)


@app.command()
@output_options(("text", "md", "json"), on_terminal="text", piped="text", fields=False)
def report(
    country: Annotated[
        str | None,
        typer.Option(
            "--country",
            "-c",
            metavar="COUNTRY",
            help="The country to report on (any name or code). Without it: the whole network.",
            autocompletion=complete_country,
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
        typer.Option(
            "--partner",
            "-p",
            metavar="COUNTRY",
            help="Only the links with COUNTRY.",
            autocompletion=complete_country,
        ),
    ] = None,
    as_of: AsOfOption = None,
    no_pager: NoPagerOption = False,
    db: DbOption = None,
    *,
    output: Output,
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
    from filmreg.cli.render.terminal import page
    from filmreg.formats.tabular import dump_json

    out = output.format
    registry = Registry(db)
    if country is None:
        if partner is not None:
            raise UsageError("--partner needs --country")
        if as_of is not None:
            raise UsageError("--as-of needs --country")
        edges = registry.network(since=since, until=until)
        if out == "json":
            dump_json(edges, sys.stdout)
        else:
            page(lambda o: render_network(edges, o, markdown=out == "md"), sys.stdout, not no_pager)
        return
    result = registry.report(country, since=since, until=until, partner=partner, as_of=as_of)
    if out == "json":
        dump_json(result, sys.stdout)
    else:
        page(
            lambda o: render_country_report(result, o, markdown=out == "md"),
            sys.stdout,
            not no_pager,
        )
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
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar (shown only on a terminal).")
    ] = False,
) -> None:
    """Validate seed/ and build the registry database from it, deterministically.

    Example: filmreg build --seed seed --output data/registry.db
    """
    from filmreg.cli.render.progress import bar_for
    from filmreg.formats.build import build as build_registry
    from filmreg.model.progress import reporting

    with reporting(bar_for(sys.stderr, quiet)):
        counts = build_registry(seed, output)
    summary = ", ".join(f"{n} {t}" for t, n in counts.items() if n and not t.startswith("search"))
    typer.echo(f"built {output}: {summary}", err=True)


@app.command()
def serve(
    port: Annotated[
        int, typer.Option("--port", metavar="N", help="Port on 127.0.0.1 (default: 8001).")
    ] = 8001,
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the web view in your browser.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Open the registry in a web browser: Datasette on 127.0.0.1, over the database in use.

    Needs the web extra: pip install 'filmreg[web]'. Stop it with Ctrl-C.

    Examples:

      filmreg serve --open

      filmreg serve --port 8080 --db copy.db
    """
    from filmreg.cli.web import serve as run_server

    raise SystemExit(run_server(db, port, open_browser))


SHELLS = ("bash", "zsh", "fish")


@app.command()
def completion(
    shell: Annotated[str, typer.Argument(metavar="SHELL", help="bash, zsh or fish.")],
) -> None:
    """Print the shell completion script for SHELL: commands, options and countries complete.

    Examples:

      source <(filmreg completion bash)          # in ~/.bashrc

      filmreg completion zsh > ~/.zfunc/_filmreg

      filmreg completion fish > ~/.config/fish/completions/filmreg.fish
    """
    if shell not in SHELLS:
        raise UsageError(f"unknown shell {shell!r} (choose from: {', '.join(SHELLS)})")
    from typer._completion_shared import get_completion_script

    typer.echo(get_completion_script(prog_name="filmreg", complete_var=COMPLETE_VAR, shell=shell))


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


def _help_as_help(exc: Exception) -> None:
    """Bare `filmreg` asked for help: print it, exit 0. A bare group (`filmreg db`) lacks its
    command: the help goes to stderr and the exit is 2."""
    ctx = getattr(exc, "ctx", None)
    text = ctx.get_help() if ctx is not None else str(exc)
    if ctx is not None and ctx.parent is None:
        sys.stdout.write(text + "\n")
        raise SystemExit(0)
    sys.stderr.write(text + "\n")
    raise SystemExit(2)


def _try_help(exc: Exception) -> str:
    """` Try 'filmreg show --help'.`: where to read how a command is used."""
    ctx = getattr(exc, "ctx", None)
    if ctx is None:
        return ""
    return f" Try '{ctx.command_path} --help'."


def _sentence(message: str) -> str:
    message = message.replace("\n", " ").strip()
    return message if message.endswith((".", "?", "!")) else message + "."


def _app_for(first: list[str]) -> typer.Typer:
    """The app with only the command `first` names, when it names a top-level command.

    Typer turns every registered command's signature into click parameters before it runs
    one (about 4 ms of start-up for twenty commands); the command asked for is all a run
    needs. Anything else (`--help`, `--version`, a group, a typo) gets the whole app.
    """
    import copy

    from typer.main import get_command_name

    if not first:
        return app
    chosen = [
        info
        for info in app.registered_commands
        if info.callback is not None
        and (info.name or get_command_name(info.callback.__name__)) == first[0]
    ]
    if len(chosen) != 1:
        return app
    lean = copy.copy(app)
    lean.registered_commands = chosen
    lean.registered_groups = []
    return lean


def main() -> None:
    """Entry point: one line on stderr and a documented exit code for every error."""
    import os

    from typer.exceptions import TyperException  # the public base of its command-line errors

    if COMPLETE_VAR in os.environ:  # a shell asks for completions: load the machinery for it
        from typer._completion_classes import completion_init

        completion_init()
    try:
        chosen = app if COMPLETE_VAR in os.environ else _app_for(sys.argv[1:2])
        code = chosen(standalone_mode=False, prog_name="filmreg", complete_var=COMPLETE_VAR)
    except OptionError as exc:  # the library names a parameter; here it is an option
        _fail(exc.render(flag), exc.exit_code)
    except FilmregError as exc:
        _fail(str(exc), exc.exit_code)
    except TyperException as exc:  # a usage error (exit 2) or another command-line error
        exit_code = getattr(exc, "exit_code", 1)
        # Typer's own test for a bare command asking for help, without its private module.
        if type(exc).__name__ == "NoArgsIsHelpError":
            _help_as_help(exc)
        if exit_code == 2:
            _fail(_sentence(exc.format_message()) + _try_help(exc), 2)
        _fail(exc.format_message().replace("\n", " "), exit_code)
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
