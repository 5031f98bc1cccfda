"""Where the database is: `--db` beats `FILMREG_DB`, which beats the bundled registry."""

import os
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "FILMREG_DB"


@dataclass(frozen=True)
class DatabaseLocation:
    path: Path
    reason: str


def bundled_database() -> Path:
    """The registry shipped with filmreg: inside the wheel, or `data/` of a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "data" / "registry.db"
    if packaged.exists():
        return packaged
    return here.parent.parent / "data" / "registry.db"


def resolve_database(option: str | Path | None) -> DatabaseLocation:
    if option:
        return DatabaseLocation(Path(option), "--db option")
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return DatabaseLocation(Path(from_env), f"{ENV_VAR} environment variable")
    return DatabaseLocation(bundled_database(), "bundled registry")
