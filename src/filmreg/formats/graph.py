"""The cooperation network as Mermaid or Graphviz DOT text: countries as nodes, links as edges."""

from typing import Any

GRAPH_FORMATS = ("mermaid", "dot")


def _label(edge: dict[str, Any]) -> str:
    return ", ".join(f"{kind.replace('_', ' ')} ×{n}" for kind, n in edge["kinds"].items())


def _mermaid_text(text: str) -> str:
    """Text safe inside a quoted Mermaid label (quotes and markup as entity codes)."""
    return "".join(f"#{ord(ch)};" if ch in '"<>#&`' or ord(ch) < 32 else ch for ch in text)


def _dot_text(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return "".join(ch if ord(ch) >= 32 else " " for ch in escaped)


def mermaid(edges: list[dict[str, Any]], names: dict[str, str]) -> str:
    lines = ["graph LR"]
    for code in sorted({c for e in edges for c in (e["source"], e["target"])}):
        lines.append(f'  {code}["{_mermaid_text(names.get(code, code))}"]')
    for e in edges:
        lines.append(f'  {e["source"]} ---|"{_mermaid_text(_label(e))}"| {e["target"]}')
    return "\n".join(lines) + "\n"


def dot(edges: list[dict[str, Any]], names: dict[str, str]) -> str:
    lines = ["graph cooperation {", "  node [shape=box];"]
    for code in sorted({c for e in edges for c in (e["source"], e["target"])}):
        lines.append(f'  "{code}" [label="{_dot_text(names.get(code, code))}"];')
    for e in edges:
        width = 1 + min(e["score"], 10) / 2
        lines.append(
            f'  "{e["source"]}" -- "{e["target"]}" '
            f'[label="{_dot_text(_label(e))}", penwidth={width:.1f}];'
        )
    lines.append("}")
    return "\n".join(lines) + "\n"
