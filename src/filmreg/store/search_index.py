"""Keeps the search index (`search_*` tables and the FTS5 table) in step with the names.

Each entity's names become entries; each entry's loose and stemmed tokens become postings;
each new token gets its single-deletion variants (SymSpell) for typo-tolerant lookups. Both
the build and every import go through `index` (and `unindex` for replaced records), so the
index is the same however the data arrived.
"""

import json
import sqlite3

from filmreg.model.textkeys import (
    deletions,
    detect_script,
    loose_tokens,
    search_keys_version,
    stem_tokens,
)
from filmreg.store.database import chunks, json_values, placeholders

Entity = tuple[str, str]  # (entity_type, entity_id)


def _keys(text: str) -> tuple[str, list[str]]:
    """A name's loose key and its distinct tokens (loose and stemmed): what search looks up."""
    loose = loose_tokens(text)
    return " ".join(loose), list(dict.fromkeys(loose + stem_tokens(text)))


def _token_ids(conn: sqlite3.Connection, keys: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in chunks(keys):
        found.update(
            conn.execute(
                f"SELECT key, id FROM search_tokens WHERE key IN ({placeholders(chunk)})", chunk
            ).fetchall()
        )
    return found


def unindex(conn: sqlite3.Connection, entities: list[Entity]) -> None:
    """Remove the entries of `entities` and the postings stored for them; tokens keep their ids.

    The postings are found by entry, as stored, never recomputed from the text: folding rules
    or library versions may have changed since they were written.
    """
    entries = []
    for kind in {k for k, _ in entities}:
        ids = [i for k, i in entities if k == kind]
        entries += conn.execute(
            f"""SELECT id, text, key FROM search_entries
                WHERE entity_type = ? AND entity_id IN ({json_values()})""",
            [kind, json.dumps(ids)],
        ).fetchall()
    if not entries:
        return
    postings = conn.execute(
        f"SELECT token_id, entry_id FROM search_postings WHERE entry_id IN ({json_values()})",
        [json.dumps([e[0] for e in entries])],
    ).fetchall()
    conn.executemany("DELETE FROM search_postings WHERE token_id = ? AND entry_id = ?", postings)
    conn.executemany(
        "UPDATE search_tokens SET entries = entries - 1 WHERE id = ?",
        [(token,) for token, _ in postings],
    )
    conn.executemany(
        "INSERT INTO search_entries_fts (search_entries_fts, rowid, text, key) "
        "VALUES ('delete', ?, ?, ?)",
        entries,
    )
    conn.executemany("DELETE FROM search_entries WHERE id = ?", [(e[0],) for e in entries])


def keys_are_current(conn: sqlite3.Connection) -> bool:
    """Whether the index was built with the text libraries and folding rules now in use."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'search_keys'").fetchone()
    return row is not None and row[0] == search_keys_version()


def mark_keys_current(conn: sqlite3.Connection) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('search_keys', ?)",
        (search_keys_version(),),
    )


def rebuild(conn: sqlite3.Connection) -> None:
    """Index every name again from the records, with the rules and libraries now in use."""
    for table in ("search_postings", "search_deletes", "search_tokens", "search_entries"):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("INSERT INTO search_entries_fts (search_entries_fts) VALUES ('delete-all')")
    texts: dict[Entity, list[str]] = {}
    for kind, table, column, extra in (
        ("person", "people", "person_id", "NULL"),
        ("organization", "organizations", "organization_id", "acronym"),
        ("event", "events", "event_id", "NULL"),
        ("topic", "topics", "topic_id", "NULL"),
    ):
        for ident, name, acronym in conn.execute(
            f"SELECT id, name, {extra} FROM {table} ORDER BY id"
        ):
            texts[(kind, ident)] = [name, *([acronym] if acronym else [])]
        for owner, name in conn.execute(
            f"SELECT {column}, name FROM names WHERE {column} IS NOT NULL ORDER BY id"
        ):
            texts[(kind, owner)].append(name)
    index(conn, texts)
    mark_keys_current(conn)


def index(conn: sqlite3.Connection, texts: dict[Entity, list[str]]) -> None:
    """Add entries for each entity's texts (its names, display name and acronym)."""
    next_entry = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM search_entries").fetchone()[0]
    entries, postings = [], []
    for (kind, entity_id), names in texts.items():
        for text in dict.fromkeys(names):
            key, tokens = _keys(text)
            entries.append((next_entry, kind, entity_id, text, key, detect_script(text)))
            postings += [(token, next_entry) for token in tokens]
            next_entry += 1
    if not entries:
        return
    keys = list(dict.fromkeys(token for token, _ in postings))
    token_of = _token_ids(conn, keys)
    next_token = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM search_tokens").fetchone()[0]
    new_tokens = []
    for key in keys:
        if key not in token_of:
            token_of[key] = next_token
            new_tokens.append((next_token, key))
            next_token += 1
    counts: dict[int, int] = {}
    for token, _ in postings:
        counts[token_of[token]] = counts.get(token_of[token], 0) + 1
    conn.executemany(
        "INSERT INTO search_entries (id, entity_type, entity_id, text, key, script) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        entries,
    )
    conn.executemany(
        "INSERT INTO search_entries_fts (rowid, text, key) VALUES (?, ?, ?)",
        [(e[0], e[3], e[4]) for e in entries],
    )
    new_ids = {token_id for token_id, _ in new_tokens}
    conn.executemany(
        "INSERT INTO search_tokens (id, key, entries) VALUES (?, ?, ?)",
        [(token_id, key, counts[token_id]) for token_id, key in new_tokens],
    )
    conn.executemany(
        "UPDATE search_tokens SET entries = entries + ? WHERE id = ?",
        [(n, token_id) for token_id, n in counts.items() if token_id not in new_ids],
    )
    conn.executemany(
        "INSERT INTO search_postings (token_id, entry_id) VALUES (?, ?)",
        sorted((token_of[token], entry) for token, entry in postings),
    )
    conn.executemany(
        "INSERT INTO search_deletes (key, token_id) VALUES (?, ?)",
        sorted((variant, token_id) for token_id, key in new_tokens for variant in deletions(key)),
    )
