"""What a report states: people with their titles, bodies, events, capacities, cooperation.

Every finding keeps where it is said (paragraph and character offsets) so that the draft
can cite it. Russian names come from natasha's news NER; English names are runs of
capitalised words next to a title or a capacity, or names the registry already knows.
"""

import re
import sqlite3
from dataclasses import dataclass, field

from filmreg.formats.extract import vocabulary as V
from filmreg.formats.extract.ner import Ner
from filmreg.formats.extract.reading import Paragraph, Report
from filmreg.model.errors import FilmregError
from filmreg.model.vocabulary import QUOTE_MAX
from filmreg.search.ranked import search
from filmreg.store.countries import alias_key

# A news report names a few dozen people at most; a text naming hundreds is not one report.
MAX_NAMES = 300
MAX_LOOKUPS = 2000
LINK_MIN = 0.8  # the search score from which a name is taken to be a registry record


@dataclass
class Span:
    para: Paragraph
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.para.text[self.start : self.end]

    @property
    def locator(self) -> str:
        return f"¶{self.para.number}, chars {self.start}–{self.end}"


@dataclass
class Role:
    kind: str
    title: str
    title_span: Span
    org_phrase: str
    org_id: str | None
    org_score: float
    country: str | None
    quote: Span


@dataclass
class Person:
    name: str
    span: Span
    link: tuple[str, float] | None = None
    role: Role | None = None
    capacity: str | None = None


@dataclass
class EventFind:
    name: str
    kind: str
    span: Span
    link: tuple[str, float] | None = None
    parent: str | None = None


@dataclass
class CooperationFind:
    kind: str
    span: Span
    countries: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    signed: bool = False


@dataclass
class Findings:
    people: list[Person] = field(default_factory=list)
    events: list[EventFind] = field(default_factory=list)
    cooperations: list[CooperationFind] = field(default_factory=list)


def best(
    conn: sqlite3.Connection, text: str, kind: str, country: str | None = None
) -> tuple[str, float] | None:
    """The registry record of `kind` that `text` names: (id, score), or None."""
    if not text.strip() or len(text) > 300:
        return None
    return _best(conn, text, kind, country)


def _best(
    conn: sqlite3.Connection, text: str, kind: str, country: str | None
) -> tuple[str, float] | None:
    rows = search(conn, text, types=[kind], country=country, limit=5).rows
    if not rows or rows[0]["score"] < LINK_MIN:
        return None
    tied = [r for r in rows if r["score"] == rows[0]["score"]]
    if len(tied) > 1 and kind == "organization":
        # "Ministry of Culture" in Azerbaijan: the ministry, not its department
        wanted = next((k for k, p in V.ORG_KINDS if p.search(text)), None)
        kinds = dict(
            conn.execute(
                f"SELECT id, kind FROM organizations WHERE id IN ({','.join('?' * len(tied))})",
                [r["id"] for r in tied],
            )
        )
        tied = [r for r in tied if kinds.get(r["id"]) == wanted] or tied
    if len(tied) > 1 and not country:
        return None  # two records answer equally well: leave the choice to the reader
    return tied[0]["id"], tied[0]["score"]


class Countries:
    """Country names and adjectives in running text, in any grammatical case."""

    def __init__(self, conn: sqlite3.Connection):
        self.single: dict[str, str] = {}
        self.multi: list[tuple[list[str], str]] = []
        for key, code in conn.execute(
            "SELECT DISTINCT key, country FROM country_aliases WHERE kind != 'numeric'"
        ):
            words = key.split()
            if not words or any(len(w) < 4 or not w.isalpha() for w in words):
                continue
            if len(words) == 1:
                self.single.setdefault(words[0], code)
            elif len(words) <= 3:
                self.multi.append((words, code))

    def _word(self, word: str) -> str | None:
        if word in self.single:
            return self.single[word]
        for cut in (1, 2, 3):  # Грузии, Узбекистана, Азербайджанской
            if len(word) - cut >= 4:
                stem = word[:-cut]
                for ending in ("", "я", "а", "ия", "ь"):
                    code = self.single.get(stem + ending)
                    if code and len(stem + ending) >= len(word) - 3:
                        return code
        for prefix, code in V.DEMONYMS.items():
            if word.startswith(prefix) and len(word) - len(prefix) <= 4:
                return code
        return None

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """(code, start, end) of each country named in `text`, in order."""
        found = []
        for m in re.finditer(r"[^\W\d_]+(?:['’]s)?", text):
            word = alias_key(re.sub(r"['’]s$", "", m.group()))
            if (len(word) >= 4 and m.group()[0].isupper()) or word in V.DEMONYMS:
                code = self._word(word)
                if code:
                    found.append((code, m.start(), m.end()))
        return found


# "TURKSOY's ", "the agency's ": who a title after a name belongs to.
_POSSESSIVE = re.compile(r"(?:the\s+)?((?:[\w-]+\s+){0,4}[\w-]+)['’]s\s+", re.IGNORECASE)


# A title and its body fit in a quote (160 characters): look no further from a name, so that
# a paragraph without punctuation costs linear time, not quadratic.
REACH = 240


_APPOINTED = re.compile(
    r"\s+(?:(?:has been|was|is|been) (?:appointed|named)(?: as)?|назначен[аы]?"
    r"(?: на должность)?|избран[аы]?)\s+",
    re.IGNORECASE,
)


def _clause_start(lang: str, text: str, end: int) -> int:
    start = max(0, end - REACH)
    for m in V.CLAUSE_BREAK[lang].finditer(text, start, end):
        if m.end() <= end:
            start = m.end()
    return start


def _clause_end(lang: str, text: str, start: int) -> int:
    m = V.CLAUSE_BREAK[lang].search(text, start, start + REACH)
    return m.start() if m else min(len(text), start + REACH)


def _first_title(lang: str, text: str) -> tuple[str, re.Match[str]] | None:
    found = None
    for kind, pattern in V.ROLE_PATTERNS[lang]:
        m = pattern.search(text)
        if m and (
            found is None
            or (m.start(), -len(m.group())) < (found[1].start(), -len(found[1].group()))
        ):
            found = (kind, m)
    return found


class Finder:
    def __init__(self, conn: sqlite3.Connection, report: Report, ner: Ner | None = None):
        self.conn = conn
        self.report = report
        self.lang = report.lang
        self.countries = Countries(conn)
        self.ner = ner
        self.cache: dict[tuple[str, str, str | None], tuple[str, float] | None] = {}

    def best(self, text: str, kind: str, country: str | None = None) -> tuple[str, float] | None:
        """`best`, once per name: the same names come back in a report."""
        key = (text, kind, country)
        if key not in self.cache:
            self.cache[key] = best(self.conn, text, kind, country)
        return self.cache[key]

    # People -----------------------------------------------------------------------------

    def names(self, para: Paragraph) -> list[Span]:
        if self.lang == "ru" and self.ner is not None:
            return [Span(para, s, e) for s, e in self.ner(para.text)]
        return self._latin_names(para)

    def _latin_names(self, para: Paragraph) -> list[Span]:
        spans = []
        word = r"[A-ZÀ-ÖØ-ÞĀ-ſƏİŞÇĞÜÖ][\w'’-]*"
        for m in re.finditer(rf"{word}(?:\s+{word})*", para.text):
            run: list[tuple[int, int]] = []
            for w in re.finditer(r"\S+", m.group()):
                token = w.group().rstrip("'’s") if w.group().endswith(("'s", "’s")) else w.group()
                bare = token.strip("'’-").casefold()
                if len(token) > 2 and token.isupper():
                    bare = "the"  # an acronym (TURKSOY), not a name
                if (
                    bare in V.NOT_NAME_WORDS
                    or self.countries._word(alias_key(bare))
                    or token != w.group()
                ):
                    if len(run) >= 2:
                        spans.append(Span(para, m.start() + run[0][0], m.start() + run[-1][1]))
                    run = []
                else:
                    run.append((w.start(), w.end()))
            if len(run) >= 2:
                spans.append(Span(para, m.start() + run[0][0], m.start() + run[-1][1]))
        return spans

    def people(self) -> list[Person]:
        found: list[Person] = []
        named = 0
        for para in self.report.paragraphs:
            spans = self.names(para)
            named += len(spans)
            if named > MAX_NAMES:
                raise FilmregError(
                    f"the report names over {MAX_NAMES} people; extract reads one article "
                    "(split a collection into its reports)"
                )
            titled_before: dict[int, bool] = {}
            for span in spans:
                name = " ".join(span.text.split())
                person = Person(name, span, self.best(name, "person"))
                person.role = self.role_of(span, spans, titled_before)
                person.capacity = self.capacity_of(span)
                if person.link or person.role or person.capacity:
                    found.append(person)
        return found

    def role_of(
        self, name: Span, others: list[Span], titled_before: dict[int, bool]
    ) -> Role | None:
        """The title stated next to a name: before it ("the Director of X Jane Roe", "the
        Director of X, Jane Roe") or after it ("Jane Roe, Director of X"). In a list of
        people, a title between two names goes with the one the list's first title precedes.
        """
        text = name.para.text
        appointed = _APPOINTED.match(text, name.end)
        if appointed:  # "X назначена председателем совета Фонда": the news is the new post
            stop = _clause_end(self.lang, text, appointed.end())
            found = _first_title(self.lang, text[appointed.end() : stop])
            if found and found[1].start() <= 4:
                titled_before[name.start] = False
                return self._role(name, found, (appointed.end(), stop))
        start = _clause_start(self.lang, text, name.start)
        window = (start, name.start)
        titled = _first_title(self.lang, text[start : name.start])
        lead_in = text[: name.start].rstrip()
        if titled is None and lead_in.endswith(","):
            # an apposition: "the Director-General of the Azerbaijan Film Agency, Rashad Azizov"
            comma = len(lead_in) - 1
            before = _clause_start(self.lang, text, comma)
            previous = next(
                (
                    o
                    for o in others
                    if o.end <= before and re.fullmatch(r"\s*,?\s*", text[o.end : before])
                ),
                None,
            )
            if previous is None or titled_before.get(previous.start, False):
                titled = _first_title(self.lang, text[before:comma])
                window = (before, comma)
        titled_before[name.start] = titled is not None
        if titled is None:
            after = name.end
            rest = text[after:]
            lead = re.match(
                r"\s*(?:,\s*|\s(?:назначен\w*|(?:has been|was|is|been) (?:appointed|named)|"
                r"appointed|named|became|стал\w*|(?:has )?taken over as)\s+"
                r"(?:на должность\s+|as\s+)?)",
                rest,
            )
            if lead:
                begin = after + lead.end()
                stop = min(
                    [_clause_end(self.lang, text, begin)]
                    + [o.start for o in others if o.start >= begin]
                )
                titled = _first_title(self.lang, text[begin:stop])
                window = (begin, stop)
                lead_words = text[begin : begin + titled[1].start()] if titled else ""
                if titled and titled[1].start() > 4 and not _POSSESSIVE.fullmatch(lead_words):
                    titled = None  # the clause is about something else
                if any(o.start == stop for o in others):
                    titled = None  # "X, глава Агентства Y Фирдос": the title is the next name's
        if titled is None:
            return None
        return self._role(name, titled, window)

    def _role(
        self, name: Span, titled: tuple[str, re.Match[str]], window: tuple[int, int]
    ) -> Role | None:
        text = name.para.text
        kind, m = titled
        lo, hi = window
        if V.FORMER[self.lang].search(text[lo : lo + m.start()]):
            return None  # "the former head": not a post the report says is held
        body = re.match(r"(?:\s+(?:to|of|the|for|at))*", text[lo + m.end() : hi])
        skipped = body.end() if body else 0
        cut = V.PHRASE_END[self.lang].search(text, lo + m.end() + skipped, hi)
        t_start, t_end = lo + m.start(), cut.start() if cut else hi
        phrase = text[lo + m.end() : t_end].strip(" ,")
        owner = _POSSESSIVE.fullmatch(text[lo : lo + m.start()])
        if owner and not self.countries.find(owner.group(1)):
            # "TURKSOY's representative on cinematography": the body is the owner
            phrase = owner.group(1)
        if kind == "department_head" and not phrase:
            phrase = re.sub(r"^\S+\s+(?:of\s+(?:the\s+)?)?", "", m.group())
        if not phrase:  # "TURKSOY Secretary-General Sultan Raev": the body before the title
            phrase = re.sub(
                r"^(?:the|a|an)\s+", "", text[lo : lo + m.start()].strip(" ,"), flags=re.I
            )
        title = text[t_start:t_end].strip(" ,")
        countries = self.countries.find(text[lo:hi])
        country = countries[-1][0] if countries else None
        org_phrase, org_id, score, country = self._organization(phrase, m.group(), country)
        q_lo, q_hi = min(t_start, name.start), max(hi, name.end)
        if q_hi - q_lo > QUOTE_MAX:
            return None
        return Role(
            kind,
            title,
            Span(name.para, t_start, t_end),
            org_phrase,
            org_id,
            score,
            country,
            Span(name.para, q_lo, q_hi),
        )

    def _organization(
        self, phrase: str, keyword: str, country: str | None
    ) -> tuple[str, str | None, float, str | None]:
        """The body a title names: (phrase, id or None, score, country)."""
        phrase = re.sub(r"^(?:(?:of|to|at|for|the)\s+)+", "", phrase, flags=re.I)
        owner = re.match(r"([^\W\d_]+)['’]s\s+", phrase)
        if owner and self.countries.find(owner.group(1)):  # "Azerbaijan's Film Fund"
            phrase = phrase[owner.end() :]
        ministry = bool(V.MINISTER[self.lang].match(keyword.split()[-1]))
        words = phrase.split()
        # nested titles: "советник директора Агентства ...", "Advisor to the Chairman of ..."
        while words:
            nested = _first_title(self.lang, " ".join(words))
            if nested and nested[1].start() == 0:
                covered = nested[1].group().split()
                ministry = ministry or bool(V.MINISTER[self.lang].match(covered[-1]))
                words = words[len(covered) :]
                while words and words[0].lower() in ("of", "the", "to", "правления", "board"):
                    words = words[1:]
            else:
                break
        phrase = " ".join(words)
        if ministry:
            phrase = f"{V.MINISTRY[self.lang]} {phrase}".strip()
        quoted = re.findall(r"[«\"“]([^»\"”]{2,80})[»\"”]", phrase)
        for acronym in quoted + re.findall(r"\b[A-ZА-ЯЁÀ-ÞƏİ]{2,}[A-ZА-ЯЁÀ-ÞƏİ0-9]*\b", phrase):
            hit = self.best(acronym, "organization", country)
            if hit:
                return phrase, hit[0], hit[1], country or self._country_of(hit[0])
        cut = words
        named = {(s, e) for _, s, e in self.countries.find(phrase)}
        if named and country:  # "Ministry of Culture of Azerbaijan": the country is a filter
            bare = phrase
            for s, e in sorted(named, reverse=True):
                bare = bare[:s] + bare[e:]
            bare = re.sub(r"(?:\s+(?:of|the|Республики|Republic))+\s*$", "", bare.strip(" ,"))
            if bare and len(bare.split()) >= 1:
                hit = best(
                    self.conn,
                    bare
                    if not ministry or bare.startswith(V.MINISTRY[self.lang])
                    else f"{V.MINISTRY[self.lang]} {bare}",
                    "organization",
                    country,
                )
                if hit:
                    return phrase, hit[0], hit[1], country
        if len(words) >= 2 and V.GENERIC_LAST.match(words[-1]):
            # "Kazakhfilm Association": the name without its generic last word
            hit = self.best(" ".join(words[:-1]), "organization", country)
            if hit:
                return phrase, hit[0], hit[1], country or self._country_of(hit[0])
        while cut:
            candidate = " ".join(cut)
            if ministry and not candidate.startswith(V.MINISTRY[self.lang]):
                candidate = f"{V.MINISTRY[self.lang]} {candidate}"
            hit = self.best(candidate, "organization", country)
            if hit:
                return phrase, hit[0], hit[1], country or self._country_of(hit[0])
            cut = cut[1:]
            if len(cut) < 2:
                break
        return phrase, None, 0.0, country

    def _country_of(self, org_id: str) -> str | None:
        row = self.conn.execute(
            "SELECT country FROM organizations WHERE id = ?", (org_id,)
        ).fetchone()
        return row[0] if row else None

    def capacity_of(self, name: Span) -> str | None:
        text = name.para.text
        reach = max(0, name.start - 2 * REACH)
        dot = text.rfind(". ", reach, name.start)
        sentence_start = dot + 2 if dot >= 0 else reach
        before = text[max(sentence_start, name.start - 60) : name.start]
        for capacity, pattern in V.CAPACITIES[self.lang]:
            if capacity == "moderator" and pattern.search(before[-40:]):
                return capacity
            if capacity == "opening_speech" and pattern.search(text[sentence_start : name.start]):
                return capacity
        sentence_end = text.find(". ", name.end, name.end + 2 * REACH)
        stop = sentence_end if sentence_end > 0 else min(len(text), name.end + 2 * REACH)
        sentence = text[sentence_start:stop]
        if V.SPEAKING[self.lang].search(sentence):
            return "speaker"
        return None

    # Events -----------------------------------------------------------------------------

    def events(self) -> list[EventFind]:
        found: dict[str, EventFind] = {}
        new: list[EventFind] = []
        known = self.conn.execute(
            "SELECT id, parent, name, start_date, attested_on FROM events"
        ).fetchall()
        parents = {row[0]: row[1] for row in known}
        years = {
            row[0]: set(re.findall(r"\b(?:19|20)\d\d\b", " ".join(filter(None, row[2:]))))
            for row in known
        }
        year = (self.report.published or "")[:4]

        def other_edition(event_id: str, text: str) -> bool:
            """Baku Cinema Breeze 2024 is not the 2025 edition the registry holds."""
            named = set(re.findall(r"\b(?:19|20)\d\d\b", text))
            held = years.get(event_id) or set()
            if named:
                return not named & held
            return bool(year and held and year not in held)

        for para in self.report.paragraphs:
            for m in re.finditer(r"[«\"“]([^»\"”]{3,200})[»\"”]", para.text):
                span = Span(para, m.start(1), m.end(1))
                hit = self.best(m.group(1), "event")
                if hit and other_edition(hit[0], m.group(1)):
                    hit = None
                before = para.text[max(0, m.start() - 40) : m.start()]
                kind = next((k for k, p in V.EVENT_KINDS[self.lang] if p.search(before)), None)
                if hit:
                    found.setdefault(
                        hit[0], EventFind(m.group(1), kind or "", span, hit, parents.get(hit[0]))
                    )
                elif kind:
                    new.append(EventFind(m.group(1), kind, span))
            for m in re.finditer(r"[A-ZА-ЯЁ][\w-]*(?:\s+[A-ZА-ЯЁ][\w-]*){1,4}", para.text):
                if len(self.cache) > MAX_LOOKUPS:
                    break  # a long text of capitalised phrases: the first ones are enough
                hit = self.best(m.group(), "event")
                if hit and other_edition(hit[0], para.text[m.start() : m.end() + 8]):
                    continue
                if hit and hit[0] not in found and hit[1] >= 0.95:
                    found[hit[0]] = EventFind(
                        m.group(), "", Span(para, m.start(), m.end()), hit, parents.get(hit[0])
                    )
        events = list(found.values())
        linked = {e.link[0] for e in events if e.link}
        # the innermost known event is the parent of a new one named in the report
        inner = [i for i in linked if not any(parents.get(j) == i for j in linked)]
        for event in new:
            event.parent = inner[0] if len(inner) == 1 else None
        return events + new

    # Cooperation ------------------------------------------------------------------------

    def cooperations(self, people: list[Person]) -> list[CooperationFind]:
        found = []
        for para in self.report.paragraphs:
            for sentence in re.finditer(r"[^.!?]+(?:[.!?]+|$)", para.text):
                text = sentence.group()
                kind = None
                signed = bool(V.SIGNED[self.lang].search(text))
                for k, pattern in V.COOPERATION[self.lang]:
                    if pattern.search(text) and (signed or k == "joint_programme"):
                        kind = k
                        break
                if (
                    kind is None
                    and V.INTENT[self.lang].search(text)
                    and re.search(r"сотруднич|cooperat|co-?produc|совместн", text, re.I)
                ):
                    kind = "stated_intent"
                if kind is None and V.DISCUSSED[self.lang].search(text):
                    kind = "discussion"
                if kind is None:
                    continue
                countries = list(dict.fromkeys(c for c, _, _ in self.countries.find(text)))
                inside = [
                    p
                    for p in people
                    if p.span.para is para and sentence.start() <= p.span.start < sentence.end()
                ]
                orgs = list(
                    dict.fromkeys(p.role.org_id for p in inside if p.role and p.role.org_id)
                )
                for p in inside:
                    if p.role and p.role.country and p.role.country not in countries:
                        countries.append(p.role.country)
                if len(countries) < 2 and len(orgs) < 2:
                    continue
                lo, hi = sentence.start(), sentence.end()
                text_lo = lo + len(text) - len(text.lstrip())
                span = Span(para, text_lo, hi)
                if hi - text_lo > QUOTE_MAX:
                    m = (
                        V.DISCUSSED[self.lang].search(text)
                        or V.SIGNED[self.lang].search(text)
                        or V.INTENT[self.lang].search(text)
                    )
                    start = lo + (m.start() if m else 0)
                    span = Span(para, start, min(hi, start + QUOTE_MAX))
                    span.end = para.text.rfind(" ", start, span.end) if span.end < hi else span.end
                found.append(
                    CooperationFind(
                        kind, span, countries, orgs, [p.link[0] for p in inside if p.link], signed
                    )
                )
        return found

    @staticmethod
    def _strongest(found: list[CooperationFind]) -> list[CooperationFind]:
        """A discussion or stated intent between parties who sign a document in the same
        report is the document's headline, not a second cooperation."""
        documents = [
            set(c.countries) for c in found if c.kind not in ("discussion", "stated_intent")
        ]
        return [
            c
            for c in found
            if c.kind not in ("discussion", "stated_intent")
            or not any(set(c.countries) <= d for d in documents)
        ]

    def run(self) -> Findings:
        people = self.people()
        return Findings(people, self.events(), self._strongest(self.cooperations(people)))
