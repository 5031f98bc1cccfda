"""Synthetic registries for the benchmarks: names in Latin and Cyrillic, built like the seed.

Records are generated straight into the build's row tables (bypassing the TOML reader), then
the real search-index builder and database writer of `filmreg.build` run on them.
"""

import random
from pathlib import Path

from filmreg.build import _country_rows, event_country_rows, search_rows, write_database
from filmreg.seed import Seed

LATIN_TO_CYRILLIC = {
    "sh": "ш",
    "ch": "ч",
    "zh": "ж",
    "kh": "х",
    "ya": "я",
    "yu": "ю",
    "a": "а",
    "b": "б",
    "c": "дж",
    "d": "д",
    "e": "е",
    "f": "ф",
    "g": "г",
    "h": "х",
    "i": "и",
    "j": "дж",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "q": "г",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "v": "в",
    "x": "х",
    "y": "й",
    "z": "з",
    "ə": "я",
    "ü": "ю",
    "ö": "ё",
    "ı": "ы",
    "ş": "ш",
    "ç": "ч",
    "ğ": "г",
}
ONSETS = [
    "b",
    "ch",
    "d",
    "f",
    "g",
    "h",
    "j",
    "k",
    "kh",
    "l",
    "m",
    "n",
    "p",
    "q",
    "r",
    "s",
    "sh",
    "t",
    "v",
    "y",
    "z",
    "zh",
    "ç",
    "ş",
    "ğ",
]
VOWELS = ["a", "e", "i", "o", "u", "ə", "ü", "ö", "ı", "ya", "yu"]
CODAS = ["", "", "", "n", "r", "l", "m", "s", "d", "t", "k", "v"]
SUFFIXES = [
    "ov",
    "ova",
    "ev",
    "eva",
    "li",
    "zade",
    "oğlu",
    "dze",
    "shvili",
    "yan",
    "iy",
    "in",
    "ina",
    "ski",
    "ti",
    "ni",
    "er",
    "han",
    "bek",
]


def to_cyrillic(text: str) -> str:
    out, i = [], 0
    lowered = text.lower()
    while i < len(lowered):
        two = lowered[i : i + 2]
        if two in LATIN_TO_CYRILLIC:
            out.append(LATIN_TO_CYRILLIC[two])
            i += 2
            continue
        out.append(LATIN_TO_CYRILLIC.get(lowered[i], lowered[i]))
        i += 1
    word = "".join(out)
    return " ".join(w[:1].upper() + w[1:] for w in word.split(" "))


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(
        rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(syllables)
    )


def synthetic_seed(people: int, countries: int = 200, seed: int = 7) -> Seed:
    rng = random.Random(seed)
    codes = sorted(c["code"] for c in _country_rows()[0])[:countries]
    given = sorted({_word(rng, rng.choice((2, 2, 3))).capitalize() for _ in range(3000)})
    family = sorted(
        {
            (_word(rng, rng.choice((1, 2, 2, 3))) + rng.choice(SUFFIXES)).capitalize()
            for _ in range(60000)
        }
    )
    out = Seed()
    source = {"source": "synthetic", "locator": "generated"}
    out.sources.append(
        {"id": "synthetic", "label": "synthetic benchmark data", "kind": "reference"}
    )
    for i, code in enumerate(codes):
        out.organizations.append(
            {
                "id": f"org-{i}",
                "name": f"National Film Agency {code}",
                "kind": "film_agency",
                "country": code,
                "names": [],
                "evidence": [source],
            }
        )
    for i in range(people):
        latin = f"{rng.choice(given)} {rng.choice(family)}"
        names = [{"name": latin, "lang": "en", "kind": "source", **source}]
        if rng.random() < 0.8:
            names.append({"name": to_cyrillic(latin), "lang": "ru", "kind": "source", **source})
        out.people.append(
            {
                "id": f"person-{i}",
                "name": latin,
                "names": names,
                "evidence": [source],
                "role": [
                    {
                        "id": f"role-{i}",
                        "organization": f"org-{rng.randrange(len(codes))}",
                        "role": rng.choice(["head", "advisor", "staff", "representative"]),
                        "title": "staff",
                        "status": "current",
                        **source,
                    }
                ],
            }
        )
    return out


def build_synthetic(target: Path, people: int, **options) -> None:
    from filmreg.build import seed_rows

    seed = synthetic_seed(people, **options)
    rows = seed_rows(seed)
    tables = rows.tables | search_rows(rows).tables
    tables["event_countries"] = event_country_rows(rows)
    countries, aliases = _country_rows()
    tables["countries"] = countries
    tables["country_aliases"] = aliases
    write_database(target, tables, {"schema_version": "1", "seed_sha256": "synthetic"})
