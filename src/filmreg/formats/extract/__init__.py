"""`filmreg extract`: a news report (ru or en) to a draft of sourced records for review."""

import sqlite3
from typing import Any

from filmreg.formats.extract.drafting import Drafter, summary
from filmreg.formats.extract.finding import Finder
from filmreg.formats.extract.ner import Ner
from filmreg.formats.extract.reading import read_report

__all__ = ["extract", "summary"]


def extract(
    conn: sqlite3.Connection,
    data: bytes,
    *,
    url: str | None = None,
    published: str | None = None,
    lang: str | None = None,
    ner: Ner | None = None,
) -> list[dict[str, Any]]:
    """The draft records for one report; nothing is written anywhere."""
    report = read_report(data, lang, published)
    morph = None
    if report.lang == "ru":
        from filmreg.formats.extract.ner import load_morph, load_ner

        ner = ner or load_ner()
        morph = load_morph()
    findings = Finder(conn, report, ner).run()
    return Drafter(conn, report, findings, url, morph).run()
