"""Keeps the search index (`search_*` tables and the FTS5 table) in step with the names.

Each entity's names become entries; each entry's loose and stemmed tokens become postings;
each new token gets its single-deletion variants (SymSpell) for typo-tolerant lookups. Both
the build and every import go through `index` (and `unindex` for replaced records), so the
index is the same however the data arrived.
"""

import sqlite3

from filmreg.db import chunks, placeholders
from filmreg.textkeys import deletions, detect_script, loose_tokens, stem_tokens

Entity = tuple[str, str]  # (entity_type, entity_id)


def _keys(text: str) -> tuple[str, list[str]]:
    """A name's loose key and its distinct tokens (loose and stemmed): what search looks up."""
    loose = loose_tokens(text)
    return " ".join(loose), list(dict.fromkeys(loose + stem_tokens(text)))


def _token_ids(conn: sqlite3.Connection, keys: list[str]) -> dict[str, int]:
    found = {}
    for chunk in chunks(keys):
        found.update(
            conn.execute(
                f"SELECT key, id FROM search_tokens WHERE key IN ({placeholders(chunk)})", chunk
            ).fetchall()
        )
    return found


def unindex(conn: sqlite3.Connection, entities: list[Entity]) -> None:
    """Remove the entries of `entities` and their postings; tokens keep their ids."""
    entries = []
    for kind in {k for k, _ in entities}:
        ids = [i for k, i in entities if k == kind]
        for chunk in chunks(ids):
            entries += conn.execute(
                f"""SELECT id, text, key FROM search_entries
                    WHERE entity_type = ? AND entity_id IN ({placeholders(chunk)})""",
                [kind, *chunk],
            ).fetchall()
    if not entries:
        return
    tokens = {entry: _keys(text)[1] for entry, text, _ in entries}
    token_of = _token_ids(conn, sorted({t for found in tokens.values() for t in found}))
    postings = [(token_of[t], entry) for entry, found in tokens.items() for t in found]
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
