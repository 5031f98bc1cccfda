"""Findings to records in the import format, each citing the report, each marked as linked.

Each record carries `_draft`: `{"link": "new" | "existing", "id", "score", "conflict"}`.
`filmreg import` drops that key, so a draft imports as it is once reviewed.
"""

import hashlib
import re
import sqlite3
from typing import Any

from filmreg.formats.extract import vocabulary as V
from filmreg.formats.extract.finding import Findings, Person, Span
from filmreg.formats.extract.reading import Report
from filmreg.model.textkeys import loose_key
from filmreg.store.dump import Dumper

Record = dict[str, Any]


def slug(text: str) -> str:
    from anyascii import anyascii

    plain = re.sub(r"['’ʼ]", "", anyascii(text).lower())  # Tat'iana -> tatiana
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60] or "x"


def latin(text: str) -> str:
    from anyascii import anyascii

    return anyascii(text)


def _cite(source: str, span: Span) -> Record:
    return {"source": source, "locator": span.locator, "quote": span.text}


def source_record(report: Report, url: str | None) -> Record:
    digits = re.findall(r"\d+", url or "")
    tail = digits[-1] if digits else hashlib.sha1(report.text.encode()).hexdigest()[:10]
    host = re.sub(r"^www\.|^ru\.", "", re.sub(r"^\w+://", "", url or "").split("/")[0])
    name = slug(host.split(".")[0]) if host else "report"
    first = report.paragraphs[0].text if report.paragraphs else ""
    label = first[:117] + "…" if len(first) > 118 else first
    return {
        "type": "source",
        "id": f"{name}-{report.lang}-{tail}",
        "label": label,
        "published": report.published,
        "url": url,
        "language": report.lang,
        "kind": "news",
        "_draft": {"link": "new"}
        if url
        else {"link": "new", "note": "give --url: a source needs one"},
    }


class Drafter:
    def __init__(
        self,
        conn: sqlite3.Connection,
        report: Report,
        findings: Findings,
        url: str | None,
        morph: Any = None,
    ) -> None:
        self.conn = conn
        self.morph = morph
        self.report = report
        self.findings = findings
        self.source = source_record(report, url)
        self.sid = self.source["id"]
        self.dumper = Dumper(conn)
        self.records: list[Record] = [self.source]
        self.person_ids: dict[int, str] = {}
        self.org_ids: dict[str, str] = {}
        self.fresh: dict[tuple[str, str], str] = {}

    def _org(self, person: Person) -> str | None:
        role = person.role
        if role is None:
            return None
        if role.org_id:
            return role.org_id
        if not role.org_phrase or not role.country:
            return None
        if role.org_phrase in self.org_ids:
            return self.org_ids[role.org_phrase]
        oid = self._fresh("organizations", f"{role.country.lower()}-{slug(role.org_phrase)}")
        if oid not in self.org_ids.values():
            kind = next((k for k, p in V.ORG_KINDS if p.search(role.org_phrase)), "film_agency")
            self.records.append(
                {
                    "type": "organization",
                    "id": oid,
                    "name": role.org_phrase,
                    "kind": kind,
                    "country": role.country,
                    "names": [
                        {
                            "name": role.org_phrase,
                            "lang": self.report.lang,
                            "kind": "source",
                            **_cite(self.sid, role.title_span),
                        }
                    ],
                    "evidence": [_cite(self.sid, role.title_span)],
                    "_draft": {"link": "new"},
                }
            )
            self.org_ids[role.org_phrase] = oid
        return oid

    def _role(
        self, person: Person, pid: str, stored: Record | None
    ) -> tuple[Record | None, Record]:
        role = person.role
        org = self._org(person)
        if role is None or org is None:
            return None, {}
        drafted: Record | None = {
            "id": f"{pid}/{org}/{slug(role.kind)}",
            "organization": org,
            "role": role.kind,
            "title": role.title,
            "title_lang": self.report.lang,
            "attested_on": self.report.published,
            "source": self.sid,
            "locator": role.quote.locator,
            "quote": role.quote.text,
        }
        mark: Record = {"role": "new"}
        if stored:
            for old in stored.get("roles") or []:
                if old["organization"] != org:
                    continue
                same_title = loose_key(role.title) in (
                    loose_key(old.get("title") or ""),
                    loose_key(old.get("title_en") or ""),
                )
                if old["role"] == role.kind or same_title:
                    drafted = None
                    old.setdefault("evidence", [])
                    if not any(e["source"] == self.sid for e in old["evidence"]):
                        old["evidence"].append({**_cite(self.sid, role.quote), "fields": None})
                    mark = {"role": "existing", "role_id": old["id"], "role_kind": old["role"]}
                    break
                mark = {
                    "role": "conflict",
                    "registry": {
                        "role_id": old["id"],
                        "role": old["role"],
                        "title": old.get("title"),
                    },
                    "report": {"role": role.kind, "title": role.title},
                }
        if mark.get("role") == "existing":
            stated = {"organization": org, "kind": mark["role_kind"]}
        else:
            stated = {"organization": org, "kind": role.kind}
        mark.update(stated, title=role.title, quote=role.quote.text)
        if role.kind == "head" and mark.get("role") == "new":
            other = self.conn.execute(
                "SELECT person_id, title FROM roles WHERE organization_id = ? AND role = 'head' "
                "AND status = 'current' AND person_id != ?",
                (org, pid),
            ).fetchall()
            if other:
                mark.update(role="conflict", registry={"current_heads": [r[0] for r in other]})
        return drafted, mark

    def _dateline_city(self) -> tuple[str, Span] | None:
        """The city of the dateline ("BAKU, Azerbaijan, December 9.", "БАКУ /Trend/"),
        with where it stands, or None."""
        if not self.report.paragraphs:
            return None
        para = self.report.paragraphs[0]
        m = re.match(r"([A-ZА-ЯЁ][A-ZА-ЯЁ-]{2,}(?: [A-ZА-ЯЁ][A-ZА-ЯЁ-]{2,})?)(?=[.,/ ])", para.text)
        if not m:
            return None
        return m.group(1).title(), Span(para, m.start(1), m.end(1))

    def _fresh(self, table: str, base: str) -> str:
        """An id for a new record: never one the registry holds, so that importing the
        draft cannot replace a stored record with a namesake."""
        if (table, base) in self.fresh:
            return self.fresh[(table, base)]
        candidate, n = base, 1
        while self.conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (candidate,)).fetchone():
            n += 1
            candidate = f"{base}-{n}"
        self.fresh[(table, base)] = candidate
        return candidate

    def _nominative(self, name: str) -> str:
        if self.report.lang != "ru":
            return name
        from filmreg.formats.extract.ner import nominative

        return nominative(name, self.morph)

    def _name(self, person: Person) -> Record:
        """The name as the report writes it, cited."""
        return {
            "name": person.name,
            "lang": self.report.lang,
            "kind": "source",
            **_cite(self.sid, person.span),
        }

    def people(self) -> None:
        seen: dict[str, Record] = {}
        for person in self.findings.people:
            if person.link:
                pid, score = person.link
            else:
                pid = self._fresh("people", slug(latin(self._nominative(person.name))))
                score = 0.0
            self.person_ids[id(person)] = pid
            record = seen.get(pid)
            if record is None:
                if person.link:
                    stored = self.dumper.records("person", [pid])[pid]
                    record = {
                        "type": "person",
                        **stored,
                        "_draft": {"link": "existing", "id": pid, "score": score},
                    }
                    if not any(n["name"] == person.name for n in record.get("names") or []):
                        record.setdefault("names", []).append(self._name(person))
                else:
                    names = [self._name(person)]
                    name = person.name
                    if self.report.lang != "en" and not person.name.isascii():
                        name = latin(self._nominative(person.name))
                        names.append({"name": name, "lang": "en", "kind": "transliteration"})
                    record = {
                        "type": "person",
                        "id": pid,
                        "name": name,
                        "names": names,
                        "evidence": [_cite(self.sid, person.span)],
                        "roles": [],
                        "_draft": {"link": "new"},
                    }
                seen[pid] = record
            drafted, mark = self._role(person, pid, record if person.link else None)
            if drafted and not any(r["id"] == drafted["id"] for r in record["roles"]):
                record["roles"].append(drafted)
            if mark:
                record["_draft"].setdefault("roles", []).append(mark)
        self.records.extend(seen.values())

    def events(self) -> str | None:
        """Drafts new events; returns the id of the event the report is about (innermost)."""
        main = None
        for event in self.findings.events:
            if event.link:
                main = main or event.link[0]
                continue
            eid = self._fresh("events", slug(latin(event.name)))
            city = self._dateline_city()
            self.records.append(
                {
                    "type": "event",
                    "id": eid,
                    "name": event.name,
                    "kind": event.kind,
                    "parent": event.parent,
                    "attested_on": self.report.published,
                    "city": city[0] if city else None,
                    "names": [
                        {
                            "name": event.name,
                            "lang": self.report.lang,
                            "kind": "source",
                            **_cite(self.sid, event.span),
                        }
                    ],
                    "evidence": [_cite(self.sid, event.span)]
                    + ([{**_cite(self.sid, city[1]), "fields": ["city"]}] if city else []),
                    "participations": [],
                    "_draft": {"link": "new"},
                }
            )
            main = eid
        linked = [e.link[0] for e in self.findings.events if e.link]
        parents = {e.link[0]: e.parent for e in self.findings.events if e.link}
        if main in linked:
            inner = [i for i in linked if i not in parents.values()]
            main = inner[0] if inner else main
        return main

    def participations(self, event_id: str | None) -> None:
        if event_id is None:
            return
        record = next(
            (r for r in self.records if r["type"] == "event" and r["id"] == event_id), None
        )
        if record is None:
            stored = self.dumper.records("event", [event_id]).get(event_id)
            if stored is None:
                return
            record = {"type": "event", **stored, "_draft": {"link": "existing", "id": event_id}}
            self.records.append(record)
        have = {(p["person"], p["capacity"]) for p in record.get("participations") or []}
        for person in self.findings.people:
            if not person.capacity:
                continue
            pid = self.person_ids[id(person)]
            capacity = person.capacity
            if capacity == "speaker" and (pid, "panelist") in have:
                continue
            if (pid, capacity) in have:
                continue
            org = person.role.org_id if person.role else None
            quote = person.role.quote if person.role else person.span
            record.setdefault("participations", []).append(
                {
                    "person": pid,
                    "capacity": capacity,
                    "organization": org,
                    "source": self.sid,
                    "locator": quote.locator,
                    "quote": quote.text,
                }
            )
            have.add((pid, capacity))

    def cooperations(self, event_id: str | None) -> None:
        for n, coop in enumerate(self.findings.cooperations, start=1):
            parties = [
                {
                    "country": c,
                    "organization": None,
                    "person": None,
                    "role": "signatory" if coop.signed else "party",
                }
                for c in coop.countries
            ]
            cid = f"{self.sid}-{coop.kind}-{n}"
            self.records.append(
                {
                    "type": "cooperation",
                    "id": cid,
                    "kind": coop.kind,
                    "title": coop.span.text,
                    "attested_on": self.report.published,
                    "status": "signed"
                    if coop.signed and coop.kind not in ("discussion", "stated_intent")
                    else None,
                    "event": event_id if coop.kind == "discussion" else None,
                    "parties": parties,
                    "evidence": [_cite(self.sid, coop.span)],
                    "_draft": {"link": "new"},
                }
            )

    def run(self) -> list[Record]:
        self.people()
        event_id = self.events()
        self.participations(event_id)
        self.cooperations(event_id)
        return self.records


def summary(records: list[Record]) -> dict[str, int]:
    counts = {"new": 0, "existing": 0, "conflict": 0}
    for r in records:
        mark = r.get("_draft") or {}
        counts[mark.get("link", "new")] += 1
        counts["conflict"] += sum(1 for m in mark.get("roles", []) if m.get("role") == "conflict")
    return counts
