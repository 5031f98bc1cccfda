"""Search keys: one spelling-tolerant Latin form for a name in any script.

`loose_tokens` turns `Гювен`, `Güven`, `GÜVEN` and `Guven` into the same token `guven`:
Turkic letters are folded first (`ə`→a, `ş`→sh, `ı`→i, `q`→g), anyascii transliterates any
script to Latin, and common transliteration variants are merged (dzh/dj/j, kh/h, yu/u, y/i,
double letters). The build stores these tokens, their Russian stems and their single-deletion
variants; the read path only normalizes the query with the same function, so both sides agree.
"""

import functools
import hashlib
import re
import unicodedata
from typing import Protocol

from anyascii import anyascii

# Letters that anyascii would fold in a way that loses the sound the other scripts spell out.
_TURKIC = str.maketrans({"ə": "a", "ş": "sh", "ç": "ch", "ğ": "g", "ı": "i", "ö": "o", "ü": "u"})

# Applied in order to lowercase ASCII.
_VARIANTS = (
    ("dzh", "j"),
    ("dj", "j"),
    ("zh", "j"),
    ("kh", "h"),
    ("q", "g"),
    ("yu", "u"),
    ("ya", "a"),
    ("ye", "e"),
    ("yo", "o"),
    ("iy", "i"),
    ("y", "i"),
    ("w", "v"),
    ("ph", "f"),
)
_DOUBLE = re.compile(r"(.)\1+")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_APOSTROPHE = re.compile(r"(?<=[a-z])['`](?=[a-z])")
_MIN_TYPO_LENGTH = 4
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+")


# Bump when the folding *code* below changes; changes to the tables above are noticed anyway.
FOLDING_VERSION = 1
TEXT_LIBRARIES = ("anyascii", "snowballstemmer", "PyStemmer")


def search_keys_version() -> str:
    """What the stored search keys depend on: the text libraries' versions and the folding
    rules. A database records it; when it differs, the next write rebuilds the index."""
    from importlib.metadata import PackageNotFoundError, version

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "none"

    rules = repr(
        (
            FOLDING_VERSION,
            sorted(_TURKIC.items()),
            _VARIANTS,
            _DOUBLE.pattern,
            _NOT_WORD.pattern,
            _CYRILLIC_WORD.pattern,
            _MIN_TYPO_LENGTH,
        )
    )
    digest = hashlib.sha256(rules.encode()).hexdigest()[:16]
    return "; ".join(f"{name} {installed(name)}" for name in TEXT_LIBRARIES) + f"; rules {digest}"


def _fold_token(ascii_word: str) -> str:
    for old, new in _VARIANTS:
        ascii_word = ascii_word.replace(old, new)
    return _DOUBLE.sub(r"\1", ascii_word)


def loose_tokens(text: str) -> list[str]:
    """The spelling-tolerant tokens of `text`, in order."""
    lowered = unicodedata.normalize("NFC", text).lower().translate(_TURKIC)
    # An apostrophe inside a word (anyascii's soft and hard signs, `Olʼga`, `O'zbekiston`) is
    # part of the word: dropping it keeps `Ольга` and `Ольгу` one token each.
    ascii_text = _APOSTROPHE.sub("", anyascii(lowered).lower())
    return [
        folded for word in _NOT_WORD.split(ascii_text) if word and (folded := _fold_token(word))
    ]


def plain_words(text: str) -> list[str]:
    """`text`'s words in Latin letters, lowercase, without accents, spelled as written: what
    `loose_tokens` gives before it merges spelling variants (double letters, y/i, kh/h …)."""
    lowered = unicodedata.normalize("NFC", text).lower().translate(_TURKIC)
    return [word for word in _NOT_WORD.split(anyascii(lowered).lower()) if word]


def loose_key(text: str) -> str:
    return " ".join(loose_tokens(text))


def deletions(token: str) -> set[str]:
    """Single-character deletions of `token` (none for short tokens, where they match noise)."""
    if len(token) < _MIN_TYPO_LENGTH:
        return set()
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


def truncations(token: str, most: int = 3, shortest: int = 4) -> list[str]:
    """`token` less one to `most` final letters: an inflected query word's possible stems."""
    return [token[:-n] for n in range(1, most + 1) if len(token) - n >= shortest]


def stem_tokens(text: str) -> list[str]:
    """Loose tokens of the Russian stems of the Cyrillic words in `text` (build time only)."""
    words = _CYRILLIC_WORD.findall(unicodedata.normalize("NFC", text).lower())
    return [stem for word in words for stem in _word_stem_tokens(word)]


class _Stemmer(Protocol):
    """The part of a snowballstemmer stemmer used here (the package ships no types)."""

    def stemWord(self, word: str) -> str: ...


@functools.lru_cache(maxsize=1)
def _russian() -> _Stemmer:
    from snowballstemmer import stemmer

    russian: _Stemmer = stemmer("russian")
    return russian


@functools.lru_cache(maxsize=65536)
def _word_stem_tokens(word: str) -> tuple[str, ...]:
    stems = loose_tokens(_russian().stemWord(word))
    return tuple(stem for stem in stems if len(stem) >= _MIN_TYPO_LENGTH)


@functools.lru_cache(maxsize=4096)
def _char_script(char: str) -> str:
    return unicodedata.name(char, "").split(" ", 1)[0]


def detect_script(text: str) -> str | None:
    """The ISO 15924 code of the script most letters of `text` are in."""
    counts: dict[str, int] = {}
    for char in text:
        if not char.isalpha():
            continue
        script = _char_script(char)
        counts[script] = counts.get(script, 0) + 1
    if not counts:
        return None
    top = max(counts, key=lambda s: counts[s])
    return {
        "LATIN": "Latn",
        "CYRILLIC": "Cyrl",
        "GEORGIAN": "Geor",
        "ARABIC": "Arab",
        "GREEK": "Grek",
        "HEBREW": "Hebr",
        "ARMENIAN": "Armn",
        "CJK": "Hani",
    }.get(top, top.title())
