"""The commands that change or copy out the registry: import, export, add/end role, db.

Kept apart from `cli.py` (the read commands) so that those stay small; `register` adds these
commands to the app. Messages go to stderr, data (exports, dry-run plans) to stdout.
"""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from filmreg.cli.options import DbOption, Output, WriteDbOption, output_options

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from filmreg.api import Change

SourceOption = Annotated[
    str,
    typer.Option("--source", metavar="SOURCE_ID", help="Id of the source (see `filmreg show`)."),
]
LocatorOption = Annotated[
    str,
    typer.Option("--locator", metavar="WHERE", help="Where in the source it says so, e.g. ¶3."),
]
QuoteOption = Annotated[
    str,
    typer.Option(
        "--quote",
        metavar="TEXT",
        help="The shortest fragment of the source that states it, as written (≤160 characters).",
    ),
]


QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bar (shown only on a terminal).")
]


def _watched(quiet: bool) -> "AbstractContextManager[None]":
    """Progress on stderr while the command runs, when a person is there to see it."""
    from filmreg.cli.render.progress import bar_for
    from filmreg.model.progress import reporting

    return reporting(bar_for(sys.stderr, quiet))


def _say(message: str) -> None:
    sys.stderr.write(f"filmreg: {message}\n")


def _report(done: "Change", as_json: bool) -> None:
    for notice in done.notices:
        _say(notice)
    plan = done.as_dict()
    if as_json:
        from filmreg.formats.tabular import dump_json

        dump_json(plan, sys.stdout)
    elif done.dry_run:
        for verb, name in (
            ("add", "added"),
            ("change", "changed"),
            ("keep", "unchanged"),
            ("keep edited", "kept"),
        ):
            for item in plan[name]:
                sys.stdout.write(f"{verb}\t{item['type']}\t{item['id']}\n")
    counts = ", ".join(
        f"{len(plan[n])} {n}"
        for n in ("added", "changed", "unchanged", "kept")
        if plan[n] or n != "kept"
    )
    prefix = "dry run, nothing written: " if done.dry_run else ""
    _say(f"{prefix}{done.database}: {counts}")


def import_command(
    file: Annotated[str, typer.Argument(metavar="FILE", help="File to import, or - for stdin.")],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="json, jsonl or csv (default: from the file name or its content).",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what would be added, changed, left alone.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the outcome as JSON.")] = False,
    quiet: QuietOption = False,
    db: WriteDbOption = None,
) -> None:
    """Merge records from FILE into the registry, all or nothing.

    JSON / JSON Lines in the export format (see schemas/record.schema.json), or CSV of people
    with roles (person_id column) or of organizations (organization_id column). Records merge
    by id; importing the same file twice changes nothing.

    Examples:

      filmreg import new-heads.jsonl --dry-run

      filmreg export --format jsonl | filmreg import - --db copy.db
    """
    from filmreg.api import Registry

    with _watched(quiet):
        done = Registry(db).import_file(file, fmt=fmt, dry_run=dry_run)
    _report(done, as_json)


def export_command(
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="json, jsonl, csv or popolo.")
    ] = "json",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="File to write (csv: a directory or a .zip; default: stdout).",
        ),
    ] = None,
    quiet: QuietOption = False,
    db: DbOption = None,
) -> None:
    """Write the whole registry out: records (json, jsonl), CSV tables, or Popolo JSON.

    Examples:

      filmreg export --format jsonl > registry.jsonl

      filmreg export --format csv --output registry-csv.zip

      filmreg export --format popolo | jq '.memberships | length'
    """
    from filmreg.api import Registry

    with Registry(db) as registry, _watched(quiet):
        written = registry.export(fmt, output, sys.stdout)
    if fmt == "csv":
        _say(f"wrote {len(written)} tables to {output}")
    elif output is not None:
        _say(f"wrote {output}")


def add_role(
    person: Annotated[str, typer.Argument(metavar="PERSON_ID", help="Who took the post.")],
    organization: Annotated[
        str, typer.Argument(metavar="ORGANIZATION_ID", help="Where (see `filmreg list`).")
    ],
    role: Annotated[
        str, typer.Option("--role", "-r", metavar="ROLE", help="head, deputy_head, advisor, …")
    ],
    title: Annotated[
        str, typer.Option("--title", metavar="TEXT", help="The title as the source states it.")
    ],
    source: SourceOption,
    locator: LocatorOption,
    quote: QuoteOption,
    start: Annotated[str | None, typer.Option("--start", metavar="DATE", help="First day.")] = None,
    attested: Annotated[
        str | None, typer.Option("--attested", metavar="DATE", help="Date the source shows it.")
    ] = None,
    title_lang: Annotated[str | None, typer.Option("--title-lang", metavar="LANG")] = None,
    title_en: Annotated[str | None, typer.Option("--title-en", metavar="TEXT")] = None,
    name: Annotated[
        str | None,
        typer.Option("--name", metavar="NAME", help="Add the person too, under this name."),
    ] = None,
    role_id: Annotated[
        str | None,
        typer.Option("--id", metavar="ID", help="Role id (default: PERSON/ORGANIZATION/ROLE)."),
    ] = None,
    db: WriteDbOption = None,
) -> None:
    """Record that a person took a post, with its source.

    Example: filmreg add role jane-doe az-film-agency --role head --title "Director"
    --start 2026-03-01 --source decree-2026-17 --locator "§1"
    --quote "Jane Doe is appointed Director" --name "Jane Doe"
    """
    from filmreg.api import Registry

    done = Registry(db).add_role(
        person,
        organization,
        role=role,
        title=title,
        source=source,
        locator=locator,
        quote=quote,
        start=start,
        attested=attested,
        title_lang=title_lang,
        title_en=title_en,
        name=name,
        role_id=role_id,
    )
    _report(done, False)


def end_role(
    role_id: Annotated[str, typer.Argument(metavar="ROLE_ID", help="The role that ended.")],
    date: Annotated[str, typer.Option("--date", metavar="DATE", help="Its last day (ISO 8601).")],
    source: SourceOption,
    locator: LocatorOption,
    quote: QuoteOption,
    db: WriteDbOption = None,
) -> None:
    """Record that a mandate ended: its end date and status, with the source.

    Example: filmreg end role birol-guven/tr-cinema-directorate/director-general
    --date 2026-09-30 --source decree-2026-40 --locator "§2" --quote "relieved of his post"
    """
    from filmreg.api import Registry

    done = Registry(db).end_role(role_id, date=date, source=source, locator=locator, quote=quote)
    _report(done, False)


def db_reset(
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Replace your own database with a fresh copy of the bundled registry."""
    from filmreg.api import Registry
    from filmreg.store.paths import user_database

    path = user_database()
    if path.exists() and not yes:
        question = (
            f"Replace {path} with the bundled registry? Your imports and edits there are lost"
        )
        if not typer.confirm(question, err=True):
            raise typer.Abort()
    if Registry().reset() is None:
        _say(f"nothing to reset: {path} does not exist (reads use the bundled registry)")
        return
    _say(f"reset {path} to the bundled registry")


def db_sync(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what would be taken, kept, left alone.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the outcome as JSON.")] = False,
    db: WriteDbOption = None,
) -> None:
    """Take the bundled registry's new and updated records into your database.

    Records you imported or edited are kept (reported as `kept`); the rest follow the bundled
    registry.
    """
    from filmreg.api import Registry

    _report(Registry(db).sync(dry_run=dry_run), as_json)


def db_upgrade(db: WriteDbOption = None) -> None:
    """Upgrade a database with an older schema in place, after saving a copy beside it.

    Reads never upgrade (they read an older file through an upgraded copy in memory); the next
    write upgrades too.
    """
    from filmreg.api import Registry

    done = Registry(db).upgrade()
    for notice in done.notices:
        _say(notice)
    if not done.notices:
        _say(f"{done.database} already has the current schema; nothing was changed")


@output_options(("text", "json"), on_terminal="text", piped="text", fields=False)
def db_log(db: DbOption = None, *, output: Output) -> None:
    """Print your database's log of its own edits: imports, add/end role, db sync and reset,
    each with its time (UTC), file and sha256, and the records added, changed and removed."""
    from filmreg.api import Registry

    rows = Registry(db).edit_log()
    if output.format == "json":
        from filmreg.formats.tabular import dump_json

        dump_json(rows, sys.stdout)
        return
    from filmreg.cli.render.output import visible

    if not rows:
        _say("no edits logged: this database was never changed by filmreg")
    for r in rows:
        counts = ", ".join(
            f"{r[k]} {k}" for k in ("added", "changed", "removed") if r[k] is not None
        )
        what = " ".join(x for x in (r["file"], r["detail"]) if x)
        digest = f" sha256:{r['sha256'][:12]}" if r["sha256"] else ""
        line = f"{r['at']}  {r['action']:<8}  {what}{digest}" + (f"  ({counts})" if counts else "")
        sys.stdout.write(visible(line) + "\n")


def register(app: typer.Typer, db_app: typer.Typer) -> None:
    app.command("import")(import_command)
    app.command("export")(export_command)
    add_app = typer.Typer(help="Add a fact from the command line.", no_args_is_help=True)
    add_app.command("role")(add_role)
    end_app = typer.Typer(help="Record that something ended.", no_args_is_help=True)
    end_app.command("role")(end_role)
    app.add_typer(add_app, name="add")
    app.add_typer(end_app, name="end")
    db_app.command("reset")(db_reset)
    db_app.command("sync")(db_sync)
    db_app.command("upgrade")(db_upgrade)
    db_app.command("log")(db_log)
