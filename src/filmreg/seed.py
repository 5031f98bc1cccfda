"""Read the curated TOML files in `seed/` as records of the registry's own format.

The build merges them like an import, so a bad record stops it with a message naming the file
and the record: an unknown country or reference, a fact without a source, a bad date.
"""

import tomllib
from pathlib import Path
from typing import Any

from filmreg.errors import BuildError
from filmreg.validate import Record

# Each seed file, the array of tables it holds, and the record type of those tables.
SEED_TABLES = (
    ("sources.toml", "source", "source"),
    ("countries.toml", "alias", "country_alias"),
    ("topics.toml", "topic", "topic"),
    ("organizations.toml", "organization", "organization"),
    ("people.toml", "person", "person"),
    ("events.toml", "event", "event"),
    ("cooperations.toml", "cooperation", "cooperation"),
)
SEED_FILES = tuple(file for file, _, _ in SEED_TABLES)


def _load(seed_dir: Path, file: str) -> dict[str, Any]:
    path = seed_dir / file
    if not path.exists():
        raise BuildError(f"{path}: seed file is missing")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise BuildError(f"{file}: not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise BuildError(f"{file}: not UTF-8 text") from None


def _records(data: dict[str, Any], file: str, key: str) -> list[Any]:
    unknown = sorted(set(data) - {key})
    if unknown:
        raise BuildError(f"{file}: unknown table {unknown[0]!r} (expected [[{key}]])")
    records = data.get(key, [])
    if not isinstance(records, list):
        raise BuildError(f"{file}: {key} must be an array of tables ([[{key}]])")
    return records


def load_seed(seed_dir: Path) -> list[tuple[str, str, Record]]:
    """Every seed record as `(where, type, record)`, in dependency order; `writer.merge`
    validates them as one batch."""
    if not seed_dir.is_dir():
        raise BuildError(f"{seed_dir}: no seed directory there")
    located = []
    for file, key, kind in SEED_TABLES:
        for i, record in enumerate(_records(_load(seed_dir, file), file, key)):
            located.append((f"{file}: {key} #{i + 1}", kind, record))
    return located
