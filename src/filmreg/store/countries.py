"""Country names in any form a user types: codes, English, official, native or localized names.

The alias table is built from pycountry at build time (see `filmreg.formats.build`); reads
only query it, so the read path never imports pycountry.
"""

import difflib
import gettext
import re
import sqlite3
import unicodedata
from typing import Any

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
    rows: list[tuple[str, str]] = conn.execute(
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
            english_names: set[str] = {name for name in (c.name, official) if name is not None}
            for english in english_names:
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
