"""Cross-script, spelling-tolerant search over every name in the registry.

Retrieval uses keys stored at build time (see `filmreg.model.textkeys` and `build.search_rows`):
a query word matches a stored token exactly, as an inflected form of it (the query less one to
three final letters equals a token or a Russian stem), as a prefix, or within one edit through
the single-deletion table (SymSpell). Every lookup is an index search, never a table scan.
Candidates are then scored by how well each query word matched and by rapidfuzz similarity of
the whole name.
"""

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from filmreg.model.errors import UsageError
from filmreg.model.table import Table
from filmreg.model.textkeys import (
    deletions,
    detect_script,
    loose_key,
    loose_tokens,
    plain_words,
    truncations,
)
from filmreg.store.database import json_values

ENTITY_TYPES = ("person", "organization", "event", "topic")
_PREFIX_LIMIT = 200  # tokens a short prefix may expand to
_CANDIDATE_LIMIT = 1500  # name entries scored per query
_RERANK_LIMIT = 300  # names reranked by whole-name similarity, when no filter needs them all
_MIN_SCORE = 0.5

# How much each kind of word match is worth, best first.
EXACT, INFLECTED, PREFIX, FUZZY = "exact", "inflected", "prefix", "fuzzy"
_QUALITY = {EXACT: 1.0, INFLECTED: 0.9, PREFIX: 0.75, FUZZY: 0.7}


@dataclass(frozen=True)
class _Match:
    kind: str
    quality: float
    entries: int = 0  # how many names hold the token: the rarest query word drives retrieval


Entries = dict[int, list[_Match | None]]  # name entry -> each query word's best match
Hits = dict[tuple[str, str], dict[str, Any]]  # (type, id) -> one row of the result


def _better(found: dict[int, _Match], token_id: int, match: _Match) -> None:
    if token_id not in found or found[token_id].quality < match.quality:
        found[token_id] = match


def _token_matches(conn: sqlite3.Connection, word: str) -> dict[int, _Match]:
    """Stored tokens that `word` may stand for, with how well each matches."""
    found: dict[int, _Match] = {}
    sql = "SELECT id, entries FROM search_tokens WHERE key = ?"
    for token_id, entries in conn.execute(sql, (word,)):
        _better(found, token_id, _Match(EXACT, _QUALITY[EXACT], entries))
    stems = truncations(word)
    if stems:
        sql = f"SELECT id, key, entries FROM search_tokens WHERE key IN ({json_values()})"
        for token_id, key, entries in conn.execute(sql, [json.dumps(stems)]):
            quality = _QUALITY[INFLECTED] - 0.02 * (len(word) - len(key))
            _better(found, token_id, _Match(INFLECTED, quality, entries))
    sql = """SELECT id, key, entries FROM search_tokens WHERE key > ? AND key < ?
             ORDER BY key LIMIT ?"""
    for token_id, key, entries in conn.execute(sql, (word, word + "\x7f", _PREFIX_LIMIT)):
        quality = _QUALITY[PREFIX] * (0.6 + 0.4 * len(word) / len(key))
        _better(found, token_id, _Match(PREFIX, quality, entries))
    variants = sorted(deletions(word))
    if variants:
        from rapidfuzz.distance import Levenshtein

        rows = conn.execute(
            f"""SELECT id, key, entries FROM search_tokens
                WHERE key IN ({json_values()})
                UNION SELECT t.id, t.key, t.entries FROM search_deletes d JOIN search_tokens t
                  ON t.id = d.token_id WHERE d.key = ?
                UNION SELECT t.id, t.key, t.entries FROM search_deletes d JOIN search_tokens t
                  ON t.id = d.token_id WHERE d.key IN ({json_values()})""",
            [json.dumps(variants), word, json.dumps(variants)],
        )
        for token_id, key, entries in rows:
            similarity = Levenshtein.normalized_similarity(word, key)
            _better(found, token_id, _Match(FUZZY, _QUALITY[FUZZY] * similarity, entries))
    return found


def _candidate_entries(conn: sqlite3.Connection, per_word: list[dict[int, _Match]]) -> Entries:
    """Entries holding a match for the rarest query word, with each word's best match."""
    counts = [sum(m.entries for m in matches.values()) for matches in per_word]
    pivot = min(range(len(per_word)), key=lambda i: counts[i])
    entries: Entries = {}
    ranked = sorted(per_word[pivot].items(), key=lambda item: -item[1].quality)
    for token_id, match in ranked:
        room = _CANDIDATE_LIMIT - len(entries)
        if room <= 0:
            break
        for (entry_id,) in conn.execute(
            "SELECT entry_id FROM search_postings WHERE token_id = ? LIMIT ?", (token_id, room)
        ):
            _keep_best(entries.setdefault(entry_id, [None] * len(per_word)), pivot, match)
    others = [i for i in range(len(per_word)) if i != pivot]
    if entries and others:
        entry_ids = list(entries)
        for i in others:
            token_ids = list(per_word[i])
            sql = f"""SELECT entry_id, token_id FROM search_postings
                      WHERE token_id IN ({json_values()})
                        AND entry_id IN ({json_values()})"""
            params = [json.dumps(token_ids), json.dumps(entry_ids)]
            for entry_id, token_id in conn.execute(sql, params):
                _keep_best(entries[entry_id], i, per_word[i][token_id])
    return entries


def _keep_best(slots: list[_Match | None], word: int, match: _Match) -> None:
    """Record `match` as the entry's match for query word `word` if it beats the one held."""
    held = slots[word]
    if held is None or held.quality < match.quality:
        slots[word] = match


def _entity_filters(
    conn: sqlite3.Connection, hits: Hits, country: str | None, role: str | None
) -> Hits:
    """Drop hits outside `country` / without `role`; attach each hit's countries."""
    by_type: dict[str, list[str]] = defaultdict(list)
    for kind, entity_id in hits:
        by_type[kind].append(entity_id)
    countries: dict[tuple[str, str], set[str]] = defaultdict(set)
    roles: dict[str, set[str]] = defaultdict(set)
    if by_type["person"]:
        ids = by_type["person"]
        for person_id, code, role_kind in conn.execute(
            f"""SELECT r.person_id, o.country, r.role FROM roles r
                JOIN organizations o ON o.id = r.organization_id
                WHERE r.person_id IN ({json_values()})""",
            [json.dumps(ids)],
        ):
            if code:
                countries[("person", person_id)].add(code)
            roles[person_id].add(role_kind)
    for kind, table in (("organization", "organizations"), ("event", "events")):
        ids = by_type[kind]
        if ids:
            sql = f"SELECT id, country FROM {table} WHERE id IN ({json_values()})"
            for entity_id, code in conn.execute(sql, [json.dumps(ids)]):
                if code:
                    countries[(kind, entity_id)].add(code)
    kept: Hits = {}
    for key, hit in hits.items():
        if country and country not in countries[key]:
            continue
        if role and (key[0] != "person" or role not in roles[key[1]]):
            continue
        hit["countries"] = sorted(countries[key])
        kept[key] = hit
    return kept


def _display_names(conn: sqlite3.Connection, hits: Hits) -> None:
    tables = {
        "person": "people",
        "organization": "organizations",
        "event": "events",
        "topic": "topics",
    }
    by_type: dict[str, list[str]] = defaultdict(list)
    for kind, entity_id in hits:
        by_type[kind].append(entity_id)
    for kind, ids in by_type.items():
        sql = f"SELECT id, name FROM {tables[kind]} WHERE id IN ({json_values()})"
        for entity_id, name in conn.execute(sql, [json.dumps(ids)]):
            hits[(kind, entity_id)]["name"] = name


def _raw_entries(conn: sqlite3.Connection, query: str) -> Entries:
    try:
        rows = conn.execute(
            "SELECT rowid FROM search_entries_fts WHERE search_entries_fts MATCH ? LIMIT ?",
            (query, _CANDIDATE_LIMIT),
        ).fetchall()
    except sqlite3.OperationalError as exc:
        raise UsageError(f"invalid FTS5 query {query!r}: {exc}") from None
    return {rowid: [_Match(EXACT, 1.0)] for (rowid,) in rows}


def search(
    conn: sqlite3.Connection,
    query: str,
    *,
    types: list[str] | None = None,
    country: str | None = None,
    role: str | None = None,
    limit: int | None = 20,
    raw: bool = False,
) -> Table:
    """Rank every person, organization, event and topic whose names match `query`."""
    for kind in types or []:
        if kind not in ENTITY_TYPES:
            raise UsageError(f"unknown type {kind!r} (choose from: {', '.join(ENTITY_TYPES)})")
    if raw:
        entries = _raw_entries(conn, query)
    else:
        words = list(dict.fromkeys(loose_tokens(query)))
        per_word = [_token_matches(conn, word) for word in words]
        entries = _candidate_entries(conn, per_word) if words and all(per_word) else {}
        if not entries and len(words) > 1:  # no name has every word: rank partial matches
            matched = [m for m in per_word if m]
            entries = _candidate_entries(conn, matched) if matched else {}
            missing = len(words) - len(matched)
            entries = {e: [*found, *[None] * missing] for e, found in entries.items()}
    if not (country or role or types):
        entries = _best_by_words(entries, max(_RERANK_LIMIT, 10 * (limit or 0)))
    hits = _score(conn, entries, query, types)
    hits = _entity_filters(conn, hits, country, role)
    _display_names(conn, hits)
    rows = sorted(hits.values(), key=lambda h: (-h["score"], h["name"], h["id"]))
    return Table(
        "search",
        rows[:limit] if limit is not None else rows,
        ("type", "id", "name", "matched", "match", "score", "countries"),
    )


def _same_words(query_words: list[str], text: str) -> bool:
    """Whether every word of the query is a word of `text`, ignoring only case, accents and
    script (not the spelling variants the search keys merge)."""
    words = set(plain_words(text))
    return all(word in words for word in query_words)


def _word_score(matches: list[_Match | None]) -> float:
    return sum(m.quality for m in matches if m is not None) / len(matches)


def _best_by_words(entries: Entries, keep: int) -> Entries:
    """The `keep` entries whose words matched best: whole-name reranking is the costly part."""
    if len(entries) <= keep:
        return entries
    ranked = sorted(entries, key=lambda e: (-_word_score(entries[e]), e))[:keep]
    return {e: entries[e] for e in ranked}


def _score(conn: sqlite3.Connection, entries: Entries, query: str, types: list[str] | None) -> Hits:
    """One hit per entity: its best score, shown with its best name in the query's script."""
    if not entries:
        return {}
    from rapidfuzz import fuzz

    query_key, query_script = loose_key(query), detect_script(query)
    query_words = plain_words(query)
    ids = list(entries)
    sql = f"""SELECT id, entity_type, entity_id, text, key, script FROM search_entries
              WHERE id IN ({json_values()})"""
    scored: dict[tuple[str, str], list[tuple[float, bool, dict[str, Any]]]] = defaultdict(list)
    for entry_id, kind, entity_id, text, key, script in conn.execute(sql, [json.dumps(ids)]):
        if types and kind not in types:
            continue
        matches = entries[entry_id]
        found = [m for m in matches if m is not None]
        word_score = _word_score(matches)
        # Shared words in any order, and the query's words together and in order: `Агентства
        # кино` is closer to `Агентство кино Азербайджанской Республики` than to a name that
        # merely holds both words apart.
        similarity = (
            (fuzz.token_set_ratio(query_key, key) + fuzz.partial_ratio(query_key, key)) / 200
            if query_key
            else 0.0
        )
        score = round(0.8 * word_score + 0.2 * similarity, 3)
        if score < _MIN_SCORE:
            continue
        # The weakest word match says how loosely the name was found; an exact match of the
        # folded keys is a spelling variant (Brugnonni, Brugnoni) unless the words agree.
        weakest = min(found, key=lambda m: m.quality).kind if found else EXACT
        if weakest == EXACT and not _same_words(query_words, text):
            weakest = FUZZY
        hit = {
            "type": kind,
            "id": entity_id,
            "name": None,
            "matched": text,
            "match": weakest,
            "score": score,
        }
        scored[(kind, entity_id)].append((score, script == query_script, hit))
    hits: Hits = {}
    for key, options in scored.items():
        best = max(score for score, _, _ in options)
        _, _, hit = max(options, key=lambda o: (round(o[0], 1), o[1], o[0]))
        hits[key] = hit | {"score": best}
    return hits
