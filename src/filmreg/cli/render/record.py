"""`filmreg show` on a terminal: a record as readable sections, each fact over its sources."""

from collections.abc import Callable, Sequence
from typing import Any, TextIO

from filmreg.cli.render.terminal import BOLD, DIM, Styled
from filmreg.cli.render.views import NO_HEAD

Record = dict[str, Any]
# A record's lines in a section: the first is the heading, None or "" lines are skipped.
Describe = Callable[[Record], Sequence[str | None]]


def _source_line(source: Record) -> str:
    parts = [
        source.get("publisher") or source["label"],
        source.get("published"),
        source.get("url") or source.get("local_copy"),
        source["locator"],
    ]
    field = f"{source['field']}: " if source.get("field") else ""
    quote = f" «{source['quote']}»" if source.get("quote") else ""
    return (
        "source: " + field + ", ".join(p for p in parts if p) + f" [{source['source_id']}]" + quote
    )


def _dates(item: Record) -> str:
    bits = []
    if item.get("start_date"):
        bits.append(f"from {item['start_date']}")
    if item.get("end_date"):
        bits.append(f"until {item['end_date']}")
    if item.get("attested_on"):
        bits.append(f"attested {item['attested_on']}")
    return " · ".join(bits)


class _Writer:
    def __init__(self, out: Styled):
        self.out = out

    def line(self, text: str = "", indent: int = 0, style: str = "") -> None:
        self.out.line(text, indent, style)

    def section(self, title: str, items: list[Record], describe: Describe) -> None:
        if not items:
            return
        self.line()
        self.line(title, style=BOLD)
        for item in items:
            for i, text in enumerate(describe(item)):
                if text:
                    self.line(text, 2 if i == 0 else 6)
            for source in item.get("sources", []):
                self.line(_source_line(source), 6, DIM)


def _name(n: Record) -> list[str]:
    tags = ", ".join(t for t in (n.get("lang"), n.get("script"), n.get("kind")) if t)
    return [f"{n['name']}  [{tags}]"]


def _role(r: Record) -> list[str | None]:
    where = r.get("organization") or r.get("name")
    title = r.get("title_en") or r["title"]
    head = f"{title}, {where}" if r.get("organization") else f"{r['name']}: {title}"
    if r.get("country"):
        head += f" ({r['country']})"
    return [
        f"{head}  [{r['role']}, {r['status']}"
        + (f"; {r['held_as_of']} on the date asked" if r.get("held_as_of") else "")
        + "]",
        f"role id: {r['id']}",
        f"as stated: {r['title']}",
        _dates(r),
        r.get("note"),
    ]


def _participation(p: Record) -> list[str]:
    where = ", ".join(
        x for x in (p.get("start_date") or p.get("date"), p.get("city"), p.get("country")) if x
    )
    event = p.get("event") or p.get("name")
    line = f"{p['capacity']} at {event}" + (f" ({where})" if where else "")
    if p.get("person") and p.get("event"):
        line = f"{p['person']}: {line}"
    elif p.get("name") and not p.get("event"):
        line = f"{p['name']}: {p['capacity']}"
    if p.get("organization"):
        line += f", for {p['organization']}"
    return [line]


def _cooperation(c: Record) -> list[str | None]:
    parties = "; ".join(
        p["country"]
        + (f" {p['organization']}" if p.get("organization") else "")
        + (f" (signed by {p['person']})" if p.get("person") else "")
        for p in c.get("parties", [])
    )
    dates = " · ".join(
        x
        for x in (
            c.get("date") and f"signed {c['date']}" if c["kind"] != "discussion" else c.get("date"),
            c.get("place"),
            c.get("in_force") and f"in force {c['in_force']}",
            c.get("end_date") and f"ended {c['end_date']}",
            c.get("status"),
        )
        if x
    )
    return [
        f"{c['title']}  [{c['kind']}{', ' + dates if dates else ''}]",
        f"parties: {parties}" if parties else "",
        f"topics: {', '.join(c['topics'])}" if c.get("topics") else "",
        c.get("note"),
    ]


def _membership(m: Record) -> list[str | None]:
    member: str | None = m.get("organization") or m.get("country")
    if m.get("organization") and m.get("country"):
        member = f"{m['organization']} ({m['country']})"
    return [f"{m['body']}: {member}", _dates(m), m.get("note")]


_FACT_FIELDS = (
    "title",
    "publisher",
    "published",
    "url",
    "language",
    "local_copy",
    "kind",
    "country",
    "parent_name",
    "acronym",
    "website",
    "founded",
    "legal_form",
    "start_date",
    "end_date",
    "venue",
    "city",
    "organizer",
    "alpha3",
    "numeric",
    "official_name",
    "description",
    "note",
)


def _english_name(rec: Record) -> str | None:
    for n in rec.get("names", []):
        if n.get("lang") == "en" and n.get("kind") not in ("acronym", "former"):
            return None if n["name"] == rec["name"] else n["name"]
    return None


def _split(items: list[Record]) -> tuple[list[Record], list[Record]]:
    """Current posts, then the earlier ones (ended, or of unknown status)."""
    return (
        [r for r in items if r.get("status") == "current"],
        [r for r in items if r.get("status") != "current"],
    )


def render_record(rec: Record, stream: TextIO | Styled) -> None:
    """The record, most wanted first: who holds which post now, then earlier posts, the rest
    of the facts, and last the names and the sources."""
    out = _Writer(stream if isinstance(stream, Styled) else Styled(stream))
    ident = rec.get("id") or rec.get("code")
    out.line(f"{rec['name']}  ({rec['type']}: {ident})", style=BOLD)
    english = _english_name(rec)
    if english:
        out.line(f"in English: {english}", 2)
    as_of = rec.get("as_of")
    if as_of:
        out.line(f"as of {as_of}: only what held, was in force or had happened then", 2)
    for key in _FACT_FIELDS:
        if rec.get(key):
            out.line(f"{key}: {rec[key]}", 2)
    if as_of:
        # Only the posts held on that day are left: one section each, marked held or attested.
        if rec.get("type") == "organization":
            heads = [p["name"] for p in rec.get("people", []) if p["role"] == "head"]
            out.line(f"head then: {'; '.join(heads) if heads else NO_HEAD}", 2)
        out.section(f"Posts on {as_of}", rec.get("roles", []), _role)
        out.section(f"People in post on {as_of}", rec.get("people", []), _role)
    else:
        if rec.get("type") == "organization":
            heads = [p for p in rec.get("people", []) if p["role"] == "head"]
            current = [p["name"] for p in heads if p.get("status") == "current"]
            out.line(f"head now: {'; '.join(current) if current else NO_HEAD}", 2)
        now, earlier = _split(rec.get("roles", []))
        out.section("Current posts", now, _role)
        out.section("Earlier posts", earlier, _role)
        now, earlier = _split(rec.get("people", []))
        out.section("People in post now", now, _role)
        out.section("People in earlier posts", earlier, _role)
    out.section("Units", rec.get("units", []), lambda u: [f"{u['name']} ({u['id']})"])
    out.section("Parts", rec.get("parts", []), lambda u: [f"{u['name']} ({u['id']})"])
    out.section(
        "Organizations",
        rec.get("organizations", []),
        lambda o: [
            f"{o['name']} ({o['id']}, {o['kind']})",
            "head now: " + ("; ".join(o["current_heads"]) or NO_HEAD)
            if "current_heads" in o
            else "",
        ],
    )
    out.section("Topics", rec.get("topics", []), lambda t: [f"{t['name']} ({t['id']})"])
    out.section("Events", rec.get("events", []), lambda e: [f"{e['name']} ({e['id']})"])
    out.section("Participants", rec.get("participants", []), _participation)
    out.section("Events", rec.get("participations", []), _participation)
    out.section("Cooperation", rec.get("cooperations", []), _cooperation)
    out.section("Memberships", rec.get("memberships", []), _membership)
    out.section("Members", rec.get("members", []), _membership)
    out.section("Names", rec.get("names", []), _name)
    out.section(
        "Cited by",
        rec.get("cited_by", []),
        lambda c: [f"{c['table']}: {c['facts']} fact{'s' if c['facts'] != 1 else ''}"],
    )
    out.section(
        "Sources of the record",
        [{"sources": rec["sources"]}] if rec.get("sources") else [],
        lambda _: [],
    )
