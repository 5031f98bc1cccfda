"""`filmreg extract`: draft import records from a news report. Reads only; writes no database.

The extraction libraries (natasha, in the `extract` extra) load inside the command, so that
`import filmreg.cli.main` stays light.
"""

import sys
from typing import Annotated

import typer

from filmreg.cli.options import DbOption
from filmreg.model.errors import FilmregError, UsageError


def extract_command(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="Report (text or HTML), or - for stdin.")
    ],
    url: Annotated[str | None, typer.Option("--url", help="The report's public address.")] = None,
    published: Annotated[
        str | None,
        typer.Option("--published", metavar="DATE", help="Publication date (YYYY-MM-DD)."),
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="ru or en (detected when absent).")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON document: the records and a summary.")
    ] = False,
    review: Annotated[
        bool,
        typer.Option("--review", help="Keep, drop or edit each fact on the terminal, then print."),
    ] = False,
    db: DbOption = None,
) -> None:
    """Draft sourced records from a news report (ru or en) for review, then `filmreg import`."""
    from filmreg.api import Registry
    from filmreg.formats.extract import summary
    from filmreg.formats.tabular import dump_json

    if review and file == "-":
        raise UsageError("--review reads the answers from stdin: give the report as a FILE")
    data = _read(file)
    records = Registry(db).extract(data, url=url, published=published, lang=lang)
    if review:
        from filmreg.cli.review import review as walk

        records = walk(records, _ask, _tell)
    counts = summary(records)
    if as_json:
        dump_json({"records": records, "summary": counts}, sys.stdout)
    else:
        import json

        for record in records:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    if len(records) == 1:
        note = "nothing found (no officials, events or cooperation): the draft is the source alone"
    else:
        note = (
            f"{len(records)} records drafted: {counts['new']} new, {counts['existing']} "
            f"existing, {counts['conflict']} conflicts; review, then `filmreg import`"
        )
    sys.stderr.write(f"filmreg: note: {note}\n")


def _tell(text: str) -> None:
    sys.stderr.write(text + "\n")


def _ask(question: str, default: str) -> str:
    sys.stderr.write(f"{question} [{default}]: ")
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:
        sys.stderr.write("\n")
        raise FilmregError("review stopped: no more answers on stdin (nothing printed)")
    return line.rstrip("\n") or default


def _read(file: str) -> bytes:
    from filmreg.formats.extract.reading import MAX_BYTES

    limit = MAX_BYTES + 1  # one byte past the limit: a larger report is refused, not cut
    try:
        if file == "-":
            return sys.stdin.buffer.read(limit)
        with open(file, "rb") as handle:
            return handle.read(limit)
    except IsADirectoryError:
        raise FilmregError(f"{file}: is a directory, not a report") from None
    except OSError as exc:
        raise FilmregError(f"{file}: cannot read: {exc.strerror}") from None


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_command)
