"""Country and network reports as text for a terminal, or as Markdown for a briefing note."""

from typing import Any, TextIO

from filmreg.cli.render.output import visible
from filmreg.cli.render.terminal import BOLD, DIM, Styled
from filmreg.cli.render.views import NO_HEAD

Report = dict[str, Any]


def _md(text: Any) -> str:
    """Data as inert Markdown: characters that would format are escaped."""
    out = visible(str(text))
    for ch in "\\`*_[]<>|":
        out = out.replace(ch, "\\" + ch)
    return out


def plural(n: int, word: str, words: str | None = None) -> str:
    """`1 event`, `2 events`."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


class _Doc:
    """Markdown, or text through a Styled writer (bold headings, dim sources, wrapped lines
    on a terminal)."""

    def __init__(self, stream: TextIO | Styled, markdown: bool):
        self.markdown = markdown
        self.out = stream if isinstance(stream, Styled) else Styled(stream)
        self.stream = self.out.stream

    def text(self, value: Any) -> str:
        return _md(value) if self.markdown else visible(str(value))

    def heading(self, title: str, level: int = 2) -> None:
        if self.markdown:
            self.stream.write(f"\n{'#' * level} {title}\n\n")
        else:
            self.out.line()
            self.out.line(title, style=BOLD)
            self.out.line("=" * len(title) if level == 1 else "-" * len(title), style=BOLD)

    def item(self, line: str, depth: int = 0, style: str = "") -> None:
        if self.markdown:
            self.stream.write(f"{'  ' * depth}- {line}\n")
        else:
            self.out.line(line, 2 * (depth + 1), style)

    def source(self, line: str, depth: int) -> None:
        self.item(line, depth, DIM)

    def para(self, line: str) -> None:
        if self.markdown:
            self.stream.write(f"{line}\n\n")
        else:
            self.out.line(line)


def _sources_line(doc: _Doc, sources: list[dict[str, Any]]) -> str:
    """`sources: Publisher, date, ¶3, ¶5; Other, locator`: one entry per document."""
    places: dict[str, list[str]] = {}
    for s in sources:
        name = (s.get("publisher") or s["label"]) + (
            f", {s['published']}" if s.get("published") else ""
        )
        if s["locator"] not in places.setdefault(name, []):
            places[name].append(s["locator"])
    return "sources: " + "; ".join(doc.text(f"{n}, {', '.join(p)}") for n, p in places.items())


def _when(item: dict[str, Any], *labels: tuple[str, str]) -> str:
    """`since 2024-02-23, last attested 2025-12-09`: each date `item` has, with its label."""
    return ", ".join(f"{label} {item[key]}" for key, label in labels if item.get(key))


RANKING = (
    "Ranked by the explicit score (agreements, memoranda and other records of cooperation), "
    "then by the total, which adds shared events."
)


def _score(item: dict[str, Any]) -> str:
    """The score the ranking sorts by, then the total where shared events add to it."""
    if item["score"] == item["explicit_score"]:
        return f"explicit score {item['explicit_score']}"
    return f"explicit score {item['explicit_score']}, total {item['score']}"


def render_country_report(report: Report, stream: TextIO | Styled, markdown: bool = False) -> None:
    doc = _Doc(stream, markdown)
    c = report["country"]
    title = f"{c['name']} ({c['code']}): film administration and its partners"
    doc.heading(doc.text(title), 1)
    doc.para(
        doc.text(
            f"{c['official_name'] or c['name']} · {c['code']} / {c['alpha3']} / "
            f"{c['numeric']} · " + ", ".join(f"{v} ({k})" for k, v in c["names"].items())
        )
    )
    filters = {k: v for k, v in report["filters"].items() if v}
    if filters:
        doc.para(doc.text("filtered: " + ", ".join(f"{k} {v}" for k, v in filters.items())))

    as_of = report["filters"].get("as_of")
    doc.heading(
        f"Bodies and the people in post on {as_of}"
        if as_of
        else "Bodies and the people in current roles"
    )
    if not report["bodies"]:
        doc.para("No body of this country is in the registry.")
    for body in report["bodies"]:
        english = body.get("name_en")
        name = (
            f"{english} / {body['name']}" if english and english != body["name"] else body["name"]
        )
        doc.item(doc.text(f"{name} ({body['kind']}, {body['id']})"))
        for p in body["people"]:
            dates = _when(p, ("start_date", "since"), ("attested_on", "last attested"))
            doc.item(
                doc.text(
                    f"{p['name']}: {p['title_en'] or p['title']} [{p['role']}"
                    + (f", {p['held_as_of']}" if p.get("held_as_of") else "")
                    + "]"
                    + (f" ({dates})" if dates else "")
                ),
                1,
            )
            doc.source(_sources_line(doc, p["sources"]), 2)
        if not any(p["role"] == "head" for p in body["people"]):
            doc.item(doc.text(f"head: {NO_HEAD}"), 1)

    doc.heading("Memberships of intergovernmental bodies")
    if not report["memberships"]:
        doc.para("None recorded.")
    for m in report["memberships"]:
        member = f" ({m['organization']})" if m["organization"] else ""
        dates = _when(
            m, ("start_date", "since"), ("end_date", "until"), ("attested_on", "attested")
        )
        doc.item(doc.text(f"{m['body']}{member}" + (f" ({dates})" if dates else "")))
        doc.source(_sources_line(doc, m["sources"]), 1)

    doc.heading("Multilateral conventions")
    if not report["conventions"]:
        doc.para("None recorded.")
    for c in report["conventions"]:
        dates = _when(c, ("date", "signed"), ("in_force", "in force"))
        doc.item(
            doc.text(f"{c['title']} ({c['parties']} parties" + (f"; {dates})" if dates else ")"))
        )
        doc.source(_sources_line(doc, c["sources"]), 1)

    doc.heading("Events where its officials took part")
    if not report["events"]:
        doc.para("None recorded.")
    for e in report["events"]:
        where = ", ".join(x for x in (e["date"], e["city"], e["country"]) if x)
        doc.item(doc.text(f"{e['name']} ({e['kind']}; {where})"))
        for p in e["officials"]:
            doc.item(doc.text(f"{p['name']}: {p['capacity']}, for {p['organization']}"), 1)
        if e["topics"]:
            doc.item(doc.text("discussed: " + ", ".join(t["name"] for t in e["topics"])), 1)

    hidden = report["events_total"] - len(report["events"])
    if hidden > 0:
        doc.para(doc.text(f"… and {plural(hidden, 'earlier event')} (narrow with --since/--until)"))

    doc.heading("Partners, strongest first")
    if not report["partners"]:
        doc.para("None recorded.")
    else:
        doc.para(doc.text(RANKING))
    shown: dict[tuple[Any, ...], str] = {}  # a link met under an earlier partner: where it is told
    for p in report["partners"]:
        kinds = ", ".join(f"{k} ×{n}" for k, n in p["kinds"].items())
        doc.item(doc.text(f"{p['rank']}. {p['name']} ({p['country']}): {_score(p)}; {kinds}"))
        for link in p["links"]:
            key = (link["evidence"], link["kind"], link.get("id") or link.get("event_id"))
            if key in shown:
                doc.item(
                    doc.text(
                        f"{link['kind']}, {link['date'] or 'undated'}: {link['title']} "
                        f"(the same record as under {shown[key]})"
                    ),
                    1,
                )
                continue
            shown[key] = f"{p['rank']}. {p['name']}"
            own = "; ".join(b["name"] for b in link["own_bodies"]) or "(no body named)"
            theirs = "; ".join(b["name"] for b in link["partner_bodies"]) or "(no body named)"
            label = "explicit record" if link["evidence"] == "explicit" else "same event"
            doc.item(
                doc.text(f"{link['kind']} ({label}), {link['date'] or 'undated'}: {link['title']}"),
                1,
            )
            doc.item(doc.text(f"bodies: {own} ↔ {theirs}"), 2)
            if link["topics"]:
                doc.item(doc.text("topics: " + ", ".join(link["topics"])), 2)
            doc.source(_sources_line(doc, link["sources"]), 2)
        if p["links_not_shown"]:
            doc.item(
                doc.text(
                    f"… and {plural(p['links_not_shown'], 'more shared event')} "
                    f"(--partner {p['country']} lists all)"
                ),
                1,
            )

    doc.heading("Topics discussed")
    if not report["topics"]:
        doc.para("None recorded.")
    for t in report["topics"]:
        doc.item(
            doc.text(
                f"{t['name']}: {t['count']} ({plural(t['events'], 'event')}, "
                f"{plural(t['cooperations'], 'cooperation record')})"
            )
        )

    doc.heading("Sources")
    if not report["sources"]:
        doc.para("None.")
    for s in report["sources"]:
        doc.item(
            doc.text(
                ", ".join(x for x in (s["publisher"] or s["label"], s["published"], s["url"]) if x)
            )
        )


def render_network(
    edges: list[dict[str, Any]], stream: TextIO | Styled, markdown: bool = False
) -> None:
    doc = _Doc(stream, markdown)
    doc.heading("Cooperation network: country pairs, strongest first", 1)
    if not edges:
        doc.para("No links recorded.")
    else:
        doc.para(doc.text(RANKING))
    for e in edges:
        kinds = ", ".join(f"{k} ×{n}" for k, n in e["kinds"].items())
        span = " … ".join(dict.fromkeys(x for x in (e["first_date"], e["last_date"]) if x))
        doc.item(
            doc.text(
                f"{e['source']} – {e['target']}: {_score(e)}; {plural(e['links'], 'link')} "
                f"({kinds})" + (f", {span}" if span else "")
            )
        )
