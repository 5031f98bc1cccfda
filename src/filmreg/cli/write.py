"""The commands that change or copy out the registry: import, export, add/end role, db.

Kept apart from `cli.py` (the read commands) so that those stay small; `register` adds these
commands to the app. Messages go to stderr, data (exports, dry-run plans) to stdout.
"""

import sys
from pathlib import Path
from typing import Annotated

import typer

from filmreg.cli.options import DbOption, WriteDbOption
from filmreg.model.errors import UsageError

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


def _watched(quiet: bool):
    """Progress on stderr while the command runs, when a person is there to see it."""
    from filmreg.cli.render.progress import bar_for
    from filmreg.model.progress import reporting

    return reporting(bar_for(sys.stderr, quiet))


def _say(message: str) -> None:
    sys.stderr.write(f"filmreg: {message}\n")


def _report(outcome, location, notices: list[str], dry_run: bool, as_json: bool) -> None:
    for notice in notices:
        _say(notice)
    plan = outcome.as_dict()
    if as_json:
        from filmreg.formats.tabular import dump_json

        dump_json({"database": str(location.path), "dry_run": dry_run, **plan}, sys.stdout)
    elif dry_run:
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
    prefix = "dry run, nothing written: " if dry_run else ""
    _say(f"{prefix}{location.path}: {counts}")


def _check_date(name: str, value: str | None) -> None:
    from filmreg.model.dates import is_partial_date

    if value is not None and not is_partial_date(value):
        raise UsageError(f"{name} {value!r} is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)")


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
    from filmreg.formats import import_file as importfile
    from filmreg.store.curation import change

    text, name = importfile.read_text(file)
    kind = importfile.detect_format(name, text, fmt)
    if not text.strip():  # /dev/null, an empty pipe: nothing to merge

        def batch(conn):
            return []
    elif kind == "csv":
        flat_kind, rows = importfile.parse_csv(name, text)

        def batch(conn):
            from filmreg.store.dump import Dumper

            type_name = "person" if flat_kind == "people" else "organization"
            key = "person_id" if flat_kind == "people" else "organization_id"
            ids = sorted({r.cells[key] for r in rows if key in r.cells})
            existing = Dumper(conn).records(type_name, ids)
            return importfile.flat_records(flat_kind, rows, existing)
    else:
        located = (importfile.parse_json if kind == "json" else importfile.parse_jsonl)(name, text)

        def batch(conn):
            return located

    with _watched(quiet):
        outcome, location, notices = change(db, batch, dry_run=dry_run)
    _report(outcome, location, notices, dry_run, as_json)


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
    from filmreg.formats import export as exporter

    if fmt not in exporter.FORMATS:
        raise UsageError(f"unknown format {fmt!r} (choose from: {', '.join(exporter.FORMATS)})")
    registry = Registry(db)
    conn = registry.conn
    if output is not None:
        exporter.check_target(output, registry.location.path)
    if fmt == "csv":
        if output is None:
            raise UsageError("--format csv writes several tables: give --output DIR or FILE.zip")
        with _watched(quiet):
            names = exporter.write_csv(conn, output)
        _say(f"wrote {len(names)} tables to {output}")
        return
    with _watched(quiet):
        if output is None:
            exporter.write_document(conn, fmt, sys.stdout)
            return
        exporter.write_text_file(output, lambda out: exporter.write_document(conn, fmt, out))
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
    from filmreg.store.curation import add_role_batch, change

    _check_date("--start", start)
    _check_date("--attested", attested)
    record = {
        "id": role_id or f"{person}/{organization}/{role}",
        "organization": organization,
        "role": role,
        "title": title,
        "title_lang": title_lang,
        "title_en": title_en,
        "start_date": start,
        "end_date": None,
        "attested_on": attested,
        "status": None,
        "note": None,
    }
    cited = {"source": source, "locator": locator, "quote": quote}
    batch = add_role_batch(person, name, record, cited)
    outcome, location, notices = change(db, batch)
    _report(outcome, location, notices, False, False)


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
    from filmreg.store.curation import change, end_role_batch

    _check_date("--date", date)
    outcome, location, notices = change(
        db,
        end_role_batch(role_id, date, {"source": source, "locator": locator, "quote": quote}),
    )
    _report(outcome, location, notices, False, False)


def db_reset(
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Replace your own database with a fresh copy of the bundled registry."""
    from filmreg.model.errors import FilmregError
    from filmreg.store.paths import user_database
    from filmreg.store.writable import is_read_only, reset

    path = user_database()
    if not path.exists():
        _say(f"nothing to reset: {path} does not exist (reads use the bundled registry)")
        return
    if is_read_only(path):
        raise FilmregError(f"{path} is read-only; nothing was changed")
    if not yes and not typer.confirm(
        f"Replace {path} with the bundled registry? Your imports and edits there are lost",
        err=True,
    ):
        raise typer.Abort()
    reset(path)
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
    from filmreg.store.curation import bundled_records, change

    outcome, location, notices = change(db, bundled_records, dry_run=dry_run, mode="sync")
    _report(outcome, location, notices, dry_run, as_json)


def db_upgrade(db: WriteDbOption = None) -> None:
    """Upgrade a database with an older schema in place, after saving a copy beside it.

    Reads never upgrade (they read an older file through an upgraded copy in memory); the next
    write upgrades too.
    """
    from filmreg.store.paths import resolve_writable
    from filmreg.store.writable import open_for_write

    location = resolve_writable(db)
    notices: list[str] = []
    with open_for_write(location, notices):
        pass
    for notice in notices:
        _say(notice)
    if not notices:
        _say(f"{location.path} already has the current schema; nothing was changed")


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
