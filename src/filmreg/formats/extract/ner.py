"""Russian person names with natasha (the `extract` extra): its news NER, offline, in-wheel."""

from collections.abc import Callable

from filmreg.model.errors import FilmregError

INSTALL = "pip install 'filmreg[extract]'"


def load_ner() -> Callable[[str], list[tuple[int, int]]]:
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
