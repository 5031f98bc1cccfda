"""A progress bar on stderr for the long writes (import, build, export): only when stderr is
a terminal and `--quiet` is not given, so piped and scripted runs stay silent."""

from typing import TYPE_CHECKING, TextIO

from filmreg.cli.render.output import wants_colour

if TYPE_CHECKING:
    from rich.progress import TaskID


class Bar:
    """Shows `filmreg.model.progress` steps as a rich progress bar that clears itself."""

    def __init__(self, stream: TextIO):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        colour = wants_colour(stream)
        console = Console(file=stream, force_terminal=True, no_color=not colour)
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
        )
        self.task: TaskID | None = None
        self.progress.start()

    def begin(self, label: str, total: int | None) -> None:
        if self.task is not None:
            self.progress.remove_task(self.task)
        self.task = self.progress.add_task(label, total=total)

    def advance(self, steps: int) -> None:
        if self.task is not None:
            self.progress.advance(self.task, steps)

    def end(self) -> None:
        self.progress.stop()


def bar_for(stream: TextIO, quiet: bool) -> Bar | None:
    """A bar on `stream` when a person watches it, else None (no output at all)."""
    if quiet or not stream.isatty() or not hasattr(stream, "fileno"):
        return None
    return Bar(stream)
