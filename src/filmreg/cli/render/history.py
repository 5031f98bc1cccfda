"""`filmreg history` as text or Markdown: one line per post, appearance or gap, with sources."""

from typing import Any, TextIO

from filmreg.cli.render.output import visible

Line = dict[str, Any]


def _when(line: Line) -> str:
    if line["kind"] == "gap":
        return f"{line['start_date']} – {line['end_date']}"
    if line["kind"] in ("appearance", "cooperation"):
        return line.get("date") or (
            f"attested {line['attested_on']}" if line.get("attested_on") else "date unknown"
        )
    start = line.get("start_date") or (
        f"attested {line['attested_on']}" if line.get("attested_on") else "?"
    )
    end = line.get("end_date")
    if end:
        return f"{start} – {end}"
    cited, attested = line.get("counted_from"), line.get("attested_on")
    if not line.get("start_date") and cited and attested and cited < attested:
        return f"cited {cited} –"  # an earlier page than the latest shows it held
    if line.get("start_date") and line.get("attested_on"):
        return f"{start} – (attested {line['attested_on']})"
    return f"{start} –"


def _what(line: Line, body: bool) -> str:
    kind = line["kind"]
    if kind == "gap":
        return "gap: no source says who led the body"
    if kind == "appearance":
        return f"{line['capacity']} at {line['event']}" + (
            f" ({line['city']})" if line.get("city") else ""
        )
    if kind == "cooperation":
        return f"{line['capacity']} of {line['title']} ({line['cooperation_kind']})"
    who = line["name"] if body else line["organization"]
    title = line.get("title_en") or line["title"]
    status = line["status"] + (f", ended by {line['ended_by']}" if line.get("ended_by") else "")
    return f"{line['role']}: {who}, {title} [{status}]"


def _cited(line: Line) -> str:
    return "; ".join(
        s["source_id"] + (f" ({s['published']})" if s.get("published") else "")
        for s in line["sources"]
    )


def render_history(history: dict[str, Any], stream: TextIO, markdown: bool = False) -> None:
    body = history["type"] == "organization"
    title = f"{history['name']} ({history['type']}: {history['id']})"
    if markdown:
        stream.write(
            visible(f"# History: {title}") + "\n\n| when | what | sources |\n|---|---|---|\n"
        )
        for line in history["timeline"]:
            cells = (_when(line), _what(line, body), _cited(line))
            stream.write("| " + " | ".join(visible(c).replace("|", "\\|") for c in cells) + " |\n")
        return
    stream.write(visible(title) + "\n")
    for line in history["timeline"]:
        stream.write(visible(f"  {_when(line):<36} {_what(line, body)}") + "\n")
        if line["sources"]:
            stream.write(visible(f"  {'':<36}   sources: {_cited(line)}") + "\n")
