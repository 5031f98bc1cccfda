"""Turn the bytes of a report into checked plain text: its paragraphs, date and language."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from filmreg.model.errors import FilmregError

# A news report is a few kilobytes; a megabyte of text is a book, or the wrong file.
MAX_BYTES = 1_000_000
LANGS = ("ru", "en")
_DATE_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s*")
_SKIP_TAGS = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "svg"}
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote"}
_EN_WORDS = {"the", "of", "and", "in", "to", "a", "was", "has", "with", "for", "by", "at", "on"}


@dataclass
class Paragraph:
    number: int  # 1-based, as the locator says it (¶N)
    text: str


@dataclass
class Report:
    text: str
    lang: str
    published: str | None
    paragraphs: list[Paragraph] = field(default_factory=list)


class _TextOf(HTMLParser):
    """The visible text of a page, one block a line, without scripts, menus or footers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and self.skipping:
            self.skipping -= 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(" ".join(data.split()) if data.strip() else " ")


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<body" in head or "<p>" in head or "<!doctype html" in head


def decode(data: bytes) -> str:
    """The report as text, or a FilmregError that says why it cannot be one."""
    if not data.strip():
        raise FilmregError("the report is empty")
    if len(data) > MAX_BYTES:
        raise FilmregError(
            f"the report is over {MAX_BYTES // 1000} KB; extract reads one article, "
            "not a collection"
        )
    if b"\x00" in data:
        raise FilmregError("the report is a binary file, not text (give plain text or HTML)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FilmregError("the report is not UTF-8 text (give plain text or HTML)") from None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > len(text) // 100:
        raise FilmregError("the report is a binary file, not text (give plain text or HTML)")
    return text


def detect_lang(text: str) -> str | None:
    """`ru` or `en` when the text is plainly one of them, else None."""
    cyrillic = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    if cyrillic > latin:
        return "ru"
    words = re.findall(r"[a-z]+", text.lower())
    if latin > cyrillic and words and sum(w in _EN_WORDS for w in words) >= len(words) * 0.08:
        return "en"
    return None


def read_report(data: bytes, lang: str | None = None, published: str | None = None) -> Report:
    text = decode(data)
    if looks_like_html(text):
        parser = _TextOf()
        parser.feed(text)
        parser.close()
        text = "".join(parser.parts)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    dated = _DATE_LINE.match(text)
    if dated:
        published = published or dated.group(1)
        text = text[dated.end() :]
    if lang is None:
        lang = detect_lang(text)
        if lang is None:
            raise FilmregError(
                "the report is in neither Russian nor English (extract reads ru and en; "
                "give --lang to insist)"
            )
    elif lang not in LANGS:
        raise FilmregError(f"unknown language {lang!r} (choose from: {', '.join(LANGS)})")
    blocks = re.split(r"\n\s*\n", text) if "\n\n" in text.strip() else text.split("\n")
    paragraphs: list[Paragraph] = []
    for block in blocks:
        clean = " ".join(block.split())
        if clean:
            paragraphs.append(Paragraph(len(paragraphs) + 1, clean))
    return Report(text, lang, published, paragraphs)
