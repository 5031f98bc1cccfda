"""Errors a user can cause or meet; the CLI prints them as one line and exits with `exit_code`."""

from collections.abc import Callable


class FilmregError(Exception):
    """A failure the user should read about: bad data, a missing file, a broken database."""

    exit_code = 1


class UsageError(FilmregError):
    """The command line asked for something that cannot be: an unknown country, field or id."""

    exit_code = 2


class OptionError(UsageError):
    """A parameter's value cannot be: the message names the parameter, which the library
    shows as its name (`partner`) and the command line as its option (`--partner`).

    `template` names each parameter in braces (`"{partner} must differ from {country}"`);
    `values` fill the other fields and are never read as a template themselves.
    """

    def __init__(self, template: str, *parameters: str, **values: object):
        self.template, self.parameters, self.values = template, parameters, values
        super().__init__(self.render(str))

    def render(self, name: "Callable[[str], str]") -> str:
        return self.template.format(**{p: name(p) for p in self.parameters}, **self.values)


class BuildError(FilmregError):
    """A seed record is invalid; the message names the file and the record."""
