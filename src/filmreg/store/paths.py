"""Where the database is.

Reads: `--db`, else `FILMREG_DB`, else the user's own database if it exists, else the bundled
registry. Writes: `--db`, else `FILMREG_DB`, else the user's own database, which the first
write creates as a copy of the bundled registry. The bundled registry is never written.
"""

import os
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "FILMREG_DB"
BUNDLED = "bundled registry"
USER = "your own database"


@dataclass(frozen=True)
class DatabaseLocation:
    path: Path
    reason: str

    @property
    def is_bundled(self) -> bool:
        return self.reason == BUNDLED

    @property
    def is_user_database(self) -> bool:
        return self.reason == USER

    @property
    def described(self) -> str:
        """Where the choice came from, for messages: `(from {described})`."""
        return self.reason if self.reason == USER else f"the {self.reason}"


def bundled_database() -> Path:
    """The registry shipped with filmreg: inside the wheel, or `data/` of a source checkout."""
    package = Path(__file__).resolve().parent.parent  # src/filmreg, or filmreg in a wheel
    packaged = package / "data" / "registry.db"
    if packaged.exists():
        return packaged
    return package.parent.parent / "data" / "registry.db"


HOME_VAR = "FILMREG_HOME"  # the user directory, instead of the platform's (tests set it)


def user_home() -> Path:
    """Where the user's own registry lives: `FILMREG_HOME`, else the platform's per-user
    application directory (`~/.config/filmreg` on Linux, as `typer.get_app_dir` gives)."""
    home = os.environ.get(HOME_VAR)
    if home:
        return Path(home)
    import typer

    return Path(typer.get_app_dir("filmreg"))


def user_database() -> Path:
    """The user's own registry."""
    return user_home() / "registry.db"


def _explicit(option: str | Path | None) -> DatabaseLocation | None:
    if option:
        return _checked(DatabaseLocation(Path(option), "--db option"))
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return _checked(DatabaseLocation(Path(from_env), f"{ENV_VAR} environment variable"))
    return None


def _checked(location: DatabaseLocation) -> DatabaseLocation:
    """Refuse a path no command could use: a loop of symbolic links."""
    import errno

    from filmreg.model.errors import FilmregError

    try:
        os.stat(location.path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise FilmregError(
                f"{location.path} is a loop of symbolic links (from {location.described})"
            ) from None
    return location


def resolve_database(option: str | Path | None) -> DatabaseLocation:
    """The database a read command uses."""
    explicit = _explicit(option)
    if explicit:
        return explicit
    own = user_database()
    if own.exists():
        return DatabaseLocation(own, USER)
    return DatabaseLocation(bundled_database(), BUNDLED)


def resolve_writable(option: str | Path | None) -> DatabaseLocation:
    """The database a write command changes (the user's own unless one is named)."""
    return _explicit(option) or DatabaseLocation(user_database(), USER)
