"""Errors a user can cause or meet; the CLI prints them as one line and exits with `exit_code`."""


class FilmregError(Exception):
    """A failure the user should read about: bad data, a missing file, a broken database."""

    exit_code = 1


class UsageError(FilmregError):
    """The command line asked for something that cannot be: an unknown country, field or id."""

    exit_code = 2


class BuildError(FilmregError):
    """A seed record is invalid; the message names the file and the record."""
