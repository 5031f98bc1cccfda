"""Read the curated TOML files in `seed/` as records of the registry's own format.

`seed/` holds files shared by the whole registry (`sources.toml`, `country_aliases.toml`,
`topics.toml`, `events.toml`, `cooperations.toml`, `intergovernmental.toml`) and one file per
country in `seed/countries/` (`fr.toml`: France's sources, bodies, people, agreements and
memberships), so that a diff adding a country reads as that country's facts. Any file may
hold any of the record tables below. The build merges them like an import, so a bad record
stops it with a message naming the file and the record.
"""

import tomllib
from pathlib import Path
from typing import Any

from filmreg.model import progress
from filmreg.model.errors import BuildError
from filmreg.model.rules import TYPES, Record

# Each TOML array of tables and the record type it holds.
SEED_TABLES = {
    "source": "source",
    "alias": "country_alias",
    "topic": "topic",
    "organization": "organization",
    "person": "person",
    "event": "event",
    "cooperation": "cooperation",
    "membership": "membership",
}
COUNTRY_DIR = "countries"


def seed_files(seed_dir: Path) -> list[Path]:
    """The seed's files in a fixed order: the shared ones, then one per country."""
    if not seed_dir.is_dir():
        raise BuildError(f"{seed_dir}: no seed directory there")
    return sorted(seed_dir.glob("*.toml")) + sorted((seed_dir / COUNTRY_DIR).glob("*.toml"))


def _load(path: Path, name: str) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise BuildError(f"{name}: not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise BuildError(f"{name}: not UTF-8 text") from None


def load_seed(seed_dir: Path) -> list[tuple[str, str, Record]]:
    """Every seed record as `(where, type, record)`, in dependency order; `writer.merge`
    validates them as one batch."""
    located: list[tuple[str, str, Record]] = []
    files = seed_files(seed_dir)
    progress.begin("reading seed files", len(files))
    for path in files:
        progress.advance()
        name = path.relative_to(seed_dir).as_posix()
        for key, records in _load(path, name).items():
            if key not in SEED_TABLES:
                expected = ", ".join(f"[[{k}]]" for k in SEED_TABLES)
                raise BuildError(f"{name}: unknown table {key!r} (expected one of {expected})")
            if not isinstance(records, list):
                raise BuildError(f"{name}: {key} must be an array of tables ([[{key}]])")
            for i, record in enumerate(records):
                located.append((f"{name}: {key} #{i + 1}", SEED_TABLES[key], record))
    located.sort(key=lambda item: TYPES.index(item[1]))  # stable: file order within a type
    return located
