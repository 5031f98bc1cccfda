"""`filmreg extract --review`: walk a person through a draft, fact by fact.

Each fact the report adds is shown with the sentence that states it; the answer keeps it,
drops it or edits it (a role's kind and title, a cooperation's kind). Prompts go to stderr;
the reviewed draft goes to stdout, as the draft would. Dropping a person or a body drops the
facts that need it, so that the reviewed draft still imports.
"""

from collections.abc import Callable, Collection
from typing import Any

Record = dict[str, Any]
Ask = Callable[[str, str], str]  # (question, default) -> answer


def review(records: list[Record], ask: Ask, say: Callable[[str], None]) -> list[Record]:
    from filmreg.model.vocabulary import COOPERATION_KINDS, ROLES

    source = records[0]["id"]
    dropped: set[str] = set()
    kept: list[Record] = [records[0]]
    for record in records[1:]:
        kind, rid = record["type"], record["id"]
        if record.get("_draft", {}).get("link") == "new" and kind in (
            "person",
            "organization",
            "event",
        ):
            quote = (record.get("evidence") or [{}])[0].get("quote", "")
            say(f"\nnew {kind}: {record['name']}\n  «{quote}»")
            if _choice(ask, "keep, drop?", "k", "kd") == "d":
                dropped.add(rid)
                continue
        if kind == "person":
            roles = []
            for role in record.get("roles") or []:
                if role.get("source") != source:
                    roles.append(role)
                    continue
                say(
                    f"\n{record['name']}: {role['role']} of {role['organization']}, "
                    f"“{role['title']}”\n  «{role['quote']}» ({role['locator']})"
                )
                answer = _choice(ask, "keep, drop, edit?", "k", "kde")
                if answer == "d" or role["organization"] in dropped:
                    continue
                if answer == "e":
                    role["role"] = _pick(ask, "role kind", role["role"], ROLES)
                    role["title"] = ask("title", role["title"]).strip() or role["title"]
                roles.append(role)
            record["roles"] = roles
        elif kind == "event":
            kept_parts = []
            for part in record.get("participations") or []:
                if part.get("source") != source:
                    kept_parts.append(part)
                    continue
                if part["person"] in dropped:
                    continue
                what = f"{part['person']}: {part['capacity']} at {record['name']}"
                say(f"\n{what}\n  «{part['quote']}»")
                if _choice(ask, "keep, drop?", "k", "kd") == "k":
                    kept_parts.append(part)
            record["participations"] = kept_parts
        elif kind == "cooperation":
            countries = ", ".join(p["country"] for p in record["parties"])
            say(f"\n{record['kind']} ({countries})\n  «{record['evidence'][0]['quote']}»")
            answer = _choice(ask, "keep, drop, edit?", "k", "kde")
            if answer == "d":
                continue
            if answer == "e":
                record["kind"] = _pick(ask, "kind", record["kind"], COOPERATION_KINDS)
        kept.append(record)
    return kept


def _choice(ask: Ask, question: str, default: str, allowed: str) -> str:
    while True:
        answer = (ask(f"{question} [{'/'.join(allowed)}]", default).strip().lower() or default)[:1]
        if answer in allowed:
            return answer


def _pick(ask: Ask, what: str, current: str, allowed: Collection[str]) -> str:
    while True:
        answer = ask(f"{what} ({', '.join(sorted(allowed))})", current).strip()
        if answer in allowed:
            return answer
