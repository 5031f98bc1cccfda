"""Records out of the database, in the registry's own format (what `export` writes).

The same functions give the canonical form of an incoming record (`canonical`), so that
"is this record already in the database, unchanged?" is a comparison of two dicts.
"""

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

from filmreg.model.rules import (
    EVENT_TOPIC_FIELDS,
    FIELDS,
    NAME_FIELDS,
    PARTICIPATION_FIELDS,
    PARTY_FIELDS,
    ROLE_FIELDS,
    TYPES,
    Record,
)
from filmreg.model.textkeys import detect_script
from filmreg.store.database import chunks, dict_rows, placeholders

LISTS = ("names", "evidence", "roles", "topics", "participations", "parties")


EvidenceRow = tuple[str, str, str | None, str | None]  # source, locator, quote, field


def group_evidence(rows: Iterable[EvidenceRow]) -> list[Record]:
    """Evidence rows `(source, locator, quote, field)` as items; rows for fields of one place
    merge."""
    items: list[Record] = []
    for source, locator, quote, field in rows:
        last = items[-1] if items else None
        if (
            field is not None
            and last is not None
            and last["fields"] is not None
            and (last["source"], last["locator"], last["quote"]) == (source, locator, quote)
        ):
            last["fields"].append(field)
        else:
            items.append(
                {
                    "source": source,
                    "locator": locator,
                    "quote": quote,
                    "fields": None if field is None else [field],
                }
            )
    return items


def _evidence_rows(items: list[Record] | None) -> list[EvidenceRow]:
    rows: list[EvidenceRow] = []
    for item in items or []:
        for field in item.get("fields") or [None]:
            rows.append((item["source"], item["locator"], item.get("quote"), field))
    return rows


NO_CITATION: tuple[None, None, None, None] = (None, None, None, None)


def _cite(row: Record, rows: list[EvidenceRow]) -> None:
    """Set a row's own citation (`source`, `locator`, `quote`) from its first evidence row."""
    row["source"], row["locator"], row["quote"], _ = rows[0] if rows else NO_CITATION


def _shape(fields: tuple[str, ...], record: Record) -> Record:
    return {
        name: (record.get(name) or []) if name in LISTS else record.get(name) for name in fields
    }


def canonical(kind: str, record: Record) -> Record:
    """`record` (already validated) in the exact shape `dump` gives for it."""
    out = _shape(FIELDS[kind], record)
    if "names" in out:
        out["names"] = [
            _shape(NAME_FIELDS, n) | {"script": n.get("script") or detect_script(n["name"])}
            for n in out["names"]
        ]
    if "evidence" in out:
        out["evidence"] = group_evidence(_evidence_rows(out["evidence"]))
    if kind == "person":
        out["roles"] = [
            _shape(ROLE_FIELDS, r) | {"evidence": group_evidence(_evidence_rows(r.get("evidence")))}
            for r in out["roles"]
        ]
    elif kind == "event":
        out["topics"] = sorted(
            (_shape(EVENT_TOPIC_FIELDS, t) for t in out["topics"]), key=lambda t: t["topic"]
        )
        out["participations"] = [_shape(PARTICIPATION_FIELDS, p) for p in out["participations"]]
    elif kind == "cooperation":
        out["parties"] = [_shape(PARTY_FIELDS, p) for p in out["parties"]]
        out["topics"] = sorted(out["topics"])
    return out


class Dumper:
    """Reads records of one type, by id or all of them, in the canonical shape."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def _evidence(self, table: str, subjects: list[str]) -> dict[str, list[EvidenceRow]]:
        found: dict[str, list[EvidenceRow]] = defaultdict(list)
        for chunk in chunks(subjects):
            for subject, source, locator, quote, field in self.conn.execute(
                f"""SELECT subject_id, source_id, locator, quote, field FROM evidence
                    WHERE subject_table = ? AND subject_id IN ({placeholders(chunk)})
                    ORDER BY id""",
                [table, *chunk],
            ):
                found[subject].append((source, locator, quote, field))
        return found

    def _names(self, column: str, ids: list[str]) -> dict[str, list[Record]]:
        names: list[Record] = []
        for chunk in chunks(ids):
            names += dict_rows(
                self.conn,
                f"""SELECT id AS name_id, {column} AS owner, name, lang, kind, script FROM names
                    WHERE {column} IN ({placeholders(chunk)}) ORDER BY id""",
                chunk,
            )
        cited = self._evidence("names", [str(n["name_id"]) for n in names])
        found: dict[str, list[Record]] = defaultdict(list)
        for n in names:
            _cite(n, cited.get(str(n["name_id"]), []))
            found[n["owner"]].append(_shape(NAME_FIELDS, n))
        return found

    def _main(
        self,
        table: str,
        fields: tuple[str, ...],
        ids: list[str] | None,
        rename: dict[str, str] | None = None,
    ) -> list[Record]:
        rename = rename or {}
        columns = ", ".join(f"{rename.get(f, f)} AS {f}" for f in fields if f not in LISTS)
        if ids is None:
            return dict_rows(self.conn, f"SELECT {columns} FROM {table} ORDER BY id")
        rows: list[Record] = []
        for chunk in chunks(ids):
            rows += dict_rows(
                self.conn,
                f"SELECT {columns} FROM {table} WHERE id IN ({placeholders(chunk)}) ORDER BY id",
                chunk,
            )
        return rows

    def records(self, kind: str, ids: list[str] | None = None) -> dict[str, Record]:
        """Records of `kind` by id (`country/alias` for aliases); all when `ids` is None."""
        reader: Callable[[list[str] | None], dict[str, Record]] = getattr(self, f"_{kind}")
        return reader(ids)

    def _source(self, ids: list[str] | None) -> dict[str, Record]:
        return {
            r["id"]: _shape(FIELDS["source"], r)
            for r in self._main("sources", FIELDS["source"], ids)
        }

    def _country_alias(self, ids: list[str] | None) -> dict[str, Record]:
        rows = dict_rows(
            self.conn,
            """SELECT country, alias, lang, note FROM country_aliases WHERE kind = 'curated'
               ORDER BY country, alias""",
        )
        found = {f"{r['country']}/{r['alias']}": r for r in rows}
        return found if ids is None else {k: found[k] for k in ids if k in found}

    def _with_names(
        self,
        kind: str,
        table: str,
        column: str,
        ids: list[str] | None,
        rename: dict[str, str] | None = None,
    ) -> dict[str, Record]:
        rows = self._main(table, FIELDS[kind], ids, rename)
        keys = [r["id"] for r in rows]
        names = self._names(column, keys)
        evidence = self._evidence(table, keys) if "evidence" in FIELDS[kind] else {}
        out: dict[str, Record] = {}
        for r in rows:
            r["names"] = names.get(r["id"], [])
            r["evidence"] = group_evidence(evidence.get(r["id"], []))
            out[r["id"]] = _shape(FIELDS[kind], r)
        return out

    def _topic(self, ids: list[str] | None) -> dict[str, Record]:
        return self._with_names("topic", "topics", "topic_id", ids)

    def _organization(self, ids: list[str] | None) -> dict[str, Record]:
        return self._with_names("organization", "organizations", "organization_id", ids)

    def _person(self, ids: list[str] | None) -> dict[str, Record]:
        people = self._with_names("person", "people", "person_id", ids)
        keys = list(people)
        roles: list[Record] = []
        for chunk in chunks(keys):
            roles += dict_rows(
                self.conn,
                f"""SELECT person_id, id, organization_id AS organization, role, title, title_lang,
                           title_en, start_date, end_date, attested_on,
                           status_stated AS status, note
                    FROM roles WHERE person_id IN ({placeholders(chunk)}) ORDER BY rowid""",
                chunk,
            )
        cited = self._evidence("roles", [r["id"] for r in roles])
        for r in roles:
            rows = cited.get(r["id"], [])
            _cite(r, rows)
            r["evidence"] = group_evidence(rows[1:])
            people[r["person_id"]]["roles"].append(_shape(ROLE_FIELDS, r))
        return people

    def _event(self, ids: list[str] | None) -> dict[str, Record]:
        events = self._with_names("event", "events", "event_id", ids)
        keys = list(events)
        topics: list[Record] = []
        parts: list[Record] = []
        for chunk in chunks(keys):
            marks = placeholders(chunk)
            topics += dict_rows(
                self.conn,
                f"""SELECT event_id, topic_id AS topic FROM event_topics
                    WHERE event_id IN ({marks}) ORDER BY event_id, topic_id""",
                chunk,
            )
            parts += dict_rows(
                self.conn,
                f"""SELECT id AS part_id, event_id, person_id AS person, capacity,
                           organization_id AS organization, date
                    FROM participations WHERE event_id IN ({marks}) ORDER BY id""",
                chunk,
            )
        topic_cited = self._evidence(
            "event_topics", [f"{t['event_id']}/{t['topic']}" for t in topics]
        )
        for t in topics:
            _cite(t, topic_cited.get(f"{t['event_id']}/{t['topic']}", []))
            events[t["event_id"]]["topics"].append(_shape(EVENT_TOPIC_FIELDS, t))
        part_cited = self._evidence("participations", [str(p["part_id"]) for p in parts])
        for p in parts:
            _cite(p, part_cited.get(str(p["part_id"]), []))
            events[p["event_id"]]["participations"].append(_shape(PARTICIPATION_FIELDS, p))
        return events

    def _cooperation(self, ids: list[str] | None) -> dict[str, Record]:
        rows = self._main("cooperations", FIELDS["cooperation"], ids, {"event": "event_id"})
        keys = [r["id"] for r in rows]
        evidence = self._evidence("cooperations", keys)
        coops: dict[str, Record] = {}
        for r in rows:
            r["evidence"] = group_evidence(evidence.get(r["id"], []))
            coops[r["id"]] = _shape(FIELDS["cooperation"], r)
        for chunk in chunks(keys):
            marks = placeholders(chunk)
            for p in dict_rows(
                self.conn,
                f"""SELECT cooperation_id, country, organization_id AS organization,
                           person_id AS person, role
                    FROM cooperation_parties WHERE cooperation_id IN ({marks}) ORDER BY id""",
                chunk,
            ):
                coops[p["cooperation_id"]]["parties"].append(_shape(PARTY_FIELDS, p))
            for cooperation_id, topic in self.conn.execute(
                f"""SELECT cooperation_id, topic_id FROM cooperation_topics
                    WHERE cooperation_id IN ({marks}) ORDER BY cooperation_id, topic_id""",
                chunk,
            ):
                coops[cooperation_id]["topics"].append(topic)
        return coops

    def _membership(self, ids: list[str] | None) -> dict[str, Record]:
        rows = self._main(
            "memberships", FIELDS["membership"], ids, {"organization": "organization_id"}
        )
        evidence = self._evidence("memberships", [r["id"] for r in rows])
        found: dict[str, Record] = {}
        for r in rows:
            r["evidence"] = group_evidence(evidence.get(r["id"], []))
            found[r["id"]] = _shape(FIELDS["membership"], r)
        return found


def records(conn: sqlite3.Connection) -> Iterator[Record]:
    """Every record, `type` first, in export order."""
    dumper = Dumper(conn)
    for kind in TYPES:
        found = dumper.records(kind)
        for key in sorted(found):
            yield {"type": kind, **found[key]}
