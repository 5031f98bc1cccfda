"""Russian person names with natasha (the `extract` extra): its news NER, offline, in-wheel."""

from collections.abc import Callable
from typing import Any

from filmreg.model.errors import FilmregError

INSTALL = "pip install 'filmreg[extract]'"
Ner = Callable[[str], list[tuple[int, int]]]  # a text -> (start, end) of each person's name


def load_ner() -> Ner:
    """A function giving the (start, end) of each person's name in a text."""
    try:
        from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter
    except ImportError:
        raise FilmregError(
            f"extract needs the extraction libraries for Russian: {INSTALL}"
        ) from None
    segmenter = Segmenter()
    tagger = NewsNERTagger(NewsEmbedding())

    def people(text: str) -> list[tuple[int, int]]:
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_ner(tagger)
        return [(s.start, s.stop) for s in doc.spans if s.type == "PER" and " " in s.text.strip()]

    return people


def load_morph() -> Any:
    """pymorphy3's analyser, or None without the extra (names are then kept as written)."""
    try:
        import pymorphy3
    except ImportError:
        return None
    return pymorphy3.MorphAnalyzer()


_NAME_TAGS = {"Name", "Surn", "Patr"}


def nominative(name: str, morph: Any) -> str:
    """`Рашадом Азизовым` -> `Рашад Азизов`: the name in the nominative when every word of it
    can be read in one and the same oblique case; otherwise the name as written."""
    words = name.split()
    if morph is None or not words or not all(w.isalpha() for w in words):
        return name
    readings = []
    for word in words:
        parses = [
            p
            for p in morph.parse(word)
            if _NAME_TAGS & set(p.tag.grammemes) and "sing" in p.tag.grammemes
        ]
        if not parses:
            return name
        readings.append(parses)
    cases = set.intersection(*({str(p.tag.case) for p in parses} for parses in readings))
    if not cases or "nomn" in cases:
        return name
    case = sorted(cases)[0]
    genders = set.intersection(
        *({str(p.tag.gender) for p in parses if str(p.tag.case) == case} for parses in readings)
    )
    out = []
    for parses in readings:
        parse = next(
            p
            for p in parses
            if str(p.tag.case) == case and (not genders or str(p.tag.gender) in genders)
        )
        inflected = parse.inflect({"nomn"})
        if inflected is None:
            return name
        out.append(inflected.word[:1].upper() + inflected.word[1:])
    return " ".join(out)
