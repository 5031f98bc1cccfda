"""Synthetic registries for the benchmarks: names in Latin and Cyrillic, shaped like the seed.

Records are generated in the registry's own format (what `filmreg export --format jsonl` writes)
and written by `write_registry` exactly as `filmreg build` writes the seed: an empty registry
and `writer.merge` of all records in one `BEGIN IMMEDIATE` transaction, through
`filmreg.build.write_registry` (validation, evidence, search index, `event_countries`).
"""

import random
from pathlib import Path

from filmreg.formats import build
from filmreg.model.rules import Record
from filmreg.store.countries import country_rows
from filmreg.store.merge import Located

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


def name_pools(rng: random.Random) -> tuple[list[str], list[str]]:
    """Given names and family names, Central Asian / Caucasian / Turkic in flavour."""
    given = sorted({_word(rng, rng.choice((2, 2, 3))).capitalize() for _ in range(3000)})
    family = sorted(
        {
            (_word(rng, rng.choice((1, 2, 2, 3))) + rng.choice(SUFFIXES)).capitalize()
            for _ in range(60000)
        }
    )
    return given, family


def synthetic_records(
    people: int, countries: int = 200, seed: int = 7, sources: int = 1, cyrillic: float = 0.8
) -> list[Located]:
    """`people` people, each with one role at one of the national film agencies of `countries`
    countries, a Latin name and (for a share `cyrillic` of them) its Cyrillic form; every
    fact cites one of `sources` sources."""
    rng = random.Random(seed)
    codes = sorted(c["code"] for c in country_rows()[0])[:countries]
    given, family = name_pools(rng)
    source_ids = [f"synthetic-{k}" for k in range(sources)]

    def cite(i: int) -> Record:
        return {"source": source_ids[i % sources], "locator": f"entry {i}"}

    out: list[Located] = [
        (
            "synthetic",
            "source",
            {"id": sid, "label": f"synthetic benchmark data {k}", "kind": "reference"},
        )
        for k, sid in enumerate(source_ids)
    ]
    for i, code in enumerate(codes):
        organization = {
            "id": f"org-{i}",
            "name": f"National Film Agency {code}",
            "kind": "film_agency",
            "country": code,
            "names": [],
            "evidence": [cite(i)],
        }
        out.append(("synthetic", "organization", organization))
    for i in range(people):
        latin = f"{rng.choice(given)} {rng.choice(family)}"
        names = [{"name": latin, "lang": "en", "kind": "source", **cite(i)}]
        if rng.random() < cyrillic:
            names.append({"name": to_cyrillic(latin), "lang": "ru", "kind": "source", **cite(i)})
        person = {
            "id": f"person-{i}",
            "name": latin,
            "names": names,
            "evidence": [cite(i)],
            "roles": [
                {
                    "id": f"role-{i}",
                    "organization": f"org-{rng.randrange(len(codes))}",
                    "role": rng.choice(["head", "advisor", "staff", "representative"]),
                    "title": "staff",
                    "status": "current",
                    **cite(i),
                }
            ],
        }
        out.append(("synthetic", "person", person))
    return out


def write_registry(target: Path, located: list[Located]) -> None:
    """A new registry at `target` holding `located`, written as `filmreg build` writes the seed
    (made beside `target` and moved there once committed)."""
    build.write_registry(target, located, "synthetic")


def build_synthetic(target: Path, people: int, **options) -> None:
    write_registry(target, synthetic_records(people, **options))
