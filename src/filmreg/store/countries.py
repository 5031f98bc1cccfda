"""Country names in any form a user types: codes, English, official, native or localized names.

The alias table is built from pycountry at build time (see `filmreg.formats.build`); reads
only query it, so the read path never imports pycountry.
"""

import difflib
import re
import sqlite3
import unicodedata

from filmreg.model.errors import UsageError

_PUNCTUATION = re.compile(r"[^\w]+")
_APOSTROPHES = re.compile(r"[\s'`´ʹʻʼʽʾʿ‘’]+")
# When one spelling names several countries, the more specific kind of alias wins.
KIND_RANK = {
    "alpha2": 0,
    "alpha3": 0,
    "numeric": 0,
    "name": 1,
    "official_name": 1,
    "common_name": 1,
    "curated": 2,
    "localized": 3,
}


def alias_key(text: str) -> str:
    """Case-, accent- and punctuation-blind form of a country name (`Türkiye` -> `turkiye`)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_PUNCTUATION.sub(" ", stripped).split())


def resolve_country(conn: sqlite3.Connection, text: str) -> str:
    """The alpha-2 code `text` names, or a UsageError that suggests close matches."""
    key = alias_key(text)
    rows = conn.execute(
        "SELECT country, kind FROM country_aliases WHERE key = ?", (key,)
    ).fetchall()
    if not rows and key:  # O'zbekiston for Oʻzbekiston: apostrophes of any kind, or none
        squashed = _squash(key)
        rows = [
            (code, kind)
            for code, kind, stored in conn.execute("SELECT country, kind, key FROM country_aliases")
            if _squash(stored) == squashed
        ]
    if rows:
        best = min(KIND_RANK[kind] for _, kind in rows)
        codes = sorted({code for code, kind in rows if KIND_RANK[kind] == best})
        if len(codes) == 1:
            return codes[0]
        raise UsageError(f"country {text!r} is ambiguous: it may mean {', '.join(codes)}")
    raise UsageError(f"unknown country {text!r}{_suggestion(conn, key)}")


def _squash(key: str) -> str:
    """An alias key without apostrophe-like letters and spaces: `oʻzbekiston`, `o zbekiston`
    (from O'zbekiston) and `ozbekiston` all give `ozbekiston`."""
    return _APOSTROPHES.sub("", key)


def _suggestion(conn: sqlite3.Connection, key: str) -> str:
    if not key:
        return ""
    aliases = {
        k: alias
        for k, alias in conn.execute(
            "SELECT key, alias FROM country_aliases WHERE kind IN "
            "('name', 'official_name', 'common_name', 'curated', 'localized')"
        )
    }
    close = difflib.get_close_matches(key, list(aliases), n=3, cutoff=0.7)
    if not close:
        return " (try a name such as 'Türkiye', or a code such as TR, TUR or 792)"
    return " (did you mean: " + ", ".join(aliases[k] for k in close) + "?)"
