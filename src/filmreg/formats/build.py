"""Build `registry.db` from `seed/`, deterministically: the same seed gives the same database.

The build makes an empty registry (the schema and the ISO 3166 countries) in a temporary file
beside the target, merges the seed records into it exactly as `filmreg import` would, and
replaces the target only once everything is written and checked.
"""

import gettext
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

from filmreg.formats.seed import load_seed, seed_files
from filmreg.model.errors import BuildError
from filmreg.store.countries import alias_key

# Localized country names taken from pycountry's translations (plus the English ones).
COUNTRY_NAME_LANGUAGES = (
    "ru",
    "tr",
    "az",
    "uz",
    "ka",
    "ur",
    "it",
    "de",
    "fr",
    "es",
    "ar",
    "fa",
    "kk",
    "ky",
    "tk",
    "tg",
    "uk",
    "zh_CN",
)


def country_rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    import pycountry

    countries, aliases = [], []

    def alias(code: str, text: str | None, kind: str, lang: str | None = None) -> None:
        if text and alias_key(text):
            aliases.append(
                {"key": alias_key(text), "country": code, "alias": text, "lang": lang, "kind": kind}
            )

    translations = {
        lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        for lang in COUNTRY_NAME_LANGUAGES
    }
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        official = getattr(c, "official_name", None)
        countries.append(
            {
                "code": c.alpha_2,
                "alpha3": c.alpha_3,
                "numeric": c.numeric,
                "name": c.name,
                "official_name": official,
            }
        )
        alias(c.alpha_2, c.alpha_2, "alpha2")
        alias(c.alpha_2, c.alpha_3, "alpha3")
        alias(c.alpha_2, c.numeric, "numeric")
        alias(c.alpha_2, str(int(c.numeric)), "numeric")
        alias(c.alpha_2, c.name, "name", "en")
        alias(c.alpha_2, official, "official_name", "en")
        alias(c.alpha_2, getattr(c, "common_name", None), "common_name", "en")
        for lang, translation in translations.items():
            for english in {c.name, official} - {None}:
                localized = translation.gettext(english)
                if localized != english:
                    alias(c.alpha_2, localized, "localized", lang.split("_")[0])
    return countries, _dedupe(aliases, "key", "country", "alias")


def _dedupe(rows: list[dict[str, Any]], *key: str) -> list[dict[str, Any]]:
    seen, out = set(), []
    for row in rows:
        k = tuple(row[name] for name in key)
        if k not in seen:
            seen.add(k)
            out.append(row)
    return out


def seed_digest(seed_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in seed_files(seed_dir):
        name = path.relative_to(seed_dir).as_posix()
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


SUMMARY_TABLES = (
    "sources",
    "countries",
    "country_aliases",
    "topics",
    "organizations",
    "people",
    "events",
    "names",
    "roles",
    "participations",
    "event_topics",
    "cooperations",
    "cooperation_parties",
    "cooperation_topics",
    "memberships",
    "evidence",
    "event_countries",
    "search_entries",
)


def write_registry(target: Path, located: list, seed_sha256: str) -> dict[str, int]:
    """A new registry at `target` holding the records `located`; returns row counts by table.

    The file is made beside `target` and replaces it only once committed and compacted, so a
    failure or an interruption leaves `target` as it was.
    """
    import sqlite3

    from filmreg.store.merge import merge
    from filmreg.store.writable import create_empty, replace_database, temp_prefix

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=temp_prefix(), suffix=".db", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        create_empty(tmp)
        conn = sqlite3.connect(tmp, isolation_level=None)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN IMMEDIATE")
        merge(conn, located, mode="build")
        conn.execute("INSERT INTO meta (key, value) VALUES ('seed_sha256', ?)", (seed_sha256,))
        # Migration timestamps would make two builds of one seed differ.
        conn.execute("UPDATE _sqlite_migrations SET applied_at = 'at build'")
        conn.execute("COMMIT")
        counts = {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in SUMMARY_TABLES
        }
        conn.execute("VACUUM")
        conn.close()
        tmp.chmod(0o644)
        replace_database(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return counts


def build(seed_dir: Path, target: Path) -> dict[str, int]:
    """Validate `seed_dir` and write the registry to `target`; returns row counts by table."""
    import sqlite3

    from filmreg.model.rules import RecordError

    located = load_seed(seed_dir)
    try:
        return write_registry(target, located, seed_digest(seed_dir))
    except RecordError as exc:
        raise BuildError(str(exc)) from None
    except sqlite3.IntegrityError as exc:
        raise BuildError(f"the seed breaks a database constraint: {exc}") from None
